import type { imageSize } from 'image-size';
import { optionalRequire } from '@stack/utils';
import { ValidationError } from '../errors.js';
import { isEmptyValue } from '../internal/data.js';
import { pyLen, pluralize, validateImageFileExtension, type Validator } from '../validators.js';
import { ClearableFileInput, FILE_INPUT_CONTRADICTION, FileInput } from '../widgets/file.js';
import type { Attrs, Widget, WidgetClass } from '../widgets/widget.js';
import { Field, type FieldOptions } from './field.js';

/**
 * What a file field accepts: an uploaded file (`@stack/request`'s `UploadedFile`) or anything
 * with a `name` and a `size`; `read()` or `chunks()` let `ImageField` look inside.
 */
export interface UploadedFileLike {
  readonly name: string;
  readonly size: number;
  readonly contentType?: string;
  read?(): Promise<Uint8Array>;
  chunks?(chunkSize?: number): AsyncIterable<Uint8Array>;
}

/** What `ImageField` learnt about an image. */
export interface ImageInfo {
  width: number;
  height: number;
  /** `png`, `jpg`, `gif`, `webp`… as image-size names them. */
  format: string;
}

/** An uploaded image, after `ImageField` checked it: the file with its dimensions. */
export type UploadedImage<F extends UploadedFileLike = UploadedFileLike> = F & { image: ImageInfo };

/** The options of `FileField`. */
export interface FileFieldOptions<R extends boolean> extends FieldOptions {
  required?: R;
  /** The longest file name accepted. */
  maxLength?: number | null;
  /** Accept files of zero bytes. */
  allowEmptyFile?: boolean;
  /** The largest file accepted, in bytes (a Stack addition; Django leaves it to the upload limits). */
  maxSize?: number | null;
}

const FILE_MESSAGES = {
  invalid: 'No file was submitted. Check the encoding type on the form.',
  missing: 'No file was submitted.',
  empty: 'The submitted file is empty.',
  max_length: 'Ensure this filename has at most %(max)d characters (it has %(length)d).',
  contradiction: 'Please either submit a file or check the clear checkbox, not both.',
  max_size: 'Ensure this file is at most %(max)s bytes (it is %(size)s bytes).',
};

/**
 * Django's `FileField`: an uploaded file from the form's `files`. An optional field with a
 * stored file may be cleared (the clean value is then `false`); nothing uploaded keeps the
 * initial file.
 *
 * @example
 * ```ts
 * const form = new UploadForm({ data: request.POST, files: request.FILES });
 * ```
 */
export class FileField<
  R extends boolean = true,
  F extends UploadedFileLike = UploadedFileLike,
> extends Field<F | (R extends false ? null | false : never)> {
  static override widget: WidgetClass = ClearableFileInput;
  static override defaultErrorMessages: Readonly<Record<string, string>> = FILE_MESSAGES;
  maxLength: number | null;
  allowEmptyFile: boolean;
  maxSize: number | null;

  constructor(options: FileFieldOptions<R> = {}) {
    super(options);
    this.maxLength = options.maxLength ?? null;
    this.allowEmptyFile = options.allowEmptyFile ?? false;
    this.maxSize = options.maxSize ?? null;
  }

  override toPython(data: unknown): any {
    if (isEmptyValue(data)) return null;
    const file = data as Partial<UploadedFileLike>;
    if (typeof data !== 'object' || typeof file.name !== 'string' || typeof file.size !== 'number')
      throw new ValidationError(this.errorMessages.invalid as string, { code: 'invalid' });
    const length = pyLen(file.name);
    if (this.maxLength !== null && length > this.maxLength) {
      const params = { max: this.maxLength, length };
      const message =
        this.errorMessages.max_length === FILE_MESSAGES.max_length
          ? pluralize(
              {
                one: 'Ensure this filename has at most %(max)d character (it has %(length)d).',
                other: FILE_MESSAGES.max_length,
                by: 'max',
              },
              params,
            )
          : (this.errorMessages.max_length as string);
      throw new ValidationError(message, { code: 'max_length', params });
    }
    if (!file.name)
      throw new ValidationError(this.errorMessages.invalid as string, { code: 'invalid' });
    if (!this.allowEmptyFile && !file.size)
      throw new ValidationError(this.errorMessages.empty as string, { code: 'empty' });
    if (this.maxSize !== null && file.size > this.maxSize)
      throw new ValidationError(this.errorMessages.max_size as string, {
        code: 'max_size',
        params: { max: this.maxSize, size: file.size },
      });
    return data;
  }

  /** The contradiction, clearing and keep-the-initial rules; `undefined` when cleaning goes on. */
  protected settle(data: unknown, initial: unknown): { value: unknown } | undefined {
    if (data === FILE_INPUT_CONTRADICTION)
      throw new ValidationError(this.errorMessages.contradiction as string, {
        code: 'contradiction',
      });
    let value = data;
    if (value === false) {
      if (!this.required) return { value: false };
      value = null;
    }
    if (!value && initial) return { value: initial };
    return undefined;
  }

  override clean(data: unknown, initial?: unknown): any {
    const settled = this.settle(data, initial);
    if (settled) return settled.value;
    return super.clean(data === false ? null : data, initial);
  }

  override boundData(data: unknown, initial: unknown): unknown {
    if (data === null || data === undefined || data === FILE_INPUT_CONTRADICTION) return initial;
    return data;
  }

  override hasChanged(_initial: unknown, data: unknown): boolean {
    return !this.disabled && data !== null && data !== undefined;
  }
}

