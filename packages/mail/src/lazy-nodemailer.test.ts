import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

// Records every module node resolves for an `import`.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.STACK_LAZY_LOG, result.url + '\\n');
  return result;
}`;

// As Django imports an e-mail backend when mail is first sent, a process that sends no mail does
// not read nodemailer: it is loaded when a message is first composed.
describe('nodemailer', () => {
  it('is read when a message is first composed, not when the package is imported', () => {
    const log = join(tmpdir(), `stack-mail-lazy-${process.pid}.log`);
    writeFileSync(log, '');
    const script = `import { createRequire, register } from 'node:module';
      import { readFileSync } from 'node:fs';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}));
      const loaded = () => [
        ...Object.keys(createRequire(import.meta.url).cache),
        ...readFileSync(process.env.STACK_LAZY_LOG, 'utf8').split('\\n'),
      ].some((file) => /\\/node_modules\\/nodemailer\\//.test(file));
      const { EmailMessage } = await import(${JSON.stringify(join(here, 'index.ts'))});
      const imported = loaded();
      const email = new EmailMessage({ subject: 'Hi', body: 'Hello', fromEmail: 'a@example.com', to: ['b@example.com'] });
      const subject = (await email.message()).get('Subject');
      console.log(JSON.stringify({ imported, subject, composed: loaded() }));`;
    try {
      const out = execFileSync(
        process.execPath,
        ['--conditions=@stack/source', '--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: here, encoding: 'utf8', env: { ...process.env, STACK_LAZY_LOG: log } },
      );
      expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({
        imported: false,
        subject: 'Hi',
        composed: true,
      });
    } finally {
      rmSync(log, { force: true });
    }
  }, 60_000);
});
