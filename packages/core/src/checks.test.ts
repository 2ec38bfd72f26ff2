import { describe, expect, it } from 'vitest';
import { CheckLevel, checkError, formatCheckMessages, registerCheck, runChecks } from './checks.js';
import { resolveSettings } from './settings.js';

const strongKey = 'k'.repeat(20) + 'abcdefghij0123456789ABCDEFGHIJKLMNOP';

function ids(messages: { id: string }[]): string[] {
  return messages.map((m) => m.id);
}

describe('runChecks', () => {
  it('finds nothing wrong with a debug project', async () => {
    expect(await runChecks(resolveSettings({ debug: true }))).toEqual([]);
  });

  it('refuses a weak secret key and empty allowedHosts when debug is off', async () => {
    const found = await runChecks(resolveSettings({ debug: false, secretKey: 'short' }));
    expect(ids(found)).toEqual(['security.E009', 'security.E020']);
    expect(found.every((m) => m.level === CheckLevel.ERROR)).toBe(true);
  });

  it('refuses the generated development key in production', async () => {
    const key = 'stack-insecure-' + 'abcdefghijklmnopqrstuvwxyz0123456789abcdefghij';
    const found = await runChecks(resolveSettings({ secretKey: key, allowedHosts: ['x.test'] }));
    expect(ids(found)).toEqual(['security.E009']);
  });

  it('accepts a real key and hosts when debug is off', async () => {
    expect(
      await runChecks(resolveSettings({ secretKey: strongKey, allowedHosts: ['x.test'] })),
    ).toEqual([]);
  });

  it('flags unknown settings and suggests the camelCase name for a Django spelling', async () => {
    const found = await runChecks(
      resolveSettings({ debug: true, ALLOWED_HOSTS: [], colour: 1 } as never),
    );
    expect(ids(found)).toEqual(['settings.W001', 'settings.W001']);
    expect(found[0]!.hint).toContain('"allowedHosts"');
    expect(found[1]!.obj).toBe('colour');
  });

  it('requires SessionMiddleware before AuthenticationMiddleware', async () => {
    const found = await runChecks(
      resolveSettings({
        debug: true,
        middleware: [
          '@stack/contrib-auth:AuthenticationMiddleware',
          '@stack/contrib-sessions:SessionMiddleware',
          '@stack/middleware:CsrfViewMiddleware',
        ],
      }),
    );
    expect(ids(found)).toEqual(['middleware.E001']);
  });

  it('requires SessionMiddleware before MessageMiddleware, unless messages live in the cookie', async () => {
    const middleware = [
      '@stack/contrib-messages:MessageMiddleware',
      '@stack/contrib-sessions:SessionMiddleware',
      '@stack/middleware:CsrfViewMiddleware',
    ];
    const check = async (extra: object) =>
      ids(await runChecks(resolveSettings({ debug: true, middleware, ...extra })));
    expect(await check({})).toEqual(['messages.E001']);
    expect(await check({ messageStorage: '@stack/contrib-messages:SessionStorage' })).toEqual([
      'messages.E001',
    ]);
    expect(await check({ messageStorage: 'CookieStorage' })).toEqual([]);
    expect(await check({ messageStorage: 'myapp.Storage' })).toEqual([
      'messages.E002',
      'messages.E001',
    ]);
  });

  it('warns when CSRF protection is missing from a non-empty chain', async () => {
    const found = await runChecks(
      resolveSettings({ debug: true, middleware: [function timing() {}] as never }),
    );
    expect(ids(found)).toEqual(['security.W003']);
  });

  it("refuses a middleware name that is not 'module:Export'", async () => {
    const found = await runChecks(
      resolveSettings({
        debug: true,
        middleware: ['@stack/middleware:CsrfViewMiddleware', 'nonsense'],
      }),
    );
    expect(ids(found)).toEqual(['middleware.E003']);
  });

  it('refuses appDirs together with explicit loaders, and an app installed twice', async () => {
    const found = await runChecks(
      resolveSettings({
        debug: true,
        templates: [{ appDirs: true, options: { loaders: [] } }],
        installedApps: ['./blog', './blog'],
      }),
    );
    expect(ids(found)).toEqual(['templates.E001', 'apps.E001']);
  });

  it('runs the deployment checks only when asked', async () => {
    const s = resolveSettings({ debug: true });
    expect(await runChecks(s)).toEqual([]);
    expect(ids(await runChecks(s, { deploy: true }))).toEqual([
      'security.W004',
      'security.W008',
      'security.W009',
      'security.W012',
      'security.W016',
      'security.W018',
      'security.W020',
    ]);
  });

  it('runs registered checks, filters by tag, and drops silenced ids', async () => {
    const remove = registerCheck(() => [checkError('blog broken', { id: 'blog.E001' })], {
      tags: ['blog'],
    });
    try {
      const s = resolveSettings({ debug: true });
      expect(ids(await runChecks(s))).toEqual(['blog.E001']);
      expect(ids(await runChecks(s, { tags: ['security'] }))).toEqual([]);
      s.silencedSystemChecks = ['blog.E001'];
      expect(await runChecks(s)).toEqual([]);
    } finally {
      remove();
    }
  });
});

describe('formatCheckMessages', () => {
  it("prints findings grouped by level, as Django's check does", () => {
    const text = formatCheckMessages([
      checkError('bad key', { id: 'security.E009', obj: 'secretKey', hint: 'set one' }),
    ]);
    expect(text).toBe(
      'System check identified some issues:\n\nERRORS:\nsecretKey: (security.E009) bad key\n\tHINT: set one\n\nSystem check identified 1 issue.',
    );
    expect(formatCheckMessages([])).toBe('System check identified no issues (0 silenced).');
  });
});
