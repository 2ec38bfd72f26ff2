import { HttpResponse } from '@stack/request';
import { describe, expect, it } from 'vitest';
import fixture from './fixtures/django-scenarios.json' with { type: 'json' };
import { addMessage, getLevel, getMessages, setLevel } from './api.js';
import { browser, type TestRequest } from './internal/test-browser.js';
import type { Message } from './message.js';
import type { MessageSettings } from './settings.js';

// Real Django 3.2's behaviour over several requests (scripts/harvest-scenarios.py: FallbackStorage,
// signed-cookie sessions), replayed through Stack's middleware: each request's results must match.

type Op = [string, ...unknown[]];

async function run(request: TestRequest, ops: Op[]): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const [kind, ...args] of ops) {
    if (kind === 'add') {
      const [level, text, extraTags] = args as [number, string, string?];
      addMessage(request, level, text, { extraTags: extraTags ?? '' });
    } else if (kind === 'read') {
      const seen: string[] = [];
      for await (const m of getMessages(request) as AsyncIterable<Message>)
        seen.push(`${m.tags}:${m}`);
      results.push(seen);
    } else if (kind === 'len') {
      const storage = getMessages(request) as { ready(): Promise<{ size: number }> };
      results.push((await storage.ready()).size);
    } else if (kind === 'setLevel') {
      setLevel(request, args[0] as number | null);
    } else if (kind === 'getLevel') {
      results.push(getLevel(request));
    } else {
      throw new Error(`unknown operation ${kind}`);
    }
  }
  return results;
}

function settingsOf(scenario: { settings?: Record<string, unknown> }): Partial<MessageSettings> {
  const s = scenario.settings ?? {};
  return {
    ...(s.MESSAGE_LEVEL !== undefined && { messageLevel: s.MESSAGE_LEVEL as number }),
    ...(s.MESSAGE_TAGS !== undefined && { messageTags: s.MESSAGE_TAGS as Record<number, string> }),
  };
}

describe('messages over requests, against Django 3.2', () => {
  for (const scenario of fixture.scenarios) {
    it(scenario.name, async () => {
      let ops: Op[] = [];
      let results: unknown[] = [];
      const b = browser(async (request) => {
        results = await run(request, ops);
        return new HttpResponse('');
      }, settingsOf(scenario));
      const seen: unknown[] = [];
      for (const request of scenario.requests as Op[][]) {
        ops = request;
        await b.get();
        seen.push(results);
      }
      expect(seen).toEqual(scenario.django);
    });
  }
});
