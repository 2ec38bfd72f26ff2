/**
 * @stack/forms: Django's django.forms: forms, fields, widgets, ModelForm, formsets and file storage.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export {};
