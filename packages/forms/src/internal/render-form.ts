import { SafeString } from '@stack/utils';
import type { BoundField } from '../boundfield.js';
import type { BaseForm } from '../forms.js';
import { esc } from './html.js';

/** One row's parts, as Django's `_html_output` fills its `normal_row` pattern. */
export interface RowParts {
  errors: string;
  label: string;
  field: string;
  helpText: string;
  htmlClassAttr: string;
  cssClasses: string;
  fieldName: string;
}

/** The layout of `asTable`, `asUl` or `asP`. */
export interface HtmlOutputSpec {
  normalRow(parts: RowParts): string;
  errorRow(errors: string): string;
  rowEnder: string;
  helpTextHtml(text: string): string;
  errorsOnSeparateRow: boolean;
}

/** Django 3.2's `BaseForm._html_output`, with its quirks (hidden fields join the last row). */
export async function htmlOutput(form: BaseForm<any>, spec: HtmlOutputSpec): Promise<SafeString> {
  const topErrors = form.nonFieldErrors().copy();
  const output: string[] = [];
  const hidden: string[] = [];
  let htmlClassAttr = '';
  for (const name of Object.keys(form.fields)) {
    htmlClassAttr = '';
    const bf = form.get(name);
    const bfErrors = new form.errorClass(bf.errors.data as never);
    if (bf.isHidden) {
      if (bfErrors.length > 0)
        topErrors.extend([...bfErrors].map((error) => `(Hidden field ${name}) ${error}`));
      hidden.push((await bf.render()).value);
      continue;
    }
    const cssClasses = bf.cssClasses();
    if (cssClasses) htmlClassAttr = ` class="${cssClasses}"`;
    if (spec.errorsOnSeparateRow && bfErrors.length > 0)
      output.push(spec.errorRow(bfErrors.toString()));
    const label = bf.label ? bf.labelTag(new SafeString(esc(bf.label))).value : '';
    const field = form.fields[name]!;
    const helpText = field.helpText ? spec.helpTextHtml(field.helpText) : '';
    output.push(
      spec.normalRow({
        errors: bfErrors.toString(),
        label,
        field: (await bf.render()).value,
        helpText,
        htmlClassAttr,
        cssClasses,
        fieldName: bf.htmlName,
      }),
    );
  }
  if (topErrors.length > 0) output.unshift(spec.errorRow(topErrors.toString()));
  if (hidden.length > 0) {
    const hiddenHtml = hidden.join('');
    if (output.length > 0) {
      let lastRow = output[output.length - 1] as string;
      if (!lastRow.endsWith(spec.rowEnder)) {
        lastRow = spec.normalRow({
          errors: '',
          label: '',
          field: '',
          helpText: '',
          htmlClassAttr,
          cssClasses: '',
          fieldName: '',
        });
        output.push(lastRow);
      }
      output[output.length - 1] =
        lastRow.slice(0, -spec.rowEnder.length) + hiddenHtml + spec.rowEnder;
    } else output.push(hiddenHtml);
  }
  return new SafeString(output.join('\n'));
}

/** Django 4.1's `as_div`: `django/forms/div.html` with the fields and the top errors. */
export async function divOutput(form: BaseForm<any>): Promise<SafeString> {
  const topErrors = form.nonFieldErrors().copy();
  const fields: [BoundField, string][] = [];
  const hiddenFields: BoundField[] = [];
  for (const bf of form) {
    const bfErrors = new form.errorClass(bf.errors.data as never);
    if (bf.isHidden) {
      if (bfErrors.length > 0)
        topErrors.extend([...bfErrors].map((error) => `(Hidden field ${bf.name}) ${error}`));
      hiddenFields.push(bf);
    } else fields.push([bf, bfErrors.toString()]);
  }
  const html = await form.renderer.render('django/forms/div.html', {
    form,
    fields: fields.map(([bf, errors]) => [bf, new SafeString(errors)]),
    hidden_fields: hiddenFields,
    errors: topErrors,
  });
  return new SafeString(html);
}
