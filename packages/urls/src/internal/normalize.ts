/**
 * Django's `regex_helper.normalize`: turns a regex into the forms `reverse()` can fill in. Each
 * form is a list of literal text and parameter slots; optional groups with parameters give two
 * forms (without, then with), character classes and escapes give a representative character,
 * and a pattern with `|` gives a single empty form, as in Django.
 */

/** A parameter slot in a reversible form. */
export interface Slot {
  param: string;
}

/** One way of writing a pattern: literal text and slots, and the parameters in order. */
export interface Form {
  parts: (string | Slot)[];
  params: string[];
}

class NotReversible extends Error {}

const ESCAPES: Record<string, string> = { d: '0', D: 'x', s: ' ', S: 'x', w: 'x', W: '!' };
const ZERO_WIDTH = new Set(['A', 'b', 'B', 'Z', 'z']);

/** The index just past the `)` closing the group whose content starts at `i`. */
function skipGroup(src: string, i: number): number {
  let depth = 1;
  let inClass = false;
  for (; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  throw new NotReversible();
}

function skipClass(src: string, i: number): { next: number; pick: string } {
  const start = i;
  let j = i + 1;
  if (src[j] === '^') j++;
  if (src[j] === ']') j++;
  for (; j < src.length && src[j] !== ']'; j++) if (src[j] === '\\') j++;
  const body = src.slice(start + 1, j);
  let pick: string;
  if (body === '^\\n') pick = '.';
  else if (body.startsWith('\\p{Nd')) pick = '0';
  else if (body.startsWith('\\p{')) pick = 'x';
  else if (body.startsWith('^\\p{')) pick = '!';
  else if (body.startsWith('^')) pick = '^';
  else if (body.startsWith('\\')) pick = ESCAPES[body[1]!] ?? body[1]!;
  else pick = body[0] ?? '';
  return { next: j + 1, pick };
}

function quantifier(src: string, i: number): { min: number; next: number } | null {
  const c = src[i];
  let min: number;
  let next: number;
  if (c === '?' || c === '*') [min, next] = [0, i + 1];
  else if (c === '+') [min, next] = [1, i + 1];
  else if (c === '{') {
    const m = /^\{(\d+)(,\d*)?\}/.exec(src.slice(i));
    if (!m) return null;
    [min, next] = [Number(m[1]), i + m[0].length];
  } else return null;
  if (src[next] === '?' || src[next] === '+') next++;
  return { min, next };
}

function product(a: Form[], b: Form[]): Form[] {
  const out: Form[] = [];
  for (const x of a)
    for (const y of b)
      out.push({ parts: [...x.parts, ...y.parts], params: [...x.params, ...y.params] });
  return out;
}

interface State {
  positional: number;
}

function parseElement(src: string, i: number, state: State): { forms: Form[]; next: number } {
  const c = src[i]!;
  const lit = (text: string, next: number) => ({
    forms: [{ parts: text ? [text] : [], params: [] }],
    next,
  });
  const slot = (param: string, next: number) => ({
    forms: [{ parts: [{ param }], params: [param] }],
    next,
  });
  // A backreference repeats a group's value without being a parameter of its own, so a
  // positional call gives one argument for both (Django's `Group(..., None)`).
  const backref = (param: string, next: number) => ({
    forms: [{ parts: [{ param }], params: [] }],
    next,
  });
  if (c === '^' || c === '$') return lit('', i + 1);
  if (c === '|') throw new NotReversible();
  if (c === '.') return lit('.', i + 1);
  if (c === '[') {
    const { next, pick } = skipClass(src, i);
    return lit(pick, next);
  }
  if (c === '\\') {
    const e = src[i + 1] ?? '';
    if (e === 'k') {
      const close = src.indexOf('>', i);
      return backref(src.slice(i + 3, close), close + 1);
    }
    if (ZERO_WIDTH.has(e)) return lit('', i + 2);
    if ((e === 'p' || e === 'P') && src[i + 2] === '{') {
      // A Unicode property (Python's \d, translated): a digit, or a letter for the others.
      const close = src.indexOf('}', i);
      const digit = src.slice(i + 3, close) === 'Nd';
      return lit(e === 'p' && digit ? '0' : 'x', close + 1);
    }
    return lit(ESCAPES[e] ?? e, i + 2);
  }
  if (c === '(') {
    if (src[i + 1] !== '?') return slot(`_${state.positional++}`, skipGroup(src, i + 1));
    const kind = src.slice(i + 2, i + 4);
    if (kind.startsWith(':')) {
      const end = skipGroup(src, i + 3);
      return { forms: parseSequence(src.slice(i + 3, end - 1), state), next: end };
    }
    if (kind.startsWith('=') || kind.startsWith('!') || kind === '<=' || kind === '<!') {
      return lit('', skipGroup(src, i + 3));
    }
    const named = /^\(\?P?<([\p{XID_Start}_]\p{XID_Continue}*)>/u.exec(src.slice(i));
    if (named) return slot(named[1]!, skipGroup(src, i + named[0].length));
    const reference = /^\(\?P=([\p{XID_Start}_]\p{XID_Continue}*)\)/u.exec(src.slice(i));
    if (reference) return backref(reference[1]!, i + reference[0].length);
    throw new NotReversible();
  }
  return lit(c, i + 1);
}

function parseSequence(src: string, state: State): Form[] {
  let forms: Form[] = [{ parts: [], params: [] }];
  let i = 0;
  while (i < src.length) {
    const element = parseElement(src, i, state);
    i = element.next;
    const q = quantifier(src, i);
    let choices = element.forms;
    if (q) {
      i = q.next;
      const hasParams = choices.some((f) => f.params.length > 0);
      if (q.min === 0)
        choices = hasParams ? [{ parts: [], params: [] }, ...choices] : [{ parts: [], params: [] }];
      else if (!hasParams && q.min > 1) {
        choices = choices.map((f) => ({
          parts: Array<(string | Slot)[]>(q.min).fill(f.parts).flat(),
          params: [],
        }));
      }
    }
    forms = product(forms, choices);
  }
  return forms;
}

/** The reversible forms of a (translated) regex source. */
export function normalize(source: string): Form[] {
  try {
    return parseSequence(source, { positional: 0 });
  } catch (err) {
    if (err instanceof NotReversible) return [{ parts: [], params: [] }];
    throw err;
  }
}
