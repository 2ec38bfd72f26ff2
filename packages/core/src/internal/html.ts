import { escape as escapeHtml } from '@stack/utils';

/** Escapes text for HTML element content and quoted attributes (a `SafeString`). */
export { escapeHtml };

/** The page frame shared by the debug pages: inline style, no external resource. */
export function debugFrame(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta http-equiv="content-type" content="text/html; charset=utf-8">
  <meta name="robots" content="NONE,NOARCHIVE">
  <title>${escapeHtml(title)}</title>
  <style>
    html * { padding:0; margin:0; }
    body * { padding:10px 20px; }
    body * * { padding:0; }
    body { font-family: sans-serif; background:#eee; color:#000; }
    body > :where(header, main, footer) { border-bottom:1px solid #ddd; }
    h1 { font-weight:normal; margin-bottom:.4em; }
    h1 small { font-size:60%; color:#666; font-weight:normal; }
    h2 { margin-bottom:.8em; }
    h3 { margin:1em 0 .5em 0; }
    table { border:none; border-collapse: collapse; width:100%; }
    td, th { vertical-align:top; padding:2px 3px; }
    th { width:12em; text-align:right; color:#666; padding-right:.5em; }
    pre { overflow:auto; white-space: pre-wrap; font-size: 90%; }
    #info ol li { font-family: monospace; }
    #summary { background: #ffc; }
    #explanation { background:#eee; border-bottom: 0px none; }
    .frame { background:#f7f7f7; margin: 4px 0; padding: 4px 8px; list-style: none; }
    .frame.library summary, .frame.library { color:#666; }
    .frame summary { cursor:pointer; }
    .frame .context { margin:6px 0 2px 0; font-family: monospace; }
    .frame .context ol { padding-left:4em; color:#222; }
    .frame .context ol.context-line { background:#ffc; color:#000; }
    .frame .context ol.context-line pre { font-weight:bold; }
    .frame .context ol li pre { white-space: pre; font-size: 90%; }
    h3.cause { margin-top:2em; color:#575757; }
  </style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** A two-column table of name → value, every cell escaped. */
export function keyValueTable(rows: [string, unknown][], emptyText: string): string {
  if (rows.length === 0) return `<p>${escapeHtml(emptyText)}</p>`;
  const cells = rows
    .map(
      ([k, v]) =>
        `<tr><td>${escapeHtml(k)}</td><td class="code"><pre>${escapeHtml(formatValue(v))}</pre></td></tr>`,
    )
    .join('\n');
  return `<table class="req"><thead><tr><th>Variable</th><th>Value</th></tr></thead><tbody>\n${cells}\n</tbody></table>`;
}

/** A short, safe rendering of any value for the debug pages. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value, (_k, v: unknown) =>
      typeof v === 'function' ? `[function ${(v as { name?: string }).name || 'anonymous'}]` : v,
    );
    return text === undefined
      ? String(value)
      : text.length > 4000
        ? text.slice(0, 4000) + '…'
        : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
