import { HttpResponse } from '@stack/request';
import { outbox, resetMailSettings, type EmailMessage } from '@stack/mail';
import { path, rePath } from '@stack/urls';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configure } from '../settings.js';
import type { UserSettings } from '../settings-types.js';
import { Client } from '../test/client.js';
import { reachesMailAdmins } from './admin-email.js';

async function placeOrder(): Promise<HttpResponse> {
  const lookup = new Error('row 42 is gone');
  throw new TypeError('Cannot read the basket', { cause: lookup });
}

const urlpatterns = [
  path('order/', placeOrder),
  path('fine/', () => new HttpResponse('fine')),
  path('down/', () => new HttpResponse('down for maintenance', { status: 503 })),
  path('teapot/', () => new HttpResponse('short and stout', { status: 418 })),
  path('suspicious/', async () => {
    const { SuspiciousFileOperation } = await import('@stack/request');
    throw new SuspiciousFileOperation('Attempted access to /etc/passwd denied');
  }),
  path('missing/', async () => {
    const { Http404 } = await import('@stack/request');
    throw new Http404('no such page');
  }),
];

function client(extra: UserSettings = {}) {
  configure({
    debug: false,
    secretKey: 'admin-email-test-secret-key',
    allowedHosts: ['testserver'],
    rootUrlconf: urlpatterns,
    admins: [
      ['Ann', 'ann@example.com'],
      ['Bob', 'bob@example.com'],
    ],
    serverEmail: 'errors@example.com',
    emailBackend: 'locmem',
    databases: { default: { engine: 'postgres', url: 'postgres://app:hunter2@db/shop' } },
    ...extra,
  });
  return new Client({ raiseRequestException: false });
}

beforeEach(() => {
  outbox.length = 0;
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  resetMailSettings();
});

describe('errors mailed to the admins (Django’s AdminEmailHandler)', () => {
  it('mails the report of a 500 to the admins when debug is off', async () => {
    const c = client();
    c.cookies.set('sessionid', { value: 'the-session-secret' });
    const response = await c.post('/order/?coupon=SPRING', { item: 'hat', password: 'hunter2' });
    expect(response.status).toBe(500);
    expect(response.text).not.toContain('basket');
    expect(outbox).toHaveLength(1);
    const mail = outbox[0] as EmailMessage;
    expect(mail.subject).toBe('[Stack] ERROR (EXTERNAL IP): Internal Server Error: /order/');
    expect(mail.fromEmail).toBe('errors@example.com');
    expect(mail.to).toEqual(['ann@example.com', 'bob@example.com']);
    const body = mail.body;
    expect(
      body.startsWith(
        'Internal Server Error: /order/\n\nTypeError at /order/\nCannot read the basket\n',
      ),
    ).toBe(true);
    expect(body).toContain('Request Method: POST');
    expect(body).toContain('Request URL: http://testserver/order/?coupon=SPRING');
    expect(body).toContain('Traceback (most recent call last):');
    expect(body).toMatch(
      /File ".*admin-email\.test\.ts", line \d+, in placeOrder\n {4}throw new TypeError/,
    );
    expect(body).toContain(
      'The above exception (row 42 is gone) was the direct cause of the following exception:',
    );
    expect(body).toContain('Exception Type: TypeError at /order/');
    expect(body).toContain('GET:\ncoupon = "SPRING"');
    expect(body).toContain('item = "hat"');
    expect(body).toContain('password = "********************"');
    expect(body).toContain('sessionid = "********************"');
    expect(body).not.toContain('hunter2');
    expect(body).not.toContain('the-session-secret');
    expect(body).not.toContain('admin-email-test-secret-key');
    expect(body).toMatch(/secretKey = "\*{20}"/);
    // The mail went through the real message builder without a header error.
    await expect(mail.message()).resolves.toBeDefined();
  });

  it('says "internal" for a client in internalIps', async () => {
    await client({ internalIps: ['127.0.0.1'] }).get('/order/');
    expect(outbox[0]!.subject).toBe('[Stack] ERROR (internal IP): Internal Server Error: /order/');
  });

  it('escapes a newline of the path in the subject instead of failing on it', async () => {
    const c = client({ rootUrlconf: [rePath('^[\\s\\S]*$', placeOrder)] });
    expect((await c.get('/a%0D%0ABcc:%20evil@example.com/')).status).toBe(500);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.subject).toBe(
      '[Stack] ERROR (EXTERNAL IP): Internal Server Error: /a\\r\\nBcc: evil@example.com/',
    );
    expect(outbox[0]!.to).toEqual(['ann@example.com', 'bob@example.com']);
  });

  it('mails nobody in debug, without admins, or for a 404', async () => {
    await client({ debug: true }).get('/order/');
    await client({ admins: [] }).get('/order/');
    const c = client();
    expect((await c.get('/missing/')).status).toBe(404);
    expect((await c.get('/fine/')).status).toBe(200);
    expect(outbox).toHaveLength(0);
  });

  it('still answers 500 when the mail cannot be sent', async () => {
    const c = client({
      emailBackend: 'smtp',
      emailHost: '127.0.0.1',
      emailPort: 9,
      emailTimeout: 5,
    });
    expect((await c.get('/order/')).status).toBe(500);
    expect(outbox).toHaveLength(0);
  });
});

