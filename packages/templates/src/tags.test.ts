import { describe, expect, it } from 'vitest';
import { Engine, TemplateSyntaxError } from './index.js';

const engine = new Engine({
  now: () => new Date(Date.UTC(2026, 10, 21, 15, 4, 5)),
  reverse: (name, args, kwargs) => {
    if (name === 'missing') throw new Error('NoReverseMatch');
    const parts = [
      ...args.map(String),
      ...Object.entries(kwargs).map(([k, v]) => `${k}=${String(v)}`),
    ];
    return `/${name}/${parts.join('/')}${parts.length ? '/' : ''}?a=1&b=<2>`;
  },
});
const render = (source: string, context: Record<string, unknown> = {}) =>
  engine.fromString(source).render(context);

describe('{% if %}', () => {
  it('uses Python truthiness: 0, "", [] and {} are false', async () => {
    const out = await render(
      '{% if zero %}a{% endif %}{% if empty %}b{% endif %}{% if list %}c{% endif %}{% if obj %}d{% endif %}{% if missing %}e{% endif %}{% if one %}f{% endif %}',
      { zero: 0, empty: '', list: [], obj: {}, one: [0] },
    );
    expect(out).toBe('f');
  });

  it('follows Django precedence: or < and < not < in < comparisons', async () => {
    const c = { a: true, b: 2, c: [3], d: false };
    expect(await render('{% if a and not b in c %}yes{% endif %}', c)).toBe('yes');
    expect(await render('{% if d or a and d %}yes{% else %}no{% endif %}', c)).toBe('no');
    expect(await render('{% if not d and a %}yes{% endif %}', c)).toBe('yes');
    expect(await render('{% if b not in c %}yes{% endif %}', c)).toBe('yes');
    expect(await render('{% if x is None and a is not None %}yes{% endif %}', c)).toBe('yes');
    expect(
      await render(
        '{% if b == 2 and b != 3 and b < 3 and b > 1 and b <= 2 and b >= 2 %}yes{% endif %}',
        c,
      ),
    ).toBe('yes');
  });

  it('picks elif and else branches', async () => {
    const t = engine.fromString('{% if n > 10 %}big{% elif n > 5 %}mid{% else %}small{% endif %}');
    expect([await t.render({ n: 20 }), await t.render({ n: 7 }), await t.render({ n: 1 })]).toEqual(
      ['big', 'mid', 'small'],
    );
  });

  it('treats comparisons between incompatible types as false', async () => {
    expect(await render('{% if a < b %}y{% else %}n{% endif %}', { a: 1, b: 'x' })).toBe('n');
    expect(await render('{% if a in b %}y{% else %}n{% endif %}', { a: 1, b: 5 })).toBe('n');
  });

  it('checks membership in strings, lists and dicts, comparing model instances by pk', async () => {
    class M {
      constructor(readonly pk: number) {}
    }
    const c = { s: 'hello', l: [new M(1)], d: { k: 1 }, m: new M(1) };
    expect(
      await render(
        '{% if "ell" in s %}1{% endif %}{% if m in l %}2{% endif %}{% if "k" in d %}3{% endif %}',
        c,
      ),
    ).toBe('123');
  });

  it('awaits promise operands', async () => {
    expect(
      await render('{% if p and q.r %}yes{% endif %}', {
        p: Promise.resolve(1),
        q: { r: () => Promise.resolve(true) },
      }),
    ).toBe('yes');
  });
});

