// Issue 21's render fast paths: a bare `{{ a.b }}` (no filters) writes a string or a number at
// once and leaves everything else to the expression's general path; lookup steps are compiled
// with the template. Each case here is rendered both ways (bare, and through a filter that
// leaves the value alone, which takes the general path) and must agree with Django's answer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Engine, markSafe } from './index.js';
import {
  GET_ITEM,
  MISSING,
  compileStep,
  getMember,
  internalize,
  lookupIn,
  nameReaderFor,
  resolvePath,
  setReaderGeneration,
  siteReaderFor,
} from './internal/lookup.js';
import { type Node, StringEmitter, nodeListRunner } from './internal/nodes.js';
import { RenderContext } from './internal/context.js';

/** What `--disallow-code-generation-from-strings` does to `new Function` (undone by `vi.unstubAllGlobals`). */
function refuseCodeGeneration(): void {
  vi.stubGlobal('Function', function refused() {
    throw new EvalError('Code generation from strings disallowed for this context');
  });
}

const engine = new Engine();
const render = (source: string, context: Record<string, unknown> = {}) =>
  engine.fromString(source).render(context);

// `{{ v }}` takes the fast path; `{{ v|default:v }}` resolves the same value through the
// filter machinery (a truthy value passes `default` unchanged, keeping its safety).
async function bothWays(context: Record<string, unknown>, path = 'v'): Promise<[string, string]> {
  return [
    await render(`{{ ${path} }}`, context),
    await render(`{{ ${path}|default:${path} }}`, context),
  ];
}

describe('bare variable fast path', () => {
  it.each([
    ['a string with nothing to escape', 'plain text', 'plain text'],
    [
      'a string to escape',
      `<a href="x">Tom & 'Jerry'</a>`,
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#x27;Jerry&#x27;&lt;/a&gt;',
    ],
    ['a non-ASCII string', 'フレームワーク <b>', 'フレームワーク &lt;b&gt;'],
    ['an integer', 42, '42'],
    ['a float', 1.5, '1.5'],
    ['a negative number with an exponent', -1e21, '-1e+21'],
    ['infinity', Infinity, 'inf'],
    ['minus infinity', -Infinity, '-inf'],
    ['a safe string', markSafe('<b>ok</b>'), '<b>ok</b>'],
    ['a list', ['<a>', 1], '[&#x27;&lt;a&gt;&#x27;, 1]'],
    ['true', true, 'True'],
  ])('writes %s as the general path does', async (_, value, expected) => {
    const [bare, general] = await bothWays({ v: value });
    expect(bare).toBe(expected);
    expect(general).toBe(expected);
  });

  it('writes NaN, zero and the empty string as Django (the general path differs: falsy)', async () => {
    expect(await render('{{ a }}|{{ b }}|{{ c }}|{{ d }}', { a: NaN, b: 0, c: '', d: -0 })).toBe(
      'nan|0||0',
    );
  });

  it('does not escape when autoescape is off', async () => {
    expect(
      await render('{% autoescape off %}{{ v }} {{ n }}{% endautoescape %}', { v: '<b>', n: 7 }),
    ).toBe('<b> 7');
  });

  it('leaves a missing value to stringIfInvalid, as the general path', async () => {
    const invalid = new Engine({ stringIfInvalid: '[%s]' });
    expect(await invalid.fromString('{{ a.b }}|{{ nope }}').render({ a: {} })).toBe('[a.b]|[nope]');
  });

  it('awaits a promise, a thenable and an __html__ object', async () => {
    const thenable = { then: (resolve: (v: unknown) => void) => resolve('<t>') };
    const html = { __html__: () => '<i>x</i>' };
    const asyncHtml = { __html__: () => Promise.resolve('<u>y</u>') };
    expect(
      await render('{{ p }} {{ t }} {{ h }} {{ a }} {{ o.p.length }}', {
        p: Promise.resolve('<p>'),
        t: thenable,
        h: html,
        a: asyncHtml,
        o: { p: Promise.resolve([1, 2]) },
      }),
    ).toBe('&lt;p&gt; &lt;t&gt; <i>x</i> <u>y</u> 2');
  });

  it('calls a function found by the lookup, a top-level one too', async () => {
    const [bare, general] = await bothWays({ v: { f: () => '<f>' } }, 'v.f');
    expect(bare).toBe('&lt;f&gt;');
    expect(general).toBe('&lt;f&gt;');
    expect(await render('{{ g }}', { g: () => 3 })).toBe('3');
  });
});

