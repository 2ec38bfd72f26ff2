import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { compose } from './compose.js';
import { InvalidResponse, MiddlewareNotUsed } from './errors.js';
import { setStraightPathGeneration } from './internal/fuse.js';
import { fromHooks, MiddlewareMixin } from './middleware-mixin.js';
import type { Middleware, View } from './types.js';

class Req {
  readonly log: string[] = [];
}
class Res {
  constructor(
    readonly body: string,
    readonly status = 200,
  ) {}
}
class TemplateRes extends Res {
  rendered = false;
  constructor(
    body: string,
    private readonly fail = false,
  ) {
    super(body);
  }
  render(): Res {
    if (this.fail) throw new Error('template blew up');
    this.rendered = true;
    return this;
  }
}

/** A layer that logs on the way in and out, and may carry hooks. */
function layer(
  name: string,
  hooks: Partial<Record<'view' | 'exception' | 'template', Res | null>> = {},
) {
  const mw: Middleware<Req, Res> = (getResponse) => {
    const handler = (request: Req) => {
      request.log.push(`${name} in`);
      const response = getResponse(request) as Res;
      request.log.push(`${name} out`);
      return response;
    };
    if ('view' in hooks) {
      Object.assign(handler, {
        processView: (request: Req) => {
          request.log.push(`${name} view`);
          return hooks.view;
        },
      });
    }
    if ('exception' in hooks) {
      Object.assign(handler, {
        processException: (request: Req) => {
          request.log.push(`${name} exception`);
          return hooks.exception;
        },
      });
    }
    if ('template' in hooks) {
      Object.assign(handler, {
        processTemplateResponse: (request: Req, response: Res) => {
          request.log.push(`${name} template`);
          return hooks.template ?? response;
        },
      });
    }
    return handler;
  };
  return mw;
}

function viewThat(body: (request: Req) => Res): View<Req, Res> {
  return (request) => {
    request.log.push('view');
    return body(request);
  };
}

const hello = viewThat(() => new Res('hello'));
const routeTo =
  (view: View<Req, Res>) =>
  (request: Req, chain: { runView: (r: Req, v: View<Req, Res>) => unknown }) =>
    chain.runView(request, view) as Res;

