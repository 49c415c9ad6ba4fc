import type { Check } from '../check.js';
import { didYouMean, nearest } from '../../util/similar.js';
import { similarFile } from '../../model/paths.js';
import { commandPath, targetMakefile } from '../../model/commands.js';

const where = (dir: string) => (dir ? `from \`${dir}/\`` : 'from the repository root');

const messages = {
  missingFile: (written: string, dir: string, looked: string, guess?: string) =>
    `\`${written}\` does not exist (run ${where(dir)}: looked for \`${looked}\`).${didYouMean(guess, '`')}`,
  missingTarget: (name: string, makefile: string, guess?: string) =>
    `No target \`${name}\` in \`${makefile}\`.${didYouMean(guess, '`')}`,
};

/**
 * The shell commands of code blocks (parse/commands.ts) must run what exists: a file run or
 * sourced by its path, a `make` target of the Makefile. (Their npm scripts are
 * `links/missing-script`.) A path counts as missing only when its first folder exists where the
 * command runs: `vendor/x/install.sh` of another checkout is not ours to check, nor is a bare
 * `./install.sh` that an earlier line may have downloaded; and a path without an extension only
 * when a file of a near name exists (`./tools/x/x` may be the binary a build makes).
 */
export const commandsCheck: Check = {
  name: 'commands/run',
  rules: [
    {
      id: 'commands/missing-file',
      severity: 'error',
      summary: 'A command in a code block runs or sources a repository file that does not exist.',
    },
    {
      id: 'commands/missing-target',
      severity: 'error',
      summary: '`make TARGET` in a code block names no target of the Makefile it reads.',
    },
  ],
  run({ doc, view, report }) {
    for (const ref of doc.refs) {
      if (!ref.command || ref.loose) continue;
      if (ref.kind === 'make') {
        const makefile = targetMakefile(view, doc, ref);
        if (!makefile?.complete || makefile.targets.has(ref.target)) continue;
        const guess = nearest(ref.target, makefile.targets.keys(), 1)[0];
        const message = messages.missingTarget(ref.target, makefile.file, guess);
        report('commands/missing-target', ref.range, message, guess ? { replacement: guess } : undefined);
      } else if (ref.kind === 'path') {
        const dir = ref.dir ?? '';
        const target = view.resolvePath(doc.file, ref);
        if (target.found !== undefined || target.outside || !target.tried[0]) continue;
        const looked = target.tried[0];
        // The first folder of the path must exist where the command runs (and that folder too).
        const rel = ref.target.replace(/^\.\//, '');
        const first = rel.split('/')[0];
        if (
          !rel.includes('/') ||
          (dir !== '' && !view.resolvePath(doc.file, { target: dir, base: 'root' }).isFolder)
        )
          continue;
        if (!view.resolvePath(doc.file, { target: first, base: 'root', dir }).isFolder) continue;
        const found = similarFile(view, looked);
        // A name without an extension and like no file may be built first (`go build` makes `./x/x`).
        if (!found && !/\.\w+$/.test(rel)) continue;
        const guess = found && commandPath(ref, found);
        const message = messages.missingFile(ref.target, dir, looked, guess);
        report('commands/missing-file', ref.range, message, guess ? { replacement: guess } : undefined);
      }
    }
  },
};
