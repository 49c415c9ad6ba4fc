import type { Check } from '../check.js';
import { didYouMean, nearest } from '../../util/similar.js';
import { scriptPackage } from '../../model/commands.js';

const messages = {
  missing: (name: string, pkg: string, guess?: string) =>
    `No script "${name}" in \`${pkg}\`.${didYouMean(guess, '"')}`,
};

/**
 * `npm run NAME` must name a script of the nearest package.json (when there is one): above the
 * document, or, in a code block after `cd dir`, above `dir`. `yarn NAME` and `pnpm NAME`, which
 * may run a package's binary, are never reported.
 */
export const scriptsCheck: Check = {
  name: 'links/scripts',
  rules: [
    {
      id: 'links/missing-script',
      severity: 'error',
      summary: '`npm run NAME` names no script of the nearest package.json.',
    },
  ],
  run({ doc, view, report }) {
    for (const ref of doc.refs) {
      if (ref.kind !== 'script' || ref.loose) continue;
      const pkg = scriptPackage(view, doc, ref);
      if (!pkg || pkg.scripts.has(ref.target)) continue;
      const guess = nearest(ref.target, pkg.scripts.keys(), 1)[0];
      const message = messages.missing(ref.target, pkg.file, guess);
      report('links/missing-script', ref.range, message, guess ? { replacement: guess } : undefined);
    }
  },
};
