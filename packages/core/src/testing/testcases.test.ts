import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { outbox, sendMail } from '@stack/mail';
import { HttpResponse, HttpResponseRedirect, JsonResponse } from '@stack/request';
import {
  CharField,
  IntegerField,
  SchemaEditor,
  atomic,
  connections,
  defineModel,
} from '@stack/orm';
import { path as route, reverse } from '@stack/urls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from '../shortcuts.js';
import { getSettings, setup } from '../index.js';
import {
  DatabaseOperationForbidden,
  SimpleTestCase,
  TestCase,
  TransactionTestCase,
  modifySettings,
  overrideSettings,
} from './index.js';

class Item extends defineModel<Item>()('shop.Item', {
  name: new CharField({ maxLength: 50 }),
  stock: new IntegerField({ default: 0 }),
}) {}

const dir = mkdtempSync(path.join(tmpdir(), 'stack-testcases-'));
const templates = path.join(dir, 'templates');
mkdirSync(templates);
writeFileSync(
  path.join(templates, 'base.html'),
  '<main>{% block body %}{% endblock %}{% include "footer.html" %}</main>',
);
writeFileSync(
  path.join(templates, 'page.html'),
  '{% extends "base.html" %}{% block body %}<p class="b a">{{ items|length }} items</p>{% endblock %}',
);
writeFileSync(path.join(templates, 'footer.html'), '<footer>{{ request.path }}</footer>');
mkdirSync(path.join(dir, 'fixtures'));
writeFileSync(
  path.join(dir, 'fixtures', 'items.json'),
  JSON.stringify([{ model: 'shop.item', pk: 50, fields: { name: 'from a fixture', stock: 7 } }]),
);

async function page(request: never) {
  return render(request, 'page.html', { items: await Item.objects.all() });
}

