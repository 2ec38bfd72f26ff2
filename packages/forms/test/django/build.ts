/**
 * Builds Stack forms, fields and widgets from the harvest's case data (the same data real
 * Django built its forms from), and encodes Stack's clean values the way the harvest encoded
 * Django's.
 */
import * as forms from '../../src/index.js';
import {
  ValidationError,
  defineForm,
  type BaseForm,
  type Field,
  type Widget,
} from '../../src/index.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type FieldSpec = [string, Record<string, Json>];
export type WidgetSpec = string | [string, Record<string, Json>];

/** snake_case → camelCase, the naming rule between Django and Stack. */
export function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** An uploaded file as the harvest describes it. */
export class TestFile {
  constructor(
    readonly name: string,
    readonly content: Buffer,
    readonly contentType: string,
  ) {}
  get size(): number {
    return this.content.length;
  }
  async read(): Promise<Buffer> {
    return this.content;
  }
}

/** A stored file as a widget sees it: a name and a URL. */
export class Stored {
  constructor(
    readonly name: string,
    readonly url: string,
  ) {}
  toString(): string {
    return this.name;
  }
}

/** The harvest's tagged values, as a Stack user would pass them. */
export function decode(value: Json): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value === null || typeof value !== 'object') return value;
  if ('$date' in value) return value.$date;
  if ('$datetime' in value) return new Date(`${String(value.$datetime)}Z`);
  if ('$time' in value) return value.$time;
  if ('$decimal' in value) return value.$decimal;
  if ('$duration' in value) return value.$duration;
  if ('$stored' in value) return new Stored(String(value.$stored), String(value.url));
  if ('$file' in value) {
    const content =
      typeof value.hex === 'string'
        ? Buffer.from(value.hex, 'hex')
        : Buffer.from(String(value.content ?? ''));
    return new TestFile(
      String(value.$file),
      content,
      String(value.type ?? 'application/octet-stream'),
    );
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
}

/** Python's int() as a coerce function. */
function pyInt(value: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(String(value)))
    throw new TypeError(`invalid literal for int(): '${value}'`);
  return Number(value);
}

const COERCE: Record<string, (value: string) => unknown> = {
  int: pyInt,
  str: String,
  float: Number,
};

function kwargs(spec: Record<string, Json>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) out[camel(key)] = value;
  return out;
}

export function buildWidget(spec: WidgetSpec): Widget {
  const [name, args] = typeof spec === 'string' ? [spec, {}] : spec;
  const klass = (forms as Record<string, unknown>)[name] as new (options?: unknown) => Widget;
  if (typeof klass !== 'function') throw new Error(`no widget ${name}`);
  const options = kwargs(args);
  for (const key of Object.keys(options)) options[key] = decode(options[key] as Json);
  return new klass(options);
}

export function buildField(spec: FieldSpec): Field {
  const [name, args] = spec;
  const klass = (forms as Record<string, unknown>)[name] as new (options?: unknown) => Field;
  if (typeof klass !== 'function') throw new Error(`no field ${name}`);
  const options = kwargs(args);
  if ('widget' in options) options.widget = buildWidget(options.widget as WidgetSpec);
  if ('coerce' in options) options.coerce = COERCE[options.coerce as string];
  if ('fields' in options) options.fields = (options.fields as FieldSpec[]).map(buildField);
  for (const key of ['initial', 'emptyValue', 'maxValue', 'minValue'])
    if (key in options) options[key] = decode(options[key] as Json);
  return new klass(options);
}

/** The harvest's named hooks, written the way a Stack user would write them. */
const HOOKS: Record<string, (this: BaseForm<any>) => unknown> = {
  passwords_match() {
    const data = this.cleanedData as Record<string, unknown>;
    if (data.password && data.password !== data.confirm)
      throw new ValidationError('Passwords do not match.', { code: 'mismatch' });
    return data;
  },
  add_error_to_field() {
    if ((this.cleanedData as Record<string, unknown>).subject === 'spam')
      this.addError('subject', 'No <spam> please.');
    return this.cleanedData;
  },
  upper_subject() {
    return String((this.cleanedData as Record<string, unknown>).subject).toUpperCase();
  },
};

