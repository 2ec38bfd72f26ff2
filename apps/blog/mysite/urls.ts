/**
 * The blog's root URLconf: the blog at the root, Django's auth views under accounts/, uploaded
 * media in development, and the seed's custom error pages.
 */
import { authUrls, getSettings, staticPatterns } from '@stack/framework';
import { include, path } from '@stack/framework/urls';
import * as blog from '../blog/urls.ts';

const settings = getSettings();

export const urlpatterns = [
  path('accounts/', include(authUrls())),
  path('', include(blog)),
  // Uploaded images while debug is on (Django's `static(settings.MEDIA_URL, …)`); none otherwise.
  ...staticPatterns(settings.mediaUrl, { documentRoot: settings.mediaRoot }),
];

export { handler404, handler500 } from '../blog/views/errors.ts';
