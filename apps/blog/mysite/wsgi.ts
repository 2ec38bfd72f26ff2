/**
 * The gateway application of the blog, for a production server:
 *   STACK_SETTINGS_MODULE=mysite/settings.ts node --import tsx mysite/wsgi.ts
 */
import { getWsgiApplication } from '@stack/framework';
import { serve } from '@stack/framework/wsgi';

export const application = await getWsgiApplication();

if (import.meta.url === `file://${process.argv[1]}`) {
  await serve(application, { host: '127.0.0.1', port: Number(process.env.PORT ?? 8000) });
}
