import { describe, expect, it } from 'vitest';
import { Engine, TemplateSyntaxError, markSafe } from './index.js';

const engine = new Engine();
const render = (source: string, context: Record<string, unknown> = {}) =>
  engine.fromString(source).render(context);

describe('variables', () => {
  it('look up a key, an attribute, a zero-argument method and a list index', async () => {
    class Person {
      constructor(readonly name: string) {}
      greeting(): string {
        return `hi ${this.name}`;
      }
    }
    const context = {
      d: { k: 'key' },
      p: new Person('ann'),
      l: ['zero', 'one'],
      m: new Map([['a', 1]]),
    };
    expect(
      await render('{{ d.k }} {{ p.name }} {{ p.greeting }} {{ l.1 }} {{ m.a }}', context),
    ).toBe('key ann hi ann one 1');
  });

  it('treats an empty step and a number ending in a dot as a missing lookup, as Django', async () => {
    const invalid = new Engine({ stringIfInvalid: 'INV' });
    const out = await invalid
      .fromString('{{ 2. }}|{{ a. }}|{{ a..b }}|{{ .a }}|{% if 2. %}y{% else %}n{% endif %}')
      .render({ a: { b: 1 }, 2: 'two' });
    expect(out).toBe('INV|INV|INV|INV|n');
  });

  it('finds a camelCase member from a snake_case lookup', async () => {
    const user = { firstName: 'Ann', getFullName: () => 'Ann Smith' };
    expect(await render('{{ user.first_name }} / {{ user.get_full_name }}', { user })).toBe(
      'Ann / Ann Smith',
    );
  });

  it('awaits promises and thenables at every step', async () => {
    const post = {
      comments: { count: () => Promise.resolve(3) },
      author: Promise.resolve({ name: 'ann' }),
      tags: { then: (ok: (v: string[]) => void) => ok(['a', 'b']) },
    };
    expect(
      await render(
        '{{ post.comments.count }} {{ post.author.name }} {{ post.tags.1 }} {{ post.tags|length }}',
        { post },
      ),
    ).toBe('3 ann b 2');
  });

  it('looks members up on a thenable before awaiting it (queryset.count)', async () => {
    const qs = {
      then: (ok: (v: number[]) => void) => ok([1, 2, 3]),
      count: () => Promise.resolve(99),
    };
    expect(await render('{{ qs.count }} {{ qs.0 }}', { qs })).toBe('99 1');
  });

  it('renders missing values as stringIfInvalid, with %s replaced by the variable', async () => {
    expect(await render('[{{ nope }}][{{ a.b.c }}]', { a: {} })).toBe('[][]');
    const strict = new Engine({ stringIfInvalid: 'INVALID(%s)' });
    expect(await strict.fromString('{{ nope.x }}|{{ nope|upper }}').render({})).toBe(
      'INVALID(nope.x)|INVALID(nope)',
    );
  });

  it('renders None, True, False and lists as Python would', async () => {
    expect(
      await render('{{ n }} {{ t }} {{ f }} {{ l }}', { n: null, t: true, f: false, l: ['a', 1] }),
    ).toBe('None True False [&#x27;a&#x27;, 1]');
  });

  it('renders string literals in tags and filter arguments as safe, as Django does', async () => {
    expect(await render('{{ "<b>" }}{{ x|default:"<i>" }}', {})).toBe('<b><i>');
  });

  it('calls a top-level callable', async () => {
    expect(await render('{{ greet }}', { greet: () => 'hello' })).toBe('hello');
  });
});

