#!/usr/bin/env node
// The `stack` command: TypeScript project files (settings, urls, views) run through tsx, and a
// Stack checkout runs from its sources (see register.js).
import './register.js';

const { execute } = await import('@stack/core');
process.exitCode = await execute(process.argv.slice(2));
