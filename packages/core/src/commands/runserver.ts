import { type AsgiApplication, fromApplication, serve } from '@stack/asgi';
import type { AccessLogEntry, Application } from '@stack/wsgi';
import { loadAsgiApplication } from '../asgi/application.js';
import { CheckLevel, formatCheckMessages, runChecks } from '../checks.js';
import type { Command, CommandContext, CommandOutput } from '../command.js';
import { CommandError } from '../errors.js';
import { getHandler } from '../handler.js';
import { runWithReloader } from '../internal/autoreload.js';
import { staticfilesFinders, staticfilesInstalled, staticPrefix } from '../internal/staticfiles.js';
import { coreVersion } from '../internal/version.js';
import { getSettings, settingsModule } from '../settings.js';
import type { Settings } from '../settings-types.js';

/** `8000`, `0.0.0.0:8000`, `[::1]:8000` → host and port. */
export function parseAddrport(value: string | undefined): { host: string; port: number } {
  if (!value) return { host: '127.0.0.1', port: 8000 };
  const match = /^\d{1,5}$/.test(value)
    ? [value, undefined, value]
    : (/^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(value) ??
      /^([A-Za-z0-9.-]+):(\d{1,5})$/.exec(value));
  if (!match) throw new CommandError(`"${value}" is not a valid port number or address:port pair.`);
  const port = Number(match[2]);
  if (port < 1 || port > 65535) throw new CommandError(`"${value}" is not a valid port number.`);
  return { host: match[1] ?? '127.0.0.1', port };
}

function logLine(out: CommandOutput) {
  return (entry: AccessLogEntry) => {
    const t = entry.time;
    const stamp = t
      .toUTCString()
      .slice(5, 25)
      .replace(/ /g, '/')
      .replace(/\/(\d\d:)/, ' $1');
    const text = `[${stamp}] "${entry.method} ${entry.uri} ${entry.protocol}" ${entry.status} ${entry.bytes}`;
    const s = out.style;
    const colour =
      entry.status >= 500
        ? s.HTTP_SERVER_ERROR
        : entry.status === 404
          ? s.HTTP_NOT_FOUND
          : entry.status >= 400
            ? s.HTTP_BAD_REQUEST
            : entry.status === 304
              ? s.HTTP_NOT_MODIFIED
              : entry.status >= 300
                ? s.HTTP_REDIRECT
                : s.HTTP_SUCCESS;
    out.write(colour(text) + '\n');
  };
}

/**
 * Django's staticfiles runserver: with contrib-staticfiles installed, requests under `staticUrl`
 * are answered from the finders while `debug` is on (or `--insecure`), unless `--nostatic`.
 */
async function withStaticFiles(
  settings: Settings,
  application: AsgiApplication,
  gateway: Application,
  options: CommandContext['options'],
): Promise<AsgiApplication> {
  const prefix = staticPrefix(settings.staticUrl);
  if (!staticfilesInstalled(settings) || options.nostatic || !prefix?.startsWith('/'))
    return application;
  if (!settings.debug && !options.insecure) return application;
  const { staticFilesHandler } = await import('@stack/contrib-staticfiles');
  // In front of the project's own ASGI application too (`asgiApplication`), as Channels'
  // runserver puts its static files handler in front of the project's.
  const statics = fromApplication(
    staticFilesHandler(gateway, {
      staticUrl: prefix,
      finders: await staticfilesFinders(settings),
      debug: settings.debug,
      insecure: Boolean(options.insecure),
    }),
  );
  return (scope, receive, send) =>
    scope.type === 'http' && scope.path.startsWith(prefix)
      ? statics(scope, receive, send)
      : application(scope, receive, send);
}

/** `stack runserver [addrport]`: the development server, reloading on file change. */
export const runserverCommand: Command = {
  name: 'runserver',
  help: 'Starts a lightweight web server for development, restarting it when a file changes.',
  arguments: [
    { name: 'addrport', help: 'Port or address:port (default 127.0.0.1:8000).', optional: true },
  ],
  options: {
    noreload: { type: 'boolean', help: 'Do not restart the server when a file changes.' },
    'skip-checks': { type: 'boolean', help: 'Skip the system checks.' },
    nostatic: {
      type: 'boolean',
      help: 'Do not serve static files under staticUrl (contrib-staticfiles).',
    },
    insecure: {
      type: 'boolean',
      help: 'Serve static files even with debug off (for trying things out only).',
    },
  },
  async handle({ args, options, stdout, stderr }) {
    const { host, port } = parseAddrport(args[0]);
    const settings = getSettings();
    if (!options.noreload && process.env.STACK_RUN_MAIN !== 'true') {
      const argv = [process.argv[1]!, ...process.argv.slice(2), '--noreload'];
      stdout.write(`Watching for file changes in ${settings.baseDir}\n`);
      return runWithReloader({ root: settings.baseDir, argv, out: stdout });
    }
    if (!options['skip-checks']) {
      stdout.write('Performing system checks...\n\n');
      const messages = await runChecks(settings);
      stdout.write(formatCheckMessages(messages) + '\n');
      if (messages.some((m) => m.level >= CheckLevel.ERROR)) {
        throw new CommandError('System check identified errors; the server was not started.');
      }
    }
    let application;
    try {
      // The ASGI application: WebSockets too, when `asgiApplication` routes them.
      const handler = await getHandler();
      application = await withStaticFiles(
        settings,
        await loadAsgiApplication(settings, handler),
        handler.application,
        options,
      );
    } catch (error) {
      stderr.write(stderr.style.ERROR(String((error as Error).stack ?? error)) + '\n');
      throw new CommandError('The project could not be loaded; fix the error above.');
    }
    const server = serve(application, {
      host,
      port,
      log: logLine(stdout),
      handleSignals: true,
    });
    const address = await server.listening.catch((error: Error) => {
      throw new CommandError(`Error: ${error.message}`);
    });
    const shown = host.includes(':') ? `[${host}]` : host;
    stdout.write(
      `${new Date().toUTCString()}\n` +
        `Stack version ${coreVersion()}, using settings ${JSON.stringify(settingsModule() ?? 'configured in code')}\n` +
        `Starting development server at ${stdout.style.SUCCESS(`http://${shown}:${address.port}/`)}\n` +
        'Quit the server with CONTROL-C.\n',
    );
    await new Promise<void>((resolve) => server.server?.once('close', resolve));
    return 0;
  },
};
