import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError, formsetFactory, type BaseForm } from '../src/index.js';
import {
  MultiValue,
  buildField,
  buildForm,
  buildWidget,
  camel,
  decode,
  encodeCleaned,
  encodeValue,
  formOptions,
  type FieldSpec,
  type FormCase,
  type Json,
  type WidgetSpec,
} from './django/build.js';

interface Case extends FormCase {
  kind: 'form' | 'formset' | 'clean' | 'widget';
  django: Record<string, Json>;
  factory?: Record<string, Json>;
  field?: FieldSpec;
  value?: Json;
  widget?: WidgetSpec;
  name_attr?: string;
  attrs?: Record<string, Json> | null;
}

const data = JSON.parse(readFileSync(new URL('./django/forms.json', import.meta.url), 'utf8')) as {
  django: string;
  cases: Case[];
};
/** Cases where Stack differs from Django on purpose: name → reason (mirrored in the README). */
const differences = JSON.parse(
  readFileSync(new URL('./django/differences.json', import.meta.url), 'utf8'),
) as Record<string, string>;

async function runForm(spec: Case): Promise<Record<string, unknown>> {
  const Form = buildForm(spec);
  const form = new Form({
    data: spec.data ? new MultiValue(spec.data) : null,
    files: spec.files ? new MultiValue(spec.files) : null,
    ...formOptions(spec),
  });
  const result: Record<string, unknown> = {};
  if (form.isBound) {
    result.is_valid = await form.isValid();
    result.errors = form.errors.getJsonData();
    result.errors_as_text = form.errors.asText();
    result.non_field_errors = form.nonFieldErrors().toString();
    result.cleaned_data = encodeCleaned(form);
    result.has_changed = form.hasChanged();
    result.changed_data = form.changedData;
  }
  result.as_p = (await form.asP()).value;
  result.as_table = (await form.asTable()).value;
  result.as_ul = (await form.asUl()).value;
  const fields = [];
  for (const bf of form) {
    fields.push({
      name: bf.name,
      html: (await bf.render()).value,
      label_tag: bf.labelTag().value,
      errors: bf.errors.toString(),
      help_text: bf.helpText,
      id_for_label: bf.idForLabel,
      css_classes: bf.cssClasses(),
      is_hidden: bf.isHidden,
      auto_id: bf.autoId,
    });
  }
  result.fields = fields;
  result.is_multipart = form.isMultipart();
  return result;
}

async function runFormset(spec: Case): Promise<Record<string, unknown>> {
  const Form = buildForm(spec);
  const factory = Object.fromEntries(
    Object.entries(spec.factory ?? {}).map(([k, v]) => [camel(k), v]),
  );
  const FormSet = formsetFactory(Form, factory);
  const formset = new FormSet({
    data: spec.data ? new MultiValue(spec.data) : null,
    ...formOptions(spec),
  } as never);
  const result: Record<string, unknown> = {};
  if (formset.isBound) {
    result.is_valid = await formset.isValid();
    result.errors = formset.errors.map((errors) => errors.getJsonData());
    result.non_form_errors = formset.nonFormErrors().toString();
    result.total_error_count = formset.totalErrorCount();
    result.cleaned_data = result.is_valid
      ? formset.forms.map((form: BaseForm<any>) => encodeCleaned(form))
      : null;
    result.deleted = formset.deletedForms.map((form) => formset.forms.indexOf(form));
    if (formset.canOrder && result.is_valid)
      result.ordered = formset.orderedForms.map((form) => formset.forms.indexOf(form));
  }
  result.total_form_count = formset.totalFormCount();
  result.initial_form_count = formset.initialFormCount();
  result.management_form = (await formset.managementForm.asTable()).value;
  result.as_p = (await formset.asP()).value;
  result.as_table = (await formset.asTable()).value;
  result.empty_form = (await formset.emptyForm.asP()).value;
  return result;
}

async function runClean(spec: Case): Promise<Record<string, unknown>> {
  const field = buildField(spec.field as FieldSpec);
  try {
    return { value: encodeValue(await field.clean(decode(spec.value as Json)), field) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return {
      errors: error.errorList.map((e, i) => ({ message: error.messages[i], code: e.code ?? null })),
    };
  }
}

async function runWidget(spec: Case): Promise<Record<string, unknown>> {
  const widget = buildWidget(spec.widget as WidgetSpec);
  const html = await widget.render(spec.name_attr as string, decode(spec.value as Json), {
    attrs: (spec.attrs as Record<string, unknown> | null) ?? null,
  });
  return { html: html.value };
}

const RUN = { form: runForm, formset: runFormset, clean: runClean, widget: runWidget };

/** The keys of Django's answer that differ from Stack's (compared exactly, as JSON). */
function differing(django: Record<string, Json>, stack: Record<string, unknown>): string[] {
  const norm = (v: unknown) => JSON.stringify(v === undefined ? null : v);
  return Object.keys(django).filter((key) => norm(django[key]) !== norm(stack[key]));
}

describe(`django.forms ${data.django}, replayed`, () => {
  it('has at least 40 form cases, bound and unbound', () => {
    const formCases = data.cases.filter((c) => c.kind === 'form');
    expect(formCases.length).toBeGreaterThanOrEqual(40);
    expect(formCases.some((c) => c.data)).toBe(true);
    expect(formCases.some((c) => !c.data)).toBe(true);
  });

  for (const spec of data.cases) {
    const reason = differences[spec.name];
    it(`${spec.kind}: ${spec.name}${reason ? ' (a documented difference)' : ''}`, async () => {
      const stack = await RUN[spec.kind](spec);
      const keys = differing(spec.django, stack);
      if (reason) {
        // A listed difference must still differ, so the list stays exact.
        expect(keys, `listed as a difference (${reason}) but agrees now`).not.toEqual([]);
        return;
      }
      for (const key of keys) expect({ [key]: stack[key] }).toEqual({ [key]: spec.django[key] });
    });
  }

  it('lists no difference for a case that does not exist', () => {
    const names = new Set(data.cases.map((c) => c.name));
    expect(Object.keys(differences).filter((name) => !names.has(name))).toEqual([]);
  });
});
