import { afterEach, describe, expect, it, vi } from 'vitest';
import { control, verdict } from './verdict.js';

describe('the verdict lines', () => {
  afterEach(() => vi.restoreAllMocks());

  const printed = (print: () => void): string => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    print();
    return log.mock.calls.map((call) => call.join(' ')).join('\n');
  };

  it('calls a ratio at its goal met and one under it missed', () => {
    expect(printed(() => verdict('x vs y', 0.85, 0.85))).toBe('  x vs y: 0.85x (goal >= 0.85x) ok');
    expect(printed(() => verdict('x vs y', 0.849, 0.85))).toContain('MISSED');
  });

  it("reads the second copy of the baseline as the run's own error, either way", () => {
    expect(printed(() => control('b again vs b', 0.97))).toBe(
      "  (not a goal) b again vs b: 0.97x, the harness's own error in this run (3%; two copies of one server)",
    );
    expect(printed(() => control('b again vs b', 1.04))).toContain('(4%;');
  });
});
