/**
 * @stack/core/test: Django's `django.test` test cases, on vitest. A separate entry, so vitest is
 * loaded only by tests (it is a peer dependency, installed in the project as a dev dependency).
 *
 * Everything public is exported here by name.
 */
export { SimpleTestCase } from './simple-testcase.js';
export type { Databases } from './simple-testcase.js';
export { TransactionTestCase, TestCase, LiveServerTestCase } from './testcases.js';
export type { ContainsOptions, RedirectOptions } from './assertions.js';
export { DatabaseOperationForbidden } from './database-access.js';
export { Client, RequestFactory, overrideSettings, modifySettings } from '../index.js';
export type { TestResponse } from '../index.js';
