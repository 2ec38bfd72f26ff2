import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serve } from '@stack/framework/asgi';
import { User } from '@stack/framework/contrib-auth';
import { outbox } from '@stack/framework/mail';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Post } from '../blog/models.ts';
import { openBlog, projectDir, type BlogDatabase } from './support.ts';

// Every page and flow of the blog in real Chromium, against the project's own ASGI application
// (HTTP and WebSockets) on a loopback port, with debug off as in production. Screenshots go to
// $STACK_TEST_ARTIFACTS/screenshots/blog (default apps/blog/artifacts/), which CI keeps.

const chromiumPath = process.env.STACK_TEST_CHROMIUM ?? '/usr/bin/chromium';
const screenshots = path.join(
  process.env.STACK_TEST_ARTIFACTS ?? path.join(projectDir, 'artifacts'),
  'screenshots/blog',
);

/** What a page must have for basic accessibility: `lang`, one h1 first, no skipped heading
 * level, and a label for every visible form control. Runs in the browser, so it is a string. */
const A11Y = `(() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push('no lang on <html>');
  const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => Number(h.tagName[1]));
  if (levels[0] !== 1) problems.push('the first heading is not an h1: ' + levels.join(','));
  if (levels.filter((l) => l === 1).length !== 1) problems.push('not exactly one h1: ' + levels.join(','));
  levels.forEach((level, i) => {
    if (i > 0 && level > levels[i - 1] + 1) problems.push('heading level skipped: ' + levels.join(','));
  });
  for (const control of document.querySelectorAll('input,textarea,select')) {
    if (control.type === 'hidden') continue;
    const labelled = control.labels.length > 0 || control.getAttribute('aria-label');
    if (!labelled) problems.push('no label for ' + (control.name || control.id || control.outerHTML));
  }
  for (const button of document.querySelectorAll('button')) {
    if (!button.textContent.trim() && !button.getAttribute('aria-label')) problems.push('a button without a name');
  }
  return problems;
})()`;

