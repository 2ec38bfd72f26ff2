import { enterAtomic, type AtomicBlock } from '@stack/orm';
import { loaddata } from '../serializers/index.js';
import { getSettings } from '../settings.js';
import { type LiveServer, liveServer } from '../test/live-server.js';
import { flushDatabase } from './flush.js';
import { type Databases, SimpleTestCase, aliasesOf, classData } from './simple-testcase.js';

/**
 * Django's `TransactionTestCase`: tests may query the declared `databases` (`['default']`);
 * `fixtures` are loaded before each test and every table is emptied after it. Use it for code
 * that commits or rolls back on purpose; `TestCase` is faster for the rest.
 *
 * @example
 * ```ts
 * export class CommitTests extends TransactionTestCase {
 *   async testOnCommitRuns() {
 *     const ran: string[] = [];
 *     await atomic(() => onCommit(() => ran.push('sent')));
 *     this.assertEqual(ran, ['sent']);
 *   }
 * }
 * CommitTests.register();
 * ```
 */
export class TransactionTestCase extends SimpleTestCase {
  static override databases: Databases = ['default'];
  /** Fixture names (Django's JSON format), found in each app's `fixtures/` and `fixtureDirs`. */
  static fixtures: readonly string[] = [];

  /** @internal */
  protected static async loadFixtures(): Promise<void> {
    if (this.fixtures.length === 0) return;
    const { fixtureDirs, baseDir } = getSettings();
    for (const using of aliasesOf(this.databases))
      await loaddata(this.fixtures, { using, fixtureDirs, baseDir });
  }

  protected override async preSetUp(): Promise<void> {
    await (this.constructor as typeof TransactionTestCase).loadFixtures();
  }

  protected override async postTearDown(): Promise<void> {
    const Class = this.constructor as typeof TransactionTestCase;
    for (const using of aliasesOf(Class.databases)) await flushDatabase(using);
  }
}

/**
 * Django's `TestCase`: the class runs inside a transaction per database, opened before
 * `fixtures` are loaded and `setUpTestData()` runs (once), and rolled back after the last test;
 * each test runs in a savepoint rolled back after it. What a test writes is never seen by the
 * next, and nothing is committed.
 *
 * @example
 * ```ts
 * export class QuestionTests extends TestCase {
 *   static question: Question;
 *   declare question: Question; // set once by setUpTestData, read by each test
 *   static override async setUpTestData() {
 *     this.question = await Question.objects.create({ questionText: 'Hi', pubDate: new Date() });
 *   }
 *   async testCount() {
 *     this.assertEqual(await Question.objects.count(), 1);
 *   }
 * }
 * QuestionTests.register();
 * ```
 */
export class TestCase extends TransactionTestCase {
  #blocks: AtomicBlock[] = [];

  /** Creates data once for the whole class, inside its transaction (Django's `setUpTestData`). */
  static async setUpTestData(): Promise<void> {}

  protected static override async classSetUp(
    restores: (() => Promise<void> | void)[],
  ): Promise<void> {
    const blocks: AtomicBlock[] = [];
    for (const using of aliasesOf(this.databases)) blocks.push(await enterAtomic({ using }));
    const self = this as unknown as Record<string, unknown>;
    const before = new Map(Object.entries(self));
    restores.push(async () => {
      for (const key of Object.keys(self)) {
        if (before.has(key)) self[key] = before.get(key);
        else delete self[key];
      }
      for (const block of blocks.reverse()) await block.exit({ rollback: true });
    });
    await this.loadFixtures();
    await this.setUpTestData();
    // What setUpTestData() set on the class (`this.question = …`) each test reads on `this`,
    // as Django's tests read class attributes through `self`.
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(self))
      if (!before.has(key) || before.get(key) !== value) data[key] = value;
    classData.set(this, data);
  }

  protected override async preSetUp(): Promise<void> {
    const Class = this.constructor as typeof TestCase;
    for (const using of aliasesOf(Class.databases)) this.#blocks.push(await enterAtomic({ using }));
  }

  protected override async postTearDown(): Promise<void> {
    for (const block of this.#blocks.reverse()) await block.exit({ rollback: true });
    this.#blocks = [];
  }
}

/**
 * Django's `LiveServerTestCase`: a `TransactionTestCase` with the project served over real HTTP
 * on a free loopback port for the whole class, for a browser (playwright-core) or an HTTP client.
 *
 * @example
 * ```ts
 * export class BrowserTests extends LiveServerTestCase {
 *   async testHome() {
 *     await page.goto(`${LiveServerTests.liveServerUrl}/polls/`);
 *   }
 * }
 * BrowserTests.register();
 * ```
 */
export class LiveServerTestCase extends TransactionTestCase {
  static #servers = new WeakMap<object, LiveServer>();

  /** `http://127.0.0.1:<port>` while the class runs (Django's `live_server_url`). */
  static get liveServerUrl(): string {
    const server = LiveServerTestCase.#servers.get(this);
    if (!server) throw new Error(`${this.name}.liveServerUrl is only there while its tests run.`);
    return server.url;
  }

  /** The same URL, from a test (`this.liveServerUrl`). */
  get liveServerUrl(): string {
    return (this.constructor as typeof LiveServerTestCase).liveServerUrl;
  }

  protected static override async classSetUp(
    restores: (() => Promise<void> | void)[],
  ): Promise<void> {
    const server = await liveServer();
    LiveServerTestCase.#servers.set(this, server);
    restores.push(async () => {
      LiveServerTestCase.#servers.delete(this);
      await server.close();
    });
  }
}
