import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RedisChannelLayer } from '@stack/asgi';
import { getUserModel } from '@stack/contrib-auth';
import { configure } from '@stack/core';
import { connections } from '@stack/orm';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, loggedInClient, migrate } from './support/project.js';

// Issue 20's "done when": a chat page in real Chromium. Two browsers on two server processes
// (the development server and the production ASGI server) share Redis and see each other's
// messages; a logged-out or cross-origin socket is refused; shutdown closes sockets with 1001.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const stackBin = path.join(root, 'packages/framework/bin/stack.js');
const chromiumPath = process.env.STACK_TEST_CHROMIUM ?? '/usr/bin/chromium';
const redisUrl = process.env.STACK_TEST_REDIS_URL;
const ready = Boolean(redisUrl) && existsSync(chromiumPath);

const SECRET = 'chat-e2e-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123';
const PREFIX = `stack-chat-e2e-${process.pid}`;

const SETTINGS = `export default {
  debug: false,
  secretKey: ${JSON.stringify(SECRET)},
  allowedHosts: ['127.0.0.1'],
  installedApps: ['@stack/contrib-auth', '@stack/contrib-sessions'],
  databases: { default: { engine: 'sqlite', name: 'db.sqlite3' } },
  middleware: [
    '@stack/middleware:SecurityMiddleware',
    '@stack/contrib-sessions:SessionMiddleware',
    '@stack/middleware:CommonMiddleware',
    '@stack/middleware:CsrfViewMiddleware',
    '@stack/contrib-auth:AuthenticationMiddleware',
  ],
  rootUrlconf: './chatsite/urls.ts',
  asgiApplication: './chatsite/asgi.ts:application',
  sessionEngine: 'db',
  channelLayers: {
    default: { backend: 'redis', config: { url: process.env.CHAT_REDIS_URL, prefix: process.env.CHAT_PREFIX } },
  },
};
`;

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Chat</title></head>
<body>
<ul id="log"></ul>
<input id="message"><button id="send">Send</button>
<script>
  window.chatEvents = [];
  const socket = new WebSocket('ws://' + location.host + '/ws/chat/lobby/');
  socket.onopen = () => chatEvents.push('open');
  socket.onclose = (event) => chatEvents.push('close ' + event.code);
  socket.onmessage = (event) => {
    const data = JSON.parse(event.data);
    const item = document.createElement('li');
    item.textContent = data.user + ': ' + data.text;
    document.getElementById('log').append(item);
  };
  document.getElementById('send').onclick = () => {
    const input = document.getElementById('message');
    socket.send(JSON.stringify({ text: input.value }));
    input.value = '';
  };
</script>
</body></html>`;

const URLS = `import { HttpResponse } from '@stack/framework/request';
import { path } from '@stack/framework/urls';

const page = ${JSON.stringify(PAGE)};
export const urlpatterns = [path('chat/', () => new HttpResponse(page))];
`;

const CONSUMERS = `import { JsonWebsocketConsumer, type ChannelMessage } from '@stack/framework/asgi';

export class ChatConsumer extends JsonWebsocketConsumer {
  room = '';
  username = '';

  override async connect() {
    const user = await (this.scope.user as PromiseLike<{ isAuthenticated: boolean; username: string }>);
    if (!user.isAuthenticated) {
      console.log('chat: refused an anonymous user');
      return this.close();
    }
    this.username = user.username;
    this.room = 'chat_' + String((this.scope.url_route as { kwargs: { room: string } }).kwargs.room);
    await this.channelLayer!.groupAdd(this.room, this.channelName);
    await this.accept();
  }

  override async receiveJson(content: unknown) {
    const text = String((content as { text?: unknown }).text ?? '').slice(0, 500);
    await this.channelLayer!.groupSend(this.room, { type: 'chat.message', text, user: this.username });
  }

  async chatMessage(event: ChannelMessage) {
    await this.sendJson({ text: event.text, user: event.user });
  }

  override async disconnect() {
    if (this.room) await this.channelLayer!.groupDiscard(this.room, this.channelName);
  }
}
`;

const ASGI = `import { AllowedHostsOriginValidator, AuthMiddlewareStack, getAsgiApplication, URLRouter } from '@stack/framework';
import { ProtocolTypeRouter, serve } from '@stack/framework/asgi';
import { path } from '@stack/framework/urls';
import { ChatConsumer } from './consumers.ts';

