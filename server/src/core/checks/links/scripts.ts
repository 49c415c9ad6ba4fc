import type { Check } from '../check.js';
import { didYouMean, nearest } from '../../util/similar.js';

const messages = {
  missing: (name: string, pkg: string, guess?: string) =>
    `No script "${name}" in \`${pkg}\`.${didYouMean(guess, '"')}`,
};

/** `npm run NAME` must name a script of the nearest package.json (when there is one). */
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
    const refs = doc.refs.filter((r) => r.kind === 'script');
    if (refs.length === 0) return;
    const pkg = view.nearestPackage(doc.file);
    if (!pkg) return;
    for (const ref of refs) {
      if (pkg.scripts.has(ref.target)) continue;
      const guess = nearest(ref.target, pkg.scripts.keys(), 1)[0];
      const message = messages.missing(ref.target, pkg.file, guess);
      report('links/missing-script', ref.range, message, guess ? { replacement: guess } : undefined);
    }
  },
};
