// Template rendering: @stack/templates (Django's language on liquidjs) against bare liquidjs
// rendering the equivalent Liquid template, both compiled once, same data, same process.
// Pages: the TechEmpower fortunes page, and a blog list page (inheritance, 20 posts, filters, url).
// Run: cd bench && node --import tsx templates.ts
import { Engine } from '@stack/templates';
import { Liquid } from 'liquidjs';
import { Bench } from 'tinybench';
import { isMain } from './lib/main.js';
import { printTable, type Row } from './lib/table.js';

const FORTUNES_DJANGO = `<!DOCTYPE html>
<html>
<head><title>Fortunes</title></head>
<body>
<table>
<tr><th>id</th><th>message</th></tr>
{% for fortune in fortunes %}<tr><td>{{ fortune.id }}</td><td>{{ fortune.message }}</td></tr>
{% endfor %}</table>
</body>
</html>`;

// liquidjs escapes output itself with outputEscape: 'escape', like Django's autoescape.
const FORTUNES_LIQUID = FORTUNES_DJANGO;

const BASE_DJANGO = `<!DOCTYPE html>
<html lang="en">
<head><title>{% block title %}My blog{% endblock %}</title></head>
<body>
<header><a href="/blog/">My blog</a></header>
<main>{% block content %}{% endblock %}</main>
<footer>{% block footer %}Powered by templates{% endblock %}</footer>
</body>
</html>`;

const LIST_DJANGO = `{% extends "base.html" %}
{% block title %}Posts | {{ block.super }}{% endblock %}
{% block content %}
{% for post in posts %}
<article class="{% if forloop.first %}first{% endif %}">
  <h2><a href="{% url 'blog:post_detail' post.pk %}">{{ post.title }}</a></h2>
  <p class="meta">Published {{ post.publish|date:"F d, Y" }} by {{ post.author.username }}</p>
  {{ post.body|truncatewords:30 }}
  <p>{{ post.comments }} comment{{ post.comments|pluralize }}</p>
</article>
{% empty %}<p>No posts.</p>
{% endfor %}
{% endblock %}`;

// Liquid's layout blocks read the same as Django's, so the base page is shared.
const BASE_LIQUID = BASE_DJANGO;

const LIST_LIQUID = `{% layout "base.html" %}
{% block title %}Posts | My blog{% endblock %}
{% block content %}
{% for post in posts %}
<article class="{% if forloop.first %}first{% endif %}">
  <h2><a href="/blog/{{ post.pk }}/">{{ post.title }}</a></h2>
  <p class="meta">Published {{ post.publish | date: "%B %d, %Y" }} by {{ post.author.username }}</p>
  {{ post.body | truncatewords: 30 }}
  <p>{{ post.comments }} comment{% if post.comments != 1 %}s{% endif %}</p>
</article>
{% else %}<p>No posts.</p>
{% endfor %}
{% endblock %}`;

