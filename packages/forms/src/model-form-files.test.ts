import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UploadedFile } from '@stack/request';
import {
  CharField,
  FileField,
  ImageField,
  IntegerField,
  SchemaEditor,
  SlugField,
  connections,
  defineModel,
} from '@stack/orm';
import { Engine } from '@stack/templates';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FileSystemStorage, defineModelForm, setDefaultStorage } from './index.js';

// ModelForm over model FileField/ImageField: the HTML Django renders and its unique messages,
// harvested from Django 3.2 with the same models by conformance/harvest/forms_model_files.py;
// uploads saved through the storage.
const django = JSON.parse(
  readFileSync(new URL('../test/django/model-files.json', import.meta.url), 'utf8'),
) as {
  unbound: string;
  instance: string;
  slugUnbound: string;
  slugBlankSaved: string;
  uniqueField: ErrorsJson;
  uniqueTogether: ErrorsJson;
};

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const dir = mkdtempSync(join(tmpdir(), 'stack-forms-model-files-'));
const media = join(dir, 'media');

class Doc extends defineModel<Doc>()('mff.Doc', {
  title: new CharField({ maxLength: 50 }),
  slug: new SlugField({ unique: true, blank: true }),
  attachment: new FileField({ uploadTo: 'docs/%Y/' }),
  photo: new ImageField({ uploadTo: 'photos', blank: true, widthField: 'w', heightField: 'h' }),
  w: new IntegerField({ null: true, blank: true, editable: false }),
  h: new IntegerField({ null: true, blank: true, editable: false }),
}) {}

class BlogPost extends defineModel<BlogPost>()(
  'mff.BlogPost',
  { slug: new SlugField(), pubDate: new CharField({ maxLength: 10 }) },
  { uniqueTogether: [['slug', 'pubDate']] },
) {}

type ErrorsJson = Record<string, { message: string; code: string }[]>;

class DocForm extends defineModelForm({ model: Doc, fields: ['title', 'attachment', 'photo'] }) {}

function upload(fieldName: string, name: string, content: Buffer | string, contentType: string) {
  const bytes = Buffer.from(content);
  return new UploadedFile({ fieldName, name, contentType, size: bytes.length, content: bytes });
}

