import { HttpRequest } from '@stack/request';
import { Engine, requestContextProcessor } from '@stack/templates';
import { describe, expect, it } from 'vitest';

// Expected outputs rendered by Django 3.2.25 (RequestFactory, the `request` context processor,
// string_if_invalid 'INVALID') for the same query string and headers.
const engine = new Engine({
  stringIfInvalid: 'INVALID',
  contextProcessors: [requestContextProcessor],
});

function request(query: string, headers: Record<string, string> = {}): HttpRequest {
  return new HttpRequest({
    REQUEST_METHOD: 'GET',
    PATH_INFO: '/search/',
    QUERY_STRING: query,
    SERVER_NAME: 'testserver',
    SERVER_PORT: '80',
    'wsgi.url_scheme': 'http',
    ...headers,
  });
}

const search = request('q=one&q=two&items=x&empty=&getlist=g&a%20b=c&q2=%3Cb%3E', {
  HTTP_USER_AGENT: 'Mozilla/5',
  HTTP_X_CUSTOM_THING: 't',
});

const cases: [HttpRequest, string, string][] = [
  [search, '{{ request.GET.q }}', 'two'],
  // a key comes before an attribute, as Django's dictionary lookup does
  [search, '{{ request.GET.getlist }}', 'g'],
  [search, '{{ request.GET.items }}', 'x'],
  [
    search,
    '{% for k, v in request.GET.lists %}{{ k }}={{ v }};{% endfor %}',
    'q=[&#x27;one&#x27;, &#x27;two&#x27;];items=[&#x27;x&#x27;];empty=[&#x27;&#x27;];getlist=[&#x27;g&#x27;];a b=[&#x27;c&#x27;];q2=[&#x27;&lt;b&gt;&#x27;];',
  ],
  [search, '{{ request.GET.missing }}', 'INVALID'],
  [search, '{{ request.GET.empty }}|', '|'],
  [search, '{{ request.GET|length }}', '6'],
  [search, '{% if request.GET %}y{% else %}n{% endif %}', 'y'],
  [search, '{% if "q" in request.GET %}y{% endif %}', 'y'],
  [search, '{% for k in request.GET %}{{ k }},{% endfor %}', 'q,items,empty,getlist,a b,q2,'],
  [
    search,
    '{{ request.GET.urlencode }}',
    'q=one&amp;q=two&amp;items=x&amp;empty=&amp;getlist=g&amp;a+b=c&amp;q2=%3Cb%3E',
  ],
  [search, '{{ request.GET.0 }}', 'INVALID'],
  [search, '{{ request.GET.get }}', 'INVALID'],
  [search, '{{ request.headers.user_agent }}', 'Mozilla/5'],
  [search, '{{ request.headers.x_custom_thing }}', 't'],
  [search, '{{ request.headers.User_Agent }}', 'Mozilla/5'],
  [search, '{{ request.POST.q }}', 'INVALID'],
  [search, '{% if request.POST %}y{% else %}n{% endif %}', 'n'],
  [search, '{{ request.POST|length }}', '0'],
  [search, '{{ request.GET.encoding }}', 'utf-8'],
  [search, '{{ request.GET.q|upper }}', 'TWO'],
  [search, '{{ request.GET.q2 }}', '&lt;b&gt;'],
  [
    request('a=1&b=2'),
    '{% for k, v in request.GET.items %}{{ k }}={{ v }};{% endfor %}',
    'a=1;b=2;',
  ],
  [request('a=1&b=2'), '{{ request.GET.keys|join:"," }}', 'a,b'],
  [request('a=1&b=2'), '{{ request.GET.values|join:"," }}', '1,2'],
  [
    request('a=1&b=2'),
    '{{ request.GET.dict }}',
    '{&#x27;a&#x27;: &#x27;1&#x27;, &#x27;b&#x27;: &#x27;2&#x27;}',
  ],
];

describe('a QueryDict and the headers in templates, as in Django', () => {
  it.each(cases)('%#: %s', async (req, source, expected) => {
    expect(await engine.fromString(source).render({}, req)).toBe(expected);
  });

  it('finds hostile keys only as data and never reaches the prototype', async () => {
    const req = request('__proto__=p&constructor=c&toString=t&then=x');
    // names starting with `_` are a syntax error, as in Django
    expect(() => engine.fromString('{{ request.GET.__proto__ }}')).toThrow(/underscores/);
    // a field named toString is data; constructor and then stay blocked by the sandbox
    expect(
      await engine
        .fromString(
          '{{ request.GET.toString }}|{{ request.GET.constructor }}|{{ request.GET.then }}',
        )
        .render({}, req),
    ).toBe('t|INVALID|INVALID');
  });
});
