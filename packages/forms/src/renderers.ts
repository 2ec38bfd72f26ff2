import { fileURLToPath } from 'node:url';
import { Engine, type Template } from '@stack/templates';
import { pyStrip } from './internal/py.js';

/**
 * The folder holding the built-in widget templates (`django/forms/widgets/*.html`), for an engine
 * that should find them (a `TemplatesSetting` renderer's engine, say).
 *
 * @example
 * ```ts
 * new Engine({ dirs: ['templates', formsTemplatesDir] });
 * ```
 */
export const formsTemplatesDir = fileURLToPath(new URL('../templates', import.meta.url));

/**
 * What renders a widget: a template name and its context in, HTML out (Django's form renderer).
 *
 * @example
 * ```ts
 * const plain: FormRenderer = { render: async (name, context) => `<input name="${context.widget.name}">` };
 * ```
 */
export interface FormRenderer {
  render(templateName: string, context: Record<string, any>): string | Promise<string>;
}

/**
 * Django's `BaseRenderer`: renders the template `getTemplate()` finds, stripped of surrounding
 * whitespace as Django strips it.
 *
 * @example
 * ```ts
 * class Mine extends BaseRenderer {
 *   getTemplate(name: string) { return myEngine.getTemplate(name); }
 * }
 * ```
 */
export abstract class BaseRenderer implements FormRenderer {
  abstract getTemplate(templateName: string): Template;

  async render(templateName: string, context: Record<string, any>): Promise<string> {
    return pyStrip(await this.getTemplate(templateName).render(context));
  }
}

/** The options of the `DjangoTemplates` renderer. */
export interface DjangoTemplatesOptions {
  /** Folders searched before the built-in templates, to override them. */
  dirs?: readonly string[];
}

/**
 * Django's default form renderer: the built-in widget templates through the Django template
 * language; `dirs` are searched first, so a `django/forms/widgets/input.html` there wins.
 *
 * @example
 * ```ts
 * const renderer = new DjangoTemplates({ dirs: ['templates'] });
 * new ContactForm({ renderer });
 * ```
 */
export class DjangoTemplates extends BaseRenderer {
  readonly #dirs: readonly string[];
  #engine: Engine | undefined;

  constructor(options: DjangoTemplatesOptions = {}) {
    super();
    this.#dirs = options.dirs ?? [];
  }

  /** The engine, built on first use. */
  get engine(): Engine {
    this.#engine ??= new Engine({ dirs: [...this.#dirs, formsTemplatesDir] });
    return this.#engine;
  }

  getTemplate(templateName: string): Template {
    return this.engine.getTemplate(templateName);
  }
}

/**
 * Django's `TemplatesSetting` renderer: widget templates come from the project's engine (so
 * its `dirs` and apps override them), falling back to the built-in ones.
 *
 * @example
 * ```ts
 * const renderer = new TemplatesSetting(projectEngine);
 * ```
 */
export class TemplatesSetting extends BaseRenderer {
  readonly #fallback = new DjangoTemplates();

  constructor(readonly engine: Engine) {
    super();
  }

  getTemplate(templateName: string): Template {
    try {
      return this.engine.getTemplate(templateName);
    } catch (error) {
      if ((error as { name?: string }).name !== 'TemplateDoesNotExist') throw error;
      return this.#fallback.getTemplate(templateName);
    }
  }
}

let defaultRenderer: FormRenderer | undefined;

/**
 * The renderer forms use when none is given (Django's `get_default_renderer`): a
 * `DjangoTemplates`, built once.
 *
 * @example
 * ```ts
 * await getDefaultRenderer().render('django/forms/widgets/input.html', { widget });
 * ```
 */
export function getDefaultRenderer(): FormRenderer {
  defaultRenderer ??= new DjangoTemplates();
  return defaultRenderer;
}
