import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('../test/fixtures/lazy-ws.ts', import.meta.url));

// Records every module node resolves for an `import`.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.STACK_LAZY_LOG, result.url + '\\n');
  return result;
}`;

// An HTTP-only application never reads `ws`: the server loads it at the first handshake.
describe('ws', () => {
  it('is read at the first WebSocket handshake, not when the server starts', () => {
    const log = join(tmpdir(), `stack-asgi-lazy-${process.pid}.log`);
    writeFileSync(log, '');
    try {
      const out = execFileSync(
        process.execPath,
        [
          '--conditions=@stack/source',
          '--import',
          'tsx',
          '--import',
          `data:text/javascript,${encodeURIComponent(
            `import { register } from 'node:module'; register(${JSON.stringify(
              `data:text/javascript,${encodeURIComponent(HOOKS)}`,
            )});`,
          )}`,
          fixture,
        ],
        { encoding: 'utf8', env: { ...process.env, STACK_LAZY_LOG: log } },
      );
      expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({
        listening: false,
        http: 200,
        afterHttp: false,
        websocket: 101,
        afterWebSocket: true,
      });
    } finally {
      rmSync(log, { force: true });
    }
  }, 60_000);
});
