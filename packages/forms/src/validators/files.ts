import { ValidationError } from '../errors.js';
import { CallableValidator } from './base.js';

export interface NamedFile {
  readonly name: string;
}

/**
 * Django's `FileExtensionValidator`: the file name's extension (lower-cased) must be one of
 * `allowedExtensions`.
 *
 * @example
 * ```ts
 * new FileExtensionValidator({ allowedExtensions: ['pdf'] }).validate({ name: 'cv.docx' }); // throws
 * ```
 */
export class FileExtensionValidator extends CallableValidator {
  allowedExtensions: string[] | null;
  message: string;
  code: string;

  constructor(
    options: { allowedExtensions?: readonly string[] | null; message?: string; code?: string } = {},
  ) {
    super();
    this.allowedExtensions = options.allowedExtensions?.map((e) => e.toLowerCase()) ?? null;
    this.message =
      options.message ??
      'File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s.';
    this.code = options.code ?? 'invalid_extension';
  }

  validate(value: unknown): void {
    const extension = suffixOf(String((value as NamedFile).name ?? '')).toLowerCase();
    if (this.allowedExtensions !== null && !this.allowedExtensions.includes(extension)) {
      throw new ValidationError(this.message, {
        code: this.code,
        params: { extension, allowed_extensions: this.allowedExtensions.join(', '), value },
      });
    }
  }
}

/** Python's `Path(name).suffix[1:]`. */
function suffixOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1) : '';
}

/** The image extensions `image-size` reads (Django asks Pillow for its list). */
export const IMAGE_EXTENSIONS = [
  'bmp',
  'cur',
  'dds',
  'gif',
  'heic',
  'heif',
  'avif',
  'icns',
  'ico',
  'j2c',
  'jp2',
  'jpe',
  'jpeg',
  'jpg',
  'jxl',
  'ktx',
  'png',
  'pnm',
  'pbm',
  'pgm',
  'ppm',
  'psd',
  'svg',
  'tga',
  'tif',
  'tiff',
  'webp',
];

/**
 * Django's `validate_image_file_extension`.
 *
 * @example
 * ```ts
 * validateImageFileExtension.validate({ name: 'photo.exe' }); // throws
 * ```
 */
export const validateImageFileExtension: FileExtensionValidator = new FileExtensionValidator({
  allowedExtensions: IMAGE_EXTENSIONS,
});