describe('{% for %}', () => {
  it('exposes forloop counters, first, last and parentloop', async () => {
    const out = await render(
      '{% for row in rows %}{% for x in row %}{{ forloop.parentloop.counter }}.{{ forloop.counter }}{{ forloop.counter0 }}{{ forloop.revcounter }}{{ forloop.revcounter0 }}{% if forloop.first %}F{% endif %}{% if forloop.last %}L{% endif %} {% endfor %}{% endfor %}',
      { rows: [['a', 'b'], ['c']] },
    );
    expect(out).toBe('1.1021F 1.2110L 2.1010FL ');
  });

  it('iterates reversed, unpacks pairs and dict items, and renders {% empty %}', async () => {
    expect(await render('{% for x in l reversed %}{{ x }}{% endfor %}', { l: [1, 2, 3] })).toBe(
      '321',
    );
    expect(
      await render('{% for k, v in d.items %}{{ k }}={{ v }};{% endfor %}', { d: { a: 1, b: 2 } }),
    ).toBe('a=1;b=2;');
    expect(
      await render('{% for a,b in pairs %}{{ a }}{{ b }}{% endfor %}', {
        pairs: [
          [1, 2],
          [3, 4],
        ],
      }),
    ).toBe('1234');
    expect(await render('{% for x in l %}{{ x }}{% empty %}nothing{% endfor %}', { l: [] })).toBe(
      'nothing',
    );
    expect(await render('{% for x in missing %}{{ x }}{% empty %}nothing{% endfor %}')).toBe(
      'nothing',
    );
  });

  it('iterates a thenable queryset and an async iterable', async () => {
    const qs = { then: (ok: (rows: number[]) => void) => ok([1, 2]) };
    async function* gen() {
      yield 'a';
      yield 'b';
    }
    expect(
      await render('{% for x in qs %}{{ x }}{% endfor %}|{% for y in g %}{{ y }}{% endfor %}', {
        qs,
        g: gen(),
      }),
    ).toBe('12|ab');
  });

  it('keeps rendering in order when the body goes asynchronous', async () => {
    const rows = [1, 2, 3].map((n) => ({
      n,
      later: () => new Promise((ok) => setTimeout(() => ok(n * 10), 3 - n)),
    }));
    expect(await render('{% for r in rows %}[{{ r.n }}:{{ r.later }}]{% endfor %}', { rows })).toBe(
      '[1:10][2:20][3:30]',
    );
  });

  it('refuses malformed loops', () => {
    expect(() => engine.fromString('{% for x y %}{% endfor %}')).toThrow(/at least four words/);
    expect(() => engine.fromString('{% for x of y %}{% endfor %}')).toThrow(/format 'for x in y'/);
    expect(() => engine.fromString('{% for x| in y %}{% endfor %}')).toThrow(/invalid argument/);
  });

  it('reports an unpacking mismatch', async () => {
    await expect(render('{% for a, b in l %}{% endfor %}', { l: [[1, 2, 3]] })).rejects.toThrow(
      /Need 2 values to unpack/,
    );
  });
});

describe('scoping tags', () => {
  it('{% with %} binds names for its body only, in both syntaxes', async () => {
    expect(
      await render(
        '{% with total=p.n|add:1 name="x" %}{{ total }}{{ name }}{% endwith %}[{{ total }}]',
        { p: { n: 1 } },
      ),
    ).toBe('2x[]');
    expect(await render('{% with p.n as n %}{{ n }}{% endwith %}', { p: { n: 5 } })).toBe('5');
  });

  it('{% comment %} skips its body without parsing it', async () => {
    expect(await render('a{% comment "note" %}{% bogus %}{{ x|nofilter }}{% endcomment %}b')).toBe(
      'ab',
    );
  });

  it('{% verbatim %} keeps template syntax as text', async () => {
    expect(await render('{% verbatim %}{{ x }}{% if %}{% endverbatim %}')).toBe('{{ x }}{% if %}');
    expect(await render('{% verbatim v1 %}{% endverbatim %}{% endverbatim v1 %}')).toBe(
      '{% endverbatim %}',
    );
  });

  it('{% spaceless %} removes whitespace between tags', async () => {
    expect(
      await render('{% spaceless %}\n<p>\n  <a href="foo/">Foo</a>\n</p>\n{% endspaceless %}'),
    ).toBe('<p><a href="foo/">Foo</a></p>');
  });

  it('{% filter %} runs its output through filters and refuses escape and safe', async () => {
    expect(
      await render(
        '{% filter force_escape|lower %}This text will be HTML-escaped & lowercased{% endfilter %}',
      ),
    ).toBe('this text will be html-escaped &amp; lowercased');
    expect(() => engine.fromString('{% filter safe %}{% endfilter %}')).toThrow(/not permitted/);
  });

  it('{% autoescape %} needs on or off', () => {
    expect(() => engine.fromString('{% autoescape maybe %}{% endautoescape %}')).toThrow(
      /'on' or 'off'/,
    );
  });
});

