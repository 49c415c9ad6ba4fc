import type { Engine } from '../../core/engine.js';
import { describeHistory } from '../../core/history.js';
import { fixWorkspace } from '../../core/features/fixes.js';
import { RULES } from '../../core/checks/index.js';
import type { Finding } from '../../core/types.js';
import { applyToDisk, unwritable } from '../../node/applyEdits.js';
import { NOT_A_REPOSITORY, changedSince } from '../../node/git.js';
import { folderArgsProblem } from '../args.js';
import { escapeControls } from '../controls.js';
import { resultOf } from '../../node/snapshot.js';
import { FORMATS, render, type Format } from '../format.js';
import { indexFolder } from '../indexFolder.js';
import type { Io, Out, Values } from '../main.js';
import pkg from '../../../../package.json';

/** `opsdocs check [DIR]`: the findings in the format asked for; exit 1 on error-level findings. */
export async function check(args: string[], values: Values, io: Io): Promise<number> {
  const only = values.only?.split(',').map((r) => r.trim());
  const unknownRule = only?.find(
    (r) => !RULES.has(r) && ![...RULES.keys()].some((id) => id.startsWith(`${r}/`)),
  );
  const problem =
    folderArgsProblem('check', FORMATS, args, values) ??
    (values.out !== undefined || values.force ? '--out and --force go with digest.' : undefined) ??
    (unknownRule !== undefined
      ? `--only takes rule ids or categories; "${unknownRule}" is neither.`
      : undefined);
  if (problem) return io.usage(problem);
  const since = values['changed-since'];
  // The last check's result is reported again when nothing changed (with the cache), unless this
  // check fixes or reports the changes since a commit.
  const reuse = !values.fix && since === undefined;
  const indexed = await indexFolder(args[0] ?? values.dir, values, io, undefined, reuse);
  if (typeof indexed === 'number') return indexed;
  let { engine, textRead } = indexed;
  const { root } = indexed;
  let affected: Set<string> | undefined;
  const reported = (f: Finding) =>
    (!only || only.some((r) => f.rule === r || f.rule.startsWith(`${r}/`))) &&
    (!affected || affected.has(f.file));
  const format = (values.format ?? FORMATS[0]) as Format;
  let result = indexed.last;
  if (!result) {
    let changedFiles: string[] | undefined;
    if (since !== undefined) {
      const changed = await changedSince(root, since);
      if (typeof changed === 'string') return io.usage(changed);
      changedFiles = changed.files;
      engine.setChangedFiles(changedFiles);
      affected = engine.affectedBy(changed.files, changed.createdOrDeleted);
      // The documents citing what the change touches (by a `governs` glob too) are reported.
      for (const f of engine.allFindings()) if (f.rule === 'lifecycle/cites-changed') affected.add(f.file);
      io.err.write(
        `${changed.files.length} file(s) changed since ${since}; ${affected.size} file(s) reported.\n`,
      );
    }
    if (values.fix) {
      // Machine formats keep stdout for the findings: what was fixed goes to stderr then.
      const log = format === 'json' || format === 'sarif' ? io.err : io.out;
      for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
        const fixed = await fixFindings(engine, textRead, root, reported, log, pass === 0);
        if (typeof fixed === 'string') return io.usage(fixed);
        if (!fixed.wrote) break;
        // Checked again from the disk as written; fixes that touched another's edit come next.
        // The history read once: the fixes changed documents, not commits.
        const history = Promise.resolve(engine.getHistory());
        const again = await indexFolder(root, values, io, () => history);
        if (typeof again === 'number') return again;
        ({ engine, textRead } = again);
        if (changedFiles) engine.setChangedFiles(changedFiles);
        if (!fixed.deferred) break;
      }
    }
    result = resultOf(engine, learnedNotes(engine));
    const problem = await indexed.snapshot?.saveCheck(engine, result);
    if (problem) io.err.write(`opsdocs: ${problem}\n`);
  }
  const findings = result.findings.filter(reported);
  const history = engine.getHistory();
  if (history.kind === 'none' && !history.reason.startsWith(NOT_A_REPOSITORY))
    io.err.write(`opsdocs: ${describeHistory(history)}\n`);
  for (const note of result.notes) io.err.write(`${note}\n`);
  io.out.write(render(format, findings, result.documents, pkg.version));
  if (result.configFindings > 0) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** What the check says of each template and status list it learned (of kinds no `.opsdocs.json` declares). */
function learnedNotes(engine: Engine): string[] {
  const notes: string[] = [];
  for (const k of engine.getConfig().kinds) {
    if (k.learnedStatuses)
      notes.push(
        `Learned the ${k.name} statuses of its documents (no .opsdocs.json entry for it): ${k.learnedStatuses.join(', ')} besides the built-in ones. \`opsdocs init\` writes them as config.`,
      );
    if (!k.learned) continue;
    const sections = Object.keys(k.learned.sections).join(', ') || 'none shared by nearly all';
    const keys = Object.entries(k.frontMatter ?? {}).map(([key, t]) => (t === 'any' ? key : `${key} (${t})`));
    const frontMatter = k.schema
      ? ''
      : keys.length
        ? `; front matter ${keys.join(', ')}`
        : '; no front matter required';
    notes.push(
      `Learned the ${k.name} template of ${k.learned.docs} documents in ${k.learned.where} (no .opsdocs.json entry for it): sections ${sections}${frontMatter}. \`opsdocs init\` writes it as config.`,
    );
  }
  return notes;
}

/** Passes of `check --fix` at most: each fixes what the one before left for a later pass. */
const MAX_FIX_PASSES = 5;

/**
 * One pass of `check --fix`: applies every safe fix of the reported findings that touches no
 * other ({@link fixWorkspace}) to disk and prints, per file written, the fixes that changed it,
 * and per file left alone why. Returns whether anything was written and how many fixes wait for
 * the next pass, or why nothing could be written (the writes are all or nothing).
 */
async function fixFindings(
  engine: Engine,
  textRead: (file: string) => string | undefined,
  root: string,
  reported: (f: Finding) => boolean,
  log: Out,
  first: boolean,
): Promise<{ wrote: boolean; deferred: number } | string> {
  const refused = new Map<string, string>();
  const skip = (file: string) => {
    const why = refused.get(file) ?? unwritable(root, file);
    if (why) refused.set(file, why);
    return why !== undefined;
  };
  const { edits, applied, count, deferred } = await fixWorkspace(
    engine.view(),
    engine.documents().values(),
    (file) => engine.findings(file).filter(reported),
    (doc) => engine.schemaOf(doc),
    engine.getToday(),
    skip,
  );
  for (const [file, why] of [...refused].sort())
    log.write(`not fixed ${escapeControls(file)}: ${escapeControls(why)}\n`);
  if (count === 0) {
    if (first) log.write('Nothing to fix.\n\n');
    return { wrote: false, deferred };
  }
  try {
    applyToDisk(root, edits, textRead);
  } catch (e) {
    return (e as Error).message;
  }
  for (const [file, titles] of [...applied].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    log.write(`fixed ${escapeControls(file)}: ${titles.map(escapeControls).join('; ')}\n`);
  const files = applied.size === 1 ? 'file' : 'files';
  log.write(`${count} ${count === 1 ? 'fix' : 'fixes'} in ${applied.size} ${files}.\n\n`);
  return { wrote: true, deferred };
}
