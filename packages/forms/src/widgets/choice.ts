import { dataGet, dataGetList, type FormInput } from '../internal/data.js';
import { pyStr } from '../internal/py.js';
import { Widget, type Attrs, type WidgetData, type WidgetOptions } from './widget.js';

/** One choice: the submitted value and the label shown. */
export type Choice = readonly [value: unknown, label: unknown];
/** A named group of choices (rendered as `<optgroup>`). */
export type ChoiceGroup = readonly [group: unknown, choices: readonly Choice[]];
/** A list of choices and groups, as Django writes `choices`. */
export type Choices = ReadonlyArray<Choice | ChoiceGroup>;

/** The options of the choice widgets. */
export interface ChoiceWidgetOptions extends WidgetOptions {
  choices?: Iterable<Choice | ChoiceGroup>;
}

/** The data of one `<option>` (or one radio, one checkbox). */
export interface OptionData extends WidgetData {
  label: unknown;
  selected: boolean;
  index: string;
  type: string | null;
  wrapLabel: boolean;
}

/** A group in `optgroups()`: its name (`null` outside a group), its options, its index. */
export type OptGroup = [name: unknown, options: OptionData[], index: number];

function isGroup(entry: Choice | ChoiceGroup): entry is ChoiceGroup {
  return Array.isArray(entry[1]);
}

/** The shared base of `Select`, `RadioSelect` and `CheckboxSelectMultiple`. */
export abstract class ChoiceWidget extends Widget {
  readonly allowMultipleSelected: boolean = false;
  inputType: string | null = null;
  optionTemplateName = '';
  addIdIndex = true;
  checkedAttribute: Attrs = { checked: true };
  optionInheritsAttrs = true;
  choices: (Choice | ChoiceGroup)[];

  constructor(options: ChoiceWidgetOptions = {}) {
    super(options);
    this.choices = [...(options.choices ?? [])];
  }

  override clone(): this {
    const copy = super.clone();
    copy.choices = [...this.choices];
    return copy;
  }

  override subwidgets(name: string, value: unknown, attrs: Attrs | null = null): WidgetData[] {
    return this.options(name, this.formatValue(value) as string[], attrs);
  }

  /** Every option, groups flattened. */
  options(name: string, value: string[], attrs: Attrs | null = null): OptionData[] {
    return this.optgroups(name, value, attrs).flatMap(([, options]) => options);
  }

  optgroups(name: string, value: readonly string[], attrs: Attrs | null = null): OptGroup[] {
    const groups: OptGroup[] = [];
    let hasSelected = false;
    this.choices.forEach((entry, index) => {
      let optionValue = entry[0];
      if (optionValue === null || optionValue === undefined) optionValue = '';
      const subgroup: OptionData[] = [];
      let groupName: unknown = null;
      let subindex: number | null = null;
      let choices: readonly Choice[];
      if (isGroup(entry)) {
        groupName = optionValue;
        subindex = 0;
        choices = entry[1];
      } else choices = [[optionValue, entry[1]]];
      groups.push([groupName, subgroup, index]);
      for (const [subvalue, sublabel] of choices) {
        const selected =
          value.includes(pyStr(subvalue)) && (!hasSelected || this.allowMultipleSelected);
        hasSelected ||= selected;
        subgroup.push(
          this.createOption(name, subvalue, sublabel, selected, {
            index,
            subindex,
            attrs,
          }),
        );
        if (subindex !== null) subindex += 1;
      }
    });
    return groups;
  }

  createOption(
    name: string,
    value: unknown,
    label: unknown,
    selected: boolean,
    position: { index: number; subindex?: number | null; attrs?: Attrs | null },
  ): OptionData {
    const { subindex = null, attrs = null } = position;
    const index = subindex === null ? String(position.index) : `${position.index}_${subindex}`;
    const optionAttrs = this.optionInheritsAttrs ? this.buildAttrs(this.attrs, attrs ?? {}) : {};
    if (selected) Object.assign(optionAttrs, this.checkedAttribute);
    if ('id' in optionAttrs) optionAttrs.id = this.idForLabel(String(optionAttrs.id), index);
    return {
      name,
      value,
      label,
      selected,
      index,
      attrs: optionAttrs,
      type: this.inputType,
      templateName: this.optionTemplateName,
      wrapLabel: true,
      isHidden: false,
      required: this.isRequired,
    };
  }

  override getContext(name: string, value: unknown, attrs: Attrs | null): { widget: WidgetData } {
    const context = super.getContext(name, value, attrs);
    context.widget.optgroups = this.optgroups(name, context.widget.value as string[], attrs);
    return context;
  }