describe('5xx responses and suspicious operations mailed to the admins (as Django 3.2)', () => {
  it('mails a 5xx response a view returned: reason and path, a report without a traceback', async () => {
    const response = await client().get('/down/?a=1');
    expect(response.status).toBe(503);
    expect(outbox).toHaveLength(1);
    const mail = outbox[0] as EmailMessage;
    expect(mail.subject).toBe('[Stack] ERROR (EXTERNAL IP): Service Unavailable: /down/');
    expect(
      mail.body.startsWith(
        'Service Unavailable: /down/\n\nReport at /down/\nService Unavailable: /down/\n',
      ),
    ).toBe(true);
    expect(mail.body).toContain('Traceback (most recent call last):\n  None');
    expect(mail.body).toContain('a = "1"');
    expect(mail.body).not.toContain('Exception Type');
  });

  it('mails an uncaught error once, not again as a 500 response', async () => {
    await client().get('/order/');
    expect(outbox.map((m) => (m as EmailMessage).subject)).toEqual([
      '[Stack] ERROR (EXTERNAL IP): Internal Server Error: /order/',
    ]);
  });

  it('mails a SuspiciousOperation (400) with its message, as django.security does', async () => {
    const response = await client().get('/suspicious/');
    expect(response.status).toBe(400);
    const mail = outbox[0] as EmailMessage;
    expect(mail.subject).toBe(
      '[Stack] ERROR (EXTERNAL IP): Attempted access to /etc/passwd denied',
    );
    expect(mail.body).toContain('Report at /suspicious/\nAttempted access to /etc/passwd denied\n');
    expect(mail.body).not.toContain('Exception Type');
  });

  it('mails a disallowed host', async () => {
    const response = await client({
      middleware: ['@stack/middleware:CommonMiddleware'],
    }).get('/fine/', undefined, { headers: { Host: 'evil.example' } });
    expect(response.status).toBe(400);
    expect((outbox[0] as EmailMessage).subject).toMatch(
      /^\[Stack\] ERROR \(EXTERNAL IP\): Invalid HTTP_HOST header: "evil.example"/,
    );
  });

  it('mails nothing for a 4xx response, nor for anything in debug', async () => {
    expect((await client().get('/teapot/')).status).toBe(418);
    expect((await client({ debug: true }).get('/down/')).status).toBe(503);
    expect((await client({ debug: true }).get('/suspicious/')).status).toBe(400);
    expect(outbox).toHaveLength(0);
  });

  it('follows the logging setting: a silenced security logger mails nothing', async () => {
    const logging = {
      loggers: { 'django.security.DisallowedHost': { handlers: ['null'], propagate: false } },
    };
    const c = client({ middleware: ['@stack/middleware:CommonMiddleware'], logging });
    await c.get('/fine/', undefined, { headers: { Host: 'evil.example' } });
    await c.get('/suspicious/');
    expect(outbox.map((m) => (m as EmailMessage).subject)).toEqual([
      '[Stack] ERROR (EXTERNAL IP): Attempted access to /etc/passwd denied',
    ]);
  });
});

describe('reachesMailAdmins', () => {
  it('walks up the dotted loggers as Python logging does', () => {
    const logging = {
      loggers: {
        django: { handlers: ['console'], propagate: false },
        'django.request': { handlers: ['mail_admins'], propagate: false },
      },
    };
    expect(reachesMailAdmins({}, 'django.security.DisallowedHost')).toBe(true);
    expect(reachesMailAdmins(logging, 'django.request')).toBe(true);
    expect(reachesMailAdmins(logging, 'django.security.SuspiciousFileOperation')).toBe(false);
    expect(reachesMailAdmins({ loggers: { __proto__: null } }, 'constructor')).toBe(true);
  });
});
