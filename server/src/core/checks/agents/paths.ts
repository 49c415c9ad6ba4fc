import type { Check } from '../check.js';
import { isPathRef, isPlainLink, missingPath } from '../../model/paths.js';

/** Every path an AGENTS.md mentions (link, inline code, front matter) must exist. */
export const agentsPathsCheck: Check = {
  name: 'agents/paths',
  rules: [
    {
      id: 'agents/missing-path',
      severity: 'error',
      summary: 'An AGENTS.md mentions a path that does not exist.',
    },
  ],
  run({ doc, view, report, deferPlainLinks }) {
    if (doc.kind?.name !== 'agents') return;
    for (const ref of doc.refs) {
      const deferred = deferPlainLinks && isPlainLink(ref);
      // A command's path is commands/missing-file.
      const missing = isPathRef(ref) && !deferred && !ref.command ? missingPath(doc, view, ref) : undefined;
      if (missing) report('agents/missing-path', ref.range, missing.message, missing.fix);
    }
  },
};
