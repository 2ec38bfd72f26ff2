import { getMailSettings, mailAdmins } from '@stack/mail';
import type { Settings } from '../settings-types.js';
import { requestReport } from './request-report.js';
import { technical500Text } from './technical-500-text.js';

type Context = {
  settings: Settings;
  version: string;
  log: (line: string, error?: unknown) => void;
};

/**
 * Django's `AdminEmailHandler` with Django's default logging: with `debug` off and `admins`
 * set, an error record mails the admins `line` and the text report of the request (and of the
 * error, when there is one). The subject says whether the client was an `internalIps` address;
 * newlines there are escaped. Failures to send are swallowed, as Django's `fail_silently`.
 */
async function mailAdminsRecord(
  request: any,
  record: { line: string; error: unknown; logger: string },
  context: Context,
): Promise<void> {
  const { settings } = context;
  if (settings.debug || getMailSettings().admins.length === 0) return;
  if (!reachesMailAdmins(settings.logging, record.logger)) return;
  try {
    const { line, error } = record;
    const address = request?.META?.REMOTE_ADDR;
    const origin = settings.internalIps.includes(address) ? 'internal' : 'EXTERNAL';
    const subject = `ERROR (${origin} IP): ${line}`.replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    const report = technical500Text({
      error,
      ...(error === null && { message: line }),
      request: request ? requestReport(request) : null,
      settings: settings as unknown as Record<string, unknown>,
      version: context.version,
    });
    await mailAdmins(subject, `${line}\n\n${report}`, { failSilently: true });
  } catch (mailError) {
    context.log('Could not mail the admins about an error', mailError);
  }
}

type LoggerConfig = { handlers?: unknown; propagate?: unknown };

/**
 * Whether a record of `logger` reaches Django's `mail_admins` handler, reading the `loggers` of
 * the `logging` setting as Python's logging would: from the logger up its dotted parents, a
 * logger listing `'mail_admins'` mails, one with `propagate: false` stops the walk; Django's
 * default logging puts `mail_admins` on `django`. So the usual
 * `{ loggers: { 'django.security.DisallowedHost': { handlers: ['null'], propagate: false } } }`
 * silences the disallowed-host mails, as in Django.
 */
export function reachesMailAdmins(logging: Record<string, unknown>, logger: string): boolean {
  const loggers = (logging?.loggers ?? {}) as Record<string, LoggerConfig | undefined>;
  for (let name = logger; name; name = name.slice(0, Math.max(0, name.lastIndexOf('.')))) {
    const config = Object.hasOwn(loggers, name) ? loggers[name] : undefined;
    if (!config) continue;
    if (Array.isArray(config.handlers) && config.handlers.includes('mail_admins')) return true;
    if (config.propagate === false) return false;
  }
  return true;
}

/** A 500 from an uncaught error (`django.request`'s "Internal Server Error", with the traceback). */
export function mailAdminsAboutError(
  request: any,
  error: unknown,
  context: Context,
): Promise<void> {
  const line = `Internal Server Error: ${String(request?.path ?? '')}`;
  return mailAdminsRecord(request, { line, error, logger: 'django.request' }, context);
}

/**
 * A 5xx response a view or middleware returned (`django.request`'s `log_response`, at error
 * level from 500 up): `"<reason phrase>: <path>"`, no traceback.
 */
export function mailAdminsAboutResponse(
  request: any,
  response: { reasonPhrase?: string; status: number },
  context: Context,
): Promise<void> {
  const line = `${response.reasonPhrase ?? response.status}: ${String(request?.path ?? '')}`;
  return mailAdminsRecord(request, { line, error: null, logger: 'django.request' }, context);
}

/**
 * A `SuspiciousOperation` (a 400: `DisallowedHost`, a forged multipart body…), which Django's
 * `django.security.<Kind>` logger records at error level with the message alone.
 */
export function mailAdminsAboutSuspicious(
  request: any,
  error: Error,
  context: Context,
): Promise<void> {
  const logger = `django.security.${error.name}`;
  return mailAdminsRecord(request, { line: error.message, error: null, logger }, context);
}