describe('compiled lookup steps', () => {
  class Model {
    id = 7;
    firstName = 'Ann';
    get broken(): never {
      throw Object.assign(new Error('quiet'), { silentVariableFailure: true });
    }
    method(): string {
      return 'called';
    }
  }
  const itemLookup = {
    [GET_ITEM]: (key: string) => (key === 'items' ? 'the field' : undefined),
    other: 'attribute',
  };
  const objects: unknown[] = [
    null,
    undefined,
    'text',
    42,
    { a: 1, first_name: 'snake', then: 'no', constructor: 'no' },
    new Model(),
    new Map<unknown, unknown>([
      ['a', 1],
      [1, 'one'],
    ]),
    ['x', 'y'],
    itemLookup,
    Object.create(null) as object,
  ];
  const keys = [
    'a',
    'id',
    'first_name',
    'firstName',
    'method',
    'broken',
    'items',
    'keys',
    'values',
    'other',
    '0',
    '1',
    '-1',
    'length',
    'then',
    'constructor',
    'caller',
    'toString',
    'has_own_property',
  ];

  it('find what the per-call lookup finds, for every object and key', () => {
    for (const obj of objects) {
      for (const key of keys) {
        const expected = getMember(obj, key);
        const compiled = resolvePath(obj, [compileStep(key)], 0);
        expect([String(key), compiled]).toEqual([String(key), expected]);
      }
    }
  });

  it('refuse the blocked names and find camelCase members', () => {
    expect(compileStep('then').blocked).toBe(true);
    expect(compileStep('caller').blocked).toBe(true);
    expect(compileStep('first_name')).toMatchObject({
      key: 'first_name',
      camel: 'firstName',
      blocked: false,
    });
    expect(compileStep('id')).toMatchObject({ key: 'id', camel: undefined, blocked: false });
    expect(resolvePath(new Model(), [compileStep('first_name')], 0)).toBe('Ann');
    expect(resolvePath({ a: { then: 1 } }, [compileStep('a'), compileStep('then')], 0)).toBe(
      MISSING,
    );
  });
});

describe("a lookup site's generated reader", () => {
  afterEach(() => {
    setReaderGeneration(true);
    vi.unstubAllGlobals();
  });

  // Keys a template can hold that are not identifiers: they reach the generated code as string
  // literals, never as code.
  const odd = ['a"b', "a'b", 'a\\b', 'a\nb', 'a\u2028b', '${x}', '*/ x /*', 'a b', '__proto__x'];
  const holder = Object.fromEntries(odd.map((key) => [key, `value of ${key}`]));

  it('reads keys that are not identifiers as the generic code does', () => {
    for (const key of odd) {
      const step = compileStep(key);
      expect(resolvePath(holder, [step], 0)).toBe(`value of ${key}`);
      expect(typeof step.read).toBe('function');
      expect(resolvePath({}, [step], 0)).toBe(MISSING);
    }
  });

  it('is the same site after site: one per step, made on first use', () => {
    const step = compileStep('id');
    expect(step.read).toBeUndefined();
    expect(resolvePath({ id: 1 }, [step], 0)).toBe(1);
    const reader = step.read;
    expect(resolvePath({ id: 2, other: true }, [step], 0)).toBe(2);
    expect(step.read).toBe(reader);
    // A step made at render time (filters' dynamic keys) is never given one.
    expect(getMember({ id: 3 }, 'id')).toBe(3);
  });

  it('falls back to the generic reader where code generation is refused', () => {
    refuseCodeGeneration();
    const step = compileStep('first_name');
    expect(resolvePath({ firstName: 'Ann' }, [step], 0)).toBe('Ann');
    expect(step.read?.name).not.toBe('read'); // not the generated function
    expect(resolvePath({ first_name: 'snake', firstName: 'Ann' }, [step], 0)).toBe('snake');
    expect(resolvePath({ items: () => 'no' }, [compileStep('values')], 0)).toEqual([
      expect.any(Function),
    ]);
  });

  it('gives the same answers with generation off', () => {
    setReaderGeneration(false);
    expect(resolvePath({ a: { b: 'c' } }, [compileStep('a'), compileStep('b')], 0)).toBe('c');
    expect(resolvePath({ a: 1 }, [compileStep('items')], 0)).toEqual([['a', 1]]);
  });
});

