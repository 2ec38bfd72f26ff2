import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The README's shorter examples use names a page around them would define (`request`,
// `ArticleForm`, `isSpam`): each runs here as written, after a prelude defining those names.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const entry = new URL('../src/index.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'stack-forms-readme-fragments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function block(heading: string): string {
  const section = readme.slice(readme.indexOf(`## ${heading}`));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error(`no example under ${heading}`);
  return code;
}

async function run(name: string, prelude: string, code: string, epilogue: string): Promise<any> {
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, `import * as forms from '${entry}';\n${prelude}\n${code}\n${epilogue}`);
  return import(file);
}

describe('the README’s fragments', () => {
  it('declares forms with hooks and inheritance', async () => {
    const { ContactForm, UrgentForm } = await run(
      'declaring',
      "const { BooleanField, CharField, EmailField, IntegerField, Textarea, ValidationError, defineForm } = forms;\nconst isSpam = async (text: string) => text.includes('buy now');",
      block('Declaring forms'),
      'export { ContactForm, UrgentForm };',
    );
    const spam = new ContactForm({
      data: { subject: ' Hi ', message: 'buy now', sender: 'a@b.co' },
    });
    expect(await spam.isValid()).toBe(false);
    expect(spam.nonFieldErrors().at(0)).toBe('No spam.');
    const ok = new ContactForm({ data: { subject: ' Hi ', message: 'hello', sender: 'a@b.co' } });
    expect(await ok.isValid()).toBe(true);
    expect(ok.cleanedData.subject).toBe('Hi');
    expect(Object.keys(new UrgentForm().fields)).toEqual([
      'subject',
      'message',
      'sender',
      'priority',
    ]);
  });

  it('validates a formset', async () => {
    const { formset } = await run(
      'formsets',
      "const { CharField, defineForm, formsetFactory } = forms;\nconst ArticleForm = defineForm({ title: new CharField() });\nconst request = { POST: new URLSearchParams('form-TOTAL_FORMS=2&form-INITIAL_FORMS=0&form-0-title=Hi') };\nconst console = { log: (data: unknown) => logged.push(data) };\nexport const logged: unknown[] = [];",
      block('Formsets'),
      'export { formset };',
    );
    expect(formset.cleanedData).toEqual([{ title: 'Hi', DELETE: false }, {}]);
  });

  it('stores an upload with a FileSystemStorage', async () => {
    const media = join(dir, 'media');
    const { storage, saved } = await run(
      'storage',
      "const { FileSystemStorage } = forms;\nconst form = { isValid: async () => true, cleanedData: { avatar: { name: 'me.png', size: 3, read: async () => Buffer.from('png') } } };\nlet saved = '';",
      block('Storing files')
        .replace("'/srv/media'", JSON.stringify(media))
        .replace('const name =', 'const name = saved ='),
      'export { storage, saved };',
    );
    expect(saved).toBe('avatars/me.png');
    expect(readFileSync(join(media, 'avatars', 'me.png'), 'utf8')).toBe('png');
    expect(storage.url(saved)).toBe('/media/avatars/me.png');
  });
});
