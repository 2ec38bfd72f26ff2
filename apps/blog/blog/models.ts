/**
 * The seed's models: Post, Category, Tag, Comment, and likes as a many-to-many with users; a
 * post's featured image is an `ImageField` stored under mediaRoot (`posts/<year>/<month>/`).
 */
import type { User } from '@stack/framework/contrib-auth';
import {
  BooleanField,
  CASCADE,
  CharField,
  DateTimeField,
  ForeignKey,
  ImageField,
  ManyToManyField,
  PositiveIntegerField,
  SET_NULL,
  SlugField,
  TextField,
  defineModel,
  type ManyRelatedManager,
  type RelatedManager,
} from '@stack/framework/orm';

export class Category extends defineModel<Category>()(
  'blog.Category',
  {
    name: new CharField({ maxLength: 100 }),
    slug: new SlugField({ unique: true }),
    parent: new ForeignKey<Category, true>('self', {
      onDelete: CASCADE,
      null: true,
      blank: true,
      relatedName: 'children',
    }),
  },
  { ordering: ['name'], verboseNamePlural: 'categories' },
) {
  declare posts: RelatedManager<Post>;
  declare children: RelatedManager<Category>;

  override toString(): string {
    return this.name;
  }
}

export class Tag extends defineModel<Tag>()(
  'blog.Tag',
  {
    name: new CharField({ maxLength: 50, unique: true }),
    slug: new SlugField({ unique: true }),
  },
  { ordering: ['name'] },
) {
  declare posts: ManyRelatedManager<Post>;

  override toString(): string {
    return this.name;
  }
}

export class Post extends defineModel<Post>()(
  'blog.Post',
  {
    title: new CharField({ maxLength: 200 }),
    slug: new SlugField({ maxLength: 200, unique: true }),
    author: new ForeignKey<User>('auth.User', { onDelete: CASCADE, relatedName: 'blogPosts' }),
    content: new TextField(),
    featuredImage: new ImageField({ uploadTo: 'posts/%Y/%m/', blank: true }),
    category: new ForeignKey<Category, true>(() => Category, {
      onDelete: SET_NULL,
      null: true,
      blank: true,
      relatedName: 'posts',
    }),
    tags: new ManyToManyField<Tag>(() => Tag, { blank: true, relatedName: 'posts' }),
    published: new BooleanField({ default: false }),
    createdAt: new DateTimeField({ autoNowAdd: true }),
    updatedAt: new DateTimeField({ autoNow: true }),
    views: new PositiveIntegerField({ default: 0 }),
    likes: new ManyToManyField<User>('auth.User', { blank: true, relatedName: 'likedPosts' }),
  },
  { ordering: ['-createdAt'] },
) {
  declare comments: RelatedManager<Comment>;

  override toString(): string {
    return this.title;
  }

  getAbsoluteUrl(): string {
    return `/post/${this.slug}/`;
  }
}

export class Comment extends defineModel<Comment>()(
  'blog.Comment',
  {
    post: new ForeignKey(() => Post, { onDelete: CASCADE, relatedName: 'comments' }),
    author: new ForeignKey<User>('auth.User', { onDelete: CASCADE }),
    content: new TextField(),
    approved: new BooleanField({ default: false }),
    createdAt: new DateTimeField({ autoNowAdd: true }),
  },
  { ordering: ['createdAt'] },
) {
  override toString(): string {
    return `Comment by ${this.authorId} on ${this.postId}`;
  }
}
