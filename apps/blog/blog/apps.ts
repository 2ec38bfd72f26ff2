import { AppConfig } from '@stack/framework';

export default class BlogConfig extends AppConfig {
  override ready(): void {
    // Connect signals or register checks here: every app is loaded by now.
  }
}
