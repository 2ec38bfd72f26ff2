import {
  BigIntegerField,
  BinaryField,
  BooleanField,
  DateField,
  DurationField,
  EmailField,
  FloatField,
  PositiveIntegerField,
  SlugField,
  SmallIntegerField,
  TimeField,
  URLField,
  UUIDField,
  uuid4,
  CASCADE,
  CharField,
  CheckConstraint,
  DateTimeField,
  DecimalField,
  ForeignKey,
  IntegerField,
  JSONField,
  ManyToManyField,
  PROTECT,
  Q,
  SET_NULL,
  TextField,
  defineModel,
} from '../../src/index.js';
import type { AnyModelClass, RelatedManager } from '../../src/index.js';

/** The models the conformance suite runs against (a small blog). */
export class Author extends defineModel<Author>()(
  'conf.Author',
  {
    name: new CharField({ maxLength: 100, unique: true }),
    email: new CharField({ maxLength: 200, blank: true, default: '' }),
  },
  { ordering: ['name'] },
) {
  declare posts: RelatedManager<Post>;

  getAbsoluteUrl(): string {
    return `/authors/${this.pk}/`;
  }
}

export class Tag extends defineModel<Tag>()('conf.Tag', {
  name: new CharField({ maxLength: 50 }),
}) {
  declare posts: RelatedManager<Post>;
}

export class Post extends defineModel<Post>()(
  'conf.Post',
  {
    title: new CharField({ maxLength: 200 }),
    body: new TextField({ blank: true, default: '' }),
    author: new ForeignKey(() => Author, { onDelete: CASCADE, relatedName: 'posts' }),
    editor: new ForeignKey(() => Author, { onDelete: SET_NULL, null: true, relatedName: 'edited' }),
    published: new BooleanField({ default: false }),
    views: new IntegerField({ default: 0 }),
    price: new DecimalField({ maxDigits: 8, decimalPlaces: 2, default: '0.00' }),
    created: new DateTimeField({ autoNowAdd: true }),
    data: new JSONField({ null: true }),
    tags: new ManyToManyField(() => Tag, { relatedName: 'posts' }),
  },
  {
    ordering: ['-id'],
    getLatestBy: 'created',
    constraints: [
      new CheckConstraint({ check: Q({ views__gte: 0 }), name: 'conf_post_views_gte_0' }),
    ],
  },
) {
  declare comments: RelatedManager<Comment>;
}

export class Comment extends defineModel<Comment>()('conf.Comment', {
  post: new ForeignKey(() => Post, { onDelete: CASCADE, relatedName: 'comments' }),
  author: new ForeignKey(() => Author, { onDelete: PROTECT, relatedName: 'comments' }),
  text: new TextField(),
  approved: new BooleanField({ default: false }),
}) {}

/** Every model of the suite, in creation order. */
export const conformanceModels: AnyModelClass[] = [Author, Tag, Post, Comment];

/** One column of every remaining field type. */
export class Sample extends defineModel<Sample>()('conf.Sample', {
  slug: new SlugField({ default: 's' }),
  email: new EmailField({ blank: true, default: '' }),
  url: new URLField({ blank: true, default: '' }),
  big: new BigIntegerField({ default: 0 }),
  small: new SmallIntegerField({ default: 0 }),
  positive: new PositiveIntegerField({ default: 0 }),
  ratio: new FloatField({ null: true }),
  day: new DateField({ null: true }),
  at: new TimeField({ null: true }),
  span: new DurationField({ null: true }),
  token: new UUIDField({ default: uuid4 }),
  blob: new BinaryField({ null: true }),
  doc: new JSONField<{ tags: string[] } | null, true>({ null: true }),
  amount: new DecimalField({ maxDigits: 20, decimalPlaces: 4, null: true }),
}) {}

conformanceModels.push(Sample);

/** A ForeignKey to a model without Meta.ordering (`orderBy('tag')` falls back to its pk). */
export class Pin extends defineModel<Pin>()('conf.Pin', {
  tag: new ForeignKey(() => Tag, { onDelete: CASCADE, relatedName: 'pins' }),
  note: new CharField({ maxLength: 50 }),
}) {}

conformanceModels.push(Pin);
