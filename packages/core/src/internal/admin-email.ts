import { getMailSettings, mailAdmins } from '@stack/mail';
import type { Settings } from '../settings-types.js';
import { requestReport } from './request-report.js';
import { technical500Text } from './technical-500-text.js';

/**
 * Django's `AdminEmailHandler` on the `django.request` logger, with Django's default logging:
 * with `debug` off and `admins` set, a 500 mails the admins the text report of the error and
 * the request. The subject says whether the client was an `internalIps` address; newlines in
 * the path are escaped there. Failures to send are swallowed, as Django's `fail_silently`.
 */
export async function mailAdminsAboutError(
  request: any,
  error: unknown,
  context: { settings: Settings; version: string; log: (line: string, error?: unknown) => void },
): Promise<void> {
  const { settings } = context;
  if (settings.debug || getMailSettings().admins.length === 0) return;
  try {
    const line = `Internal Server Error: ${String(request?.path ?? '')}`;
    const address = request?.META?.REMOTE_ADDR;
    const origin = settings.internalIps.includes(address) ? 'internal' : 'EXTERNAL';
    const subject = `ERROR (${origin} IP): ${line}`.replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    const report = technical500Text({
      error,
      request: request ? requestReport(request) : null,
      settings: settings as unknown as Record<string, unknown>,
      version: context.version,
    });
    await mailAdmins(subject, `${line}\n\n${report}`, { failSilently: true });
  } catch (mailError) {
    context.log('Could not mail the admins about an error', mailError);
  }
}
