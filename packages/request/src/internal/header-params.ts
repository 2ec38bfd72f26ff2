/** Django's `parse_header_parameters`: `'text/html; charset="utf-8"'` → ['text/html', {charset}]. */
export function parseHeaderParameters(line: string): [string, Record<string, string>] {
  const parts = splitParams(line);
  // The media type keeps its case, as Python's `cgi.parse_header` (Django 3.2) leaves it.
  const main = (parts.shift() ?? '').trim();
  const params: Record<string, string> = Object.create(null);
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    let name = part.slice(0, eq).trim().toLowerCase();
    let value = part.slice(eq + 1).trim();
    if (name.endsWith('*')) {
      name = name.slice(0, -1);
      const match = /^([^']*)'[^']*'(.*)$/.exec(value);
      if (match) {
        try {
          value = decodeURIComponent(match[2]!);
        } catch {
          value = match[2]!;
        }
      }
    } else if (value.length >= 2 && value[0] === '"' && value[value.length - 1] === '"') {
      value = value.slice(1, -1).replace(/\\\\/g, '\\').replace(/\\"/g, '"');
    }
    params[name] = value;
  }
  return [main, params];
}

function splitParams(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && quoted) {
      current += ch + (line[i + 1] ?? '');
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (ch === ';' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}
