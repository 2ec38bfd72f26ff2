/**
 * The settings for static files are wrong (no `staticRoot`, `staticUrl` inside `mediaUrl`...):
 * raised when the storage or a command is built, as Django's `ImproperlyConfigured`.
 *
 * @example
 * ```ts
 * new StaticFilesStorage({ location: null, baseUrl: '/static/' }).path('x.css'); // throws
 * ```
 */
export class ImproperlyConfigured extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImproperlyConfigured';
  }
}

/**
 * `collectstatic` or `findstatic` stopped: `@stack/core` prints the message and exits with
 * `returncode`, as Django's `CommandError`.
 *
 * @example
 * ```ts
 * throw new CommandError('Collecting static files cancelled.');
 * ```
 */
export class CommandError extends Error {
  readonly returncode: number;

  constructor(message: string, returncode = 1) {
    super(message);
    this.name = 'CommandError';
    this.returncode = returncode;
  }
}
