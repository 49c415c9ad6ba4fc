import * as path from 'node:path';
import { Engine } from '../../core/engine.js';
import { SCAFFOLD_KINDS, isDocsRoot, scaffold, type ScaffoldKind } from '../../core/scaffold/dispatch.js';
import { localToday } from '../../core/util/dates.js';
import { applyToDisk } from '../../node/applyEdits.js';
import { FsWorkspace } from '../../node/fsWorkspace.js';
import { readGitHistory } from '../../node/git.js';
import { isFolder, todayProblem } from '../args.js';
import { escapeControls } from '../controls.js';
import { notDocsRoot } from '../docsRoot.js';
import type { Io, Values } from '../main.js';

const isScaffoldKind = (kind: string | undefined): kind is ScaffoldKind =>
  (SCAFFOLD_KINDS as readonly (string | undefined)[]).includes(kind);

/** `opsdocs new KIND TITLE`: the scaffold's edits written to disk; exit 2 when it would overwrite. */
export async function newCommand(args: string[], values: Values, io: Io): Promise<number> {
  const [kind, ...words] = args;
  if (!isScaffoldKind(kind))
    return io.usage(`new takes one of ${SCAFFOLD_KINDS.join(', ')}; got "${kind ?? ''}".`);
  const title = words.join(' ');
  if (!title) return io.usage(`new ${kind} needs a ${kind === 'script' ? 'name' : 'title'}.`);
  const { supersedes, log } = values;
  const problem =
    todayProblem(values.today) ??
    (supersedes !== undefined && kind !== 'adr' ? '--supersedes goes with new adr.' : undefined) ??
    (log !== undefined && kind !== 'adr' ? '--log goes with new adr.' : undefined) ??
    (supersedes?.trim() === '' ? '--supersedes needs the id of the ADR the new one supersedes.' : undefined);
  if (problem) return io.usage(problem);
  const root = path.resolve(values.dir ?? '.');
  if (!isFolder(root)) return io.usage(`${root} is not a folder.`);
  const workspace = new FsWorkspace(root, { log() {} }, { keepTexts: true });
  const history = () => readGitHistory(root);
  const engine = new Engine({ workspace, today: values.today ?? localToday(), history });
  await engine.indexAll();
  try {
    const { ext, description } = values;
    const read = engine.getHistory();
    const outcome = await scaffold(engine.view(), engine.getToday(), workspace, {
      kind,
      title,
      supersedes,
      log,
      ext,
      description,
      // The numbers other branches' ADR and task files take (read with git, no checkout).
      elsewhere: read.kind === 'git' ? read.elsewhere : undefined,
    });
    if ('refused' in outcome) return io.usage(outcome.refused);
    const { edits } = outcome.made;
    if (values.dir === undefined && !isDocsRoot(engine.view())) {
      const files = [...(edits.creates ?? []).map((c) => c.file), ...edits.edits.keys()];
      return io.usage(notDocsRoot(root, `new ${kind}`, `write ${files.join(', ')} there`));
    }
    const { created, changed } = applyToDisk(root, edits, (f) => workspace.textRead(f));
    for (const f of created) io.out.write(`created ${escapeControls(f)}\n`);
    for (const f of changed) io.out.write(`updated ${escapeControls(f)}\n`);
    return 0;
  } catch (e) {
    return io.usage((e as Error).message);
  }
}
