// `node --import @stack/framework/register script.ts`: what the `stack` command sets up before
// it runs, for your own scripts. TypeScript runs through tsx. Inside a Stack checkout (a clone,
// or a project linked to one) the `@stack/source` export condition makes every Stack package
// load from its src/, so nothing has to be built; an installed package (under node_modules)
// uses its dist/.
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';

const installed = fileURLToPath(import.meta.url).includes('/node_modules/');
if (!installed) register('./source-condition.js', import.meta.url);
const { register: registerTsx } = await import('tsx/esm/api');
registerTsx();
