import { describe, expectTypeOf, it } from 'vitest';
import type { Tag } from './conformance/models.js';
import { Author, Post } from './conformance/models.js';
import { Count, Q, type Filter, type ManyRelatedManager, type QuerySet } from '../src/index.js';

// These tests are checked by `tsc` (the package's typecheck). The statements inside `never`
// functions are compiled, not run: they would need a database.
const compileOnly = (fn: () => unknown): void => {
  expectTypeOf(fn).toBeFunction();
};
describe('model typing', () => {
  it('types instances from their fields', () => {
    expectTypeOf<Post['title']>().toEqualTypeOf<string>();
    expectTypeOf<Post['published']>().toEqualTypeOf<boolean>();
    expectTypeOf<Post['created']>().toEqualTypeOf<Date>();
    expectTypeOf<Post['price']>().toEqualTypeOf<string>();
    expectTypeOf<Post['author']>().toEqualTypeOf<Author>();
    expectTypeOf<Post['authorId']>().toEqualTypeOf<number>();
    expectTypeOf<Post['editor']>().toEqualTypeOf<Author | null>();
    expectTypeOf<Post['editorId']>().toEqualTypeOf<number | null>();
    expectTypeOf<
      Post['tags'] extends ManyRelatedManager<Tag> ? true : false
    >().toEqualTypeOf<true>();
    expectTypeOf<Post['id']>().toEqualTypeOf<number>();
  });

  it('types get() as the model class, with its own methods', () => {
    compileOnly(() =>
      expectTypeOf(Author.objects.get({ name: 'ann' })).resolves.toHaveProperty('getAbsoluteUrl'),
    );
    compileOnly(async () => {
      const post: Post = await Post.objects.get({ id: 1 });
      const first: Post | undefined = await Post.objects.filter({ published: true }).first();
      // @ts-expect-error a Post is not an Author
      const wrong: Author = await Post.objects.get({ id: 1 });
      return [post, first, wrong];
    });
  });

  it('types values() rows, valuesList and annotations', () => {
    expectTypeOf(Post.objects.values('title', 'author__name')).resolves.toEqualTypeOf<
      Array<{ title: string; author__name: string }>
    >();
    expectTypeOf(Post.objects.all().valuesList('views', { flat: true })).resolves.toEqualTypeOf<
      number[]
    >();
    const annotated = Author.objects.annotate({ numPosts: Count('posts') });
    expectTypeOf(annotated).resolves.items.toHaveProperty('numPosts').toEqualTypeOf<number>();
    expectTypeOf(annotated.filter({ numPosts__gt: 1 })).toMatchTypeOf<QuerySet<Author>>();
  });

  it('accepts lookups typed by field and relation', () => {
    expectTypeOf<{ title__icontains: string }>().toMatchTypeOf<Filter<Post>>();
    expectTypeOf<{ author__name__startswith: string }>().toMatchTypeOf<Filter<Post>>();
    expectTypeOf<{ comments__approved: boolean }>().toMatchTypeOf<Filter<Post>>();
    expectTypeOf<{ created__year__gte: number }>().toMatchTypeOf<Filter<Post>>();
    expectTypeOf<{ id__in: number[] }>().toMatchTypeOf<Filter<Post>>();
    Post.objects.filter({
      title__icontains: 'x',
      author__name: 'ann',
      views__range: [1, 2],
      editor__isnull: true,
    });
    Post.objects.filter(Q({ title__icontains: 'django' }).or(Q({ body__icontains: 'django' })));
    Q<Post>({ views__gte: 1 });
  });

  it('rejects misspelt fields, unknown lookups and wrong value types at compile time', () => {
    compileOnly(() => {
      // @ts-expect-error a misspelt field
      Post.objects.filter({ titel: 'x' });
      // @ts-expect-error an unknown lookup
      Post.objects.filter({ title__icontain: 'x' });
      // @ts-expect-error a text lookup on a number
      Post.objects.filter({ views__icontains: 'x' });
      // @ts-expect-error a wrong value type
      Post.objects.filter({ views: 'many' });
      // @ts-expect-error a misspelt field across a relation
      Post.objects.filter({ author__nmae: 'ann' });
      // @ts-expect-error an unknown orderBy field
      Post.objects.orderBy('-titel');
      // @ts-expect-error an unknown values() field
      Post.objects.values('nope');
      // @ts-expect-error a typed Q refuses unknown keys
      Q<Post>({ nope: 1 });
    });
  });
});