describe("a variable site's generated name reader", () => {
  afterEach(() => {
    setReaderGeneration(true);
    vi.unstubAllGlobals();
  });

  class Scope {
    own = 'own';
    get inherited(): string {
      throw new Error('an inherited getter must not run');
    }
  }
  const bare = Object.assign(Object.create(null) as object, { bare: 'bare', toString: 'mine' });
  const scopes: object[][] = [
    [
      { a: 1, u: undefined },
      { a: 2, b: 3 },
    ],
    [{ a: 1 }, new Scope(), { constructor: 'own constructor' }],
    [bare, { a: 'plain' }],
    [{ a: 1 }, Object.assign([9, 8], { a: 'array' })],
    [{ a: 1 }, new Map([['a', 'map']])],
    [JSON.parse('{"__proto__": "own key", "a": "json"}') as object, {}],
    [{ a: 'outer' }, () => 'a function scope'],
    [{ a: 'outer' }, 'text' as unknown as object],
  ];
  const names = [
    'a',
    'b',
    'u',
    'own',
    'inherited',
    'bare',
    'toString',
    'constructor',
    'hasOwnProperty',
    '__proto__',
    '0',
    'length',
    'size',
    'nope',
    'a"b',
  ];

  it('answers as lookupIn for every scope and name', () => {
    for (const dicts of scopes) {
      for (const name of names) {
        const expected = lookupIn(dicts, name);
        expect([name, nameReaderFor(name)(dicts)]).toEqual([name, expected]);
      }
    }
  });

  it('follows Object.prototype when it gains a name after the reader was made', () => {
    const read = nameReaderFor('zzAdded');
    const dicts = [{ other: 1 }, {}];
    expect(read(dicts)).toBe(MISSING);
    (Object.prototype as Record<string, unknown>).zzAdded = 'inherited';
    try {
      expect(read(dicts)).toBe(MISSING);
      expect(read([{ zzAdded: 'own' }, {}])).toBe('own');
    } finally {
      delete (Object.prototype as Record<string, unknown>).zzAdded;
    }
  });

  it('is the generic reader where code generation is refused', () => {
    refuseCodeGeneration();
    const read = nameReaderFor('a');
    expect(read.name).not.toBe('lookup');
    expect(read([{ a: 1 }, { b: 2 }])).toBe(1);
  });

  it('renders a page the same with generation off', async () => {
    const source = '{% for p in posts %}{{ p.title }} {{ site }} {{ p.nope }}|{% endfor %}';
    const context = { posts: [{ title: 'A' }, { title: 'B' }], site: 'S' };
    const generated = await new Engine().fromString(source).render(context);
    setReaderGeneration(false);
    expect(await new Engine().fromString(source).render(context)).toBe(generated);
    expect(generated).toBe('A S |B S |');
  });
});

describe("a loop body's generated runner", () => {
  afterEach(() => {
    setReaderGeneration(true);
    vi.unstubAllGlobals();
  });

  // Nodes that write their name; `later` ones write it after a promise, as an async node does.
  const node = (text: string, later = false) =>
    ({
      render: (_ctx: RenderContext, out: StringEmitter) => {
        if (!later) return void out.write(text);
        return Promise.resolve().then(() => out.write(text));
      },
    }) as unknown as Node;
  const run = async (nodes: Node[]) => {
    const runner = nodeListRunner(nodes);
    const out = new StringEmitter();
    await runner({} as RenderContext, out);
    return [runner.name, out.buffer];
  };

  it('calls the nodes in order and continues after a node that returns a promise', async () => {
    const nodes = [node('a'), node('b', true), node('c'), node('d', true), node('e')];
    expect(await run(nodes)).toEqual(['run', 'abcde']);
    expect(await run([node('x', true)])).toEqual(['run', 'x']);
  });

  it('is renderNodes for a long list, an empty one, or where code generation is refused', async () => {
    const long = Array.from({ length: 40 }, (_, i) => node(String(i % 10), i % 7 === 0));
    expect(await run(long)).toEqual(['', '0123456789'.repeat(4)]);
    expect(await run([])).toEqual(['', '']);
    refuseCodeGeneration();
    expect(await run([node('a'), node('b', true), node('c')])).toEqual(['', 'abc']);
  });

  it('renders loops the same with generation off, asynchronous values included', async () => {
    const source =
      '{% for p in posts %}<{{ p.title }}|{{ p.later }}|{% if forloop.last %}end{% endif %}>' +
      '{% for c in p.tags %}{{ c }}{{ forloop.parentloop.counter }}{% empty %}-{% endfor %}{% endfor %}';
    const context = () => ({
      posts: [
        { title: 'A', later: Promise.resolve('<1>'), tags: ['x', 'y'] },
        { title: 'B', later: Promise.resolve('2'), tags: [] },
      ],
    });
    const generated = await new Engine().fromString(source).render(context());
    setReaderGeneration(false);
    expect(await new Engine().fromString(source).render(context())).toBe(generated);
    expect(generated).toBe('<A|&lt;1&gt;|>x1y1<B|2|end>-');
  });
});

