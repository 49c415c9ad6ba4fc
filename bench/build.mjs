// Bundles the benchmark's engine driver (bench/engine-entry.mjs, which imports the engine's
// TypeScript sources) into bench/out/engine.cjs, with the same esbuild settings as esbuild.mjs.
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function buildBench() {
  await esbuild.build({
    entryPoints: [path.join(here, 'engine-entry.mjs')],
    outfile: path.join(here, 'out', 'engine.cjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    external: ['vscode'],
    mainFields: ['module', 'main'],
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildBench();
