import * as path from 'node:path';
import { localToday } from '../../core/util/dates.js';
import { isFolder, todayProblem } from '../args.js';
import { escapeControls } from '../controls.js';
import { notDocsRoot } from '../docsRoot.js';
import type { Io, Values } from '../main.js';
import pkg from '../../../../package.json';

/**
 * `opsdocs mcp [DIR]`: the MCP server of DIR's handbook on stdin/stdout, until stdin closes. Runs
 * as long as the agent keeps it; exit 2 on a usage error.
 */
export async function mcp(args: string[], values: Values, io: Io): Promise<number> {
  const problem =
    (args.length > 1 ? `mcp takes one folder, got ${args.length}.` : undefined) ??
    (args.length === 1 && values.dir !== undefined
      ? 'mcp takes its folder as DIR or as --dir, not both.'
      : undefined) ??
    todayProblem(values.today);
  if (problem) return io.usage(problem);
  const named = args[0] ?? values.dir;
  const root = path.resolve(named ?? '.');
  if (!isFolder(root)) return io.usage(`${root} is not a folder.`);
  const logger = {
    log: (m: string) => void (process.env.OPSDOCS_DEBUG && io.err.write(`${escapeControls(m)}\n`)),
  };
  // Loaded only here, from a bundle of its own (dist/mcp.js): the other commands do not load the
  // SDK. Required, not imported: dist/cli.js may run from V8's code cache (bin/opsdocs.js), where
  // Node 20 cannot `import()` without an experimental flag.
  const { createMcpServer, serveMcp, StdioServerTransport } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../mcp/stdio.js') as typeof import('../../mcp/stdio.js');
  const server = createMcpServer({
    root,
    allowWrite: values['allow-write'] === true,
    named: named !== undefined,
    today: () => values.today ?? localToday(),
    version: pkg.version,
    logger,
    notDocsRoot: (command, would) => notDocsRoot(root, command, would),
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  await serveMcp(server, transport, values['allow-write'] === true);
  io.err.write(
    `opsdocs mcp: serving ${escapeControls(root)}${values['allow-write'] ? ' (writes allowed)' : ''}.\n`,
  );
  await closed;
  await server.close();
  return 0;
}
