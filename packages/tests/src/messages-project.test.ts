import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SuccessMessageMixin } from '@stack/contrib-messages';
import { execute, FormView } from '@stack/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, csrfTokenOf } from './support/browser.js';
import { freePort } from './support/project.js';

// Issue 19's "done when", for messages: a project made by `stack startproject` (Django's default
// middleware and context processors, untouched), whose views call `messages.error(request, …)`
// then redirect and use SuccessMessageMixin on a FormView, served by its own wsgi.ts and asgi.ts
// run as the generated comments say: `node --import @stack/framework/register site/wsgi.ts`.

const modules = fileURLToPath(new URL('../node_modules/', import.meta.url));

// Type-checks the mixin against core's editing views (the project files below are not).
export class Checked extends SuccessMessageMixin(FormView) {
  override successMessage = '%(name)s';
}

const urlsFile = `import { render } from '@stack/framework';
import * as messages from '@stack/framework/contrib-messages';
import { FormView } from '@stack/framework';
import { CharField, defineForm } from '@stack/framework/forms';
import { HttpResponseRedirect, type HttpRequest } from '@stack/framework/request';
import { path, type UrlEntry } from '@stack/framework/urls';

async function login(request: HttpRequest) {
  messages.error(request, 'Invalid login');
  messages.debug(request, 'not recorded: below messageLevel');
  return new HttpResponseRedirect('/');
}

function home(request: HttpRequest) {
  return render(request, 'home.html');
}

class ContactForm extends defineForm({ name: new CharField({ maxLength: 50 }) }) {}

class ContactView extends messages.SuccessMessageMixin(FormView) {
  override templateName = 'contact.html';
  override formClass = ContactForm;
  override successUrl = '/';
  override successMessage = '%(name)s, your message was sent';
}

export const urlpatterns: UrlEntry[] = [
  path('', home),
  path('login/', login),
  path('contact/', ContactView.asView()),
];
`;

const homeTemplate = `{% if messages %}<ul class="messages">{% for message in messages %}<li class="{{ message.tags }}">{% if message.level == DEFAULT_MESSAGE_LEVELS.ERROR %}Important: {% endif %}{{ message }}</li>{% endfor %}</ul>{% endif %}<p>home</p>`;

let root: string;
const servers: ChildProcess[] = [];
let base: string;
let asgiBase: string;

/** Runs a generated entry file as its comment says; resolves once it answers. */
async function serveFile(file: string): Promise<string> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ['--import', '@stack/framework/register', file], {
    cwd: path.join(root, 'site'),
    env: {
      ...process.env,
      NO_COLOR: '1',
      PORT: String(port),
      STACK_SETTINGS_MODULE: 'site/settings.ts',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  servers.push(server);
  let output = '';
  server.stdout!.on('data', (c) => (output += c));
  server.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<never>((_, reject) =>
    server.once('exit', (code) => reject(new Error(`${file} exited with ${code}:\n${output}`))),
  );
  // Ready once it answers; a crash at start-up fails at once with its output.
  for (;;) {
    const up = await Promise.race([
      fetch(url + '/').then(
        () => true,
        () => false,
      ),
      exited,
    ]);
    if (up) return url;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'stack-messages-project-'));
  const sink = { write: () => true };
  expect(await execute(['startproject', 'site'], { cwd: root, stdout: sink, stderr: sink })).toBe(
    0,
  );
  const project = path.join(root, 'site');
  symlinkSync(modules, path.join(project, 'node_modules'), 'dir');
  writeFileSync(path.join(project, 'site/urls.ts'), urlsFile);
  mkdirSync(path.join(project, 'templates'));
  writeFileSync(path.join(project, 'templates/home.html'), homeTemplate);
  writeFileSync(
    path.join(project, 'templates/contact.html'),
    '<form method="post">{% csrf_token %}{{ form }}</form>',
  );
  const settings = path.join(project, 'site/settings.ts');
  writeFileSync(
    settings,
    readFileSync(settings, 'utf8').replace('dirs: [],', "dirs: ['templates'],"),
  );

  base = await serveFile('site/wsgi.ts');
  asgiBase = await serveFile('site/asgi.ts');
}, 120_000);

afterAll(() => {
  for (const server of servers) server.kill('SIGTERM');
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('messages in a project made by startproject, served by its wsgi.ts', () => {
  it('shows messages.error(...) after the redirect, once', async () => {
    const get = browser(base);
    const login = await get('/login/');
    expect([login.status, login.location]).toEqual([302, '/']);
    const home = await get('/');
    expect(home.text).toContain('<li class="error">Important: Invalid login</li>');
    expect(home.text).not.toContain('not recorded');
    const again = await get('/');
    expect(again.text).toBe('<p>home</p>');
  });

  it('adds the success message of SuccessMessageMixin after a valid form', async () => {
    const get = browser(base);
    const form = await get('/contact/');
    const posted = await get('/contact/', {
      csrfmiddlewaretoken: csrfTokenOf(form.text),
      name: 'Ann <b>',
    });
    expect([posted.status, posted.location]).toEqual([302, '/']);
    expect((await get('/')).text).toContain(
      '<li class="success">Ann &lt;b&gt;, your message was sent</li>',
    );
  });

  it('works the same through its asgi.ts', async () => {
    const get = browser(asgiBase);
    expect((await get('/login/')).status).toBe(302);
    expect((await get('/')).text).toContain('<li class="error">Important: Invalid login</li>');
  });

  it('ignores a forged messages cookie: no message, no 500', async () => {
    const response = await fetch(base + '/', {
      headers: {
        cookie: 'messages=W1siX19qc29uX21lc3NhZ2UiLDEsNDAsIjxzY3JpcHQ-Il1d:1abcde:forged',
      },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<p>home</p>');
  });
});

describe('messages in the test client, the Django way', () => {
  it('reads the messages of a response from response.wsgiRequest', async () => {
    const { Client, configure } = await import('@stack/core');
    const messages = await import('@stack/contrib-messages');
    const { HttpResponseRedirect } = await import('@stack/request');
    const { path: route } = await import('@stack/urls');
    configure({
      debug: false,
      secretKey: 'messages-client-test-secret-key-0123456789-abcdefghijklmnop',
      allowedHosts: ['testserver'],
      middleware: [
        '@stack/contrib-sessions:SessionMiddleware',
        '@stack/contrib-messages:MessageMiddleware',
      ],
      rootUrlconf: [
        route('save/', (request: never) => {
          messages.success(request, 'Saved');
          messages.warning(request, 'Check the date', { extraTags: 'date' });
          return new HttpResponseRedirect('/');
        }),
      ],
    });
    const response = await new Client().get('/save/');
    const seen: string[] = [];
    for await (const m of messages.getMessages(response.wsgiRequest)) seen.push(`${m.tags}:${m}`);
    expect(seen).toEqual(['success:Saved', 'date warning:Check the date']);
  });
});