describe('compose', () => {
  it('runs the layers top to bottom on the way in and bottom to top on the way out', () => {
    const chain = compose([layer('a'), layer('b'), layer('c')], routeTo(hello));
    const request = new Req();
    const response = chain.handler(request) as Res;
    expect(response.body).toBe('hello');
    expect(request.log).toEqual(['a in', 'b in', 'c in', 'view', 'c out', 'b out', 'a out']);
  });

  it('builds every layer once, at start-up, not per request', () => {
    const factory = vi.fn<Middleware<Req, Res>>((getResponse) => (request) => getResponse(request));
    const chain = compose([factory, factory], routeTo(hello));
    chain.handler(new Req());
    chain.handler(new Req());
    expect(factory).toHaveBeenCalledTimes(2);
    expect(chain.size).toBe(2);
  });

  it('lets a layer short-circuit: the inner layers and the view never run, the outer ones see the response', () => {
    const gate: Middleware<Req, Res> = () => (request) => {
      request.log.push('gate answers');
      return new Res('no', 403);
    };
    const chain = compose([layer('a'), gate, layer('c')], routeTo(hello));
    const request = new Req();
    expect((chain.handler(request) as Res).status).toBe(403);
    expect(request.log).toEqual(['a in', 'gate answers', 'a out']);
  });

  it('runs processView outer to inner after every layer has been entered', () => {
    const chain = compose([layer('a', { view: null }), layer('b', { view: null })], routeTo(hello));
    const request = new Req();
    chain.handler(request);
    expect(request.log).toEqual(['a in', 'b in', 'a view', 'b view', 'view', 'b out', 'a out']);
  });

  it('lets processView answer instead of the view, skipping the inner processView hooks', () => {
    const chain = compose(
      [
        layer('a', { view: null }),
        layer('b', { view: new Res('from b') }),
        layer('c', { view: null }),
      ],
      routeTo(hello),
    );
    const request = new Req();
    expect((chain.handler(request) as Res).body).toBe('from b');
    expect(request.log).toEqual([
      'a in',
      'b in',
      'c in',
      'a view',
      'b view',
      'c out',
      'b out',
      'a out',
    ]);
  });

  it('runs processException inner to outer and the first response wins', () => {
    const boom = viewThat(() => {
      throw new Error('boom');
    });
    const chain = compose(
      [
        layer('a', { exception: new Res('from a') }),
        layer('b', { exception: new Res('from b') }),
        layer('c', { exception: null }),
      ],
      routeTo(boom),
    );
    const request = new Req();
    expect((chain.handler(request) as Res).body).toBe('from b');
    expect(request.log).toEqual([
      'a in',
      'b in',
      'c in',
      'view',
      'c exception',
      'b exception',
      'c out',
      'b out',
      'a out',
    ]);
  });

  it('rethrows the view error when no processException answers', () => {
    const boom = viewThat(() => {
      throw new Error('boom');
    });
    const chain = compose([layer('a', { exception: null })], routeTo(boom));
    expect(() => chain.handler(new Req())).toThrow('boom');
  });

  it('does not send errors thrown by processView to processException (as Django)', () => {
    const bad: Middleware<Req, Res> = (getResponse) =>
      Object.assign((request: Req) => getResponse(request), {
        processView: () => {
          throw new Error('hook failed');
        },
      });
    const chain = compose([layer('a', { exception: new Res('caught') }), bad], routeTo(hello));
    expect(() => chain.handler(new Req())).toThrow('hook failed');
  });

  it('runs processTemplateResponse inner to outer, then renders', () => {
    const view = viewThat(() => new TemplateRes('page'));
    const chain = compose(
      [layer('a', { template: null }), layer('b', { template: null })],
      routeTo(view),
    );
    const request = new Req();
    const response = chain.handler(request) as TemplateRes;
    expect(response.rendered).toBe(true);
    expect(request.log).toEqual([
      'a in',
      'b in',
      'view',
      'b template',
      'a template',
      'b out',
      'a out',
    ]);
  });

  it('lets a processTemplateResponse hook replace the response', () => {
    const view = viewThat(() => new TemplateRes('page'));
    const replacement = new TemplateRes('replaced');
    const chain = compose([layer('a', { template: replacement })], routeTo(view));
    expect(chain.handler(new Req())).toBe(replacement);
    expect(replacement.rendered).toBe(true);
  });

  it('sends a failing render to processException', () => {
    const view = viewThat(() => new TemplateRes('page', true));
    const chain = compose(
      [layer('a', { exception: new Res('render failed', 500) })],
      routeTo(view),
    );
    expect((chain.handler(new Req()) as Res).body).toBe('render failed');
  });

  it('refuses a view that returns nothing, with Django’s message', () => {
    function emptyView() {
      return undefined as unknown as Res;
    }
    const chain = compose([], routeTo(emptyView));
    expect(() => chain.handler(new Req())).toThrow(
      new InvalidResponse(
        "The view emptyView didn't return an HttpResponse object. It returned undefined instead.",
      ),
    );
  });

  it('refuses a processTemplateResponse hook that returns nothing', () => {
    const view = viewThat(() => new TemplateRes('page'));
    const bad: Middleware<Req, Res> = (getResponse) =>
      Object.assign((request: Req) => getResponse(request), {
        processTemplateResponse: () => undefined as unknown as Res,
      });
    const chain = compose([bad], routeTo(view));
    expect(() => chain.handler(new Req())).toThrow(
      /processTemplateResponse didn't return an HttpResponse object/,
    );
  });

  it('drops a layer whose factory throws MiddlewareNotUsed', () => {
    const off: Middleware<Req, Res> = () => {
      throw new MiddlewareNotUsed('off');
    };
    const chain = compose([layer('a'), off, layer('c')], routeTo(hello));
    const request = new Req();
    chain.handler(request);
    expect(chain.size).toBe(2);
    expect(request.log).toEqual(['a in', 'c in', 'view', 'c out', 'a out']);
  });

  it('rejects a factory that returns something other than a handler', () => {
    function broken() {
      return null;
    }
    expect(() => compose([broken as unknown as Middleware<Req, Res>], routeTo(hello))).toThrow(
      'Middleware factory broken returned null.',
    );
  });

  it('passes the resolved args, and the kwargs only when there are some', () => {
    const seen: unknown[][] = [];
    const view: View<Req, Res> = (_request, ...rest) => {
      seen.push(rest);
      return new Res('ok');
    };
    const chain = compose<Req, Res>([], (request, c) =>
      c.runView(request, view, ['1'], {}) instanceof Res
        ? c.runView(request, view, [], { slug: 'x' })
        : new Res('?'),
    );
    chain.handler(new Req());
    expect(seen).toEqual([['1'], [{ slug: 'x' }]]);
  });

  it('gives processView the view, its args and its kwargs', () => {
    const processView = vi.fn(() => undefined);
    const mw: Middleware<Req, Res> = (getResponse) =>
      Object.assign((r: Req) => getResponse(r), { processView });
    const chain = compose([mw], (request, c) => c.runView(request, hello, ['7'], { page: 2 }));
    const request = new Req();
    chain.handler(request);
    expect(processView).toHaveBeenCalledWith(request, hello, ['7'], { page: 2 });
  });
});

