import type { EmailBackend, EmailBackendClass, EmailBackendOptions } from './backends/base.js';
import { ConsoleEmailBackend } from './backends/console.js';
import { DummyEmailBackend } from './backends/dummy.js';
import { FileEmailBackend } from './backends/file.js';
import { LocmemEmailBackend } from './backends/locmem.js';
import { SmtpEmailBackend } from './backends/smtp.js';
import { ImproperlyConfigured } from './errors.js';
import { getMailSettings, type EmailBackendSetting } from './settings.js';

const BACKENDS: Record<string, EmailBackendClass> = {
  smtp: SmtpEmailBackend,
  console: ConsoleEmailBackend,
  file: FileEmailBackend,
  locmem: LocmemEmailBackend,
  dummy: DummyEmailBackend,
};

/**
 * The class an `emailBackend` value names: a bundled backend's short name, or a class that
 * extends `BaseEmailBackend`.
 *
 * @example
 * ```ts
 * emailBackendClass('locmem') === LocmemEmailBackend; // true
 * ```
 */
export function emailBackendClass(setting: EmailBackendSetting): EmailBackendClass {
  if (typeof setting === 'string') {
    const found = Object.hasOwn(BACKENDS, setting) ? BACKENDS[setting] : undefined;
    if (found) return found;
    throw new ImproperlyConfigured(
      `Unknown emailBackend ${JSON.stringify(setting)}: use ${Object.keys(BACKENDS)
        .map((name) => `'${name}'`)
        .join(', ')} or a class that extends BaseEmailBackend.`,
    );
  }
  const prototype = (setting as { prototype?: { sendMessages?: unknown } } | null)?.prototype;
  if (typeof setting !== 'function' || typeof prototype?.sendMessages !== 'function') {
    throw new ImproperlyConfigured(
      'emailBackend must be a backend name or a class with a sendMessages() method (extend BaseEmailBackend).',
    );
  }
  return setting;
}

/**
 * Django's `get_connection`: a new instance of the backend (`emailBackend` unless one is
 * named), built with the options. Open it yourself to send many messages over one SMTP
 * connection.
 *
 * @example
 * ```ts
 * const connection = getConnection();                       // emailBackend from the settings
 * const quiet = getConnection({ failSilently: true });
 * const relay = getConnection('smtp', { host: 'relay.internal', port: 2525 });
 * ```
 */
export function getConnection(options?: EmailBackendOptions): EmailBackend;
export function getConnection(
  backend: EmailBackendSetting | null | undefined,
  options?: EmailBackendOptions,
): EmailBackend;
export function getConnection(
  first?: EmailBackendSetting | EmailBackendOptions | null,
  options: EmailBackendOptions = {},
): EmailBackend {
  if (first !== null && typeof first === 'object') return getConnection(undefined, first);
  const Backend = emailBackendClass(first ?? getMailSettings().emailBackend);
  return new Backend({ ...options, failSilently: options.failSilently ?? false });
}
