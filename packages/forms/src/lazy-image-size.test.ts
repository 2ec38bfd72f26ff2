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

// As Django imports Pillow only when an ImageField cleans a file, forms read image-size then.
describe('image-size', () => {
  it('is read when an ImageField first inspects an image', () => {
    const log = join(tmpdir(), `stack-forms-lazy-${process.pid}.log`);
    writeFileSync(log, '');
    const script = `import { createRequire, register } from 'node:module';
      import { readFileSync } from 'node:fs';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}));
      const loaded = () => [
        ...Object.keys(createRequire(import.meta.url).cache),
        ...readFileSync(process.env.STACK_LAZY_LOG, 'utf8').split('\\n'),
      ].some((file) => /\\/node_modules\\/image-size\\//.test(file));
      const { defineForm, ImageField } = await import(${JSON.stringify(join(here, 'index.ts'))});
      const Avatar = defineForm({ avatar: new ImageField() });
      const imported = loaded();
      const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8cfc0000003010100c9fe92ef0000000049454e44ae426082', 'hex');
      const upload = { name: 'me.png', size: png.length, contentType: 'image/png', read: async () => png };
      const form = new Avatar({ files: { avatar: upload } });
      const valid = await form.isValid();
      console.log(JSON.stringify({ imported, valid, cleaned: loaded(), image: form.cleanedData.avatar.image }));`;
    try {
      const out = execFileSync(
        process.execPath,
        ['--conditions=@stack/source', '--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: here, encoding: 'utf8', env: { ...process.env, STACK_LAZY_LOG: log } },
      );
      expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({
        imported: false,
        valid: true,
        cleaned: true,
        image: { width: 1, height: 1, format: 'png' },
      });
    } finally {
      rmSync(log, { force: true });
    }
  }, 60_000);
});