describe('compose with convertException', () => {
  it('turns an error into a response at the layer that threw, so the outer layers still see it', () => {
    const boom: Middleware<Req, Res> = () => () => {
      throw new Error('inner layer failed');
    };
    const chain = compose([layer('a'), boom], routeTo(hello), {
      convertException: (error) => new Res(String((error as Error).message), 500),
    });
    const request = new Req();
    const response = chain.handler(request) as Res;
    expect(response).toMatchObject({ status: 500, body: 'inner layer failed' });
    expect(request.log).toEqual(['a in', 'a out']);
  });

  it('converts async rejections too', async () => {
    const boom: Middleware<Req, Res> = () => async () => {
      throw new Error('later');
    };
    const chain = compose([boom], routeTo(hello), {
      convertException: () => new Res('converted', 500),
    });
    await expect(chain.handler(new Req())).resolves.toMatchObject({ body: 'converted' });
  });
});

describe('sync and async layers', () => {
  it('stays synchronous when every layer and the view are', () => {
    const chain = compose(
      [layer('a'), fromHooks<Req, Res>({ processResponse: (_q, r) => r })],
      routeTo(hello),
    );
    expect(chain.handler(new Req())).toBeInstanceOf(Res);
  });

  it('mixes async layers, async hooks and an async view with sync old-style layers', async () => {
    const asyncLayer: Middleware<Req, Res> = (getResponse) =>
      Object.assign(
        async (request: Req) => {
          request.log.push('async in');
          await new Promise((resolve) => setTimeout(resolve, 1));
          const response = await getResponse(request);
          request.log.push('async out');
          return response;
        },
        {
          processView: async (request: Req) => {
            request.log.push('async view hook');
            return undefined;
          },
        },
      );
    const syncOld = fromHooks<Req, Res>({
      processRequest: (request) => void request.log.push('sync in'),
      processResponse: (request, response) => {
        request.log.push('sync out');
        return response;
      },
    });
    const asyncView: View<Req, Res> = async (request) => {
      request.log.push('view');
      return new Res('async hello');
    };
    const chain = compose([syncOld, asyncLayer, syncOld], (request, c) =>
      c.runView(request, asyncView),
    );
    const request = new Req();
    const result = chain.handler(request);
    expect(result).toBeInstanceOf(Promise);
    expect((await result).body).toBe('async hello');
    expect(request.log).toEqual([
      'sync in',
      'async in',
      'sync in',
      'async view hook',
      'view',
      'sync out',
      'async out',
      'sync out',
    ]);
  });

  it('runs async processException hooks in order until one answers', async () => {
    const hook =
      (name: string, answer: Res | null): Middleware<Req, Res> =>
      (getResponse) =>
        Object.assign((r: Req) => getResponse(r), {
          processException: async (request: Req) => {
            request.log.push(name);
            return answer;
          },
        });
    const boom: View<Req, Res> = async () => {
      throw new Error('x');
    };
    const chain = compose([hook('a', new Res('a')), hook('b', null), hook('c', null)], (r, c) =>
      c.runView(r, boom),
    );
    const request = new Req();
    expect(await chain.handler(request)).toMatchObject({ body: 'a' });
    expect(request.log).toEqual(['c', 'b', 'a']);
  });
});

