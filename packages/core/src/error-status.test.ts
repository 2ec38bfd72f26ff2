import { connect } from 'node:net';
import { CharField, connections, defineModel, FieldError, SchemaEditor } from '@stack/orm';
import { errorStatus, HttpResponse } from '@stack/request';
import { path } from '@stack/urls';
import { serve } from '@stack/wsgi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDirs } from '../test/temp-dirs.js';
import { getWsgiApplication } from './handler.js';
import { configure } from './settings.js';
import { Client } from './test/client.js';

// The one rule for which errors choose a status (errorStatus), as the handler applies it to
// every layer's errors: the ORM's here, on a real SQLite file, and a client that disconnects.

class Book extends defineModel<Book>()('errorstatus.Book', {
  title: new CharField({ maxLength: 50 }),
}) {}

const tempDir = tempDirs('stack-error-status-');
const lines: string[] = [];
const errors: unknown[] = [];
const log = (line: string, error?: unknown) => {
  lines.push(line);
  if (error !== undefined) errors.push(error);
};

async function books(request: any) {
  // What a hurried view does: the user's ?o= straight into orderBy().
  const list = await Book.objects.orderBy(request.GET.get('o') ?? 'title').valuesList('title', {
    flat: true,
  });
  return new HttpResponse(list.join(','));
}
async function book(_request: unknown, kwargs: { id: number }) {
  return new HttpResponse((await Book.objects.get({ id: kwargs.id })).title);
}
async function echo(request: any) {
  return new HttpResponse(String(request.POST.get('a')));
}
function throwing(value: unknown) {
  return async () => {
    throw value;
  };
}

const urlpatterns = [
  path('books/', books),
  path('books/<int:id>/', book),
  path('echo/', echo),
  path('teapot/', throwing(Object.assign(new Error('short and stout'), { status: 418 }))),
  path('ok-status/', throwing(Object.assign(new Error('odd'), { status: 200 }))),
  path('text-status/', throwing(Object.assign(new Error('odd'), { status: '404' }))),
  path('not-an-error/', throwing({ status: 404, message: 'a plain object' })),
];

beforeAll(async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  configure({
    debug: false,
    secretKey: 'k'.repeat(50),
    allowedHosts: ['testserver', '127.0.0.1'],
    rootUrlconf: urlpatterns,
  });
  await connections.configure({
    default: { engine: 'sqlite', name: `${tempDir()}/db.sqlite3` },
  });
  await new SchemaEditor().createModels([Book]);
  await Book.objects.create({ title: 'b' });
  await Book.objects.create({ title: 'a' });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await connections.closeAll();
});

describe('errorStatus', () => {
  it('is the status of an Error whose status is an integer from 400 to 599, else undefined', () => {
    expect(errorStatus(Object.assign(new Error('x'), { status: 404 }))).toBe(404);
    expect(errorStatus(Object.assign(new Error('x'), { status: 599 }))).toBe(599);
    expect(errorStatus(Object.assign(new Error('x'), { status: 399 }))).toBeUndefined();
    expect(errorStatus(Object.assign(new Error('x'), { status: 600 }))).toBeUndefined();
    expect(errorStatus(Object.assign(new Error('x'), { status: 404.5 }))).toBeUndefined();
    expect(errorStatus(Object.assign(new Error('x'), { status: '404' }))).toBeUndefined();
    expect(errorStatus({ status: 404 })).toBeUndefined();
    expect(errorStatus(new FieldError('x'))).toBe(400);
    expect(errorStatus(new Book.DoesNotExist('x'))).toBe(404);
  });
});

describe('the handler applies it to every layer', () => {
  const client = () => new Client({ raiseRequestException: false });

  it("answers a user's unknown ?o= for orderBy() with 400, not 500", async () => {
    lines.length = errors.length = 0;
    expect((await client().get('/books/')).text).toBe('a,b');
    expect((await client().get('/books/?o=-title')).text).toBe('b,a');
    for (const hostile of ['nope', '__proto__', 'constructor', 'title;drop table x', 'a__b__c']) {
      const response = await client().get('/books/', { o: hostile });
      expect([hostile, response.status]).toEqual([hostile, 400]);
      expect(response.text).toContain('Bad Request (400)');
    }
    expect(lines.every((line) => line.startsWith('Bad Request (FieldError): /books/'))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('answers an uncaught DoesNotExist with 404', async () => {
    expect((await client().get('/books/1/')).status).toBe(200);
    expect((await client().get('/books/999/')).status).toBe(404);
  });

  it('honours the status of an error of your own, and only a 400-599 integer on an Error', async () => {
    expect((await client().get('/teapot/')).status).toBe(418);
    expect((await client().get('/ok-status/')).status).toBe(500);
    expect((await client().get('/text-status/')).status).toBe(500);
    expect((await client().get('/not-an-error/')).status).toBe(500);
  });
});

describe('a client that disconnects in the middle of a body', () => {
  it.each([
    ['urlencoded', 'application/x-www-form-urlencoded', 'a=1&b='],
    ['JSON', 'application/json', '{"a":'],
  ])(
    'is logged as one UnreadablePostError line, not an Internal Server Error (%s)',
    async (_what, type, part) => {
      lines.length = errors.length = 0;
      const app = await getWsgiApplication({ log });
      let answered!: () => void;
      const done = new Promise<void>((resolve) => (answered = resolve));
      let reached!: () => void;
      const called = new Promise<void>((resolve) => (reached = resolve));
      const server = serve(
        async (environ, startResponse) => {
          reached();
          try {
            return await app(environ, startResponse);
          } finally {
            answered();
          }
        },
        { port: 0, log: false, handleSignals: false },
      );
      const { port } = await server.listening;
      try {
        const socket = connect(port!, '127.0.0.1');
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
        socket.write(
          `POST /echo/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\n` +
            `Content-Length: 100\r\n\r\n${part}`,
        );
        // Once the application has the request (and reads its body), go away mid-body.
        await called;
        socket.destroy();
        await done;
      } finally {
        await server.close();
      }
      expect(lines).toEqual([
        expect.stringMatching(
          /^Bad Request \(UnreadablePostError\): \/echo\/: The client disconnected before sending the whole request body/,
        ),
      ]);
      expect(errors).toEqual([]);
    },
  );
});
