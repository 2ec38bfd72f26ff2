import {
  getDefaultStorage,
  validateFileName,
  type StorableContent,
  type Storage,
} from '@stack/files';
import type { imageSize } from 'image-size';
import type { ColumnType } from '../internal/dialect.js';
import { loadDriver } from '../internal/driver.js';
import type { AnyModelClass, ModelReference } from '../model/types.js';
import { Field, type FieldOptions } from './field.js';
import { strftime } from './strftime.js';

/** A file not yet stored: an upload (`@stack/request`'s `UploadedFile`) or anything with a name. */
export interface PendingFile {
  readonly name: string;
  readonly size?: number;
  read?(): Promise<Uint8Array>;
  chunks?(chunkSize?: number): AsyncIterable<Uint8Array>;
}

type Instance = object & { save?(options?: object): Promise<void> };

/** `uploadTo` as a function: Django's `upload_to(instance, filename)`. */
export type UploadTo = string | ((instance: never, filename: string) => string);

/** The options of a model `FileField`. */
export interface FileFieldOptions extends Omit<
  FieldOptions<FieldFile, false>,
  'primaryKey' | 'default' | 'choices'
> {
  /** A stored file's name, or a function returning one. */
  default?: string | (() => string);
  /**
   * The folder inside the storage: a `strftime` pattern (`'avatars/%Y/%m/'`) or a function of
   * the instance and the file name returning the whole name.
   */
  uploadTo?: UploadTo;
  /** The storage (default: `getDefaultStorage()`, set from `mediaRoot`/`mediaUrl`). */
  storage?: Storage | (() => Storage);
  /** The column's length (default 100, as Django). */
  maxLength?: number;
}

/** Python's `posixpath.join`: an absolute name wins (and is then refused), nothing normalised. */
function pythonJoin(dir: string, name: string): string {
  if (name.startsWith('/') || dir === '') return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

function isPending(value: unknown): value is PendingFile {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof FieldFile) &&
    typeof (value as PendingFile).name === 'string' &&
    (typeof (value as PendingFile).read === 'function' ||
      typeof (value as PendingFile).chunks === 'function')
  );
}

async function readAll(content: StorableContent | PendingFile): Promise<Uint8Array> {
  if (typeof content === 'string') return Buffer.from(content);
  if (content instanceof Uint8Array) return content;
  if (typeof content.read === 'function') return content.read();
  if (typeof content.chunks === 'function') {
    const parts: Uint8Array[] = [];
    for await (const chunk of content.chunks()) parts.push(chunk);
    return Buffer.concat(parts);
  }
  throw new TypeError('Cannot read this content: give bytes, text or an uploaded file.');
}

/**
 * Django's `FieldFile`: what a `FileField` holds on an instance, the stored name with its
 * storage. Empty when `name` is `''` (test it with `file.name` or `Boolean(file.name)`).
 *
 * @example
 * ```ts
 * await post.cover.save('cover.png', bytes); // stores it, sets post.cover, saves the post
 * post.cover.url;  // '/media/covers/2024/05/cover.png'
 * await post.cover.size(); // 1234
 * ```
 */
export class FieldFile {
  /** The name in the storage (`''` when there is no file). */
  name: string;
  /** A file assigned but not stored yet: the next `instance.save()` stores it. */
  pending: PendingFile | null = null;

  constructor(
    readonly instance: Instance,
    readonly field: FileField,
    name: string | null,
  ) {
    this.name = name ?? '';
  }

  get storage(): Storage {
    return this.field.storage;
  }

  /** Stored (`false` while an assigned upload waits for `instance.save()`). */
  get committed(): boolean {
    return this.pending === null;
  }

  private requireFile(): void {
    if (!this.name)
      throw new Error(`The '${this.field.name}' attribute has no file associated with it.`);
  }

  /** The URL the storage serves the file at. */
  get url(): string {
    this.requireFile();
    return this.storage.url(this.name);
  }

  /** The absolute path, for storages on the local file system. */
  get path(): string {
    this.requireFile();
    return this.storage.path(this.name);
  }

  /** The size in bytes (of the pending upload, if one waits). */
  async size(): Promise<number> {
    this.requireFile();
    if (this.pending?.size !== undefined) return this.pending.size;
    if (this.pending !== null) return (await readAll(this.pending)).length;
    return this.storage.size(this.name);
  }

  /** The file's bytes. */
  async open(): Promise<Buffer> {
    this.requireFile();
    if (this.pending !== null) return Buffer.from(await readAll(this.pending));
    return this.storage.open(this.name);
  }

