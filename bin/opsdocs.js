#!/usr/bin/env node
// The `opsdocs` command: runs the bundled CLI (dist/cli.js, in the package; in a checkout, built
// by `npm run build`, `npm start`, `npm test` or `npm pack`).
const fs = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '../dist/cli.js');
if (fs.existsSync(cli)) require(cli).run();
else {
  process.stderr.write(`opsdocs: ${cli} is missing; in a checkout of OpsDocs, run npm run build first.\n`);
  process.exitCode = 2;
}