function fortunes() {
  const messages = [
    'fortune: No such file or directory',
    "A computer scientist is someone who fixes things that aren't broken.",
    'After enough decimal places, nobody gives a damn.',
    'A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1',
    'A computer program does what you tell it to do, not what you want it to do.',
    'Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen',
    'Any program that runs right is obsolete.',
    'A list is only as strong as its weakest link. — Donald Knuth',
    'Feature: A bug with seniority.',
    'Computers make very fast, very accurate mistakes.',
    '<script>alert("This should not be displayed in a browser alert box.");</script>',
    'フレームワークのベンチマーク',
  ];
  const rows = messages.map((message, i) => ({ id: i + 1, message }));
  rows.push({ id: 0, message: 'Additional fortune added at request time.' });
  return rows.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

function posts() {
  const body = Array.from({ length: 80 }, (_, i) => `word${i} & <b>more</b>`).join(' ');
  return Array.from({ length: 20 }, (_, i) => ({
    pk: i + 1,
    title: `Post number ${i + 1}: "quotes" & <tags>`,
    publish: new Date(Date.UTC(2026, 0, 1 + i, 12)),
    author: { username: `author${i % 3}` },
    body,
    comments: i % 4,
  }));
}

export async function run(): Promise<void> {
  const engine = new Engine({
    templates: {
      'fortunes.html': FORTUNES_DJANGO,
      'base.html': BASE_DJANGO,
      'list.html': LIST_DJANGO,
    },
    reverse: (_name, args) => `/blog/${String(args[0])}/`,
  });
  const liquid = new Liquid({
    outputEscape: 'escape',
    cache: true,
    templates: {
      'base.html': BASE_LIQUID,
      'list.html': LIST_LIQUID,
      'fortunes.html': FORTUNES_LIQUID,
    },
  });
  const stackFortunes = engine.getTemplate('fortunes.html');
  const stackList = engine.getTemplate('list.html');
  const liquidFortunes = liquid.parse(FORTUNES_LIQUID, 'fortunes.html');
  const liquidList = liquid.parse(LIST_LIQUID, 'list.html');
  // liquidjs's synchronous path is its fastest: a second instance whose layout cache is filled
  // synchronously (the async one caches promises that renderSync cannot use).
  const liquidSync = new Liquid({
    outputEscape: 'escape',
    cache: true,
    templates: { 'base.html': BASE_LIQUID, 'list.html': LIST_LIQUID },
  });
  const syncFortunes = liquidSync.parse(FORTUNES_LIQUID, 'fortunes.html');
  const syncList = liquidSync.parse(LIST_LIQUID, 'list.html');
  const fortuneData = { fortunes: fortunes() };
  const listData = { posts: posts() };

  // Same pages, checked once: both escape, both loop, both inherit.
  const outputs = [
    await stackFortunes.render(fortuneData),
    (await liquid.render(liquidFortunes, fortuneData)) as string,
    await stackList.render(listData),
    (await liquid.render(liquidList, listData)) as string,
    liquidSync.renderSync(syncFortunes, fortuneData) as string,
    liquidSync.renderSync(syncList, listData) as string,
  ];
  for (const html of outputs) {
    if (!html.includes('&lt;') || html.includes('<script>'))
      throw new Error('a page is not escaped');
  }

  const bench = new Bench({ time: 2000, warmupTime: 400 });
  const cases = [
    ['fortunes: liquidjs', () => liquid.render(liquidFortunes, fortuneData)],
    ['fortunes: liquidjs renderSync', () => liquidSync.renderSync(syncFortunes, fortuneData)],
    ['fortunes: @stack/templates', () => stackFortunes.render(fortuneData)],
    ['blog list: liquidjs', () => liquid.render(liquidList, listData)],
    ['blog list: liquidjs renderSync', () => liquidSync.renderSync(syncList, listData)],
    ['blog list: @stack/templates', () => stackList.render(listData)],
  ] as const;
  for (const [name, fn] of cases) bench.add(name, fn);
  await bench.run();
  const perSecond = new Map<string, number>();
  for (const task of bench.tasks) {
    const result = task.result as { throughput?: { mean: number }; hz?: number } | undefined;
    perSecond.set(task.name, result?.throughput?.mean ?? result?.hz ?? Number.NaN);
  }
  for (const page of ['fortunes', 'blog list']) {
    const rows: Row[] = cases
      .filter(([name]) => name.startsWith(`${page}:`))
      .map(([name]) => ({
        name,
        values: { ops: perSecond.get(name)! / 1000, us: 1e6 / perSecond.get(name)! },
      }));
    printTable(
      `${page} page: renders per second (thousands) and microseconds per render`,
      rows,
      [
        { key: 'ops', label: 'k renders/s', digits: 1 },
        { key: 'us', label: 'µs/render', digits: 1 },
      ],
      `${page}: liquidjs`,
    );
    const ours = perSecond.get(`${page}: @stack/templates`)!;
    const best = Math.max(
      perSecond.get(`${page}: liquidjs`)!,
      perSecond.get(`${page}: liquidjs renderSync`)!,
    );
    const cost = best / ours;
    console.log(
      `${page}: @stack/templates costs ${cost.toFixed(2)}x bare liquidjs's fastest path (target <= 1.1x) ${cost <= 1.1 ? 'OK' : 'MISSED'}`,
    );
  }
}

if (isMain(import.meta.url)) await run();
