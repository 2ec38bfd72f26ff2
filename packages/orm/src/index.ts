/**
 * @stack/orm: Models, lazy querysets, relations, transactions, signals and migrations on SQLite and PostgreSQL, with a typed kysely instance on the same connection.
 *
 * Everything public is exported here by name; internals live under `src/internal/`.
 */
export { ConnectionHandler, connections } from './connections.js';
export type { DatabasesSettings } from './connections.js';
export type { Connection, DatabaseSettings, QueryLogEntry } from './internal/connection.js';
export {
  FieldError,
  ImproperlyConfigured,
  IntegrityError,
  MultipleObjectsReturned,
  ObjectDoesNotExist,
  OrmError,
  ProtectedError,
  RelatedObjectNotLoaded,
  RestrictedError,
  TransactionManagementError,
  ValidationError,
} from './errors.js';
export { Field, snakeCase } from './fields/field.js';
export type { FieldOptions, Validator, ValueOf } from './fields/field.js';
export { CharField, EmailField, SlugField, TextField, URLField } from './fields/text.js';
export { FileField, ImageField, FieldFile } from './fields/files.js';
export type { FileFieldOptions, ImageFieldOptions, PendingFile, UploadTo } from './fields/files.js';
export {
  AutoField,
  BigAutoField,
  BigIntegerField,
  FloatField,
  IntegerField,
  PositiveIntegerField,
  SmallIntegerField,
} from './fields/numeric.js';
export { DecimalField } from './fields/decimal.js';
export { DateField, DateTimeField, DurationField, TimeField } from './fields/temporal.js';
export { BinaryField, BooleanField, JSONField, UUIDField, uuid4 } from './fields/misc.js';
export type { JsonValue } from './fields/misc.js';
export {
  CASCADE,
  DO_NOTHING,
  ForeignKey,
  ManyToManyField,
  OneToOneField,
  PROTECT,
  RESTRICT,
  SET_DEFAULT,
  SET_NULL,
} from './fields/related.js';
export type { ForeignKeyOptions, ManyToManyOptions, OnDelete } from './fields/related.js';
export { Model, abstractModel, defineModel } from './model/model.js';
export type { ModelDefinition } from './model/model.js';
export type { SaveOptions } from './model/persistence.js';
export { CheckConstraint, Index, ModelMeta, UniqueConstraint } from './model/options.js';
export type { MetaOptions, RelatedObject } from './model/options.js';
export { Apps, apps } from './model/registry.js';
export type {
  AnyModelClass,
  CreateValues,
  Filter,
  LookupsFor,
  ModelClass,
  ModelReference,
  OrderKey,
  PathMap,
  PathOf,
  ValuesRow,
} from './model/types.js';
export {
  Aggregate,
  Avg,
  Count,
  Expression,
  F,
  FExpression,
  Max,
  Min,
  OrderBy,
  Sum,
  Value,
} from './query/expressions.js';
export type { AggregateOptions } from './query/expressions.js';
export { Manager } from './query/manager.js';
export { Q, QNode } from './query/q.js';
export { QueryDescription, QuerySet } from './query/queryset.js';
export type { AnnotationValue } from './query/queryset.js';
export { RawQuerySet } from './query/raw.js';
export { ManyRelatedManager, RelatedManager } from './query/related-managers.js';
export { prefetchRelatedObjects } from './query/prefetch.js';
export { SchemaEditor, createModelOperations } from './schema/editor.js';
export { compileOperation } from './schema/operations.js';
export type {
  ColumnDefinition,
  ConstraintDefinition,
  IndexDefinition,
  SchemaOperation,
} from './schema/operations.js';
export { Signal, m2mChanged, postDelete, postSave, preDelete, preSave } from './signals.js';
export type {
  ConnectOptions,
  DeleteSignalArgs,
  M2MChangedArgs,
  Receiver,
  SaveSignalArgs,
} from './signals.js';
export { atomic, enterAtomic, inAtomicBlock, onCommit } from './transaction.js';
export type { AtomicBlock, AtomicOptions } from './transaction.js';
export {
  AddConstraint,
  AddField,
  AddIndex,
  AlterField,
  AlterModelTable,
  ConflictError,
  CreateModel,
  DeleteModel,
  IrreversibleError,
  Migration,
  MigrationEditor,
  MigrationError,
  MigrationGraph,
  MigrationRecorder,
  ModelState,
  Operation,
  ProjectState,
  RemoveConstraint,
  RemoveField,
  RemoveIndex,
  RenameField,
  RenameModel,
  RunCode,
  RunSQL,
  buildGraph,
  detectChanges,
  loadMigrations,
  makemigrations,
  migrate,
  renderMigration,
  showmigrations,
  sqlmigrate,
  squashmigrations,
  suggestName,
} from './migrations/index.js';
export type {
  AppChanges,
  Ask,
  AppInfo,
  AppModule,
  FunctionReference,
  FunctionResolver,
  MakemigrationsOptions,
  MakemigrationsResult,
  WrittenMigration,
  MigrateOptions,
  MigrateResult,
  ShowmigrationsOptions,
  SqlmigrateOptions,
  SquashOptions,
  MigrationKey,
  MigrationOptions,
  MigrationProgress,
  Prompt,
  Question,
  AppliedMigration,
  ModelStateOptions,
  MigrationCode,
  RunCodeContext,
  SqlStatements,
} from './migrations/index.js';