describe("a template's top-level runner", () => {
  afterEach(() => {
    setReaderGeneration(true);
    vi.unstubAllGlobals();
  });

  const source =
    '<h1>{{ title }}</h1>{{ later }}|{{ user.name }}{% if user %}!{% endif %}' +
    '{% for p in posts %}<{{ p }}>{% endfor %}{{ missing }}{{ title|upper }}';
  const context = () => ({
    title: 'a < b',
    later: Promise.resolve('<later>'),
    user: { name: "O'Neil" },
    posts: ['x', '&'],
  });

  it('is made on the second render and renders as renderNodes did, promises included', async () => {
    const template = new Engine().fromString(source);
    const first = await template.render(context());
    expect(template.compiled.runner).toBeUndefined();
    const second = await template.render(context());
    expect(template.compiled.runner?.name).toBe('run');
    const third = await template.render(context());
    setReaderGeneration(false);
    const generic = await new Engine().fromString(source).render(context());
    expect([first, second, third]).toEqual([generic, generic, generic]);
    expect(generic).toBe('<h1>a &lt; b</h1>&lt;later&gt;|O&#x27;Neil!<x><&amp;>A &lt; B');
  });

  it('is renderNodes where code generation is refused', async () => {
    refuseCodeGeneration();
    const template = new Engine().fromString(source);
    await template.render(context());
    expect(await template.render(context())).toBe(
      '<h1>a &lt; b</h1>&lt;later&gt;|O&#x27;Neil!<x><&amp;>A &lt; B',
    );
    expect(template.compiled.runner?.name).toBe('');
  });
});

