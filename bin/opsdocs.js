#!/usr/bin/env node
// The `opsdocs` command: runs the bundled CLI (dist/cli.js, in the package; in a checkout, built
// by `npm run build`, `npm start`, `npm test` or `npm pack`).
const fs = require('node:fs');
const path = require('node:path');

const sha256 = (bytes) => require('node:crypto').createHash('sha256').update(bytes).digest('hex');

/**
 * The first line of dist/cli.cache: the Node version and architecture that made it, and hashes of
 * the bundle it was made from and of the code that follows (V8 does not check that code: a damaged
 * cache could crash the process).
 */
const cacheTag = (source, data) =>
  `opsdocs-code-cache ${process.version} ${process.arch} ${sha256(source)} ${sha256(data)}\n`;

/**
 * Compiles dist/cli.js (its text: `source`) as `require` would, with V8's code cache `cachedData`
 * when given (V8 compiles from the text when it refuses it), and runs its top level.
 */
function compile(cli, source, cachedData) {
  const vm = require('node:vm');
  // No `importModuleDynamically`: Node 20 warns or needs a flag for it; dist/cli.js has no `import()`.
  const script = new vm.Script(require('node:module').wrap(source.toString()), { filename: cli, cachedData });
  const module = { exports: {} };
  script
    .runInThisContext()
    .call(
      module.exports,
      module.exports,
      require('node:module').createRequire(cli),
      module,
      cli,
      path.dirname(cli),
    );
  return { cli: module.exports, script };
}

/**
 * Loads dist/cli.js. Compiling the 1.3 MB bundle is most of the command's start-up, so the build
 * (esbuild.mjs) keeps V8's code for it in dist/cli.cache, made by the Node version that built it.
 * It is used only when its first line names this Node version and architecture, the hash of this
 * very dist/cli.js and that of the code as read; otherwise the bundle is required as usual.
 * Nothing is written here.
 */
function load(cli) {
  let cache;
  let source;
  try {
    cache = fs.readFileSync(path.join(path.dirname(cli), 'cli.cache'));
    source = fs.readFileSync(cli);
  } catch {
    return require(cli);
  }
  const head = cache.indexOf(10) + 1;
  const data = cache.subarray(head);
  if (head === 0 || cache.subarray(0, head).toString() !== cacheTag(source, data)) return require(cli);
  return compile(cli, source, data).cli;
}

if (require.main === module) {
  const cli = path.join(__dirname, '../dist/cli.js');
  if (fs.existsSync(cli)) load(cli).run();
  else {
    process.stderr.write(`opsdocs: ${cli} is missing; in a checkout of OpsDocs, run npm run build first.\n`);
    process.exitCode = 2;
  }
} else module.exports = { cacheTag, compile };
