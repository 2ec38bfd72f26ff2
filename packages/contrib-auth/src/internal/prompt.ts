import { createInterface } from 'node:readline';

/** Asks one question on the terminal; `hidden` answers are not echoed (passwords). */
export type Prompt = (question: string, options?: { hidden?: boolean }) => Promise<string>;

interface PipedInput {
  readonly lines: string[];
  readonly waiting: Array<(line: string | null) => void>;
  ended: boolean;
  readonly rl: ReturnType<typeof createInterface>;
}

let piped: PipedInput | undefined;

// One reader for the whole run: a reader per question would drop the lines the previous one had
// already buffered, and wait forever on the ended pipe.
function pipedInput(): PipedInput {
  if (piped) return piped;
  const rl = createInterface({ input: process.stdin, terminal: false });
  const state: PipedInput = { lines: [], waiting: [], ended: false, rl };
  rl.on('line', (line) => {
    const waiter = state.waiting.shift();
    if (waiter) waiter(line);
    else state.lines.push(line);
    // Paused between questions, so a finished command does not wait for the pipe to close.
    if (state.waiting.length === 0) rl.pause();
  });
  rl.on('close', () => {
    state.ended = true;
    for (const waiter of state.waiting.splice(0)) waiter(null);
  });
  piped = state;
  return state;
}

/** The next line of piped standard input, or null when it has ended. */
function nextPipedLine(): Promise<string | null> {
  const input = pipedInput();
  const line = input.lines.shift();
  if (line !== undefined) return Promise.resolve(line);
  if (input.ended) return Promise.resolve(null);
  return new Promise((resolve) => {
    input.waiting.push(resolve);
    input.rl.resume();
  });
}

async function pipedPrompt(question: string, hidden: boolean): Promise<string> {
  process.stdout.write(question);
  const line = await nextPipedLine();
  if (hidden || line === null) process.stdout.write('\n');
  if (line === null)
    throw new Error(`Standard input ended before an answer to '${question.trim()}'.`);
  return line;
}

/**
 * The prompt the commands use unless given another (tests pass their own): the terminal, or
 * the lines of standard input when it is a pipe (`printf 'admin\n…' | stack createsuperuser`).
 */
export const terminalPrompt: Prompt = (question, options = {}) =>
  process.stdin.isTTY
    ? ttyPrompt(question, options)
    : pipedPrompt(question, options.hidden === true);

const ttyPrompt: Prompt = (question, options = {}) =>
  new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    if (options.hidden) {
      const output = rl as unknown as {
        _writeToOutput?: (text: string) => void;
        output: NodeJS.WritableStream;
      };
      output._writeToOutput = (text: string) => {
        if (text.includes(question)) output.output.write(text);
      };
    }
    rl.on('SIGINT', () => {
      rl.close();
      reject(new Error('Operation cancelled.'));
    });
    rl.question(question, (answer) => {
      rl.close();
      if (options.hidden) process.stdout.write('\n');
      resolve(answer);
    });
  });
