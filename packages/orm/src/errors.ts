/**
 * The errors of `@stack/orm`. Each carries the HTTP status a handler should answer with when it
 * escapes a view (`DoesNotExist` becomes 404, `ValidationError` 400), so `@stack/core` can turn
 * them into responses without knowing the ORM.
 *
 * @example
 * ```ts
 * try {
 *   await Post.objects.get({ id: 42 });
 * } catch (error) {
 *   if (error instanceof Post.DoesNotExist) console.log(error.status); // 404
 * }
 * ```
 */
export class OrmError extends Error {
  /** The HTTP status this error maps to when it escapes a view. */
  readonly status: number = 500;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A query named a field, lookup or relation the model does not have. Raised before any SQL is
 * built, so a field name from user input can never reach the database.
 *
 * @example
 * ```ts
 * Post.objects.orderBy(request.GET.get('sort')); // FieldError: Cannot resolve keyword 'titel'…
 * ```
 */
export class FieldError extends OrmError {
  override readonly status: number = 400;
}

/**
 * `get()` found no row. Every model has its own subclass, `Post.DoesNotExist`.
 *
 * @example
 * ```ts
 * await Post.objects.get({ slug: 'missing' }); // throws Post.DoesNotExist (status 404)
 * ```
 */
export class ObjectDoesNotExist extends OrmError {
  override readonly status: number = 404;
}

/**
 * `get()` found more than one row. Every model has its own subclass,
 * `Post.MultipleObjectsReturned`.
 *
 * @example
 * ```ts
 * await Post.objects.get({ published: true }); // throws Post.MultipleObjectsReturned
 * ```
 */
export class MultipleObjectsReturned extends OrmError {}

/**
 * `fullClean()` found invalid values. `errorDict` maps each field name to its messages.
 *
 * @example
 * ```ts
 * try { post.fullClean(); } catch (e) { if (e instanceof ValidationError) e.errorDict.title; }
 * ```
 */
export class ValidationError extends OrmError {
  override readonly status: number = 400;
  readonly errorDict: Record<string, string[]>;
  /**
   * Django's error codes, beside `errorDict` (same keys, same order; `null` where none):
   * `'unique'`, `'unique_together'`. A ModelForm shows them in `form.errors.asData()`.
   */
  readonly errorCodes: Record<string, Array<string | null>>;

  constructor(
    messages: string | Record<string, string[]>,
    codes: Record<string, Array<string | null>> = {},
  ) {
    const dict = typeof messages === 'string' ? { __all__: [messages] } : messages;
    super(
      Object.entries(dict)
        .map(([field, list]) => `${field}: ${list.join(' ')}`)
        .join('; '),
    );
    this.errorDict = dict;
    this.errorCodes = codes;
  }
}

/**
 * The database refused a write (a unique, foreign-key, not-null or check constraint).
 *
 * @example
 * ```ts
 * await User.objects.create({ username: 'ann' });
 * await User.objects.create({ username: 'ann' }); // IntegrityError: UNIQUE constraint failed…
 * ```
 */
export class IntegrityError extends OrmError {
  override readonly status: number = 409;
}

/**
 * Deleting an object would delete objects that a `PROTECT` foreign key points from.
 *
 * @example
 * ```ts
 * await author.delete(); // ProtectedError when a Book has author: ForeignKey(..., { onDelete: PROTECT })
 * ```
 */
export class ProtectedError extends IntegrityError {
  readonly protectedObjects: readonly unknown[];

  constructor(message: string, protectedObjects: readonly unknown[]) {
    super(message);
    this.protectedObjects = protectedObjects;
  }
}

/**
 * Deleting an object is refused by a `RESTRICT` foreign key that no cascade reaches.
 *
 * @example
 * ```ts
 * await artist.delete(); // RestrictedError while a Song restricts it
 * ```
 */
export class RestrictedError extends ProtectedError {}

/**
 * A transaction was used wrongly: a `durable` block nested in another, or a query on a
 * connection whose transaction already failed.
 *
 * @example
 * ```ts
 * await atomic(() => atomic(async () => {}, { durable: true })); // TransactionManagementError
 * ```
 */
export class TransactionManagementError extends OrmError {}

/**
 * The ORM is configured wrongly: an unknown database alias, an unresolved model reference, a
 * field without a required option.
 *
 * @example
 * ```ts
 * connections.get('replica'); // ImproperlyConfigured: The connection 'replica' doesn't exist.
 * ```
 */
export class ImproperlyConfigured extends OrmError {}

/**
 * A related object was read before it was loaded. Load it with `selectRelated`,
 * `prefetchRelated` or `await instance.fetchRelated('author')`.
 *
 * @example
 * ```ts
 * const post = await Post.objects.get({ id: 1 });
 * post.author; // RelatedObjectNotLoaded
 * (await Post.objects.selectRelated('author').get({ id: 1 })).author; // a User
 * ```
 */
export class RelatedObjectNotLoaded extends OrmError {}
