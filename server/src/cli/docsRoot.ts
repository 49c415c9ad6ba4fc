// Where a command that writes refuses a folder that is not a repository root of docs (digest --out,
// new, the MCP server's writes): the message that says so.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, defaultConfig } from '../core/config.js';

/**
 * Folders that mark a repository root of docs from outside: `.opsdocs.json`, `.git`, and the
 * folders of the default layout (`docs/adr`, `tasks`…, the fixed part of each kind's globs).
 */
const ROOT_MARKERS = [
  CONFIG_FILE,
  '.git',
  ...new Set(
    defaultConfig()
      .kinds.flatMap((k) => k.include)
      // The folder of the text before the first wildcard: `docs/adr/*.md` → `docs/adr`.
      .map((glob) => path.posix.dirname(`${glob.split(/[*?[{]/)[0]}-`))
      .filter((folder) => folder !== '.'),
  ),
];

/**
 * The message of a write refused because `root`, the current folder, is not a repository root of
 * docs: what `command` would have done there, the nearest folder above that looks like a
 * repository root ({@link ROOT_MARKERS}) if any, and how to write there anyway.
 */
export function notDocsRoot(root: string, command: string, would: string): string {
  let above: string | undefined;
  for (let dir = path.dirname(root); !above && dir !== path.dirname(dir); dir = path.dirname(dir))
    if (ROOT_MARKERS.some((marker) => fs.existsSync(path.join(dir, marker)))) above = dir;
  const from = above ? `from ${above} (the repository around it?)` : "from your repository's root";
  return (
    `${root} is not a repository root of docs: no .opsdocs.json, no ADRs, runbooks, policies or tasks ` +
    `where OpsDocs looks for them, no AGENTS.md at its top or one folder down. ${command} would ${would}. ` +
    `Run it ${from}, or name the folder with --dir ${root} to write there.`
  );
}
