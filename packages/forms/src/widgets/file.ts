import { dataGet, dataGetList, dataHas, type FormInput } from '../internal/data.js';
import {
  CheckboxInput,
  Input,
  pyTruthy,
  type Attrs,
  type WidgetData,
  type WidgetOptions,
} from './widget.js';

/**
 * What a clearable file input returns when a file is uploaded and "clear" is ticked at once
 * (Django's `FILE_INPUT_CONTRADICTION`); `FileField` turns it into an error.
 */
export const FILE_INPUT_CONTRADICTION: unique symbol = Symbol('FILE_INPUT_CONTRADICTION');

/**
 * `<input type="file">`: never renders a value; reads from the form's `files`.
 *
 * @example
 * ```ts
 * new FileInput({ attrs: { accept: 'application/pdf' } })
 * ```
 */
export class FileInput extends Input {
  /** Whether several files may be chosen (Django 3.2 refuses `multiple` on this widget). */
  readonly allowMultipleSelected: boolean = false;

  constructor(options: WidgetOptions = {}, templateName = 'django/forms/widgets/file.html') {
    if (options.attrs && options.attrs.multiple)
      throw new Error(`${new.target.name} doesn't support uploading multiple files.`);
    super(options, { inputType: 'file', templateName });
  }

  override get needsMultipartForm(): boolean {
    return true;
  }

  override formatValue(_value: unknown): unknown {
    return null;
  }

  override valueFromDatadict(_data: FormInput, files: FormInput, name: string): unknown {
    return this.allowMultipleSelected ? dataGetList(files, name) : dataGet(files, name);
  }

  override valueOmittedFromData(_data: FormInput, files: FormInput, name: string): boolean {
    return !dataHas(files, name);
  }

  override useRequiredAttribute(initial: unknown): boolean {
    return super.useRequiredAttribute(initial) && !pyTruthy(initial);
  }
}

/**
 * Django's `ClearableFileInput`: a file input that shows the current file (a value with a
 * `url`, such as a model `FieldFile`) with a link, and, when the field is optional, a "Clear"
 * checkbox named `<name>-clear`.
 *
 * @example
 * ```ts
 * new ClearableFileInput().render('avatar', { url: '/media/a.png', toString: () => 'a.png' });
 * ```
 */
export class ClearableFileInput extends FileInput {
  clearCheckboxLabel = 'Clear';
  initialText = 'Currently';
  inputText = 'Change';

  constructor(options: WidgetOptions = {}) {
    super(options, 'django/forms/widgets/clearable_file_input.html');
  }

  /** The name of the clear checkbox. */
  clearCheckboxName(name: string): string {
    return `${name}-clear`;
  }

  /** The id of the clear checkbox. */
  clearCheckboxId(name: string): string {
    return `${name}_id`;
  }

  /** Whether the value is a stored file (it has a `url`). */
  isInitial(value: unknown): boolean {
    if (!pyTruthy(value) || value === null || typeof value !== 'object') return false;
    try {
      return Boolean((value as { url?: unknown }).url);
    } catch {
      return false;
    }
  }

  override formatValue(value: unknown): unknown {
    return this.isInitial(value) ? value : null;
  }

  override getContext(name: string, value: unknown, attrs: Attrs | null): { widget: WidgetData } {
    const context = super.getContext(name, value, attrs);
    const checkboxName = this.clearCheckboxName(name);
    Object.assign(context.widget, {
      checkboxName,
      checkboxId: this.clearCheckboxId(checkboxName),
      isInitial: this.isInitial(value),
      inputText: this.inputText,
      initialText: this.initialText,
      clearCheckboxLabel: this.clearCheckboxLabel,
    });
    return context;
  }

  override valueFromDatadict(data: FormInput, files: FormInput, name: string): unknown {
    const upload = super.valueFromDatadict(data, files, name);
    if (
      !this.isRequired &&
      new CheckboxInput().valueFromDatadict(data, files, this.clearCheckboxName(name))
    ) {
      if (pyTruthy(upload)) return FILE_INPUT_CONTRADICTION;
      return false;
    }
    return upload;
  }

  override valueOmittedFromData(data: FormInput, files: FormInput, name: string): boolean {
    return (
      super.valueOmittedFromData(data, files, name) && !dataHas(data, this.clearCheckboxName(name))
    );
  }
}