describe('fromHooks and MiddlewareMixin', () => {
  it('follows the modern short-circuit rule: only the layers already entered see the response', () => {
    const old = (name: string, answer?: Res) =>
      fromHooks<Req, Res>({
        processRequest(request) {
          request.log.push(`${name} request`);
          return answer;
        },
        processResponse(request, response) {
          request.log.push(`${name} response`);
          return response;
        },
      });
    const chain = compose([old('a'), old('b', new Res('b answered')), old('c')], routeTo(hello));
    const request = new Req();
    expect((chain.handler(request) as Res).body).toBe('b answered');
    expect(request.log).toEqual(['a request', 'b request', 'b response', 'a response']);
  });

  it('builds the hooks once from getResponse when given a function', () => {
    const build = vi.fn(() => ({}));
    const chain = compose([fromHooks<Req, Res>(build)], routeTo(hello));
    chain.handler(new Req());
    chain.handler(new Req());
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('adapts a MiddlewareMixin subclass, keeping `this` in its hooks', () => {
    class Stamp extends MiddlewareMixin<Req, Res> {
      private readonly mark = 'stamped';
      override processResponse(request: Req, response: Res) {
        request.log.push(this.mark);
        return response;
      }
      override processView(request: Req) {
        request.log.push(`${this.mark} view`);
        return undefined;
      }
    }
    const chain = compose([Stamp.asMiddleware()], routeTo(hello));
    const request = new Req();
    chain.handler(request);
    expect(request.log).toEqual(['stamped view', 'view', 'stamped']);
  });
});

describe('a stretch of fromHooks layers', () => {
  // compose runs consecutive fromHooks layers in one loop (one promise for the stretch when the
  // view is async). The reference is the same hooks with the loop defeated: each layer's handler
  // hidden behind a plain function, so compose nests and wraps them one by one.
  type Step = 'none' | 'sync' | 'async' | 'answer' | 'asyncAnswer' | 'throw' | 'reject';
  const requestSteps: Step[] = [
    'none',
    'sync',
    'async',
    'answer',
    'asyncAnswer',
    'throw',
    'reject',
  ];
  const responseSteps: Step[] = ['none', 'sync', 'async', 'throw', 'reject'];
  const viewSteps: Step[] = ['sync', 'async', 'throw', 'reject'];

  function hooksOf(name: string, onRequest: Step, onResponse: Step) {
    const hooks: Parameters<typeof fromHooks<Req, Res>>[0] = {};
    if (onRequest !== 'none') {
      hooks.processRequest = (request) => {
        request.log.push(`${name} request`);
        const answer = new Res(`${name} answered`);
        switch (onRequest) {
          case 'sync':
            return undefined;
          case 'async':
            return Promise.resolve(undefined);
          case 'answer':
            return answer;
          case 'asyncAnswer':
            return Promise.resolve(answer);
          case 'throw':
            throw new Error(`${name} request threw`);
          default:
            return Promise.reject(new Error(`${name} request rejected`));
        }
      };
    }
    if (onResponse !== 'none') {
      hooks.processResponse = (request, response) => {
        request.log.push(`${name} response to ${response.body}`);
        const out = new Res(`${response.body}+${name}`);
        switch (onResponse) {
          case 'sync':
            return out;
          case 'async':
            return Promise.resolve(out);
          case 'throw':
            throw new Error(`${name} response threw`);
          default:
            return Promise.reject(new Error(`${name} response rejected`));
        }
      };
    }
    return hooks;
  }

  function viewOf(step: Step): View<Req, Res> {
    return (request) => {
      request.log.push('view');
      if (step === 'sync') return new Res('view');
      if (step === 'async') return Promise.resolve(new Res('view'));
      if (step === 'throw') throw new Error('view threw');
      return Promise.reject(new Error('view rejected'));
    };
  }

  // A conversion that answers, answers later, or itself fails for one layer's error or the view's.
  function convertOf(kind: number) {
    return (error: unknown, request: Req) => {
      const message = (error as Error).message;
      request.log.push(`convert ${message}`);
      if (kind === 1) return Promise.resolve(new Res(`500 (${message})`, 500));
      if (kind === 2 && message.startsWith('b ')) throw new Error(`conversion of ${message} threw`);
      if (kind === 3 && message.startsWith('b '))
        return Promise.reject(new Error(`conversion of ${message} rejected`));
      if (kind === 4 && message.startsWith('view '))
        throw new Error(`conversion of ${message} threw`);
      if (kind === 5 && message.startsWith('view '))
        return Promise.reject(new Error(`conversion of ${message} rejected`));
      return new Res(`500 (${message})`, 500);
    };
  }

  async function outcome(chain: { handler: (request: Req) => unknown }) {
    const request = new Req();
    let result: string;
    try {
      result = `ok ${((await chain.handler(request)) as Res).body}`;
    } catch (error) {
      result = `error ${(error as Error).message}`;
    }
    return { result, log: request.log };
  }

  // A small deterministic generator, so the sample is the same on every run: an LCG modulo 2^32
  // (Math.imul keeps it exact), read from its high bits. Its low bits repeat every few draws,
  // and reading them made the view's step the same in almost every sample.
  let seed = 21;
  const pick = <T>(items: readonly T[]): T => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return items[(seed >>> 16) % items.length]!;
  };

  // Twice: with each stretch's generated straight path (the default), and with the generic loop
  // alone (the path taken where code generation is refused).
  it.each([
    ['its generated straight path', true],
    ['the generic loop alone', false],
  ])(
    'behaves exactly as the nested layers would, for every mix of sync, async, answers and errors (%s)',
    async (_, generated) => {
      setStraightPathGeneration(generated);
      onTestFinished(() => setStraightPathGeneration(true));
      for (let sample = 0; sample < 400; sample++) {
        const names = ['a', 'b', 'c'];
        const steps = names.map((name) => [name, pick(requestSteps), pick(responseSteps)] as const);
        const view = viewOf(pick(viewSteps));
        const kind = pick([0, 1, 2, 3, 4, 5, -1]);
        const options = kind < 0 ? {} : { convertException: convertOf(kind) };
        const fused = compose(
          steps.map(([name, rq, rs]) => fromHooks<Req, Res>(hooksOf(name, rq, rs))),
          routeTo(view),
          options,
        );
        const nested = compose(
          steps.map(([name, rq, rs]): Middleware<Req, Res> => {
            const middleware = fromHooks<Req, Res>(hooksOf(name, rq, rs));
            return (getResponse) => {
              const handler = middleware(getResponse);
              return (request) => handler(request);
            };
          }),
          routeTo(view),
          options,
        );
        const scenario = JSON.stringify({ steps, kind });
        expect({ scenario, ...(await outcome(fused)) }).toEqual({
          scenario,
          ...(await outcome(nested)),
        });
      }
    },
  );

  it('stays synchronous while every hook and the view are', () => {
    const chain = compose(
      [
        fromHooks<Req, Res>(hooksOf('a', 'sync', 'sync')),
        fromHooks<Req, Res>(hooksOf('b', 'answer', 'sync')),
      ],
      routeTo(viewOf('sync')),
      { convertException: convertOf(0) },
    );
    const response = chain.handler(new Req());
    expect(response).toBeInstanceOf(Res);
    expect((response as Res).body).toBe('b answered+b+a');
  });
});
