import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, liveServer, loadSettings, type LiveServer, setup } from '@stack/core';
import { chromium } from 'playwright-core';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const hello = fileURLToPath(new URL('../../../apps/hello/', import.meta.url));
const chromiumPath = process.env.STACK_TEST_CHROMIUM ?? '/usr/bin/chromium';

let server: LiveServer;

beforeAll(async () => {
  await loadSettings(path.join(hello, 'hello/settings.ts'));
  await setup();
  server = await liveServer();
});
const shots: string[] = [];
afterAll(() => {
  for (const dir of shots) rmSync(dir, { recursive: true, force: true });
  return server?.close();
});

describe('the hello demo app', () => {
  it('answers its home page through the test client, with the template recorded', async () => {
    const response = await new Client().get('/');
    expect(response.status).toBe(200);
    expect(response.templates).toEqual(['pages/index.html']);
    expect(response.context?.title).toBe('Hello, Stack');
    expect(response.text).toContain('<a href="/">here</a>');
    expect(response.get('X-Frame-Options')).toBe('DENY');
  });

  it('shows the technical 404 with its patterns in debug', async () => {
    const response = await new Client().get('/nope/');
    expect(response.status).toBe(404);
    expect(response.text).toContain("[namespace='pages'] <code></code> [name='index']");
  });

  it('serves the page over a real socket with the default middleware headers', async () => {
    const res = await request(`${server.url}/`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(await res.body.text()).toContain('<h1>Hello, Stack</h1>');
  });
});

describe.skipIf(!existsSync(chromiumPath) && !process.env.CI)(
  'the hello page in a real browser',
  () => {
    it('renders the heading and takes a screenshot', async () => {
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      try {
        const page = await browser.newPage();
        const response = await page.goto(`${server.url}/`);
        expect(response?.status()).toBe(200);
        expect(await page.title()).toBe('Hello, Stack');
        expect(await page.locator('h1').textContent()).toBe('Hello, Stack');
        const dir = mkdtempSync(path.join(tmpdir(), 'stack-hello-'));
        shots.push(dir);
        const file = path.join(dir, 'hello.png');
        await page.screenshot({ path: file, fullPage: true });
        expect(statSync(file).size).toBeGreaterThan(1000);
      } finally {
        await browser.close();
      }
    });
  },
);
