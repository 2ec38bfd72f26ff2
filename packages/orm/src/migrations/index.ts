/**
 * Migrations for @stack/orm: operations, the state they build, the autodetector, the graph,
 * the executor and the command functions `@stack/core` registers.
 */
export { detectChanges } from './autodetector.js';
export type { AppChanges, Ask } from './autodetector.js';
export { makemigrations, suggestName } from './make.js';
export type { Prompt, Question } from './questioner.js';
export type { MakemigrationsOptions, MakemigrationsResult, WrittenMigration } from './make.js';
export { migrate, showmigrations, sqlmigrate } from './commands.js';
export type {
  MigrateOptions,
  MigrateResult,
  ShowmigrationsOptions,
  SqlmigrateOptions,
} from './commands.js';
export { squashmigrations } from './squash.js';
export type { SquashOptions } from './squash.js';
export { ConflictError, IrreversibleError, MigrationError } from './errors.js';
export { MigrationGraph } from './graph.js';
export { buildGraph, loadMigrations } from './loader.js';
export type { AppInfo, AppModule } from './loader.js';
export { Migration } from './migration.js';
export type { MigrationKey, MigrationOptions } from './migration.js';
export { MigrationEditor } from './editor.js';
export type { MigrationProgress } from './executor.js';
export { MigrationRecorder } from './recorder.js';
export type { AppliedMigration } from './recorder.js';
export { ModelState, ProjectState } from './state.js';
export type { ModelStateOptions } from './state.js';
export { Operation } from './operations/base.js';
export { AddField, AlterField, RemoveField, RenameField } from './operations/fields.js';
export { AddConstraint, AddIndex, RemoveConstraint, RemoveIndex } from './operations/indexes.js';
export { AlterModelTable, CreateModel, DeleteModel, RenameModel } from './operations/models.js';
export { RunCode, RunSQL } from './operations/special.js';
export type { MigrationCode, RunCodeContext, SqlStatements } from './operations/special.js';
export { renderMigration } from './writer.js';
export type { FunctionReference, FunctionResolver } from './writer.js';
