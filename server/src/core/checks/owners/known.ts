import type { Check } from '../check.js';
import type { IndexView } from '../../index/view.js';
import { didYouMean, nearest } from '../../util/similar.js';

/** The front-matter field that lists several owners (the kind's `owner` field names one). */
export const OWNERS_FIELD = 'owners';

const messages = {
  unknown: (owner: string, where: string, guess?: string) =>
    `\`${owner}\` is not an owner ${where}.${didYouMean(guess, '`')}`,
};

/**
 * The owners a document may name, by their lower-case spellings: each as written, without `@`,
 * and a team `@org/team` also as `team`. Undefined when owners are not checked (no CODEOWNERS
 * and no `owners` in the config, or a CODEOWNERS that could not be read).
 */
export function knownOwners(view: IndexView): { names: Map<string, string>; where: string } | undefined {
  const files = view.codeownersFiles();
  const listed = view.config.owners;
  if (!files || (files.length === 0 && !listed)) return undefined;
  const names = new Map<string, string>();
  const add = (spelling: string, written: string) => {
    if (!names.has(spelling.toLowerCase())) names.set(spelling.toLowerCase(), written);
  };
  for (const owner of [...(listed ?? []), ...files.flatMap((f) => f.owners)]) {
    add(owner, owner);
    const bare = owner.replace(/^@/, '');
    add(bare, bare);
    if (owner.startsWith('@') && bare.includes('/')) add(bare.slice(bare.lastIndexOf('/') + 1), owner);
  }
  const sources = [...files.map((f) => `\`${f.file}\``), ...(listed ? ['the config'] : [])];
  return { names, where: `in ${sources.join(' or ')}` };
}

/** `@acme/Platform` written bare: `Platform` or `acme/Platform`, as `near` matched. */
function bareSpelling(owner: string, near: string): string {
  const bare = owner.replace(/^@/, '');
  return bare.toLowerCase() === near ? bare : bare.slice(bare.lastIndexOf('/') + 1);
}

/**
 * A document's `owner` (the kind's field) and `owners` must name a team or person of CODEOWNERS
 * or of the config's `owners` list, when there is either.
 */
export const ownersCheck: Check = {
  name: 'owners/known',
  rules: [
    {
      id: 'owners/unknown-owner',
      severity: 'warning',
      summary: '`owner` or `owners` names no team or person of CODEOWNERS or of the config’s `owners`.',
    },
  ],
  run({ doc, view, report }) {
    const kind = doc.kind;
    if (!kind) return;
    const fields = [...new Set([kind.fields.owner, OWNERS_FIELD])].filter((f) => doc.data[f] !== undefined);
    if (fields.length === 0) return;
    const known = knownOwners(view);
    if (!known) return;
    for (const field of fields) {
      const value = doc.data[field];
      const list = Array.isArray(value);
      (list ? (value as unknown[]) : [value]).forEach((owner, i) => {
        if (typeof owner !== 'string' || owner.trim() === '') return; // the schema's to judge
        const name = owner.trim();
        if (known.names.has(name.toLowerCase()) || known.names.has(name.replace(/^@/, '').toLowerCase()))
          return;
        // In the document's style: `@acme/security` for `@acme/secuirty`, `platform` for `platfrom`.
        const at = name.startsWith('@');
        const keys = [...known.names.keys()].filter((k) => k.startsWith('@') === at);
        const near = nearest(name, keys, 1)[0];
        const guess = near === undefined ? undefined : known.names.get(near)!;
        const written = guess && (at ? guess : bareSpelling(guess, near));
        const range = doc.locate(list ? [field, i] : [field]).value;
        report(
          'owners/unknown-owner',
          range,
          messages.unknown(name, known.where, written),
          written ? { replacement: written } : undefined,
        );
      });
    }
  },
};
