import { causeChain, cleansedReport, errorParts, type Technical500Input } from './debug-500.js';
import { SourceReader } from './frame-source.js';
import { formatValue } from './html.js';
import { parseStack } from './stack-frames.js';

/** Django's text traceback: each error of the `cause` chain, innermost first, frame by frame. */
function tracebackText(error: unknown): string {
  const source = new SourceReader();
  const chain = causeChain(error).reverse();
  return chain
    .map((current, index) => {
      const { type, message, stack } = errorParts(current);
      const frames = parseStack(stack, `${type}: ${message}`)
        .reverse()
        .map((frame) => {
          const name = `${frame.isAsync ? 'async ' : ''}${frame.functionName || '<top level>'}`;
          const where = frame.line === null ? '' : `, line ${frame.line}`;
          const context =
            frame.isLocal && frame.line !== null ? source.context(frame.file, frame.line) : null;
          const code = context ? `\n    ${context.line.trim()}` : '';
          return `  File "${frame.file}"${where}, in ${name}${code}`;
        });
      const intro =
        index === 0
          ? 'Traceback (most recent call last):'
          : `\nThe above exception (${errorParts(chain[index - 1]).message}) was the direct cause of the following exception:`;
      return [intro, ...frames].join('\n');
    })
    .join('\n');
}

function section(title: string, rows: [string, unknown][], empty: string): string {
  if (rows.length === 0) return `${title}: ${empty}`;
  return `${title}:\n${rows.map(([key, value]) => `${key} = ${formatValue(value)}`).join('\n')}`;
}

/**
 * Django's `technical_500.txt` as e-mailed (`is_email`): what failed, where, the traceback, the
 * request, and the settings, secrets masked as on the debug page.
 */
export function technical500Text(input: Technical500Input): string {
  const cleansed = cleansedReport(input);
  const { request, settingsRows } = cleansed;
  // A report without an exception (a 5xx response, a SuspiciousOperation logged as a message)
  // reads as Django's: "Report at", the message, an empty traceback, no exception lines.
  const plain = input.error === null && input.message !== undefined;
  const type = plain ? 'Report' : cleansed.type;
  const message = plain ? (input.message ?? '') : cleansed.message;
  const path = request ? new URL(request.url, 'http://x').pathname : '';
  const at = request ? ` at ${path}` : '';
  const lines = [
    `${type}${at}`,
    message || 'No exception message supplied',
    ...(request ? ['', `Request Method: ${request.method}`, `Request URL: ${request.url}`] : []),
    `Stack Version: ${input.version}`,
    `Node Version: ${process.version}`,
    `Server time: ${new Date().toUTCString()}`,
    'Installed Applications:',
    formatValue(input.settings.installedApps ?? []),
    'Installed Middleware:',
    formatValue(input.settings.middleware ?? []),
    '',
    '',
    plain ? 'Traceback (most recent call last):\n  None' : tracebackText(input.error),
    '',
    ...(plain ? [] : [`Exception Type: ${type}${at}`, `Exception Value: ${message}`]),
    request
      ? [
          'Request information:',
          section('GET', request.GET, 'No GET data'),
          section('POST', request.POST, 'No POST data'),
          section('COOKIES', request.COOKIES, 'No cookie data'),
          section('META', request.META, 'No META data'),
        ].join('\n\n')
      : 'Request data not supplied',
    '',
    section('Settings', settingsRows, 'No settings'),
  ];
  return `${lines.join('\n')}\n`;
}
