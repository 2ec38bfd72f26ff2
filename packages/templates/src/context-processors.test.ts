import { describe, expect, it } from 'vitest';
import { Engine, debugContextProcessor, requestContextProcessor } from './index.js';

describe('context processors', () => {
  const request = { path: '/x/', META: { REMOTE_ADDR: '127.0.0.1' } };

  it('run when render receives a request, under the render context', async () => {
    const engine = new Engine({
      contextProcessors: [
        requestContextProcessor,
        async () => Promise.resolve({ site: 'processor', shared: 'processor' }),
      ],
    });
    const t = engine.fromString('{{ request.path }} {{ site }} {{ shared }}');
    expect(await t.render({ shared: 'view' }, request)).toBe('/x/ processor view');
    expect(await t.render({ shared: 'view' })).toBe('  view');
  });

  it('run in order, sync and async mixed, each later one overriding the earlier', async () => {
    const calls: string[] = [];
    const engine = new Engine({
      contextProcessors: [
        () => (calls.push('a'), { a: 'a1', b: 'a1', c: 'a1' }),
        async () => (calls.push('b'), { b: 'b2', c: 'b2' }),
        () => (calls.push('c'), { c: 'c3' }),
      ],
    });
    const t = engine.fromString('{{ a }} {{ b }} {{ c }}');
    expect(await t.render({}, request)).toBe('a1 b2 c3');
    expect(calls).toEqual(['a', 'b', 'c']);
  });

  it('turn a processor error, sync or async, into a rejected render', async () => {
    const sync = new Engine({
      contextProcessors: [
        () => {
          throw new Error('sync boom');
        },
      ],
    });
    const rendering = sync.fromString('x').render({}, request);
    expect(rendering).toBeInstanceOf(Promise);
    await expect(rendering).rejects.toThrow('sync boom');
    const later = new Engine({
      contextProcessors: [
        async () => ({}),
        () => {
          throw new Error('late boom');
        },
      ],
    });
    await expect(later.fromString('x').render({}, request)).rejects.toThrow('late boom');
  });

  it('debug adds debug and sql_queries for internal addresses only', async () => {
    const processor = debugContextProcessor({
      debug: true,
      internalIps: ['127.0.0.1'],
      sqlQueries: () => ['SELECT 1'],
    });
    const engine = new Engine({ contextProcessors: [processor] });
    const t = engine.fromString('{% if debug %}{{ sql_queries|length }}{% else %}no{% endif %}');
    expect(await t.render({}, request)).toBe('1');
    expect(await t.render({}, { META: { REMOTE_ADDR: '10.0.0.1' } })).toBe('no');
    const off = new Engine({
      contextProcessors: [debugContextProcessor({ debug: false, internalIps: ['127.0.0.1'] })],
    });
    expect(await off.fromString('{{ debug|yesno }}').render({}, request)).toBe('no');
  });
});
