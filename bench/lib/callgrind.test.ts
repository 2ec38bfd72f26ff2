import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dumpedEvents } from './callgrind.js';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'stack-bench-callgrind-'));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('dumpedEvents', () => {
  it("adds up each event over a folder's dumps, named by their events line", () => {
    const dump = (summary: string) =>
      `version: 1\ncreator: callgrind-3.19.0\nevents: Ir D1mr Bcm\nsummary: ${summary}\ntotals: ${summary}\n`;
    writeFileSync(join(folder, 'cg.out.1'), dump('1000 30 7'));
    writeFileSync(join(folder, 'cg.out.2'), dump('500 2 1'));
    writeFileSync(join(folder, 'perf.map'), 'summary: 999 999 999\n');
    expect(Object.fromEntries(dumpedEvents(folder))).toEqual({ Ir: 1500, D1mr: 32, Bcm: 8 });
  });

  it('reads instructions alone from a dump without the simulation', () => {
    writeFileSync(join(folder, 'cg.out.1'), 'events: Ir\nsummary: 4242\n');
    expect(Object.fromEntries(dumpedEvents(folder))).toEqual({ Ir: 4242 });
  });

  it('finds nothing in a folder without dumps', () => {
    expect(dumpedEvents(folder).size).toBe(0);
  });
});
