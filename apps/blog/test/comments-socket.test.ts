import { Client } from '@stack/framework';
import { serve } from '@stack/framework/asgi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_COMMENT_LENGTH } from '../blog/consumers.ts';
import { Comment, Post } from '../blog/models.ts';
import { openBlog, type BlogDatabase } from './support.ts';

// The live comments' consumer over a real socket: what it accepts, what it refuses, and that a
// bad message is answered, never a crash.

let blog: BlogDatabase;
let server: ReturnType<typeof serve>;
let origin: string;
let cookie: string;

beforeAll(async () => {
  blog = await openBlog();
  const { application } = await import('../mysite/asgi.ts');
  server = serve(application, { host: '127.0.0.1', port: 0, handleSignals: false, log: false });
  origin = `http://127.0.0.1:${(await server.listening).port}`;
  const client = new Client();
  expect(await client.login({ username: 'ann', password: 'ann-blog-demo' })).toBe(true);
  cookie = `sessionid=${client.cookies.get('sessionid')!.value}`;
});
afterAll(async () => {
  await server?.close();
  await blog?.close();
});

interface Socket {
  ws: WebSocket;
  messages: unknown[];
  closed: Promise<number>;
  next(): Promise<unknown>;
}

function open(slug: string, loggedIn: boolean): Promise<Socket> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws/post/${slug}/comments/`, {
    headers: { Origin: origin, ...(loggedIn && { Cookie: cookie }) },
  });
  const messages: unknown[] = [];
  const waiting: ((m: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data));
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else messages.push(message);
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const next = () =>
    messages.length > 0
      ? Promise.resolve(messages.shift())
      : new Promise<unknown>((resolve) => waiting.push(resolve));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages, closed, next }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const slug = 'going-deeper-into-forms';

describe('the live comments socket', () => {
  it('refuses a post that does not exist or is a draft', async () => {
    await expect(open('no-such-post', false)).rejects.toThrow('HTTP 403');
    const draft = await Post.objects.filter({ published: false }).first();
    await expect(open(draft!.slug, true)).rejects.toThrow('HTTP 403');
  });

  it('lets an anonymous reader listen but not write', async () => {
    const before = await Comment.objects.count();
    const socket = await open(slug, false);
    socket.ws.send(JSON.stringify({ content: 'from nobody' }));
    expect(await socket.next()).toEqual({ error: 'Log in to comment.' });
    expect(await Comment.objects.count()).toBe(before);
    socket.ws.close();
  });

  it('answers empty, oversized and malformed comments with an error and saves nothing', async () => {
    const before = await Comment.objects.count();
    const socket = await open(slug, true);
    for (const bad of [
      {},
      { content: '   ' },
      { content: 42 },
      { content: 'x'.repeat(MAX_COMMENT_LENGTH + 1) },
      JSON.parse('{"__proto__": {"content": "polluted"}}'),
      null,
      ['content'],
    ]) {
      socket.ws.send(JSON.stringify(bad));
      expect(await socket.next()).toHaveProperty('error');
    }
    expect(({} as { content?: unknown }).content).toBeUndefined();
    expect(await Comment.objects.count()).toBe(before);
    socket.ws.send('not json');
    expect(await socket.closed).toBe(1007);
  });

  it('saves a logged-in reader’s comment and sends it to every reader of the post', async () => {
    const writer = await open(slug, true);
    const reader = await open(slug, false);
    const elsewhere = await open('a-first-look-at-forms', false);
    writer.ws.send(JSON.stringify({ content: '  Nice post!  ' }));
    for (const socket of [writer, reader])
      expect(await socket.next()).toMatchObject({ author: 'ann', content: 'Nice post!' });
    const saved = await Comment.objects.filter({ post__slug: slug }).orderBy('-id').first();
    expect(saved).toMatchObject({ content: 'Nice post!', approved: true });
    expect(elsewhere.messages).toEqual([]);
    for (const socket of [writer, reader, elsewhere]) socket.ws.close();
  });

  it('evicts the cached page of the post, so the next reader sees the comment', async () => {
    const page = () => fetch(`${origin}/post/${slug}/`).then((r) => r.text());
    await page();
    const writer = await open(slug, true);
    writer.ws.send(JSON.stringify({ content: 'Not stuck behind the page cache' }));
    await writer.next();
    expect(await page()).toContain('Not stuck behind the page cache');
    writer.ws.close();
  });
});
