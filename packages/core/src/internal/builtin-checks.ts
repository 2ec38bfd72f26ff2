import type { CheckFunction } from '../checks.js';
import type { CheckMessage } from './check-messages.js';
import { checkError, checkWarning } from './check-messages.js';
import { knownSettingNames } from '../settings.js';
import { staticfilesChecks } from './staticfiles.js';
import type { MiddlewareSetting, Settings } from '../settings-types.js';

/** The name a middleware entry goes by: the export of a `'module:Export'`, or the function's. */
export function middlewareName(entry: MiddlewareSetting): string {
  if (typeof entry === 'string') return entry.slice(entry.lastIndexOf(':') + 1);
  return entry.name || '<anonymous middleware>';
}

function camelCase(name: string): string {
  return name.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

const unknownSettings: CheckFunction = (settings) => {
  const known = knownSettingNames();
  return Object.keys(settings)
    .filter((key) => !known.has(key))
    .map((key) => {
      const guess = camelCase(key);
      return checkWarning(`Unknown setting ${JSON.stringify(key)}.`, {
        id: 'settings.W001',
        obj: key,
        hint: known.has(guess)
          ? `Stack spells Django's settings in camelCase: did you mean ${JSON.stringify(guess)}?`
          : 'Remove it, or register it with registerSettingDefaults() if a layer reads it.',
      });
    });
};

const WEAK_PREFIX = 'stack-insecure-';

function secretKeyIsWeak(key: string): boolean {
  return key.length < 50 || new Set(key).size < 5 || key.startsWith(WEAK_PREFIX);
}

const productionSafety: CheckFunction = (settings) => {
  if (settings.debug) return [];
  const found: CheckMessage[] = [];
  if (secretKeyIsWeak(settings.secretKey)) {
    found.push(
      checkError('secretKey is missing, too short, or the generated development key.', {
        id: 'security.E009',
        obj: 'secretKey',
        hint:
          'With debug off, set a random secretKey of at least 50 characters, ' +
          "for example env.str('STACK_SECRET_KEY').",
      }),
    );
  }
  if (settings.allowedHosts.length === 0) {
    found.push(
      checkError('allowedHosts is empty while debug is off: every request would be refused.', {
        id: 'security.E020',
        obj: 'allowedHosts',
        hint: "List the host names the site answers to, e.g. ['example.com'].",
      }),
    );
  }
  return found;
};

const MESSAGE_STORAGES = ['CookieStorage', 'SessionStorage', 'FallbackStorage'];

/** MessageMiddleware's storage must exist, and the session must be there before it. */
function messagesChecks(settings: Parameters<CheckFunction>[0], names: string[]): CheckMessage[] {
  const found: CheckMessage[] = [];
  const storage = settings.messageStorage;
  const name = typeof storage === 'string' ? storage.replace(/^@stack\/contrib-messages:/, '') : '';
  if (typeof storage === 'string' && !MESSAGE_STORAGES.includes(name)) {
    found.push(
      checkError(`messageStorage ${JSON.stringify(storage)} is not a built-in message storage.`, {
        id: 'messages.E002',
        obj: 'messageStorage',
        hint: `Use one of ${MESSAGE_STORAGES.join(', ')}, or pass your storage class itself.`,
      }),
    );
  }
  const messagesAt = names.indexOf('MessageMiddleware');
  const session = names.indexOf('SessionMiddleware');
  if (messagesAt >= 0 && name !== 'CookieStorage' && (session < 0 || session > messagesAt)) {
    found.push(
      checkError(
        `MessageMiddleware with ${name || 'its storage'} needs SessionMiddleware before it in middleware.`,
        {
          id: 'messages.E001',
          obj: 'middleware',
          hint: "Put SessionMiddleware above MessageMiddleware, or set messageStorage: 'CookieStorage'.",
        },
      ),
    );
  }
  return found;
}

const middlewareOrder: CheckFunction = (settings) => {
  const found: CheckMessage[] = [];
  const names = settings.middleware.map(middlewareName);
  settings.middleware.forEach((entry, index) => {
    if (typeof entry === 'string' && !/^[^:]+:[A-Za-z_$][\w$]*$/.test(entry)) {
      found.push(
        checkError(`middleware[${index}] ${JSON.stringify(entry)} is not 'module:Export'.`, {
          id: 'middleware.E003',
          obj: 'middleware',
          hint: "Name a middleware as '@stack/middleware:SecurityMiddleware' or pass the factory.",
        }),
      );
    } else if (typeof entry !== 'string' && typeof entry !== 'function') {
      found.push(
        checkError(`middleware[${index}] is neither a factory nor a 'module:Export' name.`, {
          id: 'middleware.E003',
          obj: 'middleware',
        }),
      );
    }
  });
  const session = names.indexOf('SessionMiddleware');
  const auth = names.indexOf('AuthenticationMiddleware');
  if (auth >= 0 && (session < 0 || session > auth)) {
    found.push(
      checkError('AuthenticationMiddleware needs SessionMiddleware before it in middleware.', {
        id: 'middleware.E001',
        obj: 'middleware',
        hint: 'Put SessionMiddleware above AuthenticationMiddleware.',
      }),
    );
  }
  found.push(...messagesChecks(settings, names));
  if (names.length > 0 && !names.includes('CsrfViewMiddleware')) {
    found.push(
      checkWarning('CsrfViewMiddleware is not in middleware: forms are open to CSRF.', {
        id: 'security.W003',
        obj: 'middleware',
        hint: "Add '@stack/middleware:CsrfViewMiddleware' unless every view is csrfExempt.",
      }),
    );
  }
  return found;
};

const templatesAndApps: CheckFunction = (settings) => {
  const found: CheckMessage[] = [];
  settings.templates.forEach((engine, index) => {
    if (engine.appDirs && engine.options && 'loaders' in engine.options) {
      found.push(
        checkError(`templates[${index}]: appDirs must not be set when options.loaders is.`, {
          id: 'templates.E001',
          obj: 'templates',
          hint: 'Remove appDirs, or remove options.loaders.',
        }),
      );
    }
  });
  const seen = new Set<string>();
  for (const app of settings.installedApps) {
    const name = typeof app === 'string' ? app : app.name;
    if (seen.has(name)) {
      found.push(
        checkError(`The app ${JSON.stringify(name)} is installed twice.`, {
          id: 'apps.E001',
          obj: 'installedApps',
        }),
      );
    }
    seen.add(name);
  }
  return found;
};

const deploySafety: CheckFunction = (settings: Settings) => {
  const found: CheckMessage[] = [];
  const warn = (ok: boolean, id: string, msg: string, obj: string) => {
    if (!ok) found.push(checkWarning(msg, { id, obj }));
  };
  warn(
    settings.secureHstsSeconds > 0,
    'security.W004',
    'secureHstsSeconds is not set.',
    'secureHstsSeconds',
  );
  warn(
    settings.secureSslRedirect,
    'security.W008',
    'secureSslRedirect is off.',
    'secureSslRedirect',
  );
  warn(
    !secretKeyIsWeak(settings.secretKey),
    'security.W009',
    'secretKey is shorter than 50 characters, too simple, or the development key.',
    'secretKey',
  );
  warn(
    settings.sessionCookieSecure,
    'security.W012',
    'sessionCookieSecure is off.',
    'sessionCookieSecure',
  );
  warn(settings.csrfCookieSecure, 'security.W016', 'csrfCookieSecure is off.', 'csrfCookieSecure');
  warn(!settings.debug, 'security.W018', 'debug must be off in deployment.', 'debug');
  warn(
    settings.allowedHosts.length > 0,
    'security.W020',
    'allowedHosts must not be empty.',
    'allowedHosts',
  );
  return found;
};

/** The checks every project gets, in the order they run. */
export function builtinChecks(): { check: CheckFunction; tags: string[]; deploy: boolean }[] {
  return [
    { check: unknownSettings, tags: ['settings'], deploy: false },
    { check: productionSafety, tags: ['security'], deploy: false },
    { check: middlewareOrder, tags: ['security', 'middleware'], deploy: false },
    { check: templatesAndApps, tags: ['templates', 'apps'], deploy: false },
    { check: staticfilesChecks, tags: ['staticfiles'], deploy: false },
    { check: deploySafety, tags: ['security'], deploy: true },
  ];
}
