import { FileField } from '../fields/files.js';
import { AutoField } from '../fields/numeric.js';
import { ForeignKey, ManyToManyField, OneToOneField } from '../fields/related.js';
import { MigrationError } from './errors.js';
import type { AnyField } from './state.js';
import { relationLabel } from './state.js';

/** A field reduced to what a migration file records: its class, its target and its options. */
export interface DeconstructedField {
  readonly className: string;
  /** The relation target, `'app.Model'`. */
  readonly to?: string;
  readonly options: Readonly<Record<string, unknown>>;
}

// Options that change nothing in the database: like Django we could record them, but a
// reviewer reads migrations for schema changes, so they are left out.
const IGNORED = new Set([
  'validators',
  'verboseName',
  'helpText',
  'blank',
  'editable',
  'choices',
  'relatedName',
  'relatedQueryName',
  // A FileField's storage is an object of the running process, not part of the schema.
  'storage',
]);

function keepOption(field: AnyField, key: string, value: unknown): boolean {
  if (IGNORED.has(key) || value === undefined) return false;
  // A function uploadTo is recorded, as Django's upload_to: the writer imports it by name.
  if (typeof value === 'function') return key === 'uploadTo' && field instanceof FileField;
  if (field instanceof ForeignKey && key === 'dbIndex' && value === true) return false;
  if (field instanceof OneToOneField && key === 'unique' && value === true) return false;
  if (field instanceof AutoField && key === 'primaryKey' && value === true) return false;
  return true;
}

/**
 * The class, target and schema options of a field (Django's `Field.deconstruct()`), the same for
 * a model's attached field and the unattached one a migration file holds.
 */
export function deconstructField(field: AnyField, app: string): DeconstructedField {
  const className = field.constructor.name;
  if (field instanceof ManyToManyField) {
    const options: Record<string, unknown> = {};
    const { dbTable, through } = field.m2mOptions;
    if (dbTable !== undefined) options.dbTable = dbTable;
    if (through !== undefined) {
      if (typeof through === 'string')
        options.through = through.includes('.') ? through : `${app}.${through}`;
      else
        throw new MigrationError(`A through model in a migration must be a label ('app.Model').`);
    }
    if (field.model !== undefined && field.through !== undefined && !field.through.auto) {
      options.through = field.through.model.label;
    }
    return { className, to: relationLabel(field, app), options };
  }
  const options: Record<string, unknown> = {};
  for (const key of Object.keys(field.options).sort()) {
    const value = (field.options as Record<string, unknown>)[key];
    if (keepOption(field, key, value)) options[key] = value;
  }
  if (field instanceof ForeignKey) return { className, to: relationLabel(field, app), options };
  return { className, options };
}

/** A stable string for comparing two deconstructed fields. */
export function fieldSignature(field: AnyField, app: string): string {
  const d = deconstructField(field, app);
  return JSON.stringify([d.className, d.to?.toLowerCase(), d.options], (_key, value: unknown) =>
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'function'
        ? `function ${value.name}` // as Django compares the module path and name it writes
        : value,
  );
}
