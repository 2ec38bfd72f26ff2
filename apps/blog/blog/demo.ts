/**
 * The demo data `npm start` shows: four users, categories, tags, 32 posts (30 published),
 * comments and likes. `seedDemoData()` does nothing when posts already exist, so it can run on
 * every start.
 */
import { getUserModel } from '@stack/framework/contrib-auth';
import { atomic } from '@stack/framework/orm';
import { slugify } from '@stack/framework/utils';
import { Category, Comment, Post, Tag } from './models.ts';

/** The demo accounts; each password is `<username>-blog-demo`. */
export const DEMO_USERS = ['ann', 'bob', 'cleo', 'dev'] as const;

const CATEGORIES: [string, string | null][] = [
  ['Programming', null],
  ['Django', 'Programming'],
  ['TypeScript', 'Programming'],
  ['Databases', null],
  ['Web', null],
];

const TAGS = ['tutorial', 'performance', 'security', 'orm', 'templates', 'testing'];

const SUBJECTS = [
  'Querysets',
  'Migrations',
  'Templates',
  'Middleware',
  'Sessions',
  'Signals',
  'Pagination',
  'Caching',
  'WebSockets',
  'Forms',
  'Testing',
  'Indexes',
  'Transactions',
  'Static files',
  'Security headers',
  'Password hashing',
];

const ANGLES = ['A first look at', 'Going deeper into'];

export interface SeedResult {
  created: boolean;
  posts: number;
}

/** Creates the demo data unless the blog has posts already. */
export async function seedDemoData(): Promise<SeedResult> {
  if (await Post.objects.exists()) return { created: false, posts: await Post.objects.count() };
  await atomic(async () => {
    const User = getUserModel();
    const users = [];
    for (const name of DEMO_USERS)
      users.push(await User.objects.createUser(name, `${name}@example.com`, `${name}-blog-demo`));
    const categories = new Map<string, Category>();
    for (const [name, parent] of CATEGORIES) {
      const category = await Category.objects.create({
        name,
        slug: slugify(name),
        parent: parent ? categories.get(parent)! : null,
      });
      categories.set(name, category);
    }
    // One at a time: a transaction is one connection, and PostgreSQL's runs one query at once.
    const tags: Tag[] = [];
    for (const name of TAGS) tags.push(await Tag.objects.create({ name, slug: slugify(name) }));
    const categoryList = [...categories.values()];
    const start = Date.UTC(2024, 0, 1, 9, 0, 0);
    for (let i = 0; i < 32; i++) {
      const subject = SUBJECTS[i % SUBJECTS.length]!;
      const title = `${ANGLES[Math.floor(i / SUBJECTS.length)]} ${subject.toLowerCase()}`;
      const post = await Post.objects.create({
        title,
        slug: slugify(title),
        author: users[i % users.length]!,
        content: demoContent(subject, i),
        category: categoryList[i % categoryList.length]!,
        published: i % 16 !== 15,
      });
      await post.tags.add(tags[i % tags.length]!, tags[(i * 5 + 1) % tags.length]!);
      // One post a day, so "newest first" has an order to show.
      await Post.objects
        .filter({ pk: post.pk })
        .update({ createdAt: new Date(start + i * 86_400_000), views: (i * 37) % 101 });
      for (let c = 0; c < i % 4; c++) {
        await Comment.objects.create({
          post,
          author: users[(i + c + 1) % users.length]!,
          content: `Thanks for the post on ${subject.toLowerCase()} (${c + 1}).`,
          approved: c !== 2,
        });
      }
      for (let l = 0; l < i % users.length; l++) await post.likes.add(users[l]!);
    }
  });
  return { created: true, posts: await Post.objects.count() };
}

function demoContent(subject: string, i: number): string {
  return [
    `${subject}: one of the parts of the framework this blog walks through.`,
    `This is demo post number ${i + 1}: it shows how ${subject.toLowerCase()} work in Stack, ` +
      'written the way the Django tutorial writes it.',
    'Read it, like it, and leave a comment: comments appear live on every open page.',
  ].join('\n\n');
}
