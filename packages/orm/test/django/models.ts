import {
  BooleanField,
  CASCADE,
  CharField,
  DateField,
  DateTimeField,
  DecimalField,
  FloatField,
  ForeignKey,
  IntegerField,
  ManyToManyField,
  OneToOneField,
  SET_NULL,
  SlugField,
  TextField,
  defineModel,
  type AnyModelClass,
  type RelatedManager,
} from '../../src/index.js';

// The differential test's schema: conformance/harvest/orm_schema.py, field for field.

export class Category extends defineModel<Category>()(
  'dj.Category',
  {
    name: new CharField({ maxLength: 50 }),
    slug: new SlugField({ unique: true }),
    parent: new ForeignKey<Category, true>('self', {
      null: true,
      blank: true,
      onDelete: SET_NULL,
      relatedName: 'children',
    }),
  },
  { ordering: ['name'] },
) {
  declare children: RelatedManager<Category>;
  declare posts: RelatedManager<Post>;
}

export class Author extends defineModel<Author>()('dj.Author', {
  username: new CharField({ maxLength: 50, unique: true }),
  email: new CharField({ maxLength: 100, blank: true, default: '' }),
  rank: new IntegerField({ null: true }),
}) {
  declare posts: RelatedManager<Post>;
  declare comments: RelatedManager<Comment>;
  declare liked: RelatedManager<Post>;
  declare profile: Profile;
}

export class Profile extends defineModel<Profile>()('dj.Profile', {
  author: new OneToOneField(() => Author, { onDelete: CASCADE, relatedName: 'profile' }),
  bio: new TextField({ blank: true, default: '' }),
}) {}

export class Tag extends defineModel<Tag>()(
  'dj.Tag',
  { name: new CharField({ maxLength: 50 }), slug: new SlugField({ unique: true }) },
  { ordering: ['name'] },
) {
  declare posts: RelatedManager<Post>;
}

export class Post extends defineModel<Post>()(
  'dj.Post',
  {
    title: new CharField({ maxLength: 200 }),
    slug: new SlugField({ unique: true }),
    content: new TextField({ blank: true, default: '' }),
    author: new ForeignKey(() => Author, { onDelete: CASCADE, relatedName: 'posts' }),
    category: new ForeignKey<Category, true>(() => Category, {
      null: true,
      blank: true,
      onDelete: SET_NULL,
      relatedName: 'posts',
    }),
    tags: new ManyToManyField(() => Tag, { relatedName: 'posts', blank: true }),
    likes: new ManyToManyField(() => Author, { relatedName: 'liked', blank: true }),
    published: new BooleanField({ default: false }),
    views: new IntegerField({ default: 0 }),
    rating: new DecimalField({ maxDigits: 6, decimalPlaces: 2, default: '0' }),
    score: new FloatField({ null: true }),
    created: new DateTimeField(),
    day: new DateField(),
  },
  { getLatestBy: 'created' },
) {
  declare comments: RelatedManager<Comment>;
}

export class Comment extends defineModel<Comment>()('dj.Comment', {
  post: new ForeignKey(() => Post, { onDelete: CASCADE, relatedName: 'comments' }),
  author: new ForeignKey(() => Author, { onDelete: CASCADE, relatedName: 'comments' }),
  text: new TextField(),
  approved: new BooleanField({ default: false }),
  created: new DateTimeField(),
}) {}

export class Price extends defineModel<Price>()('dj.Price', {
  label: new CharField({ maxLength: 50 }),
  amount: new DecimalField({ maxDigits: 12, decimalPlaces: 2 }),
}) {}

/** The models by the names the cases use, in creation order. */
export const models: Record<string, AnyModelClass> = {
  Category,
  Author,
  Profile,
  Tag,
  Post,
  Comment,
  Price,
};
