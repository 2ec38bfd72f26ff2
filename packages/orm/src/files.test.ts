import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemStorage, setDefaultStorage } from '@stack/files';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  CharField,
  FieldFile,
  FileField,
  ImageField,
  IntegerField,
  SchemaEditor,
  ValidationError,
  connections,
  defineModel,
} from './index.js';

// A real 1×1 PNG and a 3×2 GIF: image-size reads their headers.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const GIF = Buffer.from('R0lGODlhAwACAIAAAP///wAAACwAAAAAAwACAAACAoRRADs=', 'base64');

const dir = mkdtempSync(join(tmpdir(), 'stack-orm-files-'));
const media = join(dir, 'media');
const other = new FileSystemStorage({ location: join(dir, 'other'), baseUrl: '/other/' });

/** An upload as `@stack/request` gives it: a name, a size, its bytes. */
function upload(name: string, bytes: Buffer | string) {
  const data = Buffer.from(bytes);
  return { name, size: data.length, read: async () => data };
}

class Document extends defineModel<Document>()('files.Document', {
  title: new CharField({ maxLength: 50, default: '' }),
  attachment: new FileField({ uploadTo: 'docs/%Y/%m/', blank: true }),
  byOwner: new FileField({
    uploadTo: (doc: { title: string }, filename: string): string =>
      `owners/${doc.title}/${filename}`,
    storage: other,
    blank: true,
  }),
}) {}

class Photo extends defineModel<Photo>()('files.Photo', {
  image: new ImageField({ uploadTo: 'photos', widthField: 'width', heightField: 'height' }),
  width: new IntegerField({ null: true, blank: true }),
  height: new IntegerField({ null: true, blank: true }),
}) {}

