import { cleanse, CLEANSED, hiddenPattern } from './cleanse.js';
import { SourceReader } from './frame-source.js';
import { debugFrame, escapeHtml, formatValue, keyValueTable } from './html.js';
import { parseStack, type StackFrame } from './stack-frames.js';

/** What the technical 500 page shows about the request; every list is `[name, value]` pairs. */
export interface RequestReport {
  method: string;
  url: string;
  GET: [string, unknown][];
  POST: [string, unknown][];
  COOKIES: [string, unknown][];
  META: [string, unknown][];
}

/** Reads a property that may be a throwing getter. */
function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

export function errorParts(error: unknown): { type: string; message: string; stack: string } {
  if (error instanceof Error) {
    const stack: unknown = safely(() => error.stack, '');
    return {
      type: safely(() => String(error.name || error.constructor.name), 'Error'),
      message: safely(() => String(error.message), ''),
      stack: typeof stack === 'string' ? stack : '',
    };
  }
  return { type: typeof error, message: formatValue(error), stack: '' };
}

/** The error and its `cause`s, outermost first, stopping at a cycle or after ten. */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && !chain.includes(current)) {
    chain.push(current);
    if (chain.length >= 10) break;
    const from = current;
    current =
      typeof from === 'object'
        ? safely(() => (from as { cause?: unknown }).cause, undefined)
        : undefined;
  }
  return chain;
}

function contextList(className: string, start: number, lines: string[]): string {
  if (lines.length === 0) return '';
  const items = lines.map((text) => `<li><pre>${escapeHtml(text)}</pre></li>`).join('');
  return `<ol start="${start}" class="${className}">${items}</ol>`;
}

function frameHtml(frame: StackFrame, source: SourceReader): string {
  const name = `${frame.isAsync ? 'async ' : ''}${frame.functionName || '<top level>'}`;
  const where = frame.line === null ? '' : `, line ${frame.line}`;
  const title = `<code class="fname">${escapeHtml(frame.file)}</code>${where}, in <code>${escapeHtml(name)}</code>`;
  const context =
    frame.isLocal && frame.line !== null ? source.context(frame.file, frame.line) : null;
  const kind = frame.isLibrary ? 'library' : 'user';
  if (!context) return `<li class="frame ${kind}">${title}</li>`;
  const body =
    contextList('pre-context', context.start, context.pre) +
    `<ol start="${frame.line}" class="context-line"><li><pre>${escapeHtml(context.line)}</pre></li></ol>` +
    contextList('post-context', frame.line! + 1, context.post);
  return `<li class="frame ${kind}"><details${frame.isLibrary ? '' : ' open'}><summary>${title}</summary><div class="context">${body}</div></details></li>`;
}

/**
 * Django's traceback: each error of the `cause` chain with its frames (the source around each
 * line of a local file), the innermost cause first, as Python prints chained exceptions.
 */
function traceback(error: unknown): string {
  const source = new SourceReader();
  const sections = causeChain(error)
    .reverse()
    .map((current, index, all) => {
      const { type, message, stack } = errorParts(current);
      const header = `${type}: ${message}`;
      // Python's order, "most recent call last": the frame that raised ends the list.
      const frames = parseStack(stack, header)
        .reverse()
        .map((frame) => frameHtml(frame, source))
        .join('\n');
      const intro =
        index === 0
          ? '<h2>Traceback (most recent call last)</h2>'
          : `<h3 class="cause">The above exception (${escapeHtml(errorParts(all[index - 1]).message)}) was the direct cause of the following exception:</h3>`;
      return `${intro}<h3>${escapeHtml(type)}: ${escapeHtml(message)}</h3><ol class="traceback">${frames}</ol>`;
    });
  return sections.join('\n');
}

function safeTraceback(error: unknown): string {
  try {
    return traceback(error);
  } catch {
    return '<p>The traceback could not be shown.</p>';
  }
}

/** Masks request values whose names look secret (passwords, tokens, cookies). */
export function cleanseRequest(report: RequestReport, pattern: string): RequestReport {
  const hidden = hiddenPattern(pattern);
  const clean = (rows: [string, unknown][]): [string, unknown][] =>
    rows.map(([k, v]) => [k, cleanse(k, v, hidden)]);
  return {
    ...report,
    POST: clean(report.POST),
    COOKIES: report.COOKIES.map(([k]) => [k, CLEANSED]),
    META: clean(report.META),
  };
}

/** What a technical 500 report is made of: the error, the request and the settings. */
export interface Technical500Input {
  /** The error; null with `message` for a report of a message alone (no exception). */
  error: unknown;
  message?: string;
  request: RequestReport | null;
  settings: Record<string, unknown>;
  version: string;
}

/** The parts every rendering of the report shows, secrets masked by `sensitiveSettingsPattern`. */
export function cleansedReport(input: Technical500Input): {
  type: string;
  message: string;
  request: RequestReport | null;
  settingsRows: [string, unknown][];
} {
  const { type, message } = errorParts(input.error);
  const pattern = String(input.settings.sensitiveSettingsPattern ?? '');
  const hidden = hiddenPattern(pattern);
  const settingsRows = Object.keys(input.settings)
    .sort()
    .map((key): [string, unknown] => [key, cleanse(key, input.settings[key], hidden)]);
  const request = input.request && cleanseRequest(input.request, pattern);
  return { type, message, request, settingsRows };
}

/** Django's technical 500: the error, its stack, the request, and the settings with secrets masked. */
export function technical500Page(input: Technical500Input): string {
  const { type, message, request, settingsRows } = cleansedReport(input);
  const summary = `
<header id="summary">
  <h1>${escapeHtml(type)}${request ? ` at ${escapeHtml(new URL(request.url, 'http://x').pathname)}` : ''}</h1>
  <pre class="exception_value">${escapeHtml(message)}</pre>
  <table class="meta">
    ${request ? `<tr><th>Request Method:</th><td>${escapeHtml(request.method)}</td></tr>` : ''}
    ${request ? `<tr><th>Request URL:</th><td>${escapeHtml(request.url)}</td></tr>` : ''}
    <tr><th>Stack Version:</th><td>${escapeHtml(input.version)}</td></tr>
    <tr><th>Exception Type:</th><td>${escapeHtml(type)}</td></tr>
    <tr><th>Exception Value:</th><td><pre>${escapeHtml(message)}</pre></td></tr>
    <tr><th>Node Version:</th><td>${escapeHtml(process.version)}</td></tr>
  </table>
</header>`;
  const requestInfo = request
    ? `
  <h3 id="get-info">GET</h3>${keyValueTable(request.GET, 'No GET data')}
  <h3 id="post-info">POST</h3>${keyValueTable(request.POST, 'No POST data')}
  <h3 id="cookie-info">COOKIES</h3>${keyValueTable(request.COOKIES, 'No cookie data')}
  <h3 id="meta-info">META</h3>${keyValueTable(request.META, 'No META data')}`
    : '<p>Request data not supplied</p>';
  const main = `
<main id="traceback">${safeTraceback(input.error)}</main>
<main id="requestinfo">
  <h2>Request information</h2>${requestInfo}
  <h3 id="settings-info">Settings</h3>${keyValueTable(settingsRows, 'No settings')}
</main>
<footer id="explanation">
  <p>You’re seeing this error because you have <code>debug: true</code> in your settings.
  Change that to <code>false</code>, and Stack will display a standard page generated by the
  handler for this status code.</p>
</footer>`;
  return debugFrame(
    `${type} at ${request ? new URL(request.url, 'http://x').pathname : ''}`,
    summary + main,
  );
}
