/**
 * The blog's root URLconf: the blog at the root, Django's auth views under accounts/, and the
 * seed's custom error pages.
 */
import { authUrls } from '@stack/framework';
import { include, path } from '@stack/framework/urls';
import * as blog from '../blog/urls.ts';

export const urlpatterns = [path('accounts/', include(authUrls())), path('', include(blog))];

export { handler404, handler500 } from '../blog/views/errors.ts';
