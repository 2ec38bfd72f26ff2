/**
 * @stack/forms: Django's django.forms: forms, fields, widgets, ModelForm, formsets and file storage.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export { NON_FIELD_ERRORS, ValidationError } from './errors.js';
export type { ErrorParams, ValidationErrorInput, ValidationErrorOptions } from './errors.js';
export { ErrorDict, ErrorList, flatatt, prettyName } from './utils.js';
export type { ErrorJson } from './utils.js';
export {
  BaseRenderer,
  DjangoTemplates,
  TemplatesSetting,
  formsTemplatesDir,
  getDefaultRenderer,
} from './renderers.js';
export type { DjangoTemplatesOptions, FormRenderer } from './renderers.js';
export {
  BaseValidator,
  DecimalValidator,
  EmailValidator,
  FileExtensionValidator,
  MaxLengthValidator,
  MaxValueValidator,
  MinLengthValidator,
  MinValueValidator,
  ProhibitNullCharactersValidator,
  RegexValidator,
  URLValidator,
  intListValidator,
  ipAddressValidators,
  validateCommaSeparatedIntegerList,
  validateEmail,
  validateImageFileExtension,
  validateInteger,
  validateIpv4Address,
  validateIpv46Address,
  validateIpv6Address,
  validateSlug,
  validateUnicodeSlug,
} from './validators.js';
export type { EmailValidatorOptions, RegexValidatorOptions, Validator } from './validators.js';
export {
  CheckboxInput,
  EmailInput,
  HiddenInput,
  Input,
  NumberInput,
  PasswordInput,
  TextInput,
  Textarea,
  URLInput,
  Widget,
} from './widgets/widget.js';
export type {
  Attrs,
  RenderOptions,
  WidgetClass,
  WidgetData,
  WidgetOptions,
} from './widgets/widget.js';
export { DateInput, DateTimeInput, TimeInput } from './widgets/dates.js';
export type { DateTimeInputOptions } from './widgets/dates.js';
export { ClearableFileInput, FILE_INPUT_CONTRADICTION, FileInput } from './widgets/file.js';
export {
  CheckboxSelectMultiple,
  ChoiceWidget,
  NullBooleanSelect,
  RadioSelect,
  Select,
  SelectMultiple,
} from './widgets/choice.js';
export type {
  Choice,
  ChoiceGroup,
  ChoiceWidgetOptions,
  Choices,
  OptGroup,
  OptionData,
} from './widgets/choice.js';
export {
  MultiWidget,
  MultipleHiddenInput,
  SelectDateWidget,
  SplitDateTimeWidget,
  SplitHiddenDateTimeWidget,
} from './widgets/multi.js';
export type {
  MultiWidgetOptions,
  SelectDateWidgetOptions,
  SplitDateTimeWidgetOptions,
} from './widgets/multi.js';
export { Field } from './fields/field.js';
export type { FieldOptions } from './fields/field.js';
export {
  CharField,
  EmailField,
  GenericIPAddressField,
  JSONField,
  RegexField,
  SlugField,
  URLField,
  UUIDField,
} from './fields/text.js';
export type { CharFieldOptions, GenericIPAddressFieldOptions, JsonValue } from './fields/text.js';
export { DecimalField, FloatField, IntegerField } from './fields/numeric.js';
export type { DecimalFieldOptions, NumberFieldOptions } from './fields/numeric.js';
export {
  BooleanField,
  ChoiceField,
  MultipleChoiceField,
  NullBooleanField,
  TypedChoiceField,
  TypedMultipleChoiceField,
} from './fields/choice.js';
export type {
  ChoiceFieldOptions,
  ChoicesInput,
  TypedChoiceFieldOptions,
  TypedMultipleChoiceFieldOptions,
} from './fields/choice.js';
export {
  DateField,
  DateTimeField,
  DurationField,
  SplitDateTimeField,
  TimeField,
} from './fields/temporal.js';
export type {
  DateTimeFieldOptions,
  SplitDateTimeFieldOptions,
  TemporalFieldOptions,
} from './fields/temporal.js';
export { ComboField, MultiValueField } from './fields/compound.js';
export type { MultiValueFieldOptions } from './fields/compound.js';
export { FileField, ImageField } from './fields/file.js';
export type {
  FileFieldOptions,
  ImageInfo,
  UploadedFileLike,
  UploadedImage,
} from './fields/file.js';
export { BoundField, BoundWidget } from './boundfield.js';
export { BaseForm } from './forms.js';
export { Form, defineForm } from './define-form.js';
export type { FormClass } from './define-form.js';
export type { CleanedData, CleanedValue, DeclaredFields, FormOptions } from './forms.js';
export { BaseFormSet } from './formsets.js';
export type { FormSetOptions, FormSetSettings } from './formsets.js';
export {
  DEFAULT_MAX_NUM,
  DELETION_FIELD_NAME,
  INITIAL_FORM_COUNT,
  MAX_NUM_FORM_COUNT,
  MIN_NUM_FORM_COUNT,
  ManagementForm,
  ORDERING_FIELD_NAME,
  TOTAL_FORM_COUNT,
} from './management-form.js';
export { allValid, formsetFactory } from './formset-factory.js';
export type { FormsetFactoryOptions } from './formset-factory.js';
export { ModelChoiceField, ModelMultipleChoiceField } from './models/model-choice.js';
export type { ModelChoiceFieldOptions, QuerySetLike } from './models/model-choice.js';
export { formfieldFor } from './models/formfield.js';
export type { FormfieldOverrides, ModelClassLike, ModelFieldLike } from './models/formfield.js';
export {
  BaseModelForm,
  ImproperlyConfigured,
  defineModelForm,
  fieldsForModel,
  modelToDict,
  modelformFactory,
} from './models/model-form.js';
export type { ModelFields, ModelFormMeta, ModelFormOptions } from './models/model-form.js';
export {
  BaseInlineFormSet,
  BaseModelFormSet,
  inlineformsetFactory,
  modelformsetFactory,
} from './models/model-formsets.js';
export type {
  InlineFormSetOptions,
  ModelFormSetOptions,
  ModelFormsetFactoryOptions,
} from './models/model-formsets.js';
// The storages live in @stack/files (below the ORM, whose file fields use them too); they are
// re-exported so a form that takes uploads needs one import.
export {
  Storage,
  getValidFilename,
  validateFileName,
  FileSystemStorage,
  setDefaultStorage,
  getDefaultStorage,
} from '@stack/files';
export type { StorableContent, FileSystemStorageOptions } from '@stack/files';