describe("a loop body's site reader", () => {
  afterEach(() => {
    setReaderGeneration(true);
    vi.unstubAllGlobals();
  });

  // The shared path: resolveRead does not use its context.
  const shared = (dicts: object[], name: string, keys: string[]) =>
    RenderContext.prototype.resolveRead.call(
      undefined,
      lookupIn(dicts, name),
      keys.map(compileStep),
    );
  const site = (dicts: object[], name: string, keys: string[]) =>
    siteReaderFor(name, keys.map(compileStep));

  class Row {
    constructor(readonly id: number) {}
    get label(): string {
      return `row ${this.id}`;
    }
    upper(): string {
      return this.label.toUpperCase();
    }
  }
  const strict = { on: false };
  const scopes: object[][] = [
    [{ v: { a: 1, first_name: 'snake', firstName: 'camel' } }],
    [{ v: { firstName: 'camel only' } }],
    [{ v: new Row(7) }],
    [
      {
        v: new Map<unknown, unknown>([
          ['a', 'map'],
          [1, 'one'],
        ]),
      },
    ],
    [{ v: 'text' }],
    [{ v: 12 }],
    [{ v: null }],
    [{ v: undefined }],
    [{ v: () => ({ a: 'called' }) }],
    [{ v: [10, 20] }],
    [{ v: { a: undefined, items: 'own items' } }],
    [{ v: { a: { html: true } } }, { v: 'shadowed' }],
    [{ v: { [GET_ITEM]: (key: string) => (key === 'a' ? 'item a' : undefined), a: 'attr' } }],
    [
      {
        v: {
          get a(): never {
            throw Object.assign(new Error('silent'), { silentVariableFailure: true });
          },
        },
      },
    ],
    // A Proxy whose get trap refuses, while reads are made, symbols it does not know (the site's
    // hint read among them).
    [
      {
        v: new Proxy(
          { a: 'proxied' },
          {
            get(target, key, receiver) {
              if (strict.on && typeof key === 'symbol' && key !== GET_ITEM)
                throw new Error('unknown symbol');
              return Reflect.get(target, key, receiver) as unknown;
            },
          },
        ),
      },
    ],
    [{}],
  ];

  it('answers as the shared path for every scope and step', () => {
    for (const dicts of scopes) {
      for (const keys of [
        [],
        ['a'],
        ['first_name'],
        ['label'],
        ['upper'],
        ['0'],
        ['1'],
        ['items'],
        ['length'],
        ['nope'],
      ]) {
        const read = site(dicts, 'v', keys);
        expect(read).toBeTypeOf('function');
        // `items` of an object whose getter fails runs the getter (Object.entries): both throw.
        const outcome = (get: () => unknown) => {
          strict.on = true;
          try {
            return get();
          } catch (error) {
            return `throws ${(error as Error).message}`;
          } finally {
            strict.on = false;
          }
        };
        expect([keys, outcome(() => read!(dicts))]).toEqual([
          keys,
          outcome(() => shared(dicts, 'v', keys)),
        ]);
      }
    }
  });

  it('sees a prototype re-parented after the site has read through it', () => {
    class Plain {}
    const value = Object.setPrototypeOf(new Map([['a', 'by key']]), Plain.prototype) as object;
    (value as { a?: string }).a = 'by attribute';
    const dicts = [{ v: value }];
    const read = site(dicts, 'v', ['a'])!;
    let answers = 0;
    for (let i = 0; i < 5000; i++) if (read(dicts) === 'by attribute') answers++;
    expect(answers).toBe(5000);
    // Now a Map to `instanceof`: read by key, as the shared path does.
    Object.setPrototypeOf(Plain.prototype, Map.prototype);
    expect(read(dicts)).toBe('by key');
    expect(shared(dicts, 'v', ['a'])).toBe('by key');
  });

  it('lets a failing getter fail, as the shared path does', () => {
    const dicts = [
      {
        v: {
          get a(): never {
            throw new RangeError('not silent');
          },
        },
      },
    ];
    expect(() => shared(dicts, 'v', ['a'])).toThrow('not silent');
    expect(() => site(dicts, 'v', ['a'])!(dicts)).toThrow('not silent');
  });

  it('waits for a thenable that has not the member, as resolvePath does', async () => {
    const dicts = [{ v: Promise.resolve({ a: 'later' }) }];
    const read = site(dicts, 'v', ['a'])!;
    await expect(read(dicts)).resolves.toBe('later');
    await expect(shared(dicts, 'v', ['a'])).resolves.toBe('later');
  });

  it('is the shared path for two steps, a blocked step, or where code generation is refused', () => {
    expect(site([], 'v', ['a', 'b'])).toBeUndefined();
    expect(site([], 'v', ['constructor'])).toBeUndefined();
    refuseCodeGeneration();
    expect(site([], 'v', ['a'])).toBeUndefined();
  });

  it('renders loops the same with generation off', async () => {
    const source =
      '{% for r in rows %}[{{ r }}|{{ r.a }}|{{ r.label }}|{{ r.upper }}|{{ r.0 }}|{{ r.a.b }}|' +
      '{{ r.a|default:"-" }}|{{ r.constructor }}|{{ forloop.counter }}]{% endfor %}';
    const context = () => ({
      rows: [
        { a: '<b>' },
        { a: markSafe('<i>') },
        new Row(3),
        new Map([['a', 'from a map']]),
        'str',
        5,
        null,
        Promise.resolve({ a: 'promised' }),
        () => ({ a: 'called' }),
        { a: { b: 2, __html__: () => '<em>html</em>' } },
        { a: { __html__: () => Promise.resolve('<u>later</u>') } },
      ],
    });
    const generated = await new Engine().fromString(source).render(context());
    setReaderGeneration(false);
    const generic = await new Engine().fromString(source).render(context());
    expect(generated).toBe(generic);
    expect(generated).toContain('[{&#x27;a&#x27;: &#x27;&lt;b&gt;&#x27;}|&lt;b&gt;|');
    expect(generated).toContain('|promised|');
    expect(generated).toContain('<u>later</u>');
  });
});

describe('internalize', () => {
  it('gives an equal string, for any name a template can hold', () => {
    for (const name of ['fortune', 'first_name', '0', '', '12', 'a'.repeat(300)]) {
      const sliced = `x.${name}`.slice(2);
      expect(internalize(sliced)).toBe(name);
    }
  });
});
