import { SafeString } from '@stack/utils';
import { ValidationError } from './errors.js';
import { esc, safeHtml } from './internal/html.js';
import { capitalize, dict, pyJson, GET_ITEM } from './internal/py.js';

/**
 * Django's `pretty_name`: the label a field gets from its name.
 *
 * @example
 * ```ts
 * prettyName('first_name'); // 'First name'
 * ```
 */
export function prettyName(name: string): string {
  if (!name) return '';
  return capitalize(name.replace(/_/g, ' '));
}

/**
 * Django's `flatatt`: HTML attributes as ` key="value"` pairs, sorted, then the `true` booleans
 * as bare names; `false`, `null` and `undefined` are left out. Values are escaped.
 *
 * @example
 * ```ts
 * flatatt({ for: 'id_name', class: 'required', hidden: true }).value;
 * // ' class="required" for="id_name" hidden'
 * ```
 */
export function flatatt(attrs: Readonly<Record<string, unknown>>): SafeString {
  const pairs: [string, unknown][] = [];
  const flags: string[] = [];
  for (const key of Object.keys(attrs)) {
    const value = attrs[key];
    if (typeof value === 'boolean') {
      if (value) flags.push(key);
    } else if (value !== null && value !== undefined) pairs.push([key, value]);
  }
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  flags.sort();
  let out = '';
  for (const [key, value] of pairs) out += safeHtml` ${key}="${value}"`.value;
  for (const key of flags) out += safeHtml` ${key}`.value;
  return new SafeString(out);
}

/** One error's JSON shape (`ErrorList.getJsonData()`). */
export interface ErrorJson {
  message: string;
  code: string;
}

/**
 * Django's `ErrorList`: the errors of one field (or the non-field errors), rendered as
 * `<ul class="errorlist">` by `{{ field.errors }}`; iterating gives the messages.
 *
 * @example
 * ```ts
 * const errors = new ErrorList(['Too short.']);
 * errors.asUl().value; // '<ul class="errorlist"><li>Too short.</li></ul>'
 * ```
 */
export class ErrorList implements Iterable<string> {
  /** The errors as given (messages or ValidationErrors). */
  readonly data: (string | ValidationError)[];
  /** The CSS class of the `<ul>` (`errorlist`, plus the extra class given). */
  readonly errorClass: string;

  constructor(initlist: Iterable<string | ValidationError> = [], errorClass: string | null = null) {
    this.data = [...initlist];
    this.errorClass = errorClass === null ? 'errorlist' : `errorlist ${errorClass}`;
  }

  get length(): number {
    return this.data.length;
  }

  /** The message at an index (its placeholders filled in). */
  at(index: number): string | undefined {
    const error = this.data.at(index);
    if (error === undefined) return undefined;
    return error instanceof ValidationError ? (error.messages[0] as string) : error;
  }

  /** `{{ errors.0 }}` in a template. */
  [GET_ITEM](key: string): string | undefined {
    return /^\d+$/.test(key) ? this.at(Number(key)) : undefined;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.data.map((_, i) => this.at(i) as string)[Symbol.iterator]();
  }

  /** Whether one of the messages is `message`. */
  includes(message: string): boolean {
    return [...this].includes(message);
  }

  /** Appends errors. */
  extend(errors: Iterable<string | ValidationError>): void {
    for (const error of errors) this.data.push(error);
  }

  /** A copy with the same CSS class. */
  copy(): ErrorList {
    const copy = new ErrorList(this.data);
    (copy as { errorClass: string }).errorClass = this.errorClass;
    return copy;
  }

  /** The errors as ValidationErrors (codes and params kept). */
  asData(): ValidationError[] {
    return new ValidationError(this.data).errorList;
  }

  /** `[{ message, code }]`, messages escaped when asked. */
  getJsonData(escapeHtml = false): ErrorJson[] {
    return this.asData().map((error) => {
      const message = error.messages[0] as string;
      return { message: escapeHtml ? esc(message) : message, code: error.code ?? '' };
    });
  }

