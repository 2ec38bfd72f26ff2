import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASCADE,
  CharField,
  ForeignKey,
  SET_NULL,
  SchemaEditor,
  TextField,
  connections,
  defineModel,
  type RelatedManager,
} from '@stack/orm';
import { Engine } from '@stack/templates';

// Templates read relations that were not selected, as Django's do: the ORM hands them a
// thenable for an unloaded ForeignKey, and the engine awaits thenables between lookup steps.

class Writer extends defineModel<Writer>()('lazy.Writer', {
  username: new CharField({ maxLength: 50 }),
}) {}

class Topic extends defineModel<Topic>()('lazy.Topic', {
  name: new CharField({ maxLength: 50 }),
}) {}

class Article extends defineModel<Article>()('lazy.Article', {
  title: new CharField({ maxLength: 100 }),
  topic: new ForeignKey<Topic, true>(() => Topic, { onDelete: SET_NULL, null: true }),
}) {
  declare remarks: RelatedManager<Remark>;
}

class Remark extends defineModel<Remark>()('lazy.Remark', {
  article: new ForeignKey(() => Article, { onDelete: CASCADE, relatedName: 'remarks' }),
  writer: new ForeignKey(() => Writer, { onDelete: CASCADE }),
  text: new TextField(),
}) {}

const dir = mkdtempSync(join(tmpdir(), 'stack-lazy-'));
const engine = new Engine();
let article: Article;

beforeAll(async () => {
  await connections.configure({ default: { engine: 'sqlite', name: join(dir, 'db.sqlite3') } });
  await new SchemaEditor().createModels([Writer, Topic, Article, Remark]);
  const [ann, bob] = await Writer.objects.bulkCreate([
    new Writer({ username: 'ann' }),
    new Writer({ username: 'bob' }),
  ]);
  article = await Article.objects.create({ title: 'Lazy' });
  for (const [writer, text] of [
    [ann!, 'first'],
    [bob!, 'second'],
    [ann!, 'third'],
  ] as const)
    await article.remarks.create({ writer, text });
});
afterAll(async () => {
  connections.debug = false;
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

function countQueries(): { stop: () => number } {
  let n = 0;
  const stop = connections.get().addQueryListener(() => n++);
  return {
    stop: () => {
      stop();
      return n;
    },
  };
}

describe('a template reading relations that were not selected', () => {
  it('loads each foreign key on demand, one query per row (as Django)', async () => {
    const fresh = await Article.objects.get({ pk: article.pk });
    const counter = countQueries();
    const html = await engine
      .fromString(
        '{% for r in article.remarks.all %}{{ r.writer.username }}:{{ r.text }} {% endfor %}|{{ article.topic.name|default:"none" }}|{% if article.topic %}x{% endif %}',
      )
      .render({ article: fresh });
    expect(html).toBe('ann:first bob:second ann:third |none|');
    expect(counter.stop()).toBe(4); // the remarks, then each remark's writer
  });

  it('prints a lazily loaded object itself', async () => {
    const [remark] = await Remark.objects.orderBy('id').slice(0, 1);
    const html = await engine
      .fromString('{{ remark.writer.username|upper }} {{ remark.article.title }}')
      .render({ remark });
    expect(html).toBe('ANN Lazy');
  });

  it('in debug mode, says once which selectRelated would remove the extra queries', async () => {
    const warnings: string[] = [];
    connections.debug = true;
    connections.warn = (message) => warnings.push(message);
    try {
      await engine
        .fromString('{% for r in remarks %}{{ r.writer.username }}{% endfor %}')
        .render({ remarks: Remark.objects.orderBy('id') });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/N\+1.*Remark\.writer.*selectRelated\('writer'\)/);
      // Selected up front: no warning, one query.
      warnings.length = 0;
      const counter = countQueries();
      await engine
        .fromString('{% for r in remarks %}{{ r.writer.username }}{% endfor %}')
        .render({ remarks: Remark.objects.selectRelated('writer').orderBy('id') });
      expect(counter.stop()).toBe(1);
      expect(warnings).toEqual([]);
    } finally {
      connections.debug = false;
      connections.warn = (message) => console.warn(message);
    }
  });
});
