// The setup file `stack test` gives vitest: every test module starts with the project's
// settings, apps and test databases ready, as Django's runner sets them up before any test.
import { setUpTestEnvironment } from './environment.js';

await setUpTestEnvironment();
