#!/usr/bin/env node
// Entry point for `npx tsdb-bench`: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';
register();
await import('../bench/cli.ts');