  /** The JSON text of `getJsonData()`, as Python's `json.dumps` writes it. */
  asJson(escapeHtml = false): string {
    return pyJson(this.getJsonData(escapeHtml));
  }

  /** `<ul class="errorlist"><li>…</li></ul>`, each message escaped; empty when there is none. */
  asUl(): SafeString {
    if (this.data.length === 0) return new SafeString('');
    let items = '';
    for (const message of this) items += safeHtml`<li>${message}</li>`.value;
    return safeHtml`<ul class="${this.errorClass}">${new SafeString(items)}</ul>`;
  }

  /** `* message` lines. */
  asText(): string {
    return [...this].map((message) => `* ${message}`).join('\n');
  }

  __html__(): string {
    return this.asUl().value;
  }

  toString(): string {
    return this.asUl().value;
  }
}

/**
 * Django's `ErrorDict`: a form's errors by field name (`__all__` for the non-field ones), each
 * an ErrorList. Iterating gives the field names, as a Python dict does.
 *
 * @example
 * ```ts
 * if (!(await form.isValid())) console.log(form.errors.asJson());
 * // {"title": [{"message": "This field is required.", "code": "required"}]}
 * ```
 */
export class ErrorDict implements Iterable<string> {
  readonly #lists = new Map<string, ErrorList>();

  get(field: string): ErrorList | undefined {
    return this.#lists.get(field);
  }

  has(field: string): boolean {
    return this.#lists.has(field);
  }

  set(field: string, errors: ErrorList): void {
    this.#lists.set(field, errors);
  }

  delete(field: string): boolean {
    return this.#lists.delete(field);
  }

  /** How many fields have errors (also `length`, which templates test). */
  get size(): number {
    return this.#lists.size;
  }

  get length(): number {
    return this.#lists.size;
  }

  keys(): string[] {
    return [...this.#lists.keys()];
  }

  values(): ErrorList[] {
    return [...this.#lists.values()];
  }

  /** `[name, errors]` pairs (`{% for field, errors in form.errors.items %}`). */
  items(): [string, ErrorList][] {
    return [...this.#lists.entries()];
  }

  [Symbol.iterator](): Iterator<string> {
    return this.#lists.keys();
  }

  /** `{{ form.errors.title }}` in a template. */
  [GET_ITEM](field: string): ErrorList | undefined {
    return this.#lists.get(field);
  }

  /** The errors as ValidationErrors by field. */
  asData(): Record<string, ValidationError[]> {
    const out = dict<ValidationError[]>();
    for (const [field, errors] of this.#lists) out[field] = errors.asData();
    return out;
  }

  getJsonData(escapeHtml = false): Record<string, ErrorJson[]> {
    const out = dict<ErrorJson[]>();
    for (const [field, errors] of this.#lists) out[field] = errors.getJsonData(escapeHtml);
    return out;
  }

  /** The JSON text of `getJsonData()`, as Python's `json.dumps` writes it. */
  asJson(escapeHtml = false): string {
    return pyJson(this.getJsonData(escapeHtml));
  }

  /** `<ul class="errorlist"><li>field<ul class="errorlist">…</ul></li></ul>`. */
  asUl(): SafeString {
    if (this.#lists.size === 0) return new SafeString('');
    let items = '';
    for (const [field, errors] of this.#lists) items += safeHtml`<li>${field}${errors}</li>`.value;
    return safeHtml`<ul class="errorlist">${new SafeString(items)}</ul>`;
  }

  /** `* field\n  * message` lines. */
  asText(): string {
    const out: string[] = [];
    for (const [field, errors] of this.#lists) {
      out.push(`* ${field}`);
      out.push([...errors].map((message) => `  * ${message}`).join('\n'));
    }
    return out.join('\n');
  }

  __html__(): string {
    return this.asUl().value;
  }

  toString(): string {
    return this.asUl().value;
  }
}
