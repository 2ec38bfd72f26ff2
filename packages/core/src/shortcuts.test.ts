import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CharField, connections, defineModel, SchemaEditor } from '@stack/orm';
import { Http404, HttpResponse } from '@stack/request';
import { NoReverseMatch, path as route, setUrlconf } from '@stack/urls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure } from './settings.js';
import {
  getListOr404,
  getObjectOr404,
  redirect,
  render,
  renderToString,
  resolveUrl,
} from './shortcuts.js';
import { TemplateResponse } from './template-response.js';
import { Client } from './test/client.js';

const templates = fileURLToPath(new URL('./internal/fixtures/templates', import.meta.url));

class Tag extends defineModel<Tag>()('shortcuts.Tag', {
  name: new CharField({ maxLength: 50 }),
}) {}

const dir = mkdtempSync(path.join(tmpdir(), 'stack-core-shortcuts-'));

async function hello(request: unknown) {
  return render(request, 'hello.html', { name: '<Ann>' });
}
async function late(request: unknown) {
  return new TemplateResponse(request, 'hello.html', { name: 'late' });
}
function detail() {
  return new HttpResponse('detail');
}
const urlpatterns = [
  route('hello/', hello),
  route('late/', late),
  route('detail/<int:id>/', detail, { name: 'detail' }),
];

beforeAll(async () => {
  configure({
    debug: true,
    allowedHosts: ['testserver'],
    rootUrlconf: urlpatterns,
    templates: [{ dirs: [templates] }],
  });
  await connections.configure({
    default: { engine: 'sqlite', name: path.join(dir, 'db.sqlite3') },
  });
  await new SchemaEditor().createModels([Tag]);
  await Tag.objects.create({ name: 'js' });
  await Tag.objects.create({ name: 'ts' });
});
afterAll(async () => {
  await connections.closeAll?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('render', () => {
  it('renders a template into a response, escaping the context', async () => {
    const response = await new Client().get('/hello/');
    expect(response.text).toContain('<p>Hello &lt;Ann&gt;!</p>');
    expect(response.text).toContain('href="/detail/7/"');
    expect(response.templates).toEqual(['hello.html']);
    expect(response.context?.name).toBe('<Ann>');
  });

  it('renders to a string', async () => {
    expect(await renderToString('hello.html', { name: 'Bo' })).toContain('Hello Bo!');
  });

  it('waits for promises in the context, with the response options', async () => {
    const response = await render(
      undefined,
      'hello.html',
      { name: Promise.resolve('Cy') },
      {
        status: 201,
      },
    );
    expect(response.status).toBe(201);
    expect(response.text).toContain('Hello Cy!');
  });

  it('reports a missing template as a rejection, never a throw', async () => {
    let returned: Promise<unknown> | undefined;
    expect(() => {
      returned = render(undefined, 'missing.html');
    }).not.toThrow();
    await expect(returned).rejects.toThrow(/missing\.html/);
    await expect(renderToString(['missing.html', 'also-missing.html'])).rejects.toThrow(
      /also-missing\.html/,
    );
  });
});

describe('TemplateResponse', () => {
  it('is rendered by the handler after processTemplateResponse hooks change it', async () => {
    const addExtra = (getResponse: (r: unknown) => unknown) =>
      Object.assign((r: unknown) => getResponse(r), {
        processTemplateResponse: (_r: unknown, response: TemplateResponse) => {
          response.contextData.extra = 'from middleware';
          return response;
        },
      });
    configure({
      debug: true,
      allowedHosts: ['testserver'],
      rootUrlconf: urlpatterns,
      templates: [{ dirs: [templates] }],
      middleware: [addExtra] as never,
    });
    const response = await new Client().get('/late/');
    expect(response.text).toContain('<i>from middleware</i>');
    expect(response.templates).toEqual(['hello.html']);
    configure({
      debug: true,
      allowedHosts: ['testserver'],
      rootUrlconf: urlpatterns,
      templates: [{ dirs: [templates] }],
    });
  });

  it('refuses to be sent before it is rendered, and renders once', async () => {
    const response = new TemplateResponse(null, 'hello.html', { name: 'x' });
    expect(() => response.toWsgi(() => undefined)).toThrow(/must be rendered/);
    let calls = 0;
    response.addPostRenderCallback(() => void calls++);
    await response.render();
    await response.render();
    expect(response.text).toContain('Hello x!');
    expect(calls).toBe(1);
  });
});

describe('redirect', () => {
  it('redirects to a URL, a view name with arguments, or an object', () => {
    // Outside a request the urlconf is the one this file set, not one a request left behind.
    setUrlconf(urlpatterns as never);
    expect(redirect('/somewhere/').get('Location')).toBe('/somewhere/');
    expect(redirect('detail', 3).get('Location')).toBe('/detail/3/');
    expect(redirect('detail', { kwargs: { id: 4 } }).get('Location')).toBe('/detail/4/');
    expect(redirect({ getAbsoluteUrl: () => '/obj/' }).get('Location')).toBe('/obj/');
    expect(redirect('https://example.com/x').get('Location')).toBe('https://example.com/x');
  });

  it('is 302 by default, 301 when permanent, 307/308 when preserving the request', () => {
    expect(redirect('/a/').status).toBe(302);
    expect(redirect('/a/', { permanent: true }).status).toBe(301);
    expect(redirect('/a/', { preserveRequest: true }).status).toBe(307);
    expect(redirect('/a/', { permanent: true, preserveRequest: true }).status).toBe(308);
  });

  it('throws NoReverseMatch for an unknown name that is not a URL', () => {
    expect(() => resolveUrl('nonexistent')).toThrow(NoReverseMatch);
  });

  it('refuses unsafe schemes', () => {
    expect(() => redirect('javascript:alert(1)')).toThrow();
  });
});

describe('getObjectOr404 and getListOr404', () => {
  it('returns the object, or raises Http404 naming the model', async () => {
    expect((await getObjectOr404(Tag, { name: 'js' })).name).toBe('js');
    expect((await getObjectOr404(Tag.objects.filter({ name: 'ts' }), {})).name).toBe('ts');
    await expect(getObjectOr404(Tag, { name: 'go' })).rejects.toThrow(
      new Http404('No Tag matches the given query.'),
    );
  });

  it('returns the list, or raises Http404 when empty', async () => {
    expect((await getListOr404(Tag, {})).map((t) => t.name).sort()).toEqual(['js', 'ts']);
    await expect(getListOr404(Tag, { name: 'go' })).rejects.toThrow(Http404);
  });

  it('refuses something that is not a model, manager or queryset', async () => {
    await expect(getObjectOr404({} as never, {})).rejects.toThrow(
      /must be a Model, Manager, or QuerySet/,
    );
  });
});