describe('output tags', () => {
  it('{% cycle %} cycles, names and silences', async () => {
    expect(
      await render("{% for x in l %}{% cycle 'odd' 'even' %} {% endfor %}", { l: [1, 2, 3] }),
    ).toBe('odd even odd ');
    expect(
      await render(
        "{% for x in l %}{% cycle 'a' 'b' as c silent %}{{ c }}{% endfor %}|{% cycle 'x' 'y' as z %}{% cycle z %}",
        { l: [1, 2, 3] },
      ),
    ).toBe('aba|xy');
    expect(
      await render(
        "{% for x in l %}{% cycle 'a' 'b' 'c' %}{% if forloop.counter == 2 %}{% resetcycle %}{% endif %}{% endfor %}",
        { l: [1, 2, 3, 4] },
      ),
    ).toBe('abab');
  });

  it('{% firstof %} outputs the first true value, escaped', async () => {
    expect(
      await render(
        '{% firstof a b c "fallback" %}|{% firstof x y %}|{% firstof a b as v %}[{{ v }}]',
        { a: 0, b: '<b>', c: 'c' },
      ),
    ).toBe('&lt;b&gt;||[&lt;b&gt;]');
  });

  it('{% now %} formats the current time', async () => {
    expect(await render('{% now "jS F Y H:i" %}|{% now "Y" as y %}{{ y }}')).toBe(
      '21st November 2026 15:04|2026',
    );
  });

  it('{% templatetag %} outputs the syntax characters', async () => {
    expect(
      await render(
        '{% templatetag openblock %} {% templatetag closevariable %} {% templatetag opencomment %}',
      ),
    ).toBe('{% }} {#');
    expect(() => engine.fromString('{% templatetag constructor %}')).toThrow(
      /Invalid templatetag argument/,
    );
  });

  it('{% widthratio %} rounds like Python', async () => {
    expect(
      await render(
        '{% widthratio 175 200 100 %} {% widthratio 5 0 100 %} {% widthratio x 10 100 %} {% widthratio 1 8 4 as w %}{{ w }}',
        { x: 'a' },
      ),
    ).toBe('88 0  0');
  });

  it('{% regroup %} groups consecutive items by an attribute', async () => {
    const cities = [
      { name: 'Mumbai', country: 'India' },
      { name: 'Calcutta', country: 'India' },
      { name: 'New York', country: 'USA' },
      { name: 'Chicago', country: 'USA' },
      { name: 'Tokyo', country: 'Japan' },
    ];
    const out = await render(
      '{% regroup cities by country as list %}{% for g in list %}{{ g.grouper }}:{% for c in g.list %}{{ c.name }},{% endfor %};{% endfor %}|{% for country, local in list %}{{ country }}{{ local|length }}{% endfor %}',
      { cities },
    );
    expect(out).toBe('India:Mumbai,Calcutta,;USA:New York,Chicago,;Japan:Tokyo,;|India2USA2Japan1');
  });

  it('{% ifchanged %} shows content or values only when they change, per loop', async () => {
    const days = [
      { d: 1, h: 1 },
      { d: 1, h: 2 },
      { d: 2, h: 2 },
    ];
    expect(
      await render(
        '{% for x in days %}{% ifchanged %}<h3>{{ x.d }}</h3>{% endifchanged %}{{ x.h }}{% endfor %}',
        { days },
      ),
    ).toBe('<h3>1</h3>12<h3>2</h3>2');
    expect(
      await render(
        '{% for x in days %}{% ifchanged x.h %}{{ x.h }}{% else %}-{% endifchanged %}{% endfor %}',
        { days },
      ),
    ).toBe('12-');
  });

  it('{% lorem %} writes the classic text', async () => {
    expect(await render('{% lorem 3 w %}')).toBe('lorem ipsum dolor');
    expect(await render('{% lorem %}')).toMatch(
      /^Lorem ipsum dolor sit amet, consectetur adipisicing elit.*laborum\.$/,
    );
    expect(await render('{% lorem 2 p %}')).toMatch(/^<p>Lorem ipsum.*<\/p>\n\n<p>.+<\/p>$/s);
    expect((await render('{% lorem 30 w random %}')).split(' ')).toHaveLength(30);
  });
});

