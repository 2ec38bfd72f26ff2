import { AppConfig } from '@stack/framework';
import { userLoggedIn, userLoggedOut } from '@stack/framework/contrib-auth';
import { noticeLoggedIn, noticeLoggedOut } from './notices.ts';

export default class BlogConfig extends AppConfig {
  override ready(): void {
    // The messages after login and logout (Django's auth views send these signals).
    userLoggedIn.connect(noticeLoggedIn, { dispatchUid: 'blog.notices.login' });
    userLoggedOut.connect(noticeLoggedOut, { dispatchUid: 'blog.notices.logout' });
  }
}
