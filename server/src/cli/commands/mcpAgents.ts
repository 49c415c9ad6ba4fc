import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineIndex } from '../../core/parse/lines.js';
import { applyToDisk } from '../../node/applyEdits.js';
import { FsWorkspace } from '../../node/fsWorkspace.js';
import { agentsBlockEdit } from '../../shared/mcpTools.js';
import { isInside } from '../../shared/paths.js';
import { isFolder } from '../args.js';
import { escapeControls } from '../controls.js';
import type { Io, Values } from '../main.js';

/**
 * `opsdocs mcp-agents [FILE]`: the generated list of the MCP tools written into an AGENTS.md (its
 * marked block replaced, or appended; a new file created), never anything else changed.
 */
export async function mcpAgents(args: string[], values: Values, io: Io): Promise<number> {
  if (args.length > 1) return io.usage(`mcp-agents takes one file, got ${args.length}.`);
  const root = path.resolve(values.dir ?? '.');
  if (!isFolder(root)) return io.usage(`${root} is not a folder.`);
  const exists = (f: string) => fs.existsSync(path.join(root, f));
  const file = args[0] ?? ['scripts/AGENTS.md', 'AGENTS.md'].find(exists);
  if (file === undefined)
    return io.usage(
      `${root} has no scripts/AGENTS.md nor AGENTS.md; name the file to write (mcp-agents FILE).`,
    );
  const rel = path.isAbsolute(file) ? path.relative(root, file) : file;
  if (!isInside(rel)) return io.usage(`${file} is outside ${root}; nothing written.`);
  const clean = path.posix.normalize(rel.split(path.sep).join('/'));
  if (path.posix.basename(clean) !== 'AGENTS.md')
    return io.usage(`${file} is not an AGENTS.md; nothing written.`);
  // Read as the index reads (a FIFO, a folder or a link out of the root is no file to edit).
  const workspace = new FsWorkspace(root, { log() {} }, { syncReads: true, keepTexts: true });
  const res = exists(clean) ? await workspace.read(clean) : undefined;
  if (res && 'error' in res && !res.missing) return io.usage(`${clean} cannot be read (${res.error}).`);
  const old = res && 'text' in res ? res.text : undefined;
  const edit = agentsBlockEdit(old ?? '');
  if ('refused' in edit) return io.usage(`${clean}: ${edit.refused}`);
  if ('unchanged' in edit) {
    io.out.write(`${escapeControls(clean)} is up to date\n`);
    return 0;
  }
  const lines = new LineIndex(old ?? '');
  const edits =
    old === undefined
      ? { edits: new Map(), renames: [], creates: [{ file: clean, text: edit.text }] }
      : {
          edits: new Map([[clean, [{ range: lines.rangeOf(edit.start, edit.end), newText: edit.text }]]]),
          renames: [],
        };
  try {
    const { created, changed } = applyToDisk(root, edits, (f) => workspace.textRead(f));
    for (const f of created) io.out.write(`created ${escapeControls(f)}\n`);
    for (const f of changed) io.out.write(`updated ${escapeControls(f)}\n`);
  } catch (e) {
    return io.usage((e as Error).message);
  }
  return 0;
}
