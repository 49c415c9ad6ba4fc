import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import type { Check } from '../check.js';
import type { DocInfo } from '../../index/docInfo.js';
import type { Range } from '../../types.js';
import { didYouMean, nearest } from '../../util/similar.js';
import { isTemplate } from '../../model/templates.js';

/** A label as CommonMark matches it (whitespace runs as one space, case folded), as definitions hold it. */
const labelKey = (label: string) => normalizeIdentifier(label).toLowerCase();

/** A definition's label as written (`[Guide]: …` → `Guide`). */
function written(doc: DocInfo, range: Range): string {
  const line = doc.parsed.lines.lineText(range.start.line).slice(range.start.character);
  return /^\[((?:\\.|[^\]\\])+)\]:/.exec(line)?.[1] ?? '';
}

/**
 * Labels of lines written as definitions that CommonMark does not read as one (`[x]: {% page "…" %}`):
 * a template or another renderer makes them links, so links to them are not undefined.
 */
function writtenDefinitions(doc: DocInfo): Set<string> {
  const labels = new Set<string>();
  const lines = doc.parsed.lines;
  for (let l = 0; l < lines.lineCount; l++) {
    const label = /^ {0,3}\[((?:\\.|[^\]\\])+)\]:/.exec(lines.lineText(l))?.[1];
    if (label) labels.add(labelKey(label));
  }
  return labels;
}

/** `[Agent][pydantic_ai.agent.Agent]`: a dotted code path, which API-docs tools (mkdocs-autorefs) resolve. */
const CODE_PATH = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/;

/** A definition's destination and title as written (`[x]: <a b.md> "T"` → `<a b.md> "T"`). */
function destination(doc: DocInfo, range: Range): string {
  const lines = doc.parsed.lines;
  const text = [...Array(range.end.line - range.start.line + 1).keys()]
    .map((i) => lines.lineText(range.start.line + i))
    .join(' ');
  return text
    .slice(text.indexOf(']:') + 2)
    .replace(/\s+/g, ' ')
    .trim();
}

const messages = {
  undefinedReference: (label: string, guess?: string) =>
    `No link definition for [${label}].${didYouMean(guess && `[${guess}]`)}`,
  duplicateDefinition: (label: string, line: number) =>
    `[${label}] is defined again with another destination; links use the definition on line ${line}.`,
  unusedDefinition: (label: string) => `No link uses the definition [${label}].`,
};

/**
 * Reference-style links and their definitions within one document: a `[text][label]` or
 * `[label][]` whose label is defined nowhere renders as plain text; a second definition of a label
 * is ignored; a definition no link uses is dead weight. Like the other plain-link checks, left to
 * the editor when it validates Markdown links itself.
 */
export const referencesCheck: Check = {
  name: 'links/references',
  rules: [
    {
      id: 'links/undefined-reference',
      severity: 'warning',
      summary:
        'A full or collapsed reference link (`[text][label]`, `[label][]`) names a label no definition has; it renders as plain text.',
    },
    {
      id: 'links/duplicate-definition',
      severity: 'warning',
      summary:
        'A link label is defined twice in a document with different destinations; links use the first definition.',
    },
    {
      id: 'links/unused-definition',
      severity: 'info',
      summary: 'A link reference definition (`[label]: url`) that no link in the document uses.',
    },
  ],
  run({ doc, deferPlainLinks, report }) {
    if (deferPlainLinks) return;
    const { definitions, links, undefinedRefs } = doc.parsed;
    const template = isTemplate(doc);
    const first = new Map<string, Range>();
    for (const d of definitions) {
      const earlier = first.get(d.label);
      const label = written(doc, d.range) || d.label;
      if (earlier) {
        // The same destination twice is tidy-up, not a link that goes elsewhere than written.
        if (destination(doc, d.range) !== destination(doc, earlier)) {
          const message = messages.duplicateDefinition(label, earlier.start.line + 1);
          report('links/duplicate-definition', d.range, message);
        }
        continue;
      }
      first.set(d.label, d.range);
      // A template's placeholders are written to be used elsewhere, and so is `[summary]: #summary`
      // under `# Summary` (the Rust RFC template's way to name a section: the anchor of the heading
      // above it).
      if (template || links.some((l) => l.label === d.label)) continue;
      const above = doc.parsed.headings.filter((h) => h.range.start.line < d.range.start.line).at(-1);
      if (above && destination(doc, d.range) === `#${above.slug}`) continue;
      report('links/unused-definition', d.range, messages.unusedDefinition(label));
    }
    const defined = [...first.values()].map((r) => written(doc, r)).filter(Boolean);
    if (template) return; // `[Link type][link to adr]`: a placeholder
    const elsewhere = undefinedRefs.length ? writtenDefinitions(doc) : new Set<string>();
    for (const ref of undefinedRefs) {
      const key = labelKey(ref.label);
      if (first.has(key) || elsewhere.has(key) || CODE_PATH.test(ref.label)) continue;
      const guess = nearest(ref.label, defined, 1)[0];
      const fix = guess ? { replacement: guess } : undefined;
      report('links/undefined-reference', ref.range, messages.undefinedReference(ref.label, guess), fix);
    }
  },
};
