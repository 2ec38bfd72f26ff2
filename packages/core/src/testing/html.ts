import { Parser } from 'htmlparser2';

// What HTML documents are compared as (Django's django.test.html): elements with sorted
// attributes and whitespace-normalised text, so quoting, attribute order, class order and
// insignificant whitespace do not matter.
const WHITESPACE = /[\t\n\f\r ]+/g;
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  'frame',
  'spacer',
]);

type Child = HtmlElement | string;

/** An element of a parsed document; the root has no name. */
export class HtmlElement {
  readonly children: Child[] = [];
  readonly attributes: [string, string | null][];

  constructor(
    readonly name: string | null,
    attributes: [string, string | null][],
  ) {
    this.attributes = attributes.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  append(child: Child): void {
    const last = this.children.at(-1);
    if (typeof child === 'string') {
      child = child.replace(WHITESPACE, ' ');
      if (typeof last === 'string') {
        this.children[this.children.length - 1] = (last + child).replace(WHITESPACE, ' ');
        return;
      }
    } else if (typeof last === 'string' && last.trim() === '') this.children.pop();
    if (child) this.children.push(child);
  }

  finalize(): void {
    while (typeof this.children.at(-1) === 'string') {
      const text = (this.children.at(-1) as string).trimEnd();
      if (text) {
        this.children[this.children.length - 1] = text;
        break;
      }
      this.children.pop();
    }
    this.children.forEach((child, i) => {
      if (typeof child === 'string') this.children[i] = child.trim();
      else child.finalize();
    });
  }

  equals(other: Child): boolean {
    if (typeof other === 'string' || this.name !== other.name) return false;
    if (this.attributes.length !== other.attributes.length) return false;
    for (let i = 0; i < this.attributes.length; i++) {
      const [name, value] = this.attributes[i]!;
      const [otherName, otherValue] = other.attributes[i]!;
      // <input checked> equals <input checked="checked">.
      if (name !== otherName || (value ?? name) !== (otherValue ?? otherName)) return false;
    }
    return sameChildren(this.children, other.children);
  }

  /** How many times `needle` (an element, a fragment or text) occurs in this element. */
  count(needle: Child): number {
    if (typeof needle !== 'string' && this.equals(needle)) return 1;
    if (
      typeof needle !== 'string' &&
      needle.name === null &&
      sameChildren(this.children, needle.children)
    )
      return 1;
    let found = 0;
    let matched = 0;
    for (const child of this.children) {
      if (typeof child === 'string') {
        if (typeof needle === 'string' && needle) found += child.split(needle).length - 1;
        continue;
      }
      found += child.count(needle);
      // A fragment's children found in a row among this element's children.
      if (typeof needle !== 'string' && needle.name === null && needle.children.length) {
        const expected = needle.children[matched]!;
        if (typeof expected !== 'string' && expected.equals(child)) {
          matched++;
          if (matched === needle.children.length) {
            found++;
            matched = 0;
          }
        } else matched = 0;
      }
    }
    return found;
  }

  toString(): string {
    if (this.name === null) return this.children.map(String).join('');
    const attrs = this.attributes.map(([k, v]) => (v ? ` ${k}="${v}"` : ` ${k}`)).join('');
    if (this.children.length === 0) return `<${this.name}${attrs}>`;
    return `<${this.name}${attrs}>\n${this.children.map(String).join('')}\n</${this.name}>`;
  }
}

function sameChildren(a: readonly Child[], b: readonly Child[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((child, i) => {
    const other = b[i]!;
    return typeof child === 'string' ? child === other : child.equals(other);
  });
}

/**
 * Parses HTML into the comparable tree (Django's `parse_html`): the lone element when the
 * document is one element, else a root holding the fragments.
 */
export function parseHtml(html: string): HtmlElement | string {
  const root = new HtmlElement(null, []);
  const open: HtmlElement[] = [];
  const current = () => open.at(-1) ?? root;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const attrs = Object.entries(attributes).map(([k, v]): [string, string | null] => [
          k,
          k === 'class'
            ? v.split(WHITESPACE).filter(Boolean).sort().join(' ')
            : v === ''
              ? null
              : v,
        ]);
        const element = new HtmlElement(name, attrs);
        current().append(element);
        if (!VOID.has(name)) open.push(element);
      },
      onclosetag(name) {
        if (VOID.has(name)) return;
        // An end tag with no open element of its name is dropped (Django's parser raises).
        if (!open.some((e) => e.name === name)) return;
        while (open.pop()?.name !== name);
      },
      ontext(text) {
        current().append(text);
      },
    },
    {
      decodeEntities: true,
      lowerCaseTags: true,
      lowerCaseAttributeNames: true,
      recognizeSelfClosing: true,
    },
  );
  parser.write(html);
  parser.end();
  root.finalize();
  const [only] = root.children;
  return root.children.length === 1 && typeof only !== 'string' ? only! : root;
}
