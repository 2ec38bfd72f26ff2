import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BooleanField as ModelBooleanField,
  CASCADE,
  CharField as ModelCharField,
  ForeignKey,
  IntegerField as ModelIntegerField,
  ManyToManyField,
  SET_NULL,
  SchemaEditor,
  TextField,
  ValidationError as ModelValidationError,
  connections,
  defineModel,
  type ManyRelatedManager,
  type RelatedManager,
} from '@stack/orm';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  CharField,
  HiddenInput,
  ModelChoiceField,
  ModelMultipleChoiceField,
  Textarea,
  defineModelForm,
  inlineformsetFactory,
  modelformFactory,
  modelformsetFactory,
} from './index.js';

class Category extends defineModel<Category>()('mf.Category', {
  name: new ModelCharField({ maxLength: 50, unique: true }),
}) {
  override toString(): string {
    return this.name;
  }
}

class Tag extends defineModel<Tag>()('mf.Tag', { name: new ModelCharField({ maxLength: 20 }) }) {
  override toString(): string {
    return `#${this.name}`;
  }
}

class Post extends defineModel<Post>()(
  'mf.Post',
  {
    title: new ModelCharField({ maxLength: 100, helpText: 'Keep it <short>.' }),
    slug: new ModelCharField({ maxLength: 100, blank: true, default: '' }),
    body: new TextField({ blank: true, default: '' }),
    status: new ModelCharField({
      maxLength: 1,
      choices: [
        ['d', 'Draft'],
        ['p', 'Published'],
      ],
      default: 'd',
    }),
    rating: new ModelIntegerField({ null: true, blank: true }),
    featured: new ModelBooleanField({ default: false }),
    category: new ForeignKey(() => Category, {
      onDelete: SET_NULL,
      null: true,
      blank: true,
      relatedName: 'posts',
    }),
    tags: new ManyToManyField<Tag>('mf.Tag', { relatedName: 'posts', blank: true }),
  },
  { uniqueTogether: [['title', 'category']] },
) {
  declare tags: ManyRelatedManager<Tag>;
  declare comments: RelatedManager<Comment>;
  clean(): void {
    if (this.title === 'forbidden')
      throw new ModelValidationError({ title: ['That title is forbidden.'] });
  }
}

class Comment extends defineModel<Comment>()('mf.Comment', {
  post: new ForeignKey(() => Post, { onDelete: CASCADE, relatedName: 'comments' }),
  body: new ModelCharField({ maxLength: 200 }),
}) {}

const dir = mkdtempSync(join(tmpdir(), 'stack-forms-models-'));
let news: Category;
let sport: Category;
let tags: Tag[];

