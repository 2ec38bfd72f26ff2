/**
 * One pass of Django's `strip_tags`: the text, entity and character references that Python's
 * `html.parser.HTMLParser` (3.11, `convert_charrefs=False`) reports for a document, everything
 * else (tags, comments, declarations, processing instructions) dropped. The parser is followed
 * step by step, including its two phases (`feed()` then `close()`), because what Django's
 * `strip_tags` leaves depends on those details; each regular expression below is Python's,
 * with Python's `\s` spelled out.
 */
import { PY_SPACE } from './python.js';

const S = `[${PY_SPACE}]`;
const NOT_S = PY_SPACE;

const INCOMPLETE = /&[a-zA-Z#]/y;
const ENTITYREF = /&([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]/y;
const CHARREF = /&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]/y;
const STARTTAGOPEN = /<[a-zA-Z]/y;
const COMMENTCLOSE = new RegExp(`--${S}*>`, 'g');
const TAGFIND = new RegExp(`([a-zA-Z][^\\t\\n\\r\\f />\\x00]*)(?:${S}|/(?!>))*`, 'y');
const ATTRFIND = new RegExp(
  `((?<=['"${NOT_S}/])[^${NOT_S}/>][^${NOT_S}/=>]*)(${S}*=+${S}*` +
    `('[^']*'|"[^"]*"|(?!['"])[^>${NOT_S}]*))?(?:${S}|/(?!>))*`,
  'y',
);
const LOCATESTARTTAGEND = new RegExp(
  `<[a-zA-Z][^\\t\\n\\r\\f />\\x00]*` +
    `(?:[${NOT_S}/]*` +
    `(?:(?<=['"${NOT_S}/])[^${NOT_S}/>][^${NOT_S}/=>]*` +
    `(?:${S}*=+${S}*(?:'[^']*'|"[^"]*"|(?!['"])[^>${NOT_S}]*)${S}*)?` +
    `(?:${S}|/(?!>))*)*)?${S}*`,
  'y',
);
const ENDTAGFIND = new RegExp(`</${S}*([a-zA-Z][-.a-zA-Z0-9:_]*)${S}*>`, 'y');
const DECLNAME = new RegExp(`[a-zA-Z][-_.a-zA-Z0-9]*${S}*`, 'y');
const MARKEDSECTIONCLOSE = new RegExp(`]${S}*]${S}*>`, 'g');
const MSMARKEDSECTIONCLOSE = new RegExp(`]${S}*>`, 'g');
const CDATA_CLOSE: Record<string, RegExp> = {
  script: new RegExp(`</${S}*script${S}*>`, 'giu'),
  style: new RegExp(`</${S}*style${S}*>`, 'giu'),
};
const ASCII_LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function matchAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** Python's `str.strip()` for the short tails of start tags. */
function strip(text: string): string {
  return text.replace(new RegExp(`^${S}+|${S}+$`, 'g'), '');
}

class Stripper {
  private raw = '';
  private cdata: string | undefined;
  readonly out: string[] = [];

  feed(text: string): void {
    this.raw = text;
    this.goahead(false);
    this.goahead(true);
  }

  private goahead(end: boolean): void {
    const raw = this.raw;
    const n = raw.length;
    let i = 0;
    while (i < n) {
      let j: number;
      if (this.cdata) {
        const close = CDATA_CLOSE[this.cdata]!;
        close.lastIndex = i;
        const m = close.exec(raw);
        if (!m) break;
        j = m.index;
      } else {
        const lt = raw.indexOf('<', i);
        const amp = raw.indexOf('&', i);
        j = lt === -1 ? (amp === -1 ? n : amp) : amp === -1 ? lt : Math.min(lt, amp);
      }
      if (i < j) this.out.push(raw.slice(i, j));
      i = j;
      if (i === n) break;
      if (raw[i] === '<') {
        let k: number;
        if (matchAt(STARTTAGOPEN, raw, i)) k = this.parseStarttag(i);
        else if (raw.startsWith('</', i)) k = this.parseEndtag(i);
        else if (raw.startsWith('<!--', i)) k = this.parseComment(i);
        else if (raw.startsWith('<?', i)) k = this.parsePi(i);
        else if (raw.startsWith('<!', i)) k = this.parseHtmlDeclaration(i);
        else if (i + 1 < n) {
          this.out.push('<');
          k = i + 1;
        } else break;
        if (k < 0) {
          if (!end) break;
          k = raw.indexOf('>', i + 1);
          if (k < 0) {
            k = raw.indexOf('<', i + 1);
            if (k < 0) k = i + 1;
          } else k += 1;
          this.out.push(raw.slice(i, k));
        }
        i = k;
      } else if (raw.startsWith('&#', i)) {
        const m = matchAt(CHARREF, raw, i);
        if (m) {
          this.out.push(`&#${m[0].slice(2, -1)};`);
          i = m[0].endsWith(';') ? CHARREF.lastIndex : CHARREF.lastIndex - 1;
          continue;
        }
        if (raw.indexOf(';', i) !== -1) {
          this.out.push('&#');
          i += 2;
        }
        break;
      } else {
        const m = matchAt(ENTITYREF, raw, i);
        if (m) {
          this.out.push(`&${m[1]};`);
          i = m[0].endsWith(';') ? ENTITYREF.lastIndex : ENTITYREF.lastIndex - 1;
          continue;
        }
        const incomplete = matchAt(INCOMPLETE, raw, i);
        if (incomplete) {
          if (end && incomplete[0] === raw.slice(i)) i += 1;
          break;
        } else if (i + 1 < n) {
          this.out.push('&');
          i += 1;
        } else break;
      }
    }
    if (end && i < n && !this.cdata) {
      this.out.push(raw.slice(i));
      i = n;
    }
    this.raw = raw.slice(i);
  }

  private parseStarttag(i: number): number {
    const endpos = this.checkForWholeStartTag(i);
    if (endpos < 0) return endpos;
    const raw = this.raw;
    const name = matchAt(TAGFIND, raw, i + 1)!;
    let k = TAGFIND.lastIndex;
    const tag = name[1]!.toLowerCase();
    while (k < endpos) {
      if (!matchAt(ATTRFIND, raw, k)) break;
      k = ATTRFIND.lastIndex;
    }
    const tail = strip(raw.slice(k, endpos));
    if (tail !== '>' && tail !== '/>') {
      this.out.push(raw.slice(i, endpos));
      return endpos;
    }
    if (!tail.endsWith('/>') && (tag === 'script' || tag === 'style')) this.cdata = tag;
    return endpos;
  }

  private checkForWholeStartTag(i: number): number {
    const raw = this.raw;
    matchAt(LOCATESTARTTAGEND, raw, i);
    const j = LOCATESTARTTAGEND.lastIndex;
    const next = raw.charAt(j);
    if (next === '>') return j + 1;
    if (next === '/') return raw.startsWith('/>', j) ? j + 2 : -1;
    if (next === '') return -1;
    if (ASCII_LETTERS.includes(next) || next === '=' || next === '/') return -1;
    return j > i ? j : i + 1;
  }

  private parseEndtag(i: number): number {
    const raw = this.raw;
    const gt = raw.indexOf('>', i + 1);
    if (gt === -1) return -1;
    let gtpos = gt + 1;
    const m = matchAt(ENDTAGFIND, raw, i);
    if (!m) {
      if (this.cdata) {
        this.out.push(raw.slice(i, gtpos));
        return gtpos;
      }
      if (!matchAt(TAGFIND, raw, i + 2)) {
        return raw.startsWith('</>', i) ? i + 3 : this.parseBogusComment(i);
      }
      gtpos = raw.indexOf('>', TAGFIND.lastIndex);
      return gtpos + 1;
    }
    const elem = m[1]!.toLowerCase();
    if (this.cdata && elem !== this.cdata) {
      this.out.push(raw.slice(i, gtpos));
      return gtpos;
    }
    this.cdata = undefined;
    return gtpos;
  }

  private parseBogusComment(i: number): number {
    const pos = this.raw.indexOf('>', i + 2);
    return pos === -1 ? -1 : pos + 1;
  }

  private parseComment(i: number): number {
    COMMENTCLOSE.lastIndex = i + 4;
    return COMMENTCLOSE.exec(this.raw) ? COMMENTCLOSE.lastIndex : -1;
  }

  private parsePi(i: number): number {
    const pos = this.raw.indexOf('>', i + 2);
    return pos === -1 ? -1 : pos + 1;
  }

  private parseHtmlDeclaration(i: number): number {
    const raw = this.raw;
    if (raw.startsWith('<!--', i)) return this.parseComment(i);
    if (raw.startsWith('<![', i)) return this.parseMarkedSection(i);
    if (raw.slice(i, i + 9).toLowerCase() === '<!doctype') {
      const gt = raw.indexOf('>', i + 9);
      return gt === -1 ? -1 : gt + 1;
    }
    return this.parseBogusComment(i);
  }

  /**
   * `<![CDATA[...]]>` and Microsoft's `<![if ...]>`. Python 3.11 raises an `AssertionError` for
   * any other keyword (Django then fails with a 500); here such a section is a bogus comment,
   * as HTML5 and newer Pythons treat it.
   */
  private parseMarkedSection(i: number): number {
    const raw = this.raw;
    const at = i + 3;
    if (at === raw.length) return -1;
    const m = matchAt(DECLNAME, raw, at);
    if (!m) return this.parseBogusComment(i);
    if (DECLNAME.lastIndex === raw.length) return -1;
    const name = strip(m[0]).toLowerCase();
    let close: RegExp;
    if (['temp', 'cdata', 'ignore', 'include', 'rcdata'].includes(name)) close = MARKEDSECTIONCLOSE;
    else if (['if', 'else', 'endif'].includes(name)) close = MSMARKEDSECTIONCLOSE;
    else return this.parseBogusComment(i);
    close.lastIndex = at;
    return close.exec(raw) ? close.lastIndex : -1;
  }
}

/** The text of `html` without its markup, as one `HTMLParser` pass of Django's `_strip_once`. */
export function stripOnce(html: string): string {
  const stripper = new Stripper();
  stripper.feed(html);
  return stripper.out.join('');
}
