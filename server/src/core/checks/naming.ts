import type { Check } from './check.js';
import { kindPlural } from '../config.js';
import { matchesFileName } from '../model/fileNames.js';

const messages = {
  learned: (base: string, kind: string, pattern: string, l: { has: number; docs: number; where: string }) =>
    `\`${base}\` is not named like the other ${kindPlural(kind)} in ${l.where}: ${l.has} of ${l.docs} are \`${pattern}\`.`,
  configured: (base: string, kind: string, pattern: string) =>
    `\`${base}\` is not named \`${pattern}\`, as .opsdocs.json names the ${kindPlural(kind)}.`,
};

/**
 * A document's file name follows its kind's numbering (`fileName` in the config, or learned from
 * the kind's folder when nearly all its files share one: `NNNN-*.md`).
 */
export const namingCheck: Check = {
  name: 'naming',
  rules: [
    {
      id: 'naming/file-name',
      severity: 'warning',
      summary: "A document's file name does not follow its kind's numbering (`NNNN-*.md`, `adr-NNN-*.md`).",
    },
  ],
  run({ doc, report }) {
    const kind = doc.kind;
    if (!kind?.fileName) return;
    const base = doc.file.slice(doc.file.lastIndexOf('/') + 1);
    if (matchesFileName(kind.fileName, base)) return;
    const learned = kind.learnedFileName;
    const message = learned
      ? messages.learned(base, kind.name, kind.fileName, learned)
      : messages.configured(base, kind.name, kind.fileName);
    report('naming/file-name', doc.titleRange, message);
  },
};
