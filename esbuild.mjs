// Builds the bundles: the VS Code client, the language server, the CLI, its MCP server and their
// parser thread.
// All are CommonJS for Node 20+; `vscode` is provided by the editor at run time.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Writes a build output whole (a temp file renamed over it), and not at all when it holds those
 * bytes already: a process running the bundles meanwhile (the CLI or the language server, tests in
 * parallel with a `npm pack`, whose `prepack` builds) reads the old file or the new, never half.
 */
function writeWhole(file, bytes) {
  try {
    if (fs.readFileSync(file).equals(bytes)) return;
  } catch {
    // not built yet
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}

// `node esbuild.mjs --code-cache`: writes dist/cli.cache, V8's code for dist/cli.js once its top
// level has run and every command's modules are loaded, none run (each command loads its own when
// it runs: without them the cache held only the top level and a `check` compiled the rest).
// bin/opsdocs.js says when it is used. Run by the build in a child process with Node's own
// options only, as `opsdocs` runs.
if (process.argv.includes('--code-cache')) {
  const { cacheTag, compile } = createRequire(import.meta.url)('./bin/opsdocs.js');
  const cli = fileURLToPath(new URL('./dist/cli.js', import.meta.url));
  const source = fs.readFileSync(cli);
  const { cli: loaded, script } = compile(cli, source);
  loaded.loadCommands();
  const data = script.createCachedData();
  writeWhole(`${cli.slice(0, -3)}.cache`, Buffer.concat([Buffer.from(cacheTag(source, data)), data]));
  process.exit(0);
}

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  external: ['vscode'],
  // jsonc-parser's UMD build hides its requires from the bundler; take the ESM build.
  mainFields: ['module', 'main'],
  // gray-matter's own YAML engine, never called (server/src/vendor/jsYamlUnused.ts says why).
  alias: { 'js-yaml': './server/src/vendor/jsYamlUnused.ts' },
};
// `opsdocs mcp` imports the MCP server (the SDK and zod, half the CLI's size) from dist/mcp.js at
// run time, so every other command starts without parsing it.
const mcpApart = {
  name: 'mcp-apart',
  setup(build) {
    build.onResolve({ filter: /\/mcp\/stdio\.js$/ }, () => ({ path: './mcp.js', external: true }));
  },
};
const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', plugins: [mcpApart] },
  { entryPoints: ['server/src/mcp/stdio.ts'], outfile: 'dist/mcp.js' },
  { entryPoints: ['server/src/node/parseWorker.ts'], outfile: 'dist/parser.js' },
];
// The Mermaid of the status digest panel and of VS Code's Markdown preview: a browser script.
const browser = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  logLevel: 'warning',
  entryPoints: ['client/webview/mermaid.ts'],
  outfile: 'dist/mermaid.js',
};
if (watch) {
  fs.rmSync('dist/cli.cache', { force: true }); // it would not fit the bundles rebuilt as you type
  await (await esbuild.context(browser)).watch();
  for (const e of entries) await (await esbuild.context({ ...common, ...e })).watch();
} else {
  const builds = [...entries.map((e) => ({ ...common, ...e })), browser];
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...b, write: false })));
  for (const { outputFiles } of results) for (const out of outputFiles) writeWhole(out.path, out.contents);
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--code-cache'], { env, stdio: 'inherit' });
}
