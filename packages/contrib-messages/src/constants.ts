/** Django's message levels: an integer each, so projects can add their own between them. */
export const DEBUG = 10;
export const INFO = 20;
export const SUCCESS = 25;
export const WARNING = 30;
export const ERROR = 40;

/**
 * The tag of each built-in level (Django's `DEFAULT_TAGS`); the `messageTags` setting adds to
 * or overrides it.
 *
 * @example
 * ```ts
 * DEFAULT_TAGS[ERROR]; // 'error'
 * ```
 */
export const DEFAULT_TAGS: Readonly<Record<number, string>> = Object.freeze({
  [DEBUG]: 'debug',
  [INFO]: 'info',
  [SUCCESS]: 'success',
  [WARNING]: 'warning',
  [ERROR]: 'error',
});

/**
 * The levels by name (Django's `DEFAULT_LEVELS`), which the context processor hands templates
 * as `DEFAULT_MESSAGE_LEVELS`.
 *
 * @example
 * ```ts
 * DEFAULT_LEVELS.WARNING; // 30
 * ```
 */
export const DEFAULT_LEVELS = Object.freeze({ DEBUG, INFO, SUCCESS, WARNING, ERROR });