describe('the sandbox', () => {
  it('never calls methods flagged altersData or alters_data', async () => {
    let deleted = false;
    const remove = Object.assign(
      () => {
        deleted = true;
        return 'gone';
      },
      { altersData: true },
    );
    const legacy = Object.assign(() => 'gone', { alters_data: true });
    expect(
      await render('[{{ obj.delete }}][{{ obj.legacy }}]', { obj: { delete: remove, legacy } }),
    ).toBe('[][]');
    expect(deleted).toBe(false);
  });

  it('does not expose constructor, prototype or built-in methods', async () => {
    const list = [3, 1, 2];
    const out = await render(
      '[{{ o.constructor }}][{{ f.prototype }}][{{ o.toString }}][{{ l.pop }}][{{ l.reverse }}][{{ o.valueOf }}][{{ f.call }}][{{ s.constructor.name }}][{{ o.hasOwnProperty }}]',
      { o: {}, f: () => 1, l: list, s: 'x' },
    );
    expect(out).toBe('[][][][][][][][][]');
    expect(list).toEqual([3, 1, 2]);
  });

  it('refuses variables and attributes beginning with an underscore at compile time', () => {
    expect(() => engine.fromString('{{ x.__proto__ }}')).toThrow(TemplateSyntaxError);
    expect(() => engine.fromString('{{ _secret }}')).toThrow(/may not begin with underscores/);
    expect(() => engine.fromString('{% if x.__proto__.polluted %}{% endif %}')).toThrow(
      TemplateSyntaxError,
    );
  });

  it('does not let a context key named __proto__ or constructor leak the prototype', async () => {
    const context = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": "c"}') as Record<
      string,
      unknown
    >;
    expect(await render('[{{ polluted }}][{{ constructor }}][{{ toString }}]', context)).toBe(
      '[][][]',
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('does not call functions that need arguments, and honours doNotCallInTemplates', async () => {
    const needsArg = (x: number) => x * 2;
    const kept = Object.assign(() => 'called', { doNotCallInTemplates: true });
    expect(await render('[{{ f }}][{{ k|yesno:"kept,gone" }}]', { f: needsArg, k: kept })).toBe(
      '[][kept]',
    );
  });

  it('lets a silentVariableFailure error render as missing and other errors propagate', async () => {
    const silent = () => {
      throw Object.assign(new Error('quiet'), { silentVariableFailure: true });
    };
    const loud = () => {
      throw new Error('loud');
    };
    expect(await render('[{{ s }}]', { s: silent })).toBe('[]');
    await expect(render('{{ l }}', { l: loud })).rejects.toThrow('loud');
  });
});

describe('autoescape', () => {
  it('escapes & < > " and \' exactly as Django does', async () => {
    expect(await render('{{ v }}', { v: `<a href="x">Tom & 'Jerry'</a>` })).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#x27;Jerry&#x27;&lt;/a&gt;',
    );
  });

  it('leaves safe strings alone: markSafe, |safe, {% autoescape off %}', async () => {
    const v = '<b>&</b>';
    expect(
      await render('{{ s }}|{{ v|safe }}|{% autoescape off %}{{ v }}{% endautoescape %}|{{ v }}', {
        s: markSafe(v),
        v,
      }),
    ).toBe('<b>&</b>|<b>&</b>|<b>&</b>|&lt;b&gt;&amp;&lt;/b&gt;');
  });

  it('escapes once with |escape and twice with |force_escape inside autoescape off', async () => {
    const v = '<&>';
    expect(
      await render('{{ v|escape }}|{{ v|escape|escape }}|{{ v|force_escape|force_escape }}', { v }),
    ).toBe('&lt;&amp;&gt;|&lt;&amp;&gt;|&amp;lt;&amp;amp;&amp;gt;');
    expect(await render('{% autoescape off %}{{ v|escape }}{% endautoescape %}', { v })).toBe(
      '&lt;&amp;&gt;',
    );
  });

  it('can be turned off for the whole engine', async () => {
    const raw = new Engine({ autoescape: false });
    expect(await raw.fromString('{{ v }}').render({ v: '<x>' })).toBe('<x>');
  });
});

describe('comments and syntax', () => {
  it('drops {# comments #} and keeps tags that do not close on their line as text', async () => {
    expect(await render('a{# {{ x }} #}b {{ x\n}} c', { x: 1 })).toBe('ab {{ x\n}} c');
  });

  it('reports a TemplateSyntaxError with file, line and an excerpt', () => {
    try {
      engine.fromString('line one\n{% if %}\nline three');
      expect.unreachable();
    } catch (error) {
      const e = error as TemplateSyntaxError;
      expect(e).toBeInstanceOf(TemplateSyntaxError);
      expect(e.file).toBe('<string>');
      expect(e.line).toBe(2);
      expect(e.excerpt).toContain('>> 2 | {% if %}');
      expect(e.excerpt).toContain('1 | line one');
    }
  });

  it('rejects unknown tags, unknown filters and malformed expressions', () => {
    expect(() => engine.fromString('{% frobnicate %}')).toThrow(
      /Invalid block tag on line 1: 'frobnicate'/,
    );
    expect(() => engine.fromString('{{ x|nofilter }}')).toThrow(/Invalid filter: 'nofilter'/);
    expect(() => engine.fromString('{{ x|truncatewords }}')).toThrow(/requires 2 arguments/);
    expect(() => engine.fromString('{{ x y }}')).toThrow(/Could not parse the remainder/);
    expect(() => engine.fromString('{{ }}')).toThrow(/Empty variable tag/);
    expect(() => engine.fromString('{% %}')).toThrow(/Empty block tag/);
    expect(() => engine.fromString('{% for x in y %}')).toThrow(/Unclosed tag on line 1: 'for'/);
    expect(() => engine.fromString('{% if x %}\n{% endfor %}')).toThrow(
      /Invalid block tag on line 2: 'endfor', expected 'elif', 'else' or 'endif'/,
    );
    expect(() => engine.fromString('{% if a b %}{% endif %}')).toThrow(/Unused 'b'/);
    expect(() => engine.fromString('{% if and %}{% endif %}')).toThrow(/Not expecting 'and'/);
  });

  it('survives oversized and hostile input without hanging', async () => {
    const big = `${'{{ x }}'.repeat(20_000)}`;
    expect((await render(big, { x: 'a' })).length).toBe(20_000);
    const nested = `${'{% if x %}'.repeat(200)}y${'{% endif %}'.repeat(200)}`;
    expect(await render(nested, { x: 1 })).toBe('y');
    expect(() => engine.fromString('{{ "unterminated }}')).toThrow(TemplateSyntaxError);
    // Unclosed delimiters by the hundred thousand stay text (the lexer is linear, not quadratic).
    expect(await render(`${'{%'.repeat(200_000)}{{ x }}`, { x: 'end' })).toBe(
      `${'{%'.repeat(200_000)}end`,
    );
    expect(await render('{{ '.repeat(100_000))).toBe('{{ '.repeat(100_000));
    expect(() => engine.fromString('{% if x %}'.repeat(5000))).toThrow(/nested more than 200 deep/);
    expect(() => engine.fromString(`{% if ${'not '.repeat(50_000)}x %}{% endif %}`)).toThrow(
      TemplateSyntaxError,
    );
    expect(() => engine.fromString(`{{ x|${'a'.repeat(5000)} }}`)).toThrow(TemplateSyntaxError);
  });
});

describe("Django's __html__ protocol", () => {
  it('outputs objects with an __html__ method unescaped, so other packages need not import this one', async () => {
    const widget = { __html__: () => '<input name="q">', toString: () => 'unused' };
    expect(await render('{{ w }}|{{ w|escape }}', { w: widget })).toBe(
      '<input name="q">|<input name="q">',
    );
  });

  it('keeps such an object safe through string filters marked safe, as Django does', async () => {
    class Safe {
      __html__(): string {
        return 'you &gt; me';
      }
      toString(): string {
        return 'you &gt; me';
      }
    }
    const safe = new Safe();
    expect(await render('{{ s|capfirst }}|{{ s|lower }}|{{ s|upper }}', { s: safe })).toBe(
      'You &gt; me|you &gt; me|YOU &amp;GT; ME',
    );
  });
});

describe("the item-lookup protocol (Python's obj[key])", () => {
  class Fields {
    readonly #data = new Map<string, string>([
      ['q', 'django'],
      ['keys', 'a field'],
    ]);
    [Symbol.for('stack.getItem')](key: string): string | undefined {
      return this.#data.get(key);
    }
    get size(): number {
      return this.#data.size;
    }
    *[Symbol.iterator](): IterableIterator<string> {
      yield* this.#data.keys();
    }
    label(): string {
      return 'an attribute';
    }
  }

  it('looks a key up before an attribute, with len() and truth from size', async () => {
    const f = new Fields();
    expect(
      await render(
        '{{ f.q }}|{{ f.keys }}|{{ f.label }}|{{ f.missing }}|{{ f|length }}|{% if f %}y{% endif %}|{% if "q" in f %}in{% endif %}',
        { f },
      ),
    ).toBe('django|a field|an attribute||2|y|in');
  });
});
