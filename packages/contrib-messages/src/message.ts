import { escape, htmlOf, type SafeString } from '@stack/utils';
import { DEFAULT_TAGS } from './constants.js';

/** The text of a message: a plain string, or one marked safe (`markSafe`) to skip escaping. */
export type MessageText = string | SafeString;

/**
 * One message (Django's `Message`): a level, its text and extra tags. In a template
 * `{{ message }}` is its text (escaped unless it was marked safe), `{{ message.tags }}` the
 * extra tags followed by the level's tag.
 *
 * @example
 * ```ts
 * const message = new Message(ERROR, 'Disk full', 'sticky');
 * message.tags; // 'sticky error'
 * ```
 */
export class Message {
  readonly level: number;
  readonly message: MessageText;
  readonly extraTags: string | null;
  readonly #levelTags: Readonly<Record<number, string>>;

  constructor(
    level: number,
    message: MessageText,
    extraTags: string | null = null,
    levelTags: Readonly<Record<number, string>> = DEFAULT_TAGS,
  ) {
    if (!Number.isInteger(level))
      throw new TypeError(`A message level is an integer, not ${level}`);
    this.level = level;
    this.message = message;
    this.extraTags = extraTags;
    this.#levelTags = levelTags;
  }

  /** The tag of this level (`messageTags` setting over Django's defaults), or `''`. */
  get levelTag(): string {
    return Object.hasOwn(this.#levelTags, this.level) ? (this.#levelTags[this.level] ?? '') : '';
  }

  /** The extra tags and the level tag, space-separated, as CSS classes usually want them. */
  get tags(): string {
    return [this.extraTags, this.levelTag].filter((tag) => tag).join(' ');
  }

  /** Two messages are equal when level and text are (Django ignores the tags). */
  equals(other: unknown): boolean {
    return (
      other instanceof Message &&
      other.level === this.level &&
      String(other.message) === String(this.message)
    );
  }

  toString(): string {
    return String(this.message);
  }

  /** Markup for templates: the text escaped, unless it was marked safe. */
  __html__(): string {
    return htmlOf(this.message) ?? escape(this.message).value;
  }
}