beforeAll(async () => {
  setDefaultStorage(new FileSystemStorage({ location: media, baseUrl: '/media/' }));
  await connections.configure({ default: { engine: 'sqlite', name: join(dir, 'db.sqlite3') } });
  await new SchemaEditor().createModels([Document, Photo]);
});
afterAll(async () => {
  setDefaultStorage(null);
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

const month = () => {
  const now = new Date();
  return `${now.getFullYear()}/${String(now.getMonth() + 1).padStart(2, '0')}`;
};

describe('FileField', () => {
  it('is a varchar(100) column, as in Django', async () => {
    const editor = new SchemaEditor({ collectSql: true });
    await editor.createModels([Document]);
    expect(editor.collected[0]).toContain('"attachment" varchar(100) NOT NULL');
  });

  it('stores an assigned upload under uploadTo (a strftime pattern) when the instance is saved', async () => {
    const doc = new Document({ title: 'q1' });
    doc.attachment = upload('q1 report.txt', 'revenue') as never;
    expect(doc.attachment).toBeInstanceOf(FieldFile);
    expect(doc.attachment.committed).toBe(false);
    await doc.save();
    expect(doc.attachment.committed).toBe(true);
    expect(doc.attachment.name).toBe(`docs/${month()}/q1_report.txt`);
    expect(doc.attachment.url).toBe(`/media/docs/${month()}/q1_report.txt`);
    expect(doc.attachment.path).toBe(join(media, 'docs', month(), 'q1_report.txt'));
    expect(readFileSync(doc.attachment.path, 'utf8')).toBe('revenue');
    const fresh = await Document.objects.get({ pk: doc.pk });
    expect(fresh.attachment).toBeInstanceOf(FieldFile);
    expect(fresh.attachment.name).toBe(`docs/${month()}/q1_report.txt`);
    expect(await fresh.attachment.size()).toBe(7);
    expect((await fresh.attachment.open()).toString()).toBe('revenue');
    expect(await Document.objects.filter({ attachment: fresh.attachment.name }).count()).toBe(1);
  });

  it("equals its name, or anything with the same name, as Django's FieldFile.__eq__", () => {
    const doc = new Document({ attachment: 'docs/a.txt' });
    expect(doc.attachment.equals('docs/a.txt')).toBe(true);
    expect(doc.attachment.equals('docs/b.txt')).toBe(false);
    expect(doc.attachment.equals(new Document({ attachment: 'docs/a.txt' }).attachment)).toBe(true);
    expect(doc.attachment.equals(upload('docs/a.txt', ''))).toBe(true);
    expect(doc.attachment.equals({ name: 'docs/b.txt' })).toBe(false);
    expect(new Document().attachment.equals('')).toBe(true);
    expect(new Document().attachment.equals(null)).toBe(false);
  });

  it('stores the uploads of bulkCreate too', async () => {
    const doc = new Document({ title: 'bulk' });
    doc.attachment = upload('bulk.txt', 'many') as never;
    await Document.objects.bulkCreate([doc]);
    const fresh = await Document.objects.get({ title: 'bulk' });
    expect(fresh.attachment.name).toBe(`docs/${month()}/bulk.txt`);
    expect((await fresh.attachment.open()).toString()).toBe('many');
  });

  it('never overwrites: the same name gets a free variant', async () => {
    const a = await Document.objects.create({ title: 'a' });
    const b = await Document.objects.create({ title: 'b' });
    await a.attachment.save('same.txt', 'first');
    await b.attachment.save('same.txt', Buffer.from('second'));
    expect(a.attachment.name).toBe(`docs/${month()}/same.txt`);
    expect(b.attachment.name).toMatch(new RegExp(`^docs/${month()}/same_[a-zA-Z0-9]{7}\\.txt$`));
    expect((await a.attachment.open()).toString()).toBe('first');
    expect((await Document.objects.get({ pk: b.pk })).attachment.name).toBe(b.attachment.name);
  });

  it('keeps the name within maxLength', async () => {
    const doc = await Document.objects.create({ title: 'long' });
    await doc.attachment.save(`${'x'.repeat(150)}.txt`, 'long');
    expect(doc.attachment.name.length).toBeLessThanOrEqual(100);
    expect(doc.attachment.name).toMatch(/\.txt$/);
  });

  it('calls an uploadTo function with the instance and the file name, on its own storage', async () => {
    const doc = await Document.objects.create({ title: 'ann' });
    await doc.byOwner.save('cv.pdf', '%PDF');
    expect(doc.byOwner.name).toBe('owners/ann/cv.pdf');
    expect(doc.byOwner.url).toBe('/other/owners/ann/cv.pdf');
    expect(existsSync(join(dir, 'other', 'owners', 'ann', 'cv.pdf'))).toBe(true);
  });

  it('deletes the stored file and empties the field', async () => {
    const doc = await Document.objects.create({ title: 'gone' });
    await doc.attachment.save('gone.txt', 'x');
    const path = doc.attachment.path;
    await doc.attachment.delete();
    expect(existsSync(path)).toBe(false);
    expect(doc.attachment.name).toBe('');
    expect((await Document.objects.get({ pk: doc.pk })).attachment.name).toBe('');
    expect(() => doc.attachment.url).toThrow("The 'attachment' attribute has no file associated");
  });

  it('points at a stored file when given its name', async () => {
    const doc = new Document({ title: 'named', attachment: 'docs/elsewhere.txt' });
    expect(doc.attachment.name).toBe('docs/elsewhere.txt');
    expect(doc.attachment.url).toBe('/media/docs/elsewhere.txt');
    await doc.save();
    expect((await Document.objects.get({ pk: doc.pk })).attachment.name).toBe('docs/elsewhere.txt');
  });

  it('is blank unless a file is set: fullClean refuses an empty required one', async () => {
    const photo = new Photo();
    await expect(photo.fullClean()).rejects.toBeInstanceOf(ValidationError);
    await expect(photo.fullClean()).rejects.toMatchObject({
      errorDict: { image: ['This field cannot be blank.'] },
    });
  });
});

describe('FileField types', () => {
  it('reads a FieldFile, takes a name or an upload on creation, filters by name', () => {
    expectTypeOf(new Document().attachment).toEqualTypeOf<FieldFile>();
    expectTypeOf(Document.objects.create).toBeCallableWith({ attachment: 'a.txt' });
    expectTypeOf(Document.objects.create).toBeCallableWith({ attachment: upload('a', 'b') });
    expectTypeOf(Document.objects.filter).toBeCallableWith({ attachment: 'a.txt' });
    // @ts-expect-error a number is no file
    expectTypeOf(Document.objects.create).toBeCallableWith({ attachment: 42 });
    expect(() => new Document({ attachment: 42 as never })).toThrow(
      'attachment takes a file name, an uploaded file or a FieldFile, not number.',
    );
  });
});

describe('FileField and hostile names', () => {
  it('refuses traversal, absolute paths and NUL bytes, writing nothing', async () => {
    const doc = await Document.objects.create({ title: 'evil' });
    const listing = () => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
    const before = listing();
    for (const name of ['../../escape.txt', '/etc/passwd', 'a/../../b.txt', 'nul\0.txt']) {
      await expect(doc.attachment.save(name, 'x'), JSON.stringify(name)).rejects.toMatchObject({
        name: 'SuspiciousFileOperation',
        status: 400,
      });
      doc.attachment = upload(name, 'x') as never;
      await expect(doc.save(), JSON.stringify(name)).rejects.toMatchObject({ status: 400 });
    }
    // Compared as a whole: other tests' files carry random suffixes, which a pattern could match.
    expect(listing()).toEqual(before);
    expect(existsSync(join(dir, '..', 'escape.txt'))).toBe(false);
  });

  it('refuses an uploadTo function that leads out of the storage', async () => {
    const doc = await Document.objects.create({ title: '../..' });
    await expect(doc.byOwner.save('x.txt', 'x')).rejects.toMatchObject({
      name: 'SuspiciousFileOperation',
    });
  });
});

describe('ImageField', () => {
  it('records the width and height of a stored image, read by image-size', async () => {
    const photo = new Photo();
    photo.image = upload('dot.png', PNG) as never;
    await photo.save();
    expect([photo.width, photo.height]).toEqual([1, 1]);
    expect(photo.image.name).toBe('photos/dot.png');
    const fresh = await Photo.objects.get({ pk: photo.pk });
    expect([fresh.width, fresh.height]).toEqual([1, 1]);
    await fresh.image.save('wide.gif', GIF);
    expect([fresh.width, fresh.height]).toEqual([3, 2]);
    expect((await Photo.objects.get({ pk: photo.pk })).width).toBe(3);
  });

  it('records no dimensions for a file that is not an image', async () => {
    const photo = new Photo();
    await photo.image.save('fake.png', 'not an image');
    expect([photo.width, photo.height]).toEqual([null, null]);
  });
});
