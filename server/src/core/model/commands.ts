import type { DocInfo } from '../index/docInfo.js';
import type { IndexView, PackageScripts } from '../index/view.js';
import type { MakeTargets } from '../parse/makefile.js';
import type { Ref } from '../parse/refs.js';
import { relativePath } from '../features/edits.js';

/** A file in the command's working folder `dir` ('' the root): what relative paths are taken from. */
export const inDir = (dir: string) => (dir ? `${dir}/-` : '-');

/**
 * The package.json whose scripts an `npm run NAME` of `doc` names: the nearest above the folder a
 * `cd` moved the command to (npm looks upward), else the nearest above the document.
 */
export function scriptPackage(view: IndexView, doc: DocInfo, ref: Ref): PackageScripts | undefined {
  return view.nearestPackage(ref.dir === undefined ? doc.file : inDir(ref.dir));
}

/**
 * The Makefile a `make TARGET` of `doc` reads: the one in the folder a `cd` or `-C` moved it to
 * (make does not look upward), else the nearest above the document.
 */
export function targetMakefile(view: IndexView, doc: DocInfo, ref: Ref): MakeTargets | undefined {
  return ref.dir === undefined ? view.nearestMakefile(doc.file) : view.makefileIn(ref.dir);
}

/** A command's path to `file`, as the command would write it from its working folder (`./` kept). */
export function commandPath(ref: Ref, file: string): string {
  return relativePath(inDir(ref.dir ?? ''), file, ref.target.startsWith('./'));
}
