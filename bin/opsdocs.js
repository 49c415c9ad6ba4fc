#!/usr/bin/env node
// The `opsdocs` command: runs the bundled CLI (built by `npm run build`; `npm ci` builds it via `prepare`).
require('../dist/cli.js').run();
