import { afterEach, describe, expect, it } from 'vitest';
import { resolveServeOptions } from './internal/options.js';

describe('the access log default', () => {
  const saved = { NODE_ENV: process.env.NODE_ENV, VITEST: process.env.VITEST };
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('is off outside tests too, as gunicorn’s (runserver turns it on)', () => {
    // Not because this is a test run: the environment a production process would have.
    delete process.env.VITEST;
    process.env.NODE_ENV = 'production';
    expect(resolveServeOptions({}).log).toBe(false);
  });

  it('is on when asked, or a function when given one', () => {
    expect(resolveServeOptions({ log: true }).log).toBe(true);
    const sink = () => {};
    expect(resolveServeOptions({ log: sink }).log).toBe(sink);
  });

  it("keeps the server's own lines (signals, workers) on outside tests, unless log: false", () => {
    delete process.env.VITEST;
    process.env.NODE_ENV = 'production';
    expect(resolveServeOptions({}).serverLog).toBe(true);
    expect(resolveServeOptions({ log: false }).serverLog).toBe(false);
    process.env.VITEST = 'true';
    expect(resolveServeOptions({}).serverLog).toBe(false);
  });
});
