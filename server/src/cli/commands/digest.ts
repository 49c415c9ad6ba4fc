import * as path from 'node:path';
import { buildDigest } from '../../core/digest/build.js';
import { renderDigestJson, renderDigestMarkdown } from '../../core/digest/markdown.js';
import { isDocsRoot } from '../../core/scaffold/dispatch.js';
import { writeFileAtomic } from '../../node/atomicWrite.js';
import { leadsOutside } from '../../node/applyEdits.js';
import { isInside } from '../../shared/paths.js';
import { folderArgsProblem } from '../args.js';
import { escapeControls, jsonWithoutControls } from '../controls.js';
import { notDocsRoot } from '../docsRoot.js';
import { indexFolder } from '../indexFolder.js';
import type { Io, Values } from '../main.js';

const DIGEST_FORMATS = ['md', 'json'];

/** `opsdocs digest [DIR]`: the status digest, printed or written to `--out`; exit 2 on a broken config. */
export async function digest(args: string[], values: Values, io: Io): Promise<number> {
  const problem =
    folderArgsProblem('digest', DIGEST_FORMATS, args, values) ??
    (values['changed-since'] !== undefined ? '--changed-since goes with check.' : undefined) ??
    (values.fix ? '--fix goes with check.' : undefined) ??
    (values.out?.trim() === '' ? '--out needs the file to write the digest to.' : undefined);
  if (problem) return io.usage(problem);
  const named = args[0] ?? values.dir;
  const indexed = await indexFolder(named, values, io);
  if (typeof indexed === 'number') return indexed;
  const { engine, root } = indexed;
  const file = values.out === undefined ? undefined : path.resolve(values.out);
  // The current folder, unnamed, may be the wrong one (a subfolder, another checkout): ask.
  if (file !== undefined && named === undefined && !isDocsRoot(engine.view()))
    return io.usage(notDocsRoot(root, 'digest --out', `write the digest of its docs to ${file}`));
  const built = buildDigest(engine.view(), engine.allFindings(), engine.getToday(), engine.getHistory());
  // Line by line: the Markdown's own line breaks stay, any other control character is escaped.
  const text =
    values.format === 'json'
      ? jsonWithoutControls(renderDigestJson(built))
      : renderDigestMarkdown(built).split('\n').map(escapeControls).join('\n');
  // A path into the repository is written only where it really is inside (not through a linked
  // folder that leads out of it); one named outside it is the user's to choose.
  const rel = file === undefined ? undefined : path.relative(root, file).split(path.sep).join('/');
  const outside = rel !== undefined && isInside(rel) ? leadsOutside(root, rel) : undefined;
  if (outside) return io.usage(`${outside}; nothing written.`);
  if (file === undefined) io.out.write(text);
  else {
    const refused = writeFileAtomic(file, text, { replace: values.force });
    if (refused?.kind === 'exists')
      return io.usage(
        values.force
          ? `${file} is not a regular file; not replaced.`
          : `${file} exists; not overwritten (use --force to replace it).`,
      );
    if (refused?.kind === 'link')
      return io.usage(`${file} is a symbolic link; not replaced, not even with --force.`);
    if (refused) return io.usage(`cannot write ${file}: ${refused.code}`);
    io.out.write(`Wrote the status digest to ${escapeControls(file)}.\n`);
  }
  const configFindings = engine.getConfigFindings();
  for (const f of configFindings)
    io.err.write(escapeControls(`${f.file}:${f.range.start.line + 1}: ${f.message}`) + '\n');
  return configFindings.length > 0 ? 2 : 0;
}
