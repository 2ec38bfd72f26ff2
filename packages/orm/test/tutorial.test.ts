import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASCADE,
  CharField,
  DateTimeField,
  F,
  ForeignKey,
  IntegerField,
  SchemaEditor,
  connections,
  defineModel,
  type RelatedManager,
} from '../src/index.js';

// The Django tutorial's models and its race-free vote, written as the tutorial writes them.

class Question extends defineModel<Question>()('polls.Question', {
  questionText: new CharField({ maxLength: 200 }),
  pubDate: new DateTimeField(),
}) {
  declare choiceSet: RelatedManager<Choice>;
}

class Choice extends defineModel<Choice>()('polls.Choice', {
  question: new ForeignKey(() => Question, { onDelete: CASCADE }),
  choiceText: new CharField({ maxLength: 200 }),
  votes: new IntegerField({ default: 0 }),
}) {}

const dir = mkdtempSync(join(tmpdir(), 'stack-orm-tutorial-'));
beforeAll(async () => {
  await connections.configure({ default: { engine: 'sqlite', name: join(dir, 'db.sqlite3') } });
  await new SchemaEditor().createModels([Question, Choice]);
});
afterAll(async () => {
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Django tutorial', () => {
  it('creates choices through q.choiceSet, each pointing at q without a query', async () => {
    const q = await Question.objects.create({ questionText: "What's new?", pubDate: new Date() });
    let queries = 0;
    const stop = connections.get().addQueryListener(() => queries++);
    const choice = await q.choiceSet.create({ choiceText: 'Not much', votes: 0 });
    stop();
    expect(queries).toBe(1); // the INSERT
    expect(choice.question).toBe(q);
    expect(await q.choiceSet.count()).toBe(1);
  });

  it("votes race-free: choice.votes = F('votes').add(1); await choice.save()", async () => {
    const q = await Question.objects.create({ questionText: 'Vote?', pubDate: new Date() });
    const choice = await q.choiceSet.create({ choiceText: 'Yes' });
    const other = await Choice.objects.get({ pk: choice.pk });
    // Two votes from two copies of the row: neither overwrites the other.
    choice.votes = F('votes').add(1) as never;
    await choice.save();
    other.votes = F('votes').add(1) as never;
    await other.save();
    await choice.refreshFromDb();
    expect(choice.votes).toBe(2);
  });
});
