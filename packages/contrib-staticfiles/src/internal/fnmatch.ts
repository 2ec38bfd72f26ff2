const cache = new Map<string, RegExp>();

/**
 * Python's `fnmatch.fnmatchcase`: `*` (any run, `/` included), `?`, `[seq]`, `[!seq]`; the
 * pattern must match the whole name.
 */
export function fnmatch(name: string, pattern: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp(`^${translate(pattern)}$`, 's');
    cache.set(pattern, re);
  }
  return re.test(name);
}

function translate(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
      if (body.startsWith('!')) body = '^' + body.slice(1);
      else if (body.startsWith('^')) body = '\\' + body;
      out += `[${body}]`;
      i = end;
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}

/** Whether `name` matches any of the glob patterns (Django's `matches_patterns`). */
export function matchesPatterns(name: string, patterns: Iterable<string>): boolean {
  for (const pattern of patterns) if (fnmatch(name, pattern)) return true;
  return false;
}