beforeAll(async () => {
  await connections.configure({ default: { engine: 'sqlite', name: join(dir, 'db.sqlite3') } });
  await new SchemaEditor().createModels([Category, Tag, Post, Comment]);
  news = await Category.objects.create({ name: 'News' });
  sport = await Category.objects.create({ name: 'Sport' });
  tags = [await Tag.objects.create({ name: 'a' }), await Tag.objects.create({ name: 'b' })];
});
afterAll(async () => {
  await connections.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

class PostForm extends defineModelForm({
  model: Post,
  fields: ['title', 'body', 'status', 'rating', 'featured', 'category', 'tags'],
  widgets: { body: new Textarea({ attrs: { rows: 3 } }) },
  labels: { rating: 'Stars' },
  helpTexts: { status: 'Draft or published.' },
  errorMessages: { title: { required: 'A title, please.' } },
}) {
  cleanTitle() {
    return this.cleanedData.title.trim();
  }
}

describe('ModelForm', () => {
  it('derives form fields from the model fields', async () => {
    const form = new PostForm();
    expect(Object.keys(form.fields)).toEqual([
      'title',
      'body',
      'status',
      'rating',
      'featured',
      'category',
      'tags',
    ]);
    expect(form.fields.title).toBeInstanceOf(CharField);
    expect(form.fields.category).toBeInstanceOf(ModelChoiceField);
    expect(form.fields.tags).toBeInstanceOf(ModelMultipleChoiceField);
    expect(form.fields.rating.required).toBe(false);
    expect(form.fields.rating.label).toBe('Stars');
    const html = (await form.asP()).value;
    expect(html).toContain(
      '<p><label for="id_title">Title:</label> <input type="text" name="title" maxlength="100" required id="id_title"> <span class="helptext">Keep it <short>.</span></p>',
    );
    expect(html).toContain('<textarea name="body" cols="40" rows="3" id="id_body">\n</textarea>');
    expect(html).toContain(
      '<select name="status" id="id_status">\n  <option value="d" selected>Draft</option>\n\n  <option value="p">Published</option>\n\n</select> <span class="helptext">Draft or published.</span>',
    );
    expect(html).toContain(
      '<select name="category" id="id_category">\n  <option value="" selected>---------</option>\n\n  <option value="1">News</option>\n\n  <option value="2">Sport</option>\n\n</select>',
    );
    expect(html).toContain(
      '<select name="tags" id="id_tags" multiple>\n  <option value="1">#a</option>',
    );
  });

  it('types cleanedData from the model', async () => {
    const form = new PostForm({ data: { title: 'Hi', status: 'd', category: String(news.pk) } });
    expect(await form.isValid()).toBe(true);
    expectTypeOf(form.cleanedData.title).toEqualTypeOf<string>();
    expectTypeOf(form.cleanedData.tags).toEqualTypeOf<Tag[]>();
    expect(form.cleanedData.category).toBeInstanceOf(Category);
  });

  it('saves a new instance with its many-to-many values', async () => {
    const form = new PostForm({
      data: {
        title: '  First  ',
        status: 'p',
        category: String(news.pk),
        tags: [String(tags[0]!.pk), String(tags[1]!.pk)],
        featured: 'on',
      },
    });
    expect(await form.isValid()).toBe(true);
    const post = await form.save();
    expect(post.pk).not.toBeNull();
    const saved = await Post.objects.get({ pk: post.pk });
    expect(saved).toMatchObject({ title: 'First', status: 'p', featured: true, body: '' });
    expect((await saved.tags.all()).map((t) => t.name)).toEqual(['a', 'b']);
  });

  it('saves without committing, then saveM2m', async () => {
    const form = new PostForm({
      data: { title: 'Draft', status: 'd', tags: [String(tags[1]!.pk)] },
    });
    const post = await form.save({ commit: false });
    expect(post.pk).toBeNull();
    post.slug = 'draft-slug';
    await post.save();
    await form.saveM2m();
    expect((await post.tags.all()).map((t) => t.name)).toEqual(['b']);
  });

  it('edits an instance, showing its values and its many-to-many choices', async () => {
    const post = await Post.objects.create({ title: 'Edit me', slug: 'edit-me', category: sport });
    await post.tags.set([tags[0]!]);
    const form = new PostForm({ instance: post });
    const html = (await form.asP()).value;
    expect(html).toContain('value="Edit me"');
    expect(html).toContain('<option value="2" selected>Sport</option>');
    expect(html).toContain(`<option value="${tags[0]!.pk}" selected>#a</option>`);
    const bound = new PostForm({
      instance: post,
      data: { title: 'Edited', status: 'p', category: '' },
    });
    expect(await bound.isValid()).toBe(true);
    expect(bound.changedData).toEqual(['title', 'status', 'category', 'tags']);
    await bound.save();
    const saved = await Post.objects.get({ pk: post.pk });
    expect(saved.title).toBe('Edited');
    expect(saved.categoryId).toBeNull();
    expect(await saved.tags.count()).toBe(0);
  });

  it('reports the model’s own validation, unique checks and form messages', async () => {
    await Post.objects.create({ title: 'Taken', slug: 'taken', category: news });
    const missing = new PostForm({ data: { status: 'x' } });
    expect(await missing.isValid()).toBe(false);
    expect(missing.errors.getJsonData()).toMatchObject({
      title: [{ message: 'A title, please.', code: 'required' }],
      status: [{ code: 'invalid_choice' }],
    });
    const forbidden = new PostForm({ data: { title: 'forbidden', status: 'd' } });
    expect(await forbidden.isValid()).toBe(false);
    expect(forbidden.errors.get('title')?.at(0)).toBe('That title is forbidden.');
    const duplicate = new PostForm({
      data: { title: 'Taken', status: 'd', category: String(news.pk) },
    });
    expect(await duplicate.isValid()).toBe(false);
    expect(duplicate.nonFieldErrors().at(0)).toBe(
      'Post with this Title and Category already exists.',
    );
    await expect(duplicate.save()).rejects.toThrow(
      "The Post could not be created because the data didn't validate.",
    );
    const badChoice = new PostForm({
      data: { title: 'x', status: 'd', category: '999', tags: ['1', 'nope', '<b>'] },
    });
    expect(await badChoice.isValid()).toBe(false);
    expect(badChoice.errors.get('category')?.at(0)).toBe(
      'Select a valid choice. That choice is not one of the available choices.',
    );
    expect(badChoice.errors.get('tags')?.asUl().value).toMatch(/nope|&lt;b&gt;/);
  });

  it('refuses a Meta without fields or exclude, and unknown or non-editable fields', () => {
    expect(() => modelformFactory(Post, {})).toThrow(
      /without either the 'fields' attribute or the 'exclude'/,
    );
    expect(() => modelformFactory(Post, { fields: ['nope' as 'title'] })).toThrow(
      'Unknown field(s) (nope) specified for Post',
    );
    const All = modelformFactory(Post, { exclude: ['tags', 'slug'] });
    expect(Object.keys(new All().fields)).toEqual([
      'title',
      'body',
      'status',
      'rating',
      'featured',
      'category',
    ]);
  });
});

describe('model formsets', () => {
  // The formsets rename News and add categories: put the fixtures back, as the other tests
  // (the category <select>, in any order) expect them.
  afterEach(async () => {
    await Category.objects.exclude({ pk__in: [news.pk, sport.pk] }).delete();
    await Category.objects.filter({ pk: news.pk }).update({ name: 'News' });
  });

  it('edit every row and add new ones', async () => {
    await Category.objects.create({ name: 'Travel' });
    const CategoryFormSet = modelformsetFactory(Category, { fields: ['name'], extra: 1 });
    const formset = new CategoryFormSet({
      queryset: Category.objects.filter({ name__in: ['News', 'Sport'] }).orderBy('pk'),
    });
    const html = (await formset.asP()).value;
    expect(html).toContain(
      '<input type="hidden" name="form-TOTAL_FORMS" value="3" id="id_form-TOTAL_FORMS">',
    );
    expect(html).toContain('name="form-0-name" value="News"');
    expect(html).toContain(
      `<input type="hidden" name="form-0-id" value="${news.pk}" id="id_form-0-id">`,
    );
    const bound = new CategoryFormSet({
      queryset: Category.objects.filter({ name__in: ['News', 'Sport'] }).orderBy('pk'),
      data: {
        'form-TOTAL_FORMS': '3',
        'form-INITIAL_FORMS': '2',
        'form-0-id': String(news.pk),
        'form-0-name': 'World news',
        'form-1-id': String(sport.pk),
        'form-1-name': 'Sport',
        'form-2-name': 'Music',
      },
    });
    expect(await bound.isValid()).toBe(true);
    const saved = await bound.save();
    expect(saved.map((c) => c.name)).toEqual(['World news', 'Music']);
    expect(await Category.objects.filter({ name: 'Music' }).exists()).toBe(true);
  });

  it('find duplicates across forms', async () => {
    const CategoryFormSet = modelformsetFactory(Category, { fields: ['name'], extra: 2 });
    const formset = new CategoryFormSet({
      queryset: Category.objects.none(),
      data: {
        'form-TOTAL_FORMS': '2',
        'form-INITIAL_FORMS': '0',
        'form-0-name': 'Same',
        'form-1-name': 'Same',
      },
    });
    expect(await formset.isValid()).toBe(false);
    expect(formset.nonFormErrors().at(0)).toBe(
      'Please correct the duplicate data for name, which must be unique.',
    );
  });

  it('edit the children of one row inline', async () => {
    const post = await Post.objects.create({ title: 'With comments', slug: 'with-comments' });
    await Comment.objects.create({ post, body: 'first' });
    const CommentFormSet = inlineformsetFactory(Post, Comment, { fields: ['body'], extra: 1 });
    const formset = new CommentFormSet({ instance: post });
    const html = (await formset.asP()).value;
    expect(html).toContain('name="comments-TOTAL_FORMS" value="2"');
    expect(html).not.toContain('name="comments-0-post"');
    const bound = new CommentFormSet({
      instance: post,
      data: {
        'comments-TOTAL_FORMS': '2',
        'comments-INITIAL_FORMS': '1',
        'comments-0-id': String((await post.comments.all())[0]!.pk),
        'comments-0-body': 'first',
        'comments-0-DELETE': 'on',
        'comments-1-body': 'second',
      },
    });
    expect(await bound.isValid()).toBe(true);
    await bound.save();
    expect((await Comment.objects.filter({ post }).orderBy('pk')).map((c) => c.body)).toEqual([
      'second',
    ]);
    expect(() => inlineformsetFactory(Category, Tag, { fields: ['name'] })).toThrow(
      "'Tag' has no ForeignKey to 'Category'.",
    );
  });
});

describe('model choice fields', () => {
  it('render their rows and treat hostile keys as invalid choices', async () => {
    const field = new ModelChoiceField({ queryset: Category.objects.all(), widget: HiddenInput });
    for (const value of ['1 OR 1=1', '-1', '9'.repeat(40), { pk: 1 }, ['1'], '1e3']) {
      await expect(field.clean(value)).rejects.toMatchObject({ code: 'invalid_choice' });
    }
    expect(await field.clean(String(news.pk))).toBeInstanceOf(Category);
    const many = new ModelMultipleChoiceField({ queryset: Tag.objects.all() });
    const long = Array.from({ length: 2000 }, (_, i) => String(i + 1));
    await expect(many.clean(long)).rejects.toMatchObject({ code: 'invalid_choice' });
    expect((await many.clean([String(tags[0]!.pk)])).map((t: Tag) => t.name)).toEqual(['a']);
  });
});