const load = optionalRequire(import.meta.url);

/**
 * image-size, read when an image is first inspected rather than when forms are imported (29
 * files a server that takes no image never needs), as Django imports Pillow only in
 * `ImageField.to_python`. `require` gives image-size's CommonJS build; only plain numbers and
 * strings come out of it, so its ESM twin never matters.
 */
function imageSizeReader(): typeof imageSize {
  return load<{ imageSize: typeof imageSize }>('image-size', 'ImageField').imageSize;
}

/** Reads the start of a file, enough for image-size, at most `limit` bytes. */
async function head(file: UploadedFileLike, limit: number): Promise<Uint8Array> {
  if (typeof file.chunks === 'function') {
    const parts: Uint8Array[] = [];
    let length = 0;
    for await (const chunk of file.chunks(64 * 1024)) {
      parts.push(chunk);
      length += chunk.length;
      if (length >= limit) break;
    }
    return Buffer.concat(parts).subarray(0, limit);
  }
  if (typeof file.read === 'function') return (await file.read()).subarray(0, limit);
  throw new Error('no content');
}

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  tiff: 'image/tiff',
  ico: 'image/x-icon',
  svg: 'image/svg+xml',
  avif: 'image/avif',
  heif: 'image/heif',
};

/**
 * Django's `ImageField`: a `FileField` whose content must be an image, read by the `image-size`
 * library (Django uses Pillow); the clean file carries `image: { width, height, format }` and
 * a `contentType` from what the content is, not what the client claimed.
 *
 * @example
 * ```ts
 * const avatar = (form.cleanedData.avatar as UploadedImage).image; // { width: 64, height: 64, format: 'png' }
 * ```
 */
export class ImageField<
  R extends boolean = true,
  F extends UploadedFileLike = UploadedFileLike,
> extends FileField<R, UploadedImage<F>> {
  static override defaultValidators: readonly Validator[] = [validateImageFileExtension];
  static override defaultErrorMessages: Readonly<Record<string, string>> = {
    invalid_image:
      'Upload a valid image. The file you uploaded was either not an image or a corrupted image.',
  };
  /** How much of the file is read to find its dimensions. */
  static headBytes = 1024 * 1024;

  override async clean(data: unknown, initial?: unknown): Promise<any> {
    const settled = this.settle(data, initial);
    if (settled) return settled.value;
    const file = this.toPython(data === false ? null : data) as UploadedFileLike | null;
    if (file !== null) await this.inspect(file);
    this.validate(file);
    this.runValidators(file);
    return file;
  }

  /** Reads the image's dimensions onto the file, or throws `invalid_image`. */
  async inspect(file: UploadedFileLike): Promise<void> {
    // Outside the `try`: a missing image-size is a configuration error, not an invalid image.
    const imageSize = imageSizeReader();
    try {
      const size = imageSize(await head(file, (this.constructor as typeof ImageField).headBytes));
      if (!size.width || !size.height) throw new Error('no dimensions');
      const format = size.type ?? 'unknown';
      Object.assign(file, {
        image: { width: size.width, height: size.height, format },
        contentType: MIME[format] ?? file.contentType,
      });
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      throw new ValidationError(this.errorMessages.invalid_image as string, {
        code: 'invalid_image',
      });
    }
  }

  override widgetAttrs(widget: Widget): Attrs {
    const attrs = super.widgetAttrs(widget);
    if (widget instanceof FileInput && !('accept' in widget.attrs)) attrs.accept = 'image/*';
    return attrs;
  }
}