beforeAll(async () => {
  await setup({
    debug: true,
    baseDir: dir,
    installedApps: [{ name: 'shop', label: 'shop' }],
    databases: { default: { engine: 'sqlite', name: path.join(dir, 'db.sqlite3') } },
    fixtureDirs: ['fixtures'],
    templates: [
      {
        dirs: ['templates'],
        options: { contextProcessors: ['@stack/templates:requestContextProcessor'] },
      },
    ],
    rootUrlconf: [
      route('page/', page, { name: 'page' }),
      route('old/', () => new HttpResponseRedirect('/page/'), { name: 'old' }),
      route('gone/', () => new HttpResponseRedirect('/nowhere/')),
      route('json/', () => new JsonResponse({ a: [1, 2], b: 'x' })),
      route('debug/', () => new HttpResponse(String(getSettings().debug))),
    ],
  });
  await new SchemaEditor().createModel(Item);
});
afterAll(async () => {
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

// Each test of the class sees the class's data and nothing another test wrote.
class ItemTests extends TestCase {
  static override fixtures = ['items'];
  static first: Item;
  declare first: Item;

  static override async setUpTestData() {
    this.first = await Item.objects.create({ name: 'first', stock: 1 });
  }

  async testWritesAreUndoneAfterEachTest() {
    this.assertEqual(await Item.objects.count(), 2);
    await Item.objects.create({ name: 'second' });
    this.assertEqual(await Item.objects.count(), 3);
  }

  async testTheClassDataIsThereForEveryTest() {
    this.assertEqual(await Item.objects.count(), 2);
    this.assertEqual(this.first.name, 'first');
    await Item.objects.filter({ name: 'first' }).delete();
  }

  async testFixturesAreLoaded() {
    this.assertEqual((await Item.objects.get({ pk: 50 })).stock, 7);
  }

  async testReverseWorksBeforeAnyRequest() {
    this.assertEqual(reverse('page'), '/page/');
  }

  async testTheResponseListsEveryTemplateAndItsContext() {
    const response = await this.client.get('/page/');
    this.assertEqual(response.templates, ['page.html', 'base.html', 'footer.html']);
    this.assertTemplateUsed(response, 'base.html');
    this.assertTemplateUsed(response, 'footer.html', { count: 1 });
    this.assertTemplateNotUsed(response, 'other.html');
    await this.assertQuerysetEqual(response.context?.items as Item[], [50, this.first.pk], {
      transform: (i) => i.pk,
      ordered: false,
    });
    this.assertEqual((response.resolverMatch as { urlName: string }).urlName, 'page');
    this.assertContains(response, '<footer>/page/</footer>', { html: true });
    this.assertContains(response, '<p class="a b">2 items</p>', { html: true, count: 1 });
    this.assertContains(response, 'items', { count: 1 });
    this.assertNotContains(response, 'nothing here');
  }

  async testCountsQueries() {
    await this.assertNumQueries(1, () => Item.objects.count());
    await this.assertNumQueries(2, () =>
      atomic(async () => {
        await Item.objects.create({ name: 'x' });
        await Item.objects.count();
      }),
    );
  }

  async testComparesQuerysets() {
    await Item.objects.create({ name: 'b' });
    await this.assertQuerysetEqual(
      Item.objects.orderBy('name').valuesList('name', { flat: true }),
      ['b', 'first', 'from a fixture'],
    );
    await this.assertQuerysetEqual(Item.objects.filter({ name: 'first' }), [this.first]);
    await this.assertQuerysetEqual(Item.objects.all(), ['from a fixture', 'first', 'b'], {
      transform: (i) => i.name,
      ordered: false,
    });
  }

  async testFollowsAndChecksRedirects() {
    await this.assertRedirects(await this.client.get('/old/'), '/page/');
    await this.assertRedirects(await this.client.get('/old/', {}, { follow: true }), '/page/');
  }

  @overrideSettings({ debug: false })
  async testOverridesSettingsForOneTest() {
    this.assertContains(await this.client.get('/debug/'), 'false');
  }
}
ItemTests.register();

@overrideSettings({ debug: false })
class OverriddenTests extends SimpleTestCase {
  async testTheClassDecoratorAppliesToEveryTest() {
    this.assertEqual(getSettings().debug, false);
    await modifySettings({ allowedHosts: { append: 'example.com', prepend: 'first' } }, () => {
      this.assertEqual(getSettings().allowedHosts.at(0), 'first');
      this.assertEqual(getSettings().allowedHosts.at(-1), 'example.com');
    });
    this.assertNotIn('example.com', getSettings().allowedHosts);
  }
}
OverriddenTests.register();

class OutboxTests extends SimpleTestCase {
  async testSendsOneMessage() {
    await sendMail('Hi', 'Hello', 'a@example.com', ['b@example.com']);
    this.assertEqual(
      outbox.map((m) => m.subject),
      ['Hi'],
    );
  }

  async testStartsWithAnEmptyOutbox() {
    this.assertEqual(outbox.length, 0);
    await sendMail('Again', '', 'a@example.com', ['b@example.com']);
  }
}
OutboxTests.register();

class NoDatabaseTests extends SimpleTestCase {
  async testRefusesQueries() {
    const error = await this.assertRaises(DatabaseOperationForbidden, () => Item.objects.count());
    this.assertIn(
      "Database queries to 'default' are not allowed in SimpleTestCase subclasses",
      error.message,
    );
  }

  async testComparesJsonAndHtml() {
    this.assertJSONEqual((await this.client.get('/json/')).text, { b: 'x', a: [1, 2] });
    this.assertJSONNotEqual('{"a": 1}', { a: 2 });
    this.assertHTMLEqual(
      '<p  class="x y" id=a>Hi <b>you</b>\n</p>',
      "<p id='a' class='y x'>Hi <b>you</b></p>",
    );
    this.assertHTMLNotEqual('<p>a</p>', '<p>b</p>');
    this.assertInHTML('<li>b</li>', '<ul><li>a</li><li>b</li><li>b</li></ul>', { count: 2 });
  }
}
NoDatabaseTests.register();

class CommittingTests extends TransactionTestCase {
  async testCommitsForReal() {
    await atomic(() => Item.objects.create({ name: 'committed' }));
    this.assertEqual(await Item.objects.filter({ name: 'committed' }).count(), 1);
  }

  async testFindsTablesEmptiedAfterEachTest() {
    this.assertEqual(await Item.objects.filter({ name: 'committed' }).count(), 0);
  }
}
CommittingTests.register();

describe('the assertions', () => {
  const t = new SimpleTestCase();
  const response = (text: string, status = 200) =>
    ({
      status,
      text,
      get: () => undefined,
      templates: ['a.html'],
      contexts: [
        {
          form: {
            errors: { name: ['Required.'] },
            fields: { name: {}, age: {} },
            nonFieldErrors: () => ['Bad pair.'],
          },
        },
      ],
      redirectChain: [],
    }) as never;

  it("fail with Django's messages", () => {
    expect(() => t.assertContains(response('abc'), 'x')).toThrow("Couldn't find 'x' in response");
    expect(() => t.assertContains(response('abc', 404), 'a')).toThrow(
      "Couldn't retrieve content: Response code was 404 (expected 200)",
    );
    expect(() => t.assertContains(response('a a'), 'a', { count: 1 })).toThrow(
      "Found 2 instances of 'a' in response (expected 1)",
    );
    expect(() => t.assertNotContains(response('abc'), 'b')).toThrow(
      "Response should not contain 'b'",
    );
    expect(() => t.assertTemplateUsed(response(''), 'b.html')).toThrow(
      "Template 'b.html' was not a template used to render the response. Actual template(s) used: a.html",
    );
    expect(() => t.assertTemplateNotUsed(response(''), 'a.html')).toThrow(
      "Template 'a.html' was used unexpectedly in rendering the response",
    );
    expect(() => t.assertHTMLEqual('<p>a</p>', '<p>b</p>')).toThrow();
    expect(() => t.assertJSONEqual('{bad', {})).toThrow('First argument is not valid JSON: {bad');
  });

  it('find form errors, and say which form or field is missing', () => {
    t.assertFormError(response(''), 'form', 'name', 'Required.');
    t.assertFormError(response(''), 'form', null, ['Bad pair.']);
    expect(() => t.assertFormError(response(''), 'form', 'name', 'Too long.')).toThrow(
      "The field 'name' on form 'form' in context 0 does not contain the error 'Too long.'",
    );
    expect(() => t.assertFormError(response(''), 'form', 'age', 'x')).toThrow(
      "The field 'age' on form 'form' in context 0 contains no errors",
    );
    expect(() => t.assertFormError(response(''), 'form', 'nope', 'x')).toThrow(
      "The form 'form' in context 0 does not contain the field 'nope'",
    );
    expect(() => t.assertFormError(response(''), 'other', 'name', 'x')).toThrow(
      "The form 'other' was not used to render the response",
    );
  });
});
