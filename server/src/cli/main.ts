import * as path from 'node:path';
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Engine } from '../core/engine.js';
import { FsWorkspace } from '../node/fsWorkspace.js';
import { FORMATS, render, type Format } from './format.js';
import { isIsoDate } from '../core/util/dates.js';
import pkg from '../../../package.json';

const USAGE = `Usage: opsdocs <command> [options]

Commands:
  check [DIR]   Check every document under DIR (default: the current folder).

Options for check:
  --format pretty|json|sarif|github   Output format (default: pretty).
  --today YYYY-MM-DD                  Date used by review and due-date checks (default: today).

  -h, --help      Show this help.
  -v, --version   Show the version.

Exit codes: 0 no error-level findings, 1 error-level findings, 2 usage or configuration error.`;

/** Runs the CLI and returns its exit code. Output goes to the given streams. */
export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'pretty' },
        today: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    err.write(`opsdocs: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    out.write(`${pkg.version}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? out : err).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (command !== 'check') {
    err.write(`opsdocs: unknown command "${command}".\n\n${USAGE}\n`);
    return 2;
  }
  if (rest.length > 1) {
    err.write(`opsdocs: check takes one folder, got ${rest.length}.\n`);
    return 2;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    err.write(`opsdocs: --format must be one of ${FORMATS.join(', ')}; got "${format}".\n`);
    return 2;
  }
  if (values.today !== undefined && !isIsoDate(values.today)) {
    err.write(`opsdocs: --today must be a date written YYYY-MM-DD; got "${values.today}".\n`);
    return 2;
  }
  const root = path.resolve(rest[0] ?? '.');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    err.write(`opsdocs: ${root} is not a folder.\n`);
    return 2;
  }
  const tty = 'isTTY' in err && err.isTTY === true;
  const logger = { log: (m: string) => process.env.OPSDOCS_DEBUG && err.write(`${m}\n`) };
  const engine = new Engine({ workspace: new FsWorkspace(root, logger), logger, today: values.today });
  await engine.indexAll(tty ? (done, total) => err.write(`\rIndexing ${done}/${total} documents…`) : undefined);
  if (tty) err.write('\r\x1b[K');
  const findings = engine.allFindings();
  out.write(render(format, findings, engine.documents().size, pkg.version));
  if (engine.getConfigFindings().length > 0) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** Entry point of the `opsdocs` command (bin/opsdocs.js). */
export function run(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`opsdocs: internal error: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
