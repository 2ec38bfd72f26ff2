import { HttpResponse } from '@stack/request';
import { clearScriptPrefix, path, reverse } from '@stack/urls';
import { serve } from '@stack/wsgi';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { getWsgiApplication } from './handler.js';
import { configure } from './settings.js';
import { redirect } from './shortcuts.js';
import { getTemplateEngine } from './template-engine.js';
import { Client } from './test/client.js';

// Django's handler sets the script prefix from each request (get_script_name), so the paths that
// reverse(), {% url %} and redirect() build go under the mount point.
async function links() {
  const url = await getTemplateEngine().fromString("{% url 'item' 3 %}").render({});
  return new HttpResponse(`${reverse('item', { kwargs: { id: 3 } })} ${url}`);
}
const go = () => redirect('item', 4);
const item = () => new HttpResponse('item');

function settings(forceScriptName: string | null = null) {
  configure({
    secretKey: 'k-1f2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e',
    allowedHosts: ['127.0.0.1', 'testserver'],
    rootUrlconf: [
      path('links/', links),
      path('go/', go),
      path('items/<int:id>/', item, { name: 'item' }),
    ],
    templates: [{ backend: '@stack/templates', dirs: [], appDirs: false }],
    forceScriptName,
  });
}

afterEach(() => clearScriptPrefix());

describe('the script prefix', () => {
  it("is the request's SCRIPT_NAME: a site the gateway mounts under /blog links under /blog", async () => {
    settings();
    const server = serve(await getWsgiApplication(), {
      host: '127.0.0.1',
      port: 0,
      log: false,
      handleSignals: false,
      scriptName: '/blog',
    });
    const { port } = await server.listening;
    try {
      const page = await request(`http://127.0.0.1:${port}/blog/links/`);
      expect(await page.body.text()).toBe('/blog/items/3/ /blog/items/3/');
      const moved = await request(`http://127.0.0.1:${port}/blog/go/`);
      await moved.body.dump();
      expect([moved.statusCode, moved.headers.location]).toEqual([302, '/blog/items/4/']);
    } finally {
      await server.close();
    }
  });

  it('is forceScriptName when it is set, and / for a site at the root', async () => {
    settings('/forced');
    expect((await new Client().get('/links/')).text).toBe('/forced/items/3/ /forced/items/3/');
    settings();
    expect((await new Client().get('/links/')).text).toBe('/items/3/ /items/3/');
  });
});