/** A 1×1 PNG, the featured image the post form uploads. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function checkPage(page: Page, name: string): Promise<void> {
  expect(await page.evaluate<string[]>(A11Y), `accessibility of ${name}`).toEqual([]);
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

async function logIn(context: BrowserContext, base: string, username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/accounts/login/?next=/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(`${username}-blog-demo`);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${base}/`);
  return page;
}

describe.skipIf(!existsSync(chromiumPath) && !process.env.CI)('the blog in real Chromium', () => {
  let blog: BlogDatabase;
  let browser: Browser;
  let server: ReturnType<typeof serve>;
  let base: string;

  beforeAll(async () => {
    if (!existsSync(chromiumPath))
      throw new Error(`Chromium not found at ${chromiumPath} (set STACK_TEST_CHROMIUM)`);
    mkdirSync(screenshots, { recursive: true });
    blog = await openBlog({
      STACK_DEBUG: '0',
      STACK_ALLOWED_HOSTS: '127.0.0.1,testserver',
      STACK_EMAIL_BACKEND: 'locmem',
    });
    const { application } = await import('../mysite/asgi.ts');
    server = serve(application, { host: '127.0.0.1', port: 0, handleSignals: false, log: false });
    base = `http://127.0.0.1:${(await server.listening).port}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await blog?.close();
  });

  it('lists the newest posts, ten a page, and pages through them', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    expect(await page.title()).toBe('Latest posts · My Blog');
    await expect.poll(() => page.locator('article.post-summary').count()).toBe(10);
    expect(await page.locator('article h2').first().textContent()).toBe(
      'Going deeper into security headers',
    );
    await checkPage(page, 'list');
    await page.getByRole('link', { name: 'Next' }).click();
    await page.waitForURL(`${base}/?page=2`);
    expect(await page.locator('.pagination .current').textContent()).toBe('Page 2 of 3');
    await page.getByRole('link', { name: 'Next' }).click();
    expect(await page.locator('article.post-summary').count()).toBe(10);
    expect(await page.getByRole('link', { name: 'Next' }).count()).toBe(0);
    await checkPage(page, 'list-page-3');
    await page.close();
  });

  it('searches, and filters by category', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('Search posts').fill('migrations');
    await page.getByLabel('Search posts').press('Enter');
    await page.waitForURL(/\?q=migrations/);
    const titles = await page.locator('article h2').allTextContents();
    expect(titles.sort()).toEqual(['A first look at migrations', 'Going deeper into migrations']);
    expect(await page.locator('h1').textContent()).toBe('Posts matching “migrations”');
    await checkPage(page, 'search');

    await page.getByRole('navigation', { name: 'Categories' }).getByText('Databases').click();
    await page.waitForURL(/\?category=databases/);
    const metas = await page.locator('article .meta').allTextContents();
    expect(metas.length).toBeGreaterThan(0);
    for (const meta of metas) expect(meta).toContain('Databases');
    await checkPage(page, 'category');
    await page.close();
  });

  it('shows a post, and the custom 404 page for a missing one', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.locator('article h2 a').first().click();
    await page.waitForURL(`${base}/post/going-deeper-into-security-headers/`);
    expect(await page.locator('h1').textContent()).toBe('Going deeper into security headers');
    expect(await page.getByRole('heading', { name: 'Related posts' }).count()).toBe(1);
    await checkPage(page, 'detail');

    const missing = await page.goto(`${base}/post/no-such-post/`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await checkPage(page, '404');
    await page.close();
  });

  it('refuses a wrong password, then logs in and out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/accounts/login/?next=/`);
    await page.getByLabel('Username').fill('ann');
    await page.getByLabel('Password').fill('not her password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.locator('.errorlist').count()).toBe(1);
    expect(await page.getByLabel('Username').inputValue()).toBe('ann');
    await checkPage(page, 'login-failed');

    await page.getByLabel('Password').fill('ann-blog-demo');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.locator('.hello').textContent()).toBe('Hello, ann');
    expect(await page.locator('.messages li').allTextContents()).toEqual(['Welcome back, ann.']);
    await checkPage(page, 'logged-in');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.locator('.hello').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Log in' }).count()).toBe(1);
    expect(await page.locator('.messages li').allTextContents()).toEqual([
      'You have been logged out.',
    ]);
    await page.reload(); // a message is shown once
    expect(await page.locator('.messages li').count()).toBe(0);
    await context.close();
  });

  it('likes and unlikes a post through fetch() with the CSRF header', async () => {
    const context = await browser.newContext();
    const page = await logIn(context, base, 'bob');
    await page.goto(`${base}/post/a-first-look-at-templates/`);
    const count = Number(await page.locator('#like-count').textContent());
    const button = page.locator('#like-button');
    const wasLiked = (await button.getAttribute('aria-pressed')) === 'true';
    await button.click();
    await expect
      .poll(() => page.locator('#like-count').textContent())
      .toBe(String(wasLiked ? count - 1 : count + 1));
    expect(await button.getAttribute('aria-pressed')).toBe(String(!wasLiked));
    await checkPage(page, 'liked');
    await page.reload();
    expect(await page.locator('#like-count').textContent()).toBe(
      String(wasLiked ? count - 1 : count + 1),
    );
    // The fetch() answered JSON; its message waits for the next page, as in the seed.
    expect(await page.locator('.messages li').allTextContents()).toEqual([
      `${wasLiked ? 'You no longer like' : 'You like'} “A first look at templates”.`,
    ]);
    await button.click();
    await expect.poll(() => page.locator('#like-count').textContent()).toBe(String(count));
    await context.close();
  });

  it('shows a comment posted in one browser live in another', async () => {
    const url = `${base}/post/a-first-look-at-sessions/`;
    const writerContext = await browser.newContext();
    const writer = await logIn(writerContext, base, 'cleo');
    await writer.goto(url);
    const readerContext = await browser.newContext();
    const reader = await readerContext.newPage();
    await reader.goto(url);
    await writer.waitForSelector('body[data-live="open"]');
    await reader.waitForSelector('body[data-live="open"]');

    await writer.getByLabel('Your comment').fill('Live from the other browser <b>bold</b>');
    await writer.getByRole('button', { name: 'Post comment' }).click();
    const line = 'cleo: Live from the other browser <b>bold</b>';
    await expect
      .poll(() => reader.locator('#comment-list li').allTextContents(), { timeout: 15_000 })
      .toContain(line);
    await expect.poll(() => writer.locator('#comment-list li').allTextContents()).toContain(line);
    expect(await reader.locator('#comment-list b').count()).toBe(0);
    await checkPage(reader, 'live-comment');

    // Saved, and shown to the next reader (another browser: this one may keep the page for
    // cachePage's max-age) though the server had cached the page before the comment.
    const laterContext = await browser.newContext();
    const later = await laterContext.newPage();
    await later.goto(url);
    expect(await later.locator('#comment-list li').allTextContents()).toContain(line);
    await writerContext.close();
    await readerContext.close();
    await laterContext.close();
  });

  it('shows a failed post form with its errors, then writes the post', async () => {
    const context = await browser.newContext();
    const page = await logIn(context, base, 'dev');
    await page.getByRole('link', { name: 'Write a post' }).click();
    await page.waitForURL(`${base}/post/new/`);
    expect(await page.locator('h1').textContent()).toBe('Write a post');
    await checkPage(page, 'post-form');

    await page.getByLabel('Title').fill('A first look at caching'); // taken
    await page.getByLabel('Content').fill('Written in Chromium.');
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.locator('[role="alert"]').count()).toBe(1);
    expect(await page.locator('.errorlist').allTextContents()).toEqual([
      'A post with this title exists already.',
    ]);
    expect(await page.getByLabel('Content').inputValue()).toBe('Written in Chromium.');
    await checkPage(page, 'post-form-failed');

    await page.getByLabel('Title').fill('Written in a real browser');
    await page.getByLabel('Category').selectOption({ label: 'Databases' });
    await page.getByLabel('Published').check();
    await page.getByLabel('Featured image').setInputFiles({
      name: 'dot.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(`${base}/post/written-in-a-real-browser/`);
    expect(await page.locator('h1').textContent()).toBe('Written in a real browser');
    expect(await page.locator('.meta').textContent()).toContain('in Databases');
    expect(await page.locator('.messages li').allTextContents()).toEqual([
      '“Written in a real browser” was saved.',
    ]);
    // The upload is stored under mediaRoot and shown from mediaUrl (debug is off here, so
    // nginx would serve it: test/deployment.test.ts; views.test.ts fetches it in development).
    const post = await Post.objects.get({ slug: 'written-in-a-real-browser' });
    expect(post.featuredImage.name).toMatch(/^posts\/\d{4}\/\d{2}\/dot(_\w+)?\.png$/);
    expect(readFileSync(path.join(blog.dir, 'media', post.featuredImage.name))).toEqual(PNG);
    expect(await page.locator('img.featured-image').getAttribute('src')).toBe(
      `/media/${post.featuredImage.name}`,
    );
    expect(await page.locator('img.featured-image').getAttribute('alt')).toBe(
      'Written in a real browser',
    );
    await checkPage(page, 'post-created');

    await page.getByRole('link', { name: 'Edit this post' }).click();
    await page.waitForURL(`${base}/post/written-in-a-real-browser/edit/`);
    await checkPage(page, 'post-edit');
    await page.getByLabel('Title').fill('Edited in a real browser');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(`${base}/post/written-in-a-real-browser/`);
    expect(await page.locator('h1').textContent()).toBe('Edited in a real browser');
    expect(await page.locator('.messages li').allTextContents()).toEqual([
      '“Edited in a real browser” was updated.',
    ]);
    await context.close();
    await Post.objects.filter({ slug: 'written-in-a-real-browser' }).delete();
  });

  it('resets a forgotten password through the link it e-mails', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/accounts/login/`);
    await page.getByRole('link', { name: 'Forgotten your password?' }).click();
    await page.waitForURL(`${base}/accounts/password_reset/`);
    await checkPage(page, 'password-reset');
    const sent = outbox.length;
    await page.getByLabel('Email address').fill('dev@example.com');
    await page.getByRole('button', { name: 'Reset my password' }).click();
    await page.waitForURL(`${base}/accounts/password_reset/done/`);
    expect(outbox).toHaveLength(sent + 1);
    const mail = outbox.at(-1)!;
    expect(mail.to).toEqual(['dev@example.com']);
    const link = /http:\/\/127\.0\.0\.1:\d+\/accounts\/reset\/\S+\//.exec(String(mail.body))?.[0];
    expect(link).toBeDefined();

    await page.goto(link!);
    await page.getByLabel('New password:').fill('a-brand-new-blog-pass');
    await page.getByLabel('Confirm password:').fill('a-brand-new-blog-pass');
    await checkPage(page, 'password-reset-confirm');
    await page.getByRole('button', { name: 'Change my password' }).click();
    await page.waitForURL(`${base}/accounts/reset/done/`);

    await page.goto(`${base}/accounts/login/?next=/`);
    await page.getByLabel('Username').fill('dev');
    await page.getByLabel('Password').fill('a-brand-new-blog-pass');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.locator('.hello').textContent()).toBe('Hello, dev');
    await context.close();
    // Give dev the demo password back: the post form test logs in with it, in any order.
    const dev = await User.objects.get({ username: 'dev' });
    await dev.setPassword('dev-blog-demo');
    await dev.save();
  });
});