  /**
   * Stores `content` under a name made from `name` by `uploadTo` and the storage (valid, free,
   * at most `maxLength`), sets it on the instance and, unless `save: false`, saves the instance.
   */
  async save(
    name: string,
    content: StorableContent | PendingFile,
    options: { save?: boolean } = {},
  ): Promise<void> {
    const target = this.field.generateFilename(this.instance, name);
    const stored = await this.storage.save(target, content as StorableContent, {
      maxLength: this.field.maxLength,
    });
    this.name = stored;
    this.pending = null;
    this.field.setOn(this.instance, this);
    await this.field.afterStore(this.instance, this);
    if (options.save !== false) await this.instance.save?.();
  }

  /** Deletes the stored file, empties the field and, unless `save: false`, saves the instance. */
  async delete(options: { save?: boolean } = {}): Promise<void> {
    if (!this.name) return;
    if (this.pending === null) await this.storage.delete(this.name);
    this.name = '';
    this.pending = null;
    this.field.setOn(this.instance, this);
    await this.field.afterStore(this.instance, this);
    if (options.save !== false) await this.instance.save?.();
  }

  /**
   * The name's length: templates take truth from a numeric `length`, so an empty file is false
   * in `{% if doc.attachment %}`, as Python's `bool(field_file)`.
   */
  get length(): number {
    return this.name.length;
  }

  /**
   * Django's `FieldFile.__eq__`: equal to anything whose `name` is this name (another file, an
   * upload), else to the name itself, so `{% if doc.attachment == 'docs/a.txt' %}` holds in
   * templates, whose `==`, `in`, `ifequal` and `regroup` ask `equals()` on either side.
   */
  equals(other: unknown): boolean {
    if (typeof other === 'object' && other !== null && 'name' in other)
      return (other as { name: unknown }).name === this.name;
    return other === this.name;
  }

  /** The name, as Django's `str(field_file)`. */
  toString(): string {
    return this.name;
  }

  toJSON(): string {
    return this.name;
  }
}

/**
 * Django's model `FileField`: a `varchar(100)` holding a name in a storage; the instance holds a
 * `FieldFile`. Assign an upload (`post.attachment = request.FILES.get('attachment')`) and the
 * next `save()` stores it under `uploadTo`; assign a string to point at a stored file.
 *
 * @example
 * ```ts
 * attachment: new FileField({ uploadTo: 'attachments/%Y/%m/' }) // "attachment" varchar(100) NOT NULL
 * ```
 */
export class FileField extends Field<FieldFile, false> {
  override readonly emptyStringsAllowed: boolean = true;
  readonly maxLength: number;
  readonly uploadTo: UploadTo;
  private readonly storageOption: Storage | (() => Storage) | undefined;
  private readonly values = new WeakMap<object, FieldFile>();

  constructor(options: FileFieldOptions = {}) {
    if ((options as { primaryKey?: boolean }).primaryKey === true)
      throw new TypeError("'primaryKey' is not a valid argument for a FileField.");
    super(options as FieldOptions<FieldFile, false>); // a default is a name; the setter wraps it
    this.maxLength = options.maxLength ?? 100;
    this.uploadTo = options.uploadTo ?? '';
    this.storageOption = options.storage;
  }

  /** The storage files go to (resolved when first used, so settings may set it later). */
  get storage(): Storage {
    const s = this.storageOption;
    if (s === undefined) return getDefaultStorage();
    return typeof s === 'function' ? s() : s;
  }

  columnType(): ColumnType {
    return { kind: 'varchar', maxLength: this.maxLength };
  }

  override contribute(
    model: AnyModelClass,
    name: string,
    resolveModel?: (ref: ModelReference) => AnyModelClass,
  ): void {
    super.contribute(model, name, resolveModel);
    // Django's FileDescriptor: reads give a FieldFile, writes take a name, an upload or a FieldFile.
    const field = this; // eslint-disable-line @typescript-eslint/no-this-alias
    Object.defineProperty(model.prototype, name, {
      configurable: true,
      enumerable: false,
      get(this: object) {
        return field.getFrom(this);
      },
      set(this: object, value: unknown) {
        field.assign(this, value);
      },
    });
  }

  /** The instance's `FieldFile`. @internal */
  getFrom(instance: object): FieldFile {
    let file = this.values.get(instance);
    if (file === undefined) {
      file = new FieldFile(instance, this, null);
      this.values.set(instance, file);
    }
    return file;
  }