export const application = ProtocolTypeRouter({
  http: await getAsgiApplication(),
  websocket: AllowedHostsOriginValidator(
    AuthMiddlewareStack(URLRouter([path('ws/chat/<slug:room>/', ChatConsumer.asAsgi())])),
  ),
});

if (import.meta.url === \`file://\${process.argv[1]}\`) {
  serve(application, { host: '127.0.0.1', port: Number(process.env.PORT), log: false });
}
`;

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function startProcess(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  readyText: string,
): Promise<Running> {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  for (let i = 0; i < 600 && !output.includes(readyText); i++) {
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!output.includes(readyText)) throw new Error(`the server did not start:\n${output}`);
  return { child, output: () => output, exited };
}

/** Waits until the page shows `expected` (page code as strings: it runs in the browser). */
async function waitForLines(page: Page, expected: string[]): Promise<void> {
  const shown = "[...document.querySelectorAll('#log li')].map((li) => li.textContent)";
  await page.waitForFunction(
    `${JSON.stringify(expected)}.every((line) => ${shown}.includes(line))`,
    undefined,
    {
      timeout: 30_000,
    },
  );
}

async function waitForEvent(page: Page, event: string): Promise<void> {
  await page.waitForFunction(`window.chatEvents.includes(${JSON.stringify(event)})`, undefined, {
    timeout: 30_000,
  });
}

const events = (page: Page) => page.evaluate<string[]>('window.chatEvents');

describe.skipIf(!ready && !process.env.CI)(
  'a chat page in real Chromium over two server processes sharing Redis',
  () => {
    let dir: string;
    let browser: Browser;
    let dev: Running;
    let prod: Running;
    let devOrigin: string;
    let prodOrigin: string;
    let elsewhere: Server;
    let elsewhereOrigin: string;
    const cookies: Record<string, string> = {};

    beforeAll(async () => {
      if (!redisUrl)
        throw new Error(
          'STACK_TEST_REDIS_URL is not set: Redis is required (scripts/services.sh starts one)',
        );
      if (!existsSync(chromiumPath))
        throw new Error(`Chromium not found at ${chromiumPath} (set STACK_TEST_CHROMIUM)`);
      dir = mkdtempSync(path.join(tmpdir(), 'stack-chat-e2e-'));
      mkdirSync(path.join(dir, 'node_modules'));
      symlinkSync(
        path.join(root, 'packages/tests/node_modules/@stack'),
        path.join(dir, 'node_modules/@stack'),
        'dir',
      );
      symlinkSync(path.join(root, 'node_modules/tsx'), path.join(dir, 'node_modules/tsx'), 'dir');
      writeFileSync(
        path.join(dir, 'package.json'),
        JSON.stringify({ type: 'module', stack: { settings: 'chatsite/settings.ts' } }),
      );
      mkdirSync(path.join(dir, 'chatsite'));
      writeFileSync(path.join(dir, 'chatsite/settings.ts'), SETTINGS);
      writeFileSync(path.join(dir, 'chatsite/urls.ts'), URLS);
      writeFileSync(path.join(dir, 'chatsite/consumers.ts'), CONSUMERS);
      writeFileSync(path.join(dir, 'chatsite/asgi.ts'), ASGI);

      // The database and two logged-in users, made here with the same settings the servers use.
      configure({
        debug: false,
        baseDir: dir,
        secretKey: SECRET,
        allowedHosts: ['127.0.0.1', 'testserver'],
        installedApps: ['@stack/contrib-auth', '@stack/contrib-sessions'],
        databases: { default: { engine: 'sqlite', name: path.join(dir, 'db.sqlite3') } },
        middleware: [
          '@stack/contrib-sessions:SessionMiddleware',
          '@stack/contrib-auth:AuthenticationMiddleware',
        ],
        rootUrlconf: [],
        sessionEngine: 'db',
      });
      await migrate(dir);
      for (const name of ['ann', 'bob']) {
        await getUserModel().objects.createUser(
          name,
          `${name}@example.com`,
          `${name}-long-pass-phrase`,
        );
        const client = await loggedInClient(name, `${name}-long-pass-phrase`);
        cookies[name] = client.cookies.get('sessionid')!.value;
      }
      await connections.closeAll();

      const env = {
        CHAT_REDIS_URL: redisUrl,
        CHAT_PREFIX: PREFIX,
        STACK_SETTINGS_MODULE: 'chatsite/settings.ts',
      };
      const [devPort, prodPort] = [await freePort(), await freePort()];
      devOrigin = `http://127.0.0.1:${devPort}`;
      prodOrigin = `http://127.0.0.1:${prodPort}`;
      [dev, prod] = await Promise.all([
        startProcess(
          [stackBin, 'runserver', `127.0.0.1:${devPort}`, '--noreload', '--skip-checks'],
          dir,
          env,
          'Starting development server',
        ),
        startProcess(
          ['--conditions=@stack/source', '--import', 'tsx', 'chatsite/asgi.ts'],
          dir,
          { ...env, PORT: String(prodPort) },
          '',
        ),
      ]);
      // The production entry prints nothing: it is up once it answers.
      for (let i = 0; i < 600; i++) {
        const up = await fetch(`${prodOrigin}/chat/`).then(
          (r) => r.ok,
          () => false,
        );
        if (up) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      // A page on another origin (localhost is not in allowedHosts) that tries to open the socket.
      elsewhere = createHttpServer((_req, res) => {
        res.setHeader('Content-Type', 'text/html');
        res.end(
          PAGE.replace("'ws://' + location.host", JSON.stringify(`ws://127.0.0.1:${prodPort}`)),
        );
      });
      await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
      elsewhereOrigin = `http://localhost:${(elsewhere.address() as { port: number }).port}`;

      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => (elsewhere ? elsewhere.close(resolve) : resolve(undefined)));
      for (const running of [dev, prod]) {
        if (running?.child.exitCode === null) {
          running.child.kill('SIGKILL');
          await running.exited;
        }
      }
      if (redisUrl) {
        const layer = new RedisChannelLayer({ url: redisUrl, prefix: PREFIX });
        await layer.flush();
        await layer.close();
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    async function openChat(origin: string, user?: string): Promise<Page> {
      const context = await browser.newContext();
      if (user)
        await context.addCookies([
          { name: 'sessionid', value: cookies[user]!, domain: '127.0.0.1', path: '/' },
        ]);
      const page = await context.newPage();
      await page.goto(`${origin}/chat/`);
      return page;
    }

    it('relays messages between browsers on two processes, refuses strangers, and closes with 1001', async () => {
      const ann = await openChat(devOrigin, 'ann');
      const bob = await openChat(prodOrigin, 'bob');
      await waitForEvent(ann, 'open');
      await waitForEvent(bob, 'open');

      await ann.fill('#message', 'hello from the dev server');
      await ann.click('#send');
      await bob.fill('#message', 'hello from production');
      await bob.click('#send');
      const both = ['ann: hello from the dev server', 'bob: hello from production'];
      await waitForLines(ann, both);
      await waitForLines(bob, both);

      // Logged out: the handshake is refused, the socket never opens.
      const stranger = await openChat(prodOrigin);
      await waitForEvent(stranger, 'close 1006');
      expect(await events(stranger)).toEqual(['close 1006']);
      const refusals = () => prod.output().split('chat: refused an anonymous user').length - 1;
      expect(refusals()).toBe(1);

      // Cross-origin: a page on localhost opening a socket to the chat is refused, cookie or not.
      const context = await browser.newContext();
      await context.addCookies([
        { name: 'sessionid', value: cookies.ann!, domain: '127.0.0.1', path: '/' },
      ]);
      const crossSite = await context.newPage();
      await crossSite.goto(`${elsewhereOrigin}/`);
      await waitForEvent(crossSite, 'close 1006');
      expect(await events(crossSite)).toEqual(['close 1006']);
      // Refused by the origin check, before the consumer saw it (no second "anonymous" refusal).
      expect(refusals()).toBe(1);

      // Shutdown: SIGTERM to each server; every open socket gets a clean close frame, 1001.
      prod.child.kill('SIGTERM');
      await waitForEvent(bob, 'close 1001');
      expect(await prod.exited).toBe(0);
      dev.child.kill('SIGTERM');
      await waitForEvent(ann, 'close 1001');
      expect(await dev.exited).toBe(0);
      expect(await events(ann)).toEqual(['open', 'close 1001']);
      expect(await events(bob)).toEqual(['open', 'close 1001']);
    }, 120_000);
  },
);
