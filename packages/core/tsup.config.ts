import { packageBuild } from '../../tsup.base';

// Two entries: the framework, and its test cases (`@stack/core/test`, which loads vitest).
export default packageBuild({
  entry: ['src/index.ts', 'src/testing/index.ts', 'src/testing/vitest-setup.ts'],
});