beforeAll(async () => {
  setDefaultStorage(new FileSystemStorage({ location: media, baseUrl: '/media/' }));
  await connections.configure({ default: { engine: 'sqlite', name: join(dir, 'db.sqlite3') } });
  await new SchemaEditor().createModels([Doc, BlogPost]);
});
afterAll(async () => {
  setDefaultStorage(null);
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('ModelForm with file fields', () => {
  // Each test starts from empty tables and an empty media directory: a doc left with the empty
  // slug (unique) or a file left under the upload's name would change what the next one saves.
  beforeEach(async () => {
    await Doc.objects.all().delete();
    await BlogPost.objects.all().delete();
    rmSync(media, { recursive: true, force: true });
  });

  /** Saves the doc 'Report' with an attachment and a 1×1 PNG photo, through the form. */
  async function saveReport(): Promise<Doc> {
    const form = new DocForm({
      data: { title: 'Report' },
      files: {
        attachment: upload('attachment', 'q1 report.txt', 'revenue', 'text/plain'),
        photo: upload('photo', 'dot.png', PNG, 'image/png'),
      },
    });
    expect(await form.isValid()).toBe(true);
    return form.save();
  }

  it('renders as Django does, unbound', async () => {
    expect(String(await new DocForm().asP())).toBe(django.unbound);
  });

  it('renders the stored files of an instance as Django does (Currently, Clear, Change)', async () => {
    const doc = new Doc({ title: 't', attachment: 'docs/a b.txt' });
    doc.photo = 'photos/me.png' as never;
    expect(String(await new DocForm({ instance: doc }).asP())).toBe(django.instance);
  });

  it('reads in templates as Django: the name, the URL, false when empty', async () => {
    const source =
      '{{ doc.attachment }} {{ doc.attachment.url }} {% if doc.photo %}photo{% else %}no photo{% endif %}';
    const doc = new Doc({ title: 't', attachment: 'docs/a&b.txt' });
    expect(await new Engine().fromString(source).render({ doc })).toBe(
      'docs/a&amp;b.txt /media/docs/a%26b.txt no photo',
    );
  });

  it('saves the uploads through the storage, with the image dimensions', async () => {
    const doc = await saveReport();
    const year = new Date().getFullYear();
    expect(doc.attachment.name).toBe(`docs/${year}/q1_report.txt`);
    expect(readFileSync(join(media, 'docs', String(year), 'q1_report.txt'), 'utf8')).toBe(
      'revenue',
    );
    expect(doc.photo.url).toBe('/media/photos/dot.png');
    const fresh = await Doc.objects.get({ pk: doc.pk });
    expect([fresh.photo.name, fresh.w, fresh.h]).toEqual(['photos/dot.png', 1, 1]);
  });

  it('keeps the stored file when nothing is uploaded, and clears it with the checkbox', async () => {
    const doc = await saveReport();
    const keep = new DocForm({ data: { title: 'Renamed' }, instance: doc });
    expect(await keep.isValid()).toBe(true);
    await keep.save();
    expect((await Doc.objects.get({ pk: doc.pk })).photo.name).toBe('photos/dot.png');
    const clear = new DocForm({ data: { title: 'Renamed', 'photo-clear': 'on' }, instance: doc });
    expect(await clear.isValid()).toBe(true);
    await clear.save();
    expect((await Doc.objects.get({ pk: doc.pk })).photo.name).toBe('');
    expect(existsSync(join(media, 'photos', 'dot.png'))).toBe(true); // Django keeps the file too
  });

  it('refuses a required file that is missing, and a non-image for an ImageField', async () => {
    const form = new DocForm({
      data: { title: 'x' },
      files: { photo: upload('photo', 'fake.png', 'not an image', 'image/png') },
    });
    expect(await form.isValid()).toBe(false);
    expect(JSON.parse(form.errors.asJson())).toEqual({
      attachment: [{ message: 'This field is required.', code: 'required' }],
      photo: [
        {
          message:
            'Upload a valid image. The file you uploaded was either not an image or a corrupted image.',
          code: 'invalid_image',
        },
      ],
    });
  });

  it('refuses a hostile upload name with a 400 on save, writing nothing outside', async () => {
    const form = new DocForm({
      data: { title: 'evil' },
      files: { attachment: upload('attachment', '../../evil.txt', 'x', 'text/plain') },
    });
    expect(await form.isValid()).toBe(true);
    await expect(form.save()).rejects.toMatchObject({
      name: 'SuspiciousFileOperation',
      status: 400,
    });
    expect(existsSync(join(media, 'evil.txt'))).toBe(false);
    expect(existsSync(join(dir, 'evil.txt'))).toBe(false);
  });

  it("renders and saves an optional CharField as Django does: '' when left empty", async () => {
    const SlugForm = defineModelForm({ model: Doc, fields: ['title', 'slug'] });
    expect(String(await new SlugForm().asP())).toBe(django.slugUnbound);
    const form = new SlugForm({ data: { title: 'no slug', slug: '' } });
    expect(await form.isValid()).toBe(true);
    const saved = await form.save();
    expect((await Doc.objects.get({ pk: saved.pk })).slug).toBe(django.slugBlankSaved);
    expect((await Doc.objects.get({ pk: saved.pk })).attachment.name).toBe('');
  });

  it("says 'Doc with this Slug already exists.' (code unique) as Django does", async () => {
    await Doc.objects.create({ title: 'a', slug: 'taken', attachment: 'a.txt' });
    const SlugForm = defineModelForm({ model: Doc, fields: ['title', 'slug'] });
    const form = new SlugForm({ data: { title: 'b', slug: 'taken' } });
    expect(await form.isValid()).toBe(false);
    expect(form.errors.getJsonData()).toEqual(django.uniqueField);
  });

  it('says "Blog post with this Slug and Pub date already exists." (code unique_together)', async () => {
    await BlogPost.objects.create({ slug: 'hello', pubDate: '2024-05-01' });
    const BlogPostForm = defineModelForm({ model: BlogPost, fields: ['slug', 'pubDate'] });
    const form = new BlogPostForm({ data: { slug: 'hello', pubDate: '2024-05-01' } });
    expect(await form.isValid()).toBe(false);
    expect(form.errors.getJsonData()).toEqual(django.uniqueTogether);
  });
});
