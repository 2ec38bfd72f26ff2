import path from 'node:path';
import {
  configureMail,
  emailBackendClass,
  type EmailBackendName,
  type EmailBackendSetting,
} from '@stack/mail';
import { ImproperlyConfigured } from '../errors.js';
import type { Settings } from '../settings-types.js';
import { importNamed } from './contrib-settings.js';

const NAMES = new Set<string>(['smtp', 'console', 'file', 'locmem', 'dummy']);

/** The backend `emailBackend` names: a short name, a class, or `'module:Export'` naming a class. */
async function backendOf(settings: Settings): Promise<EmailBackendSetting> {
  const entry = settings.emailBackend;
  if (typeof entry === 'string' && NAMES.has(entry)) return entry as EmailBackendName;
  const found =
    typeof entry === 'string' ? await importNamed(entry, 'emailBackend', settings.baseDir) : entry;
  try {
    return emailBackendClass(found as EmailBackendSetting);
  } catch {
    throw new ImproperlyConfigured(
      `emailBackend: ${typeof entry === 'string' ? JSON.stringify(entry) : 'the object given'} is not ` +
        "'smtp', 'console', 'file', 'locmem', 'dummy', nor a class with a sendMessages() method " +
        "(extend BaseEmailBackend from '@stack/mail').",
    );
  }
}

const fromBase = (settings: Settings, file: string | null) =>
  file ? path.resolve(settings.baseDir, file) : null;

/**
 * Hands `@stack/mail` the project's mail settings (it does not read core's): the backend, the
 * SMTP server, the senders, `admins` and `managers`. Runs once the apps are loaded, since a
 * project's backend class may import its models.
 */
export async function configureMailSettings(settings: Settings): Promise<void> {
  configureMail({
    emailBackend: await backendOf(settings),
    emailHost: settings.emailHost,
    emailPort: settings.emailPort,
    emailHostUser: settings.emailHostUser,
    emailHostPassword: settings.emailHostPassword,
    emailUseTls: settings.emailUseTls,
    emailUseSsl: settings.emailUseSsl,
    emailSslCertfile: fromBase(settings, settings.emailSslCertfile),
    emailSslKeyfile: fromBase(settings, settings.emailSslKeyfile),
    emailTimeout: settings.emailTimeout,
    emailFilePath: fromBase(settings, settings.emailFilePath),
    emailSubjectPrefix: settings.emailSubjectPrefix,
    defaultFromEmail: settings.defaultFromEmail,
    serverEmail: settings.serverEmail,
    defaultCharset: settings.defaultCharset,
    admins: settings.admins,
    managers: settings.managers,
  });
}
