/** One row of a results table: a contender and its measurements. */
export interface Row {
  name: string;
  /** Measurements by column name; a ratio to the baseline row is printed beside each. */
  values: Record<string, number>;
  /**
   * Ratios to the baseline measured some other way (e.g. slice by slice), by column name:
   * printed instead of this row's value divided by the baseline row's.
   */
  ratios?: Record<string, number>;
}

/** How to show one measurement column. */
export interface Column {
  key: string;
  label: string;
  /** Digits after the decimal point. */
  digits: number;
}

function pad(text: string, width: number, right: boolean): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/**
 * Prints rows as a table, each value followed by its ratio to the baseline row
 * (`1.00x` is the baseline itself). A ratio above 1 means more of that column: better for
 * requests per second, worse for latency and memory.
 */
export function printTable(title: string, rows: Row[], columns: Column[], baseline: string): void {
  const base = rows.find((row) => row.name === baseline);
  const header = ['contender', ...columns.flatMap((c) => [c.label, `vs ${baseline}`])];
  const body = rows.map((row) => [
    row.name,
    ...columns.flatMap((column) => {
      const value = row.values[column.key];
      const reference = base?.values[column.key];
      if (value === undefined || Number.isNaN(value)) return ['-', '-'];
      const measured = row.ratios?.[column.key];
      const ratio =
        measured !== undefined
          ? `${measured.toFixed(2)}x`
          : reference
            ? `${(value / reference).toFixed(2)}x`
            : '-';
      return [value.toFixed(column.digits), ratio];
    }),
  ]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i]!, i > 0)).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const cells of body) console.log(line(cells));
}
