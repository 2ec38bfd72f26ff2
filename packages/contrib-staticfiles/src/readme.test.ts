import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AppDirectoriesFinder,
  collectstatic,
  FileSystemFinder,
  ManifestStaticFilesStorage,
  nginxConfig,
  setStaticfilesStorage,
  static as staticUrl,
} from './index.js';

let baseDir: string;
beforeEach(() => {
  baseDir = mkdtempSync(path.join(tmpdir(), 'stack-readme-'));
  for (const [name, text] of [
    ['static/site.css', 'body {}'],
    ['node_modules/htmx.org/dist/htmx.min.js', 'htmx'],
    ['polls/static/polls/style.css', 'li { color: green; }\n'],
  ]) {
    mkdirSync(path.dirname(path.join(baseDir, name as string)), { recursive: true });
    writeFileSync(path.join(baseDir, name as string), text as string);
  }
});
afterEach(() => {
  setStaticfilesStorage(null);
  rmSync(baseDir, { recursive: true, force: true });
});

describe('the README example', () => {
  it('collects with hashed names and gives the hashed URL', async () => {
    const finders = [
      new FileSystemFinder([
        `${baseDir}/static`,
        ['vendor', `${baseDir}/node_modules/htmx.org/dist`],
      ]),
      new AppDirectoriesFinder([{ name: 'polls', path: `${baseDir}/polls` }]),
    ];
    const storage = new ManifestStaticFilesStorage({
      location: `${baseDir}/collected`,
      baseUrl: '/static/',
    });
    const out: string[] = [];
    await collectstatic({
      finders,
      storage,
      interactive: false,
      stdout: { write: (t) => out.push(t) },
    });
    expect(out.join('')).toContain(
      `3 static files copied to '${baseDir}/collected', 3 post-processed.`,
    );
    expect(storage.url('polls/style.css')).toBe('/static/polls/style.ac65402e2ce1.css');
    expect(staticUrl('polls/style.css')).toBe('/static/polls/style.css');
    setStaticfilesStorage(storage);
    expect(staticUrl('polls/style.css')).toBe('/static/polls/style.ac65402e2ce1.css');
  });
});

describe('the README on nginx', () => {
  it('serves static and media from disk and proxies the rest with the forwarded headers', () => {
    const conf = nginxConfig({
      upstream: '127.0.0.1:8000',
      serverName: 'example.com',
      staticUrl: '/static/',
      staticRoot: '/srv/site/collected',
      mediaUrl: '/media/',
      mediaRoot: '/srv/site/media',
      clientMaxBodySize: '2m',
    });
    expect(conf).toContain(
      'location /static/ {\n        alias /srv/site/collected/;\n        gzip_static on;',
    );
    expect(conf).toContain('add_header Cache-Control "public, max-age=315360000, immutable";');
    expect(conf).toContain('location /media/ {\n        alias /srv/site/media/;');
    expect(conf).toContain('client_max_body_size 2m;');
    for (const header of [
      'Host $host',
      'X-Forwarded-For $proxy_add_x_forwarded_for',
      'X-Forwarded-Proto $scheme',
    ])
      expect(conf).toContain(`proxy_set_header ${header};`);
    expect(
      nginxConfig({
        upstream: 'unix:/run/s.sock',
        staticUrl: 'https://cdn.example/',
        staticRoot: '/x',
      }),
    ).not.toContain('alias');
  });
});