describe('helper tags', () => {
  it('{% url %} reverses with args, kwargs and as var, escaping the result', async () => {
    expect(await render("{% url 'blog:detail' post.pk 'x' %}", { post: { pk: 3 } })).toBe(
      '/blog:detail/3/x/?a=1&amp;b=&lt;2&gt;',
    );
    expect(await render("{% url 'list' year=2024 %}")).toBe('/list/year=2024/?a=1&amp;b=&lt;2&gt;');
    expect(await render("{% url 'missing' as u %}[{{ u }}]")).toBe('[]');
    await expect(render("{% url 'missing' %}")).rejects.toThrow('NoReverseMatch');
    await expect(new Engine().fromString("{% url 'x' %}").render({})).rejects.toThrow(
      /needs a reverse function/,
    );
  });

  it('{% csrf_token %} writes the hidden input from the context', async () => {
    expect(await render('{% csrf_token %}', { csrf_token: 'a"b' })).toBe(
      '<input type="hidden" name="csrfmiddlewaretoken" value="a&quot;b">',
    );
    expect(await render('[{% csrf_token %}]')).toBe('[]');
    expect(await render('[{% csrf_token %}]', { csrf_token: 'NOTPROVIDED' })).toBe('[]');
  });

  it('{% static %} needs {% load static %} and uses the injected helper', async () => {
    expect(() => engine.fromString("{% static 'a.css' %}")).toThrow(TemplateSyntaxError);
    expect(
      await render("{% load static %}{% static 'css/a b.css' %}|{% static p as s %}{{ s }}", {
        p: 'x.js',
      }),
    ).toBe('/static/css/a%20b.css|/static/x.js');
    const custom = new Engine({ static: (path) => `https://cdn.example/${path}?v=1&x` });
    expect(await custom.fromString("{% load static %}{% static 'a.css' %}").render({})).toBe(
      'https://cdn.example/a.css?v=1&amp;x',
    );
  });

  it('{% load %} refuses an unknown library', () => {
    expect(() => engine.fromString('{% load nosuchlib %}')).toThrow(
      /'nosuchlib' is not a registered tag library/,
    );
  });
});

