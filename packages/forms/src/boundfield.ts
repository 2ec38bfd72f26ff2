import { SafeString } from '@stack/utils';
import type { Field } from './fields/field.js';
import { esc, safeHtml, textOf } from './internal/html.js';
import type { FormRenderer } from './renderers.js';
import type { ErrorList } from './utils.js';
import { flatatt, prettyName } from './utils.js';
import type { WidgetData, Attrs, Widget } from './widgets/widget.js';
import { Textarea, TextInput } from './widgets/widget.js';
import type { NaiveDateTime } from './internal/dates.js';

/** What a BoundField needs of its form (`BaseForm` implements it). */
export interface FormLike {
  readonly isBound: boolean;
  readonly data: unknown;
  readonly files: unknown;
  readonly autoId: string | boolean;
  readonly labelSuffix: string;
  readonly useRequiredAttribute: boolean;
  readonly renderer: FormRenderer;
  readonly errorCssClass: string | null;
  readonly requiredCssClass: string | null;
  readonly errorClass: new (list?: Iterable<string>, errorClass?: string | null) => ErrorList;
  addPrefix(name: string): string;
  addInitialPrefix(name: string): string;
  getInitialForField(field: Field, name: string): unknown;
  fieldErrors(name: string): ErrorList | undefined;
}

/**
 * Django's `BoundField`: a form's field with its data, as templates see it:
 * `{{ field }}`, `{{ field.label_tag }}`, `{{ field.errors }}`, `{{ field.help_text }}`,
 * `{{ field.id_for_label }}`, `{{ field.value }}`.
 *
 * @example
 * ```ts
 * const title = form.get('title');
 * title.labelTag().value; // '<label for="id_title">Title:</label>'
 * await title.asWidget(); // <input type="text" name="title" maxlength="100" required id="id_title">
 * ```
 */
export class BoundField<T = unknown> {
  readonly htmlName: string;
  readonly htmlInitialName: string;
  readonly htmlInitialId: string;
  label: string;
  helpText: string;
  #initial: { value: unknown } | undefined;
  #subwidgets: BoundWidget[] | undefined;

  constructor(
    readonly form: FormLike,
    readonly field: Field<T>,
    readonly name: string,
  ) {
    this.htmlName = form.addPrefix(name);
    this.htmlInitialName = form.addInitialPrefix(name);
    this.htmlInitialId = form.addInitialPrefix(this.autoId);
    this.label = field.label === null ? prettyName(name) : field.label;
    this.helpText = field.helpText || '';
  }

  /** The field as HTML: its widget, and the hidden initial value when the field keeps one. */
  async render(): Promise<SafeString> {
    const widget = await this.asWidget();
    if (!this.field.showHiddenInitial) return widget;
    const hidden = await this.asHidden(null, true);
    return new SafeString(widget.value + hidden.value);
  }

  /** `{{ field }}` in a template. */
  async __html__(): Promise<string> {
    return (await this.render()).value;
  }

  /** One BoundWidget per radio or checkbox (one in all for most widgets). */
  async subwidgets(): Promise<BoundWidget[]> {
    if (!this.#subwidgets) {
      await this.field.load();
      const widget = this.field.widget;
      const id = (widget.attrs.id as string | undefined) || this.autoId;
      const attrs = this.buildWidgetAttrs(id ? { id } : {});
      this.#subwidgets = widget
        .subwidgets(this.htmlName, this.value(), attrs)
        .map((data) => new BoundWidget(widget, data, this.form.renderer));
    }
    return this.#subwidgets;
  }

  /** `{% for radio in form.choice %}` in a template. */
  async *[Symbol.asyncIterator](): AsyncIterator<BoundWidget> {
    yield* await this.subwidgets();
  }

  /** The field's errors (empty when it has none or the form is unbound). */
  get errors(): ErrorList {
    return this.form.fieldErrors(this.name) ?? new this.form.errorClass();
  }

  /** Renders `widget` (the field's by default) with the field's name, value and attributes. */
  async asWidget(
    widget: Widget | null = null,
    attrs: Attrs | null = null,
    onlyInitial = false,
  ): Promise<SafeString> {
    await this.field.load();
    const used = widget ?? this.field.widget;
    if (this.field.localize) used.isLocalized = true;
    const built = this.buildWidgetAttrs(attrs ?? {}, used);
    if (this.autoId && !('id' in used.attrs) && !('id' in built))
      built.id = onlyInitial ? this.htmlInitialId : this.autoId;
    return used.render(onlyInitial ? this.htmlInitialName : this.htmlName, this.value(), {
      attrs: built,
      renderer: this.form.renderer,
    });
  }

  /** The field as `<input type="text">`. */
  asText(attrs: Attrs | null = null, onlyInitial = false): Promise<SafeString> {
    return this.asWidget(new TextInput(), attrs, onlyInitial);
  }

  /** The field as a `<textarea>`. */
  asTextarea(attrs: Attrs | null = null, onlyInitial = false): Promise<SafeString> {
    return this.asWidget(new Textarea(), attrs, onlyInitial);
  }

  /** The field as hidden input(s). */
  asHidden(attrs: Attrs | null = null, onlyInitial = false): Promise<SafeString> {
    return this.asWidget(new this.field.hiddenWidget(), attrs, onlyInitial);
  }

  /** The submitted value, as the widget reads it (`undefined` when absent). */
  get data(): unknown {
    return this.field.widget.valueFromDatadict(
      this.form.data as never,
      this.form.files as never,
      this.htmlName,
    );
  }