export interface FormCase {
  name: string;
  fields: [string, FieldSpec][];
  class?: Record<string, string>;
  clean?: string;
  field_hooks?: Record<string, string>;
  options?: Record<string, Json>;
  data?: Record<string, Json> | null;
  files?: Record<string, Json> | null;
}

/** A form class for a case, declared with `defineForm` and hooks on a subclass. */
export function buildForm(spec: FormCase): new (options?: forms.FormOptions) => BaseForm<any> {
  const fields = Object.fromEntries(spec.fields.map(([name, field]) => [name, buildField(field)]));
  const Declared = defineForm(fields);
  class CaseForm extends Declared {}
  for (const [key, value] of Object.entries(spec.class ?? {}))
    (CaseForm as unknown as Record<string, unknown>)[camel(key)] = value;
  if (spec.clean)
    (CaseForm.prototype as unknown as Record<string, unknown>).clean = HOOKS[spec.clean];
  for (const [field, hook] of Object.entries(spec.field_hooks ?? {}))
    (CaseForm.prototype as unknown as Record<string, unknown>)[
      `clean${camel(field).replace(/^./, (c) => c.toUpperCase())}`
    ] = HOOKS[hook];
  return CaseForm;
}

/** A `QueryDict`-like source from the harvest's dict of lists. */
export class MultiValue {
  readonly #lists = new Map<string, unknown[]>();
  constructor(data: Record<string, Json>) {
    for (const [key, value] of Object.entries(data))
      this.#lists.set(key, (Array.isArray(value) ? value : [value]).map(decode));
  }
  get(key: string): unknown {
    const list = this.#lists.get(key);
    return list?.[list.length - 1];
  }
  getlist(key: string): unknown[] {
    return [...(this.#lists.get(key) ?? [])];
  }
  has(key: string): boolean {
    return this.#lists.has(key);
  }
}

export function formOptions(spec: { options?: Record<string, Json> }): Record<string, unknown> {
  const options = kwargs(spec.options ?? {});
  if ('initial' in options) options.initial = decode(options.initial as Json);
  return options;
}

/** Stack's clean value of a field, tagged as the harvest tags Django's. */
export function encodeValue(value: unknown, field: Field | undefined): Json {
  if (value === null || value === undefined) return null;
  if (value instanceof Date)
    return { $datetime: value.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z') };
  if (value instanceof Stored) return { $stored: value.name };
  if (value instanceof TestFile) {
    const out: Record<string, Json> = { $file: value.name, size: value.size };
    const image = (value as unknown as { image?: { width: number; height: number } }).image;
    if (image) Object.assign(out, { width: image.width, height: image.height });
    return out;
  }
  const kind = field?.constructor.name ?? '';
  if (Array.isArray(value)) {
    const inner =
      field instanceof forms.TypedMultipleChoiceField || field instanceof forms.MultipleChoiceField
        ? undefined
        : field;
    return value.map((item) => encodeValue(item, inner));
  }
  if (typeof value === 'string') {
    if (kind === 'DateField') return { $date: value };
    if (kind === 'TimeField') return { $time: value };
    if (kind === 'DecimalField') return { $decimal: value };
    if (kind === 'UUIDField') return { $uuid: value };
    return value;
  }
  if (typeof value === 'number') {
    if (kind === 'DurationField') return { $duration: value };
    if (kind === 'FloatField' && Number.isInteger(value)) return { $float: value };
    return value;
  }
  if (typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, encodeValue(v, undefined)]),
    ) as Json;
  return value as Json;
}

export function encodeCleaned(form: BaseForm<any>): Json {
  const out: Record<string, Json> = {};
  for (const [name, value] of Object.entries(form.cleanedData as Record<string, unknown>))
    out[name] = encodeValue(value, form.fields[name]);
  return out;
}