describe('{% load i18n %}', () => {
  it('renders translate and blocktranslate in the source language', async () => {
    expect(
      await render(
        '{% load i18n %}{% translate "Hello & bye" %}|{% trans t %}|{% trans "x" context "menu" as v %}[{{ v }}]',
        { t: '<b>' },
      ),
    ).toBe('Hello & bye|&lt;b&gt;|[x]');
    const block =
      '{% load i18n %}{% blocktranslate count n=items|length with who=user.name %}{{ who }} has {{ n }} item{% plural %}{{ who }} has {{ n }} items{% endblocktranslate %}';
    expect(await render(block, { items: [1], user: { name: '<ann>' } })).toBe(
      '&lt;ann&gt; has 1 item',
    );
    expect(await render(block, { items: [1, 2], user: { name: 'ann' } })).toBe('ann has 2 items');
    expect(
      await render('{% load i18n %}{% blocktrans trimmed %}\n  One\n  two  \n{% endblocktrans %}'),
    ).toBe('One two');
    expect(
      await render(
        '{% load i18n %}{% get_current_language as L %}{{ L }}{% language "de" %}!{% endlanguage %}',
      ),
    ).toBe('en-us!');
  });

  it('refuses tags inside blocktranslate; a filter or a dot there is a missing key, as in Django', async () => {
    expect(() =>
      engine.fromString('{% load i18n %}{% blocktrans %}{% if x %}{% endif %}{% endblocktrans %}'),
    ).toThrow(/doesn't allow other block tags/);
    const invalid = new Engine({ stringIfInvalid: 'INV(%s)' });
    expect(
      await invalid
        .fromString(
          '{% load i18n %}{% blocktrans %}{{ x|upper }} {{ a.b }} {{ x }}{% endblocktrans %}',
        )
        .render({ x: '<x>', a: { b: 1 } }),
    ).toBe('INV(x|upper) INV(a.b) &lt;x&gt;');
  });

  it("answers language questions from Django's language table", async () => {
    // output of Django 3.2.25 for the same template and context
    const out = await engine
      .fromString(
        '{% load i18n %}{{ "de-at"|language_name }}|{{ "zh-cn"|language_name_local }}|{{ "fa"|language_bidi }}|{% get_language_info_list for langs as ls %}{% for l in ls %}{{ l.code }}={{ l.name_translated }};{% endfor %}|{% get_available_languages as av %}{{ av|length }} {{ av.0.0 }} {{ av.0.1 }}',
      )
      .render({ langs: ['pt-br', ['fr', 'French']] });
    expect(out).toBe('German|简体中文|True|pt-br=Brazilian Portuguese;fr=French;|96 af Afrikaans');
    await expect(
      engine.fromString('{% load i18n %}{{ "xx"|language_name }}').render({}),
    ).rejects.toThrow(/Unknown language code xx/);
    expect(() => engine.fromString('{% load i18n %}{% get_language_info "de" as l %}')).toThrow(
      TemplateSyntaxError,
    );
  });

  it("takes Django's older forms and checks its options", async () => {
    const t = (source: string) => engine.fromString(`{% load i18n %}${source}`);
    expect(
      await t(
        '{% blocktrans with a|lower as b and c as d %}{{ b }}+{{ d }}{% endblocktrans %}|{% blocktrans count n as c %}{{ c }} item{% plural %}{{ c }} items{% endblocktrans %}',
      ).render({ a: 'ÅB', c: 'x', n: 2 }),
    ).toBe('åb+x|2 items');
    expect(
      await t('{% blocktrans trimmed %}\n  50%  of\n\n   {{ a }}  \n{% endblocktrans %}').render({
        a: 'all',
      }),
    ).toBe('50%  of all'); // Django collapses only the whitespace around line breaks
    await expect(
      t('{% blocktrans count n=x %}a{% plural %}b{% endblocktrans %}').render({ x: '1' }),
    ).rejects.toThrow(/must be a number/);
    for (const bad of [
      '{% blocktrans with %}x{% endblocktrans %}',
      '{% blocktrans with a=1 with b=2 %}x{% endblocktrans %}',
      '{% trans "x" noop noop %}',
      '{% trans "x" context as %}',
      '{% trans "x" as %}',
      '{% get_current_language %}',
      '{% get_current_language as %}',
      '{% language %}{% endlanguage %}',
    ])
      expect(() => t(bad), bad).toThrow(TemplateSyntaxError);
  });
});

describe('{% load tz %} and {% load l10n %}', () => {
  const d = new Date(Date.UTC(2024, 0, 15, 12, 30));

  it('converts dates for display with filters and blocks', async () => {
    const paris = new Engine({ timeZone: 'Europe/Paris' });
    const t = paris.fromString(
      '{% load tz %}{{ d|date:"H:i" }} {{ d|utc|date:"H:i e" }} {{ d|timezone:"Asia/Tokyo"|date:"H:i" }} {{ d|localtime|date:"H:i" }}|{% timezone "America/New_York" %}{{ d|date:"H:i T" }}{% get_current_timezone as tz %} {{ tz }}{% endtimezone %}|{% localtime off %}{{ d|date:"H:i" }}{% endlocaltime %}|{% get_current_timezone %}',
    );
    expect(await t.render({ d })).toBe(
      '13:30 12:30 UTC 21:30 13:30|07:30 EST America/New_York|12:30|Europe/Paris',
    );
  });

  it('refuses unknown zones clearly', async () => {
    expect(await render('{% load tz %}[{{ d|timezone:"Mars/Olympus" }}]', { d })).toBe('[]');
    await expect(
      render('{% load tz %}{% timezone "Nowhere/City" %}{% endtimezone %}'),
    ).rejects.toThrow(/Unknown time zone/);
    expect(() => new Engine({ timeZone: 'Nowhere/City' })).toThrow(/Unknown time zone/);
  });

  it('accepts l10n switches, which change nothing with one locale', async () => {
    expect(
      await render(
        '{% load l10n %}{% localize off %}{{ n|unlocalize }}{% endlocalize %}{{ n|localize }}',
        { n: 1234.5 },
      ),
    ).toBe('1234.51234.5');
  });
});
