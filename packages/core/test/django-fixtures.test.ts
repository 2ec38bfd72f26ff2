import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BooleanField,
  CASCADE,
  CharField,
  DateField,
  DateTimeField,
  DecimalField,
  DurationField,
  FloatField,
  ForeignKey,
  IntegerField,
  ManyToManyField,
  SchemaEditor,
  TextField,
  TimeField,
  UUIDField,
  connections,
  defineModel,
} from '@stack/orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute, setup } from '../src/index.js';

// Django 3.2's own dumps (conformance/harvest/fixtures.py) of the models below, as Django
// declares them: each loads into Stack, and Stack dumps it back byte for byte.
const harvested = JSON.parse(
  readFileSync(new URL('./django/fixtures.json', import.meta.url), 'utf8'),
) as { django: string; cases: { name: string; options: { indent?: number }; dump: string }[] };

class Question extends defineModel<Question>()('polls.Question', {
  questionText: new CharField({ maxLength: 200 }),
  pubDate: new DateTimeField({ verboseName: 'date published' }),
}) {}

class Choice extends defineModel<Choice>()('polls.Choice', {
  question: new ForeignKey(() => Question, { onDelete: CASCADE }),
  choiceText: new CharField({ maxLength: 200 }),
  votes: new IntegerField({ default: 0 }),
}) {}

class Sample extends defineModel<Sample>()('polls.Sample', {
  day: new DateField(),
  at: new TimeField(),
  price: new DecimalField({ maxDigits: 6, decimalPlaces: 2 }),
  ratio: new FloatField(),
  flag: new BooleanField({ default: false }),
  span: new DurationField(),
  token: new UUIDField(),
  note: new TextField({ null: true }),
  questions: new ManyToManyField(() => Question),
}) {}

const dir = mkdtempSync(path.join(tmpdir(), 'stack-fixtures-'));
const database = path.join(dir, 'db.sqlite3');

function sink() {
  let text = '';
  return { write: (chunk: string) => void (text += chunk), text: () => text };
}

async function stack(...argv: string[]) {
  const stdout = sink();
  const stderr = sink();
  const code = await execute(argv, { stdout, stderr, cwd: dir });
  return { code, out: stdout.text(), err: stderr.text() };
}

async function freshTables() {
  await connections.closeAll();
  rmSync(database, { force: true });
  await setup({
    installedApps: [{ name: 'polls', label: 'polls' }],
    databases: { default: { engine: 'sqlite', name: database } },
    baseDir: dir,
  });
  const editor = new SchemaEditor();
  for (const model of [Question, Choice, Sample]) await editor.createModel(model);
}

beforeAll(() => void [Question, Choice, Sample]);
afterAll(async () => {
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

describe(`fixtures dumped by Django ${harvested.django}`, () => {
  for (const { name, options, dump } of harvested.cases) {
    it(`load into Stack and dump back identical (${name})`, async () => {
      await freshTables();
      const file = path.join(dir, 'django.json');
      writeFileSync(file, dump);
      const loaded = await stack('loaddata', file);
      expect(loaded.err).toBe('');
      expect(loaded.out).toBe('Installed 7 object(s) from 1 fixture(s)\n');

      const question = await Question.objects.get({ pk: 2 });
      expect(question.pubDate.toISOString()).toBe('2021-04-02T08:00:05.123Z');
      const sample = await Sample.objects.get({ pk: 1 });
      expect(sample.span).toBe(93_784.5);
      expect(await sample.questions.count()).toBe(2);
      expect(await Choice.objects.filter({ question__questionText: "What's new?" }).count()).toBe(
        2,
      );

      const argv = [
        'dumpdata',
        'polls',
        ...(options.indent ? ['--indent', String(options.indent)] : []),
      ];
      const dumped = await stack(...argv);
      expect(dumped.code).toBe(0);
      expect(dumped.out.trimEnd()).toBe(dump.trimEnd());
    });
  }

  it('dump one model by its label, and to a file with --output', async () => {
    const one = await stack('dumpdata', 'polls.Choice');
    expect(JSON.parse(one.out).map((o: { model: string }) => o.model)).toEqual([
      'polls.choice',
      'polls.choice',
      'polls.choice',
    ]);
    expect((await stack('dumpdata', 'polls.Question', '-o', 'q.json')).out).toBe('');
    expect(JSON.parse(readFileSync(path.join(dir, 'q.json'), 'utf8'))).toHaveLength(2);
  });
});

describe('loaddata refuses bad fixtures and writes nothing', () => {
  const cases: [string, string, RegExp][] = [
    ['not JSON', '[{"model": ', /Problem installing fixture/],
    ['not a list', '{"model": "polls.question"}', /not a list of objects/],
    [
      'an unknown model',
      '[{"model": "polls.nope", "pk": 1, "fields": {}}]',
      /Invalid model identifier: 'polls.nope'/,
    ],
    [
      'an unknown field',
      '[{"model": "polls.question", "pk": 9, "fields": {"__proto__": 1}}]',
      /has no field named '__proto__'/,
    ],
    [
      'a bad value after good objects',
      '[{"model": "polls.question", "pk": 9, "fields": {"question_text": "ok", "pub_date": "2021-01-01T00:00:00Z"}}, {"model": "polls.question", "pk": 10, "fields": {"question_text": "x", "pub_date": "not a date"}}]',
      /not a datetime/,
    ],
  ];
  for (const [what, text, message] of cases) {
    it(`such as ${what}`, async () => {
      await freshTables();
      writeFileSync(path.join(dir, 'bad.json'), text);
      const { code, err } = await stack('loaddata', './bad.json');
      expect(code).toBe(1);
      expect(err).toMatch(message);
      expect(await Question.objects.count()).toBe(0);
    });
  }

  it('finds no fixture outside the fixture folders by a relative name with ..', async () => {
    const { code, err } = await stack('loaddata', 'x/../../etc/passwd');
    expect(code).toBe(1);
    expect(err).toContain("No fixture named 'x/../../etc/passwd' found.");
  });
});
