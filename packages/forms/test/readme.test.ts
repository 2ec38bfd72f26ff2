import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the README's example as it is written: the code block, saved as a module, imported.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = /## Example[^\n]*\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
const dir = mkdtempSync(join(tmpdir(), 'stack-forms-readme-'));
let server: Server;
let base: string;

beforeAll(async () => {
  const file = join(dir, 'example.ts');
  const entry = new URL('../src/index.ts', import.meta.url).pathname;
  writeFileSync(file, example.replace("from '@stack/forms'", `from '${entry}'`));
  ({ server } = (await import(file)) as { server: Server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('the README example', () => {
  it('is at most 20 lines', () => {
    expect(example.trim().split('\n').length).toBeLessThanOrEqual(20);
  });

  it('validates a query string', async () => {
    const response = await request(`${base}/?name=Ann&email=ann@example.com&age=30`);
    expect(response.statusCode).toBe(200);
    expect(await response.body.text()).toBe('{"name":"Ann","email":"ann@example.com","age":30}');
  });

  it('validates a JSON body and answers 400 with the errors', async () => {
    const response = await request(`${base}/`, {
      method: 'POST',
      body: JSON.stringify({ name: '', email: 'nope' }),
    });
    expect(response.statusCode).toBe(400);
    expect(await response.body.text()).toBe(
      '{"name": [{"message": "This field is required.", "code": "required"}], "email": [{"message": "Enter a valid email address.", "code": "invalid"}]}',
    );
  });

  it('answers 400 to a body that is not JSON', async () => {
    const response = await request(`${base}/`, { method: 'POST', body: '{"name": ' });
    expect(response.statusCode).toBe(400);
  });

  it('treats a hostile JSON body as invalid data', async () => {
    const response = await request(`${base}/`, {
      method: 'POST',
      body: '{"__proto__": {"admin": true}, "name": ["x"], "email": {"toString": 1}}',
    });
    expect(response.statusCode).toBe(400);
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
  });
});
