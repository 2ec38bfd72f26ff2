import type { EmailBackendClass } from './backends/base.js';

/**
 * The short names of the bundled backends, as `emailBackend` accepts them.
 *
 * @example
 * ```ts
 * const name: EmailBackendName = 'locmem';
 * ```
 */
export type EmailBackendName = 'smtp' | 'console' | 'file' | 'locmem' | 'dummy';

/**
 * What `emailBackend` names: a bundled backend, or a class extending `BaseEmailBackend`.
 *
 * @example
 * ```ts
 * configureMail({ emailBackend: process.env.CI ? 'locmem' : SesBackend });
 * ```
 */
export type EmailBackendSetting = EmailBackendName | EmailBackendClass;

/**
 * The mail settings, Django's names in camelCase; `configureMail` changes them.
 *
 * @example
 * ```ts
 * const { emailHost, emailPort }: MailSettings = getMailSettings();
 * ```
 */
export interface MailSettings {
  /** The backend `getConnection()` builds (`EMAIL_BACKEND`); Django's default is SMTP. */
  emailBackend: EmailBackendSetting;
  /** The SMTP server (`EMAIL_HOST`). */
  emailHost: string;
  /** Its port (`EMAIL_PORT`): 25, 587 with `emailUseTls`, 465 with `emailUseSsl`. */
  emailPort: number;
  /** The user to log in as; no login when it or the password is empty (`EMAIL_HOST_USER`). */
  emailHostUser: string;
  /** `EMAIL_HOST_PASSWORD`. */
  emailHostPassword: string;
  /** STARTTLS after connecting, required when on (`EMAIL_USE_TLS`). */
  emailUseTls: boolean;
  /** TLS from the first byte, "implicit TLS", usually port 465 (`EMAIL_USE_SSL`). */
  emailUseSsl: boolean;
  /** A client certificate (PEM file) for the TLS connection (`EMAIL_SSL_CERTFILE`). */
  emailSslCertfile: string | null;
  /** Its private key (PEM file) (`EMAIL_SSL_KEYFILE`). */
  emailSslKeyfile: string | null;
  /** Seconds to wait for the server at each step; null waits nodemailer's defaults (`EMAIL_TIMEOUT`). */
  emailTimeout: number | null;
  /** The folder the file backend writes to (`EMAIL_FILE_PATH`). */
  emailFilePath: string | null;
  /** Put before the subject of `mailAdmins`/`mailManagers` (`EMAIL_SUBJECT_PREFIX`). */
  emailSubjectPrefix: string;
  /** The sender when none is given (`DEFAULT_FROM_EMAIL`). */
  defaultFromEmail: string;
  /** The sender of `mailAdmins`/`mailManagers` and error reports (`SERVER_EMAIL`). */
  serverEmail: string;
  /** The charset of text parts (`DEFAULT_CHARSET`): `utf-8`, `iso-8859-1` or `us-ascii`. */
  defaultCharset: string;
  /** `[name, email]` pairs who get error reports (`ADMINS`). */
  admins: readonly (readonly [string, string])[];
  /** `[name, email]` pairs for `mailManagers` (`MANAGERS`). */
  managers: readonly (readonly [string, string])[];
}

const defaults: MailSettings = {
  emailBackend: 'smtp',
  emailHost: 'localhost',
  emailPort: 25,
  emailHostUser: '',
  emailHostPassword: '',
  emailUseTls: false,
  emailUseSsl: false,
  emailSslCertfile: null,
  emailSslKeyfile: null,
  emailTimeout: null,
  emailFilePath: null,
  emailSubjectPrefix: '[Stack] ',
  defaultFromEmail: 'webmaster@localhost',
  serverEmail: 'root@localhost',
  defaultCharset: 'utf-8',
  admins: [],
  managers: [],
};

let current: MailSettings = { ...defaults };

/**
 * Sets the mail settings for the process; `@stack/core` calls it with the project's settings.
 * Keys not given keep their current value.
 *
 * @example
 * ```ts
 * configureMail({
 *   emailBackend: 'smtp',
 *   emailHost: 'smtp.example.com',
 *   emailPort: 587,
 *   emailUseTls: true,
 *   emailHostUser: 'site',
 *   emailHostPassword: process.env.SMTP_PASSWORD!,
 * });
 * ```
 */
export function configureMail(settings: Partial<MailSettings>): void {
  current = { ...current, ...settings };
}

/**
 * The mail settings in force.
 *
 * @example
 * ```ts
 * getMailSettings().defaultFromEmail; // 'webmaster@localhost'
 * ```
 */
export function getMailSettings(): Readonly<MailSettings> {
  return current;
}

/**
 * Back to the defaults (Django's, but for the subject prefix `'[Stack] '`); for tests.
 *
 * @example
 * ```ts
 * afterEach(resetMailSettings);
 * ```
 */
export function resetMailSettings(): void {
  current = { ...defaults };
}