  /** Puts `file` on the instance as it is. @internal */
  setOn(instance: object, file: FieldFile): void {
    this.values.set(instance, file);
  }

  private assign(instance: object, value: unknown): void {
    if (value instanceof FieldFile) {
      const file =
        value.instance === instance && value.field === this
          ? value
          : new FieldFile(instance, this, value.name);
      if (file !== value) file.pending = value.pending;
      this.values.set(instance, file);
    } else if (isPending(value)) {
      const file = new FieldFile(instance, this, value.name);
      file.pending = value;
      this.values.set(instance, file);
    } else if (value === null || value === undefined || value === false || value === '') {
      this.values.set(instance, new FieldFile(instance, this, null));
    } else if (typeof value === 'string') {
      this.values.set(instance, new FieldFile(instance, this, value));
    } else {
      throw new TypeError(
        `${this.name} takes a file name, an uploaded file or a FieldFile, not ${typeof value}.`,
      );
    }
  }

  /**
   * Django's `generate_filename`: `uploadTo` applied (a function gets the instance and the name;
   * a pattern goes through `strftime` and is joined with the name), then the storage's cleaning.
   */
  generateFilename(instance: object, filename: string): string {
    let name: string;
    if (typeof this.uploadTo === 'function')
      name = (this.uploadTo as (i: object, f: string) => string)(instance, filename);
    else name = pythonJoin(strftime(this.uploadTo, new Date()), filename);
    validateFileName(name, true);
    return this.storage.generateFilename(name);
  }

  /** Runs when a file was stored or deleted (ImageField records its dimensions). @internal */
  async afterStore(instance: object, file: FieldFile): Promise<void> {
    void instance;
    void file;
  }

  /** Stores an assigned upload before the row is written (Django's `pre_save`). */
  async preSaveAsync(instance: object): Promise<void> {
    const file = this.values.get(instance);
    if (file?.pending) await file.save(file.pending.name, file.pending, { save: false });
  }

  /** `''` without a default: an empty `FieldFile`, as Django's. */
  override getDefault(): unknown {
    return super.getDefault() ?? '';
  }

  override toDb(value: unknown): unknown {
    if (value instanceof FieldFile) return value.name;
    if (value === null || value === undefined) return value;
    return String(value);
  }

  override toPython(value: unknown): unknown {
    return value instanceof FieldFile ? value.name : value;
  }

  override validate(value: unknown): string[] {
    return super.validate(value instanceof FieldFile ? value.name : value);
  }
}

/**
 * image-size, read when an image's dimensions are first read rather than when the ORM is
 * imported (29 files a server without images never needs; see `loadDriver`).
 */
function imageSizeReader(): typeof imageSize {
  return loadDriver<{ imageSize: typeof imageSize }>('image-size', 'ImageField').imageSize;
}

/** The options of a model `ImageField`. */
export interface ImageFieldOptions extends FileFieldOptions {
  /** A field of the model that receives the image's width when it is stored. */
  widthField?: string;
  /** A field of the model that receives the image's height when it is stored. */
  heightField?: string;
}

/**
 * Django's model `ImageField`: a `FileField` that records the image's dimensions in
 * `widthField`/`heightField` when a file is stored, read by the `image-size` library.
 *
 * @example
 * ```ts
 * photo: new ImageField({ uploadTo: 'photos/', widthField: 'photoWidth', heightField: 'photoHeight' })
 * ```
 */
export class ImageField extends FileField {
  readonly widthField: string | undefined;
  readonly heightField: string | undefined;

  constructor(options: ImageFieldOptions = {}) {
    super(options);
    this.widthField = options.widthField;
    this.heightField = options.heightField;
  }

  override async afterStore(instance: object, file: FieldFile): Promise<void> {
    if (this.widthField === undefined && this.heightField === undefined) return;
    let width: number | null = null;
    let height: number | null = null;
    if (file.name) {
      // Outside the `try`: a missing image-size is a configuration error, not a non-image.
      const readImageSize = imageSizeReader();
      try {
        // Read back from the storage: an upload's stream may be spent by now.
        ({ width, height } = readImageSize(await file.open()));
      } catch {
        // Not an image this library reads: no dimensions, as Django records when Pillow fails.
      }
    }
    const record = instance as Record<string, unknown>;
    if (this.widthField !== undefined) record[this.widthField] = width;
    if (this.heightField !== undefined) record[this.heightField] = height;
  }
}