  override idForLabel(id: string, index = '0'): string {
    if (id && this.addIdIndex) return `${id}_${index}`;
    return id;
  }

  override valueFromDatadict(data: FormInput, _files: FormInput, name: string): unknown {
    return this.allowMultipleSelected ? dataGetList(data, name) : dataGet(data, name);
  }

  /** The selected values as texts. */
  override formatValue(value: unknown): unknown {
    if ((value === null || value === undefined) && this.allowMultipleSelected) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.map((v: unknown) => (v === null || v === undefined ? '' : pyStr(v)));
  }
}

/**
 * `<select>`; the `required` attribute only when the first option's value is empty (otherwise
 * it would be invalid HTML).
 *
 * @example
 * ```ts
 * new Select({ choices: [['', '---'], ['fr', 'French']] })
 * ```
 */
export class Select extends ChoiceWidget {
  override inputType: string | null = 'select';
  override templateName = 'django/forms/widgets/select.html';
  override optionTemplateName = 'django/forms/widgets/select_option.html';
  override addIdIndex = false;
  override checkedAttribute: Attrs = { selected: true };
  override optionInheritsAttrs = false;

  override getContext(name: string, value: unknown, attrs: Attrs | null): { widget: WidgetData } {
    const context = super.getContext(name, value, attrs);
    if (this.allowMultipleSelected) context.widget.attrs.multiple = true;
    return context;
  }

  override useRequiredAttribute(initial: unknown): boolean {
    const use = super.useRequiredAttribute(initial);
    if (this.allowMultipleSelected) return use;
    const first = this.choices[0];
    return (
      use && first !== undefined && (first[0] === null || first[0] === undefined || first[0] === '')
    );
  }
}

/**
 * Django's `NullBooleanSelect`: Unknown / Yes / No, sending `unknown`, `true`, `false`.
 *
 * @example
 * ```ts
 * new NullBooleanSelect().render('ok', true); // … <option value="true" selected>Yes</option> …
 * ```
 */
export class NullBooleanSelect extends Select {
  constructor(options: WidgetOptions = {}) {
    super({
      ...options,
      choices: [
        ['unknown', 'Unknown'],
        ['true', 'Yes'],
        ['false', 'No'],
      ],
    });
  }

  /** One text, not a list: `optgroups()` then tests options by substring, as Django does. */
  override formatValue(value: unknown): unknown {
    if (value === true || value === 1 || value === 'true' || value === '2') return 'true';
    if (value === false || value === 0 || value === 'false' || value === '3') return 'false';
    return 'unknown';
  }

  override valueFromDatadict(data: FormInput, _files: FormInput, name: string): unknown {
    const value = dataGet(data, name);
    if (value === true || value === 1 || value === 'True' || value === 'true' || value === '2')
      return true;
    if (value === false || value === 0 || value === 'False' || value === 'false' || value === '3')
      return false;
    return undefined;
  }
}

/**
 * `<select multiple>`.
 *
 * @example
 * ```ts
 * new SelectMultiple({ choices: [['a', 'A'], ['b', 'B']] })
 * ```
 */
export class SelectMultiple extends Select {
  override readonly allowMultipleSelected: boolean = true;

  override valueOmittedFromData(): boolean {
    return false;
  }
}

/**
 * Radio buttons in a `<ul>`.
 *
 * @example
 * ```ts
 * new RadioSelect({ choices: [['s', 'Small'], ['l', 'Large']] })
 * ```
 */
export class RadioSelect extends ChoiceWidget {
  override inputType: string | null = 'radio';
  override templateName = 'django/forms/widgets/radio.html';
  override optionTemplateName = 'django/forms/widgets/radio_option.html';
}

/**
 * Checkboxes in a `<ul>`; never `required` (browsers would demand every box).
 *
 * @example
 * ```ts
 * new CheckboxSelectMultiple({ choices: [['a', 'A'], ['b', 'B']] })
 * ```
 */
export class CheckboxSelectMultiple extends ChoiceWidget {
  override readonly allowMultipleSelected: boolean = true;
  override inputType: string | null = 'checkbox';
  override templateName = 'django/forms/widgets/checkbox_select.html';
  override optionTemplateName = 'django/forms/widgets/checkbox_option.html';

  override useRequiredAttribute(): boolean {
    return false;
  }

  override valueOmittedFromData(): boolean {
    return false;
  }

  /** No `for` on the group's label: clicking it would toggle the first box. */
  override idForLabel(id: string, index: string | null = null): string {
    if (index === null) return '';
    return super.idForLabel(id, index);
  }
}