  /** What the widget shows: the initial value, or for a bound form the submitted one. */
  value(): unknown {
    const initial = this.initial;
    const data = this.form.isBound ? this.field.boundData(this.data, initial) : initial;
    return data === initial ? this.field.prepareInitial(data) : this.field.prepareValue(data);
  }

  /**
   * `<label for="id_…">Label:</label>` (just the escaped label when the field has no id). The
   * suffix is added unless the label ends in `:?.!`.
   */
  labelTag(
    contents: string | SafeString | null = null,
    attrs: Attrs | null = null,
    labelSuffix: string | null = null,
  ): SafeString {
    let text: string | SafeString = contents || this.label;
    const suffix =
      labelSuffix ??
      (this.field.labelSuffix !== null ? this.field.labelSuffix : this.form.labelSuffix);
    const last = textOf(text).slice(-1);
    if (suffix && textOf(text) && !':?.!'.includes(last)) text = safeHtml`${text}${suffix}`;
    const widget = this.field.widget;
    const id = (widget.attrs.id as string | undefined) || this.autoId;
    if (id) {
      let labelAttrs: Attrs | null = attrs;
      const forId = widget.idForLabel(id);
      if (forId) labelAttrs = { ...(labelAttrs ?? {}), for: forId };
      const required = this.form.requiredCssClass;
      if (this.field.required && required !== null) {
        labelAttrs = { ...(labelAttrs ?? {}) };
        labelAttrs.class =
          'class' in labelAttrs ? `${String(labelAttrs.class)} ${required}` : required;
      }
      const flat = labelAttrs && Object.keys(labelAttrs).length > 0 ? flatatt(labelAttrs) : '';
      return safeHtml`<label${flat}>${text}</label>`;
    }
    return new SafeString(esc(text));
  }

  /** The row's CSS classes: `extraClasses`, the form's error class, its required class. */
  cssClasses(extraClasses: string | readonly string[] | null = null): string {
    const classes = new Set(
      typeof extraClasses === 'string'
        ? extraClasses.split(/\s+/).filter(Boolean)
        : (extraClasses ?? []),
    );
    if (this.errors.length > 0 && this.form.errorCssClass !== null)
      classes.add(this.form.errorCssClass);
    if (this.field.required && this.form.requiredCssClass !== null)
      classes.add(this.form.requiredCssClass);
    return [...classes].join(' ');
  }

  get isHidden(): boolean {
    return this.field.widget.isHidden;
  }

  /** The id the field's element gets from the form's `autoId` (`''` without one). */
  get autoId(): string {
    const autoId = this.form.autoId;
    if (autoId && String(autoId).includes('%s')) return String(autoId).replace('%s', this.htmlName);
    if (autoId) return this.htmlName;
    return '';
  }

  /** The id a label should point at (the first sub-widget's, for multi-widgets). */
  get idForLabel(): string {
    const widget = this.field.widget;
    return widget.idForLabel((widget.attrs.id as string | undefined) || this.autoId);
  }

  /** The initial value (a function is called once); microseconds dropped where the widget has none. */
  get initial(): unknown {
    if (!this.#initial) {
      let data = this.form.getInitialForField(this.field, this.name);
      if (data instanceof Date && !this.field.widget.supportsMicroseconds) {
        data = new Date(data.getTime());
        (data as Date).setUTCMilliseconds(0);
      } else if (isNaive(data) && !this.field.widget.supportsMicroseconds)
        data = data.withoutMicroseconds();
      this.#initial = { value: data };
    }
    return this.#initial.value;
  }

  /** Adds `required` and `disabled` as the field and form call for them. */
  buildWidgetAttrs(attrs: Attrs, widget: Widget | null = null): Attrs {
    const used = widget ?? this.field.widget;
    const built = { ...attrs };
    if (
      used.useRequiredAttribute(this.initial) &&
      this.field.required &&
      this.form.useRequiredAttribute
    )
      built.required = true;
    if (this.field.disabled) built.disabled = true;
    return built;
  }

  /** The widget's kind, from its class name (`TextInput` → `text`), for CSS hooks. */
  get widgetType(): string {
    return this.field.widget.constructor.name.toLowerCase().replace(/widget$|input$/, '');
  }
}

function isNaive(value: unknown): value is NaiveDateTime {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { withoutMicroseconds?: unknown }).withoutMicroseconds === 'function'
  );
}

/**
 * Django's `BoundWidget`: one radio or checkbox of a field, for laying choices out by hand:
 * `{% for radio in form.size %}<label for="{{ radio.id_for_label }}">{{ radio.choice_label }}
 * {{ radio.tag }}</label>{% endfor %}`.
 *
 * @example
 * ```ts
 * for (const radio of await form.get('size').subwidgets()) console.log(radio.choiceLabel);
 * ```
 */
export class BoundWidget {
  constructor(
    readonly parentWidget: Widget,
    readonly data: WidgetData,
    readonly renderer: FormRenderer,
  ) {}

  /** The option's input (wrapped in its label with `wrapLabel`). */
  tag(wrapLabel = false): Promise<SafeString> {
    return this.parentWidget.renderTemplate(
      this.templateName,
      { widget: { ...this.data, wrapLabel } },
      this.renderer,
    );
  }

  async __html__(): Promise<string> {
    return (await this.tag(true)).value;
  }

  get templateName(): string {
    return this.data.templateName || this.parentWidget.templateName;
  }

  get idForLabel(): string {
    return `id_${this.data.name}_${String(this.data.index)}`;
  }

  get choiceLabel(): unknown {
    return this.data.label;
  }
}
