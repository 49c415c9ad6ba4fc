import type { Check } from '../check.js';
import type { Change } from '../../history.js';
import type { Range } from '../../types.js';
import type { DocInfo } from '../../index/docInfo.js';
import { isPathRef } from '../../model/paths.js';
import { staleStatus } from '../../model/adr.js';
import { dayNumber, formatDay } from '../../util/dates.js';
import { globMatcher } from '../../util/globs.js';
import { isMarkdownFile } from '../../model/fileNames.js';

/** The kinds whose documents describe code that can move under them, and what each is called. */
const NOUNS: Record<string, string> = { runbook: 'runbook', policy: 'policy', adr: 'ADR' };
/** The front-matter field of an ADR naming, as globs, the files it governs. */
export const GOVERNS = 'governs';
/** The field of a review date where a kind names none (ADRs): `last_reviewed`. */
const REVIEWED = 'last_reviewed';
/** Documents are not code: a change to one is not drift of another. */
const isCode = (file: string) => !isMarkdownFile(file);

/** Since when a document is taken to match the code: its review date, or its own last commit. */
type Baseline = { date: string; reviewed: true } | { date: string; reviewed: false; sha: string };

const since = (noun: string, b: Baseline) =>
  b.reviewed
    ? `after this ${noun} was last reviewed on ${b.date}`
    : `after this ${noun} last changed on ${b.date} (${b.sha}; no last_reviewed date)`;

/** A file named in a message, with the folder or glob it was cited by: "`dir/f` (under `dir/`)". */
const named = (cited: string, file: string) =>
  cited === file ? `\`${file}\`` : `\`${file}\` (under \`${cited}\`)`;

const listed = (files: string[]) =>
  files.length <= 3
    ? files.map((f) => `\`${f}\``).join(', ')
    : `${files
        .slice(0, 3)
        .map((f) => `\`${f}\``)
        .join(', ')} and ${files.length - 3} more`;

const messages = {
  stale: (cited: string, file: string, c: Change, noun: string, b: Baseline) =>
    `${named(cited, file)} changed on ${c.date} (${c.sha}: '${c.subject}'), ${since(noun, b)}.`,
  citesChanged: (cited: string, files: string[], who: string) =>
    `This change touches ${files.length === 1 ? named(cited, files[0]) : `${listed(files)} (under \`${cited}\`)`}, ${who}: review it.`,
};

/** The review date of a document, else the date and commit of its own last change. */
function baselineOf(doc: DocInfo, own: Change | undefined): Baseline | undefined {
  const field = doc.kind?.fields.lastReviewed ?? REVIEWED;
  const reviewed = doc.data[field];
  if (dayNumber(reviewed) !== undefined) return { date: formatDay(dayNumber(reviewed)!), reviewed: true };
  return own && { date: own.date, reviewed: false, sha: own.sha };
}

/** What a document cites that can drift: a file or folder of code, or a `governs` glob. */
interface Cited {
  /** As written (the path found, or the glob). */
  name: string;
  range: Range;
  last?: { file: string; change: Change };
  touched: string[];
  /** A `governs` glob (else a path cited). */
  governs?: boolean;
}

/**
 * Runbooks, policies and ADRs against the code they cite (inline-code paths, links to files that
 * are not Markdown, front-matter paths, an ADR's `governs` globs), read from the repository's
 * history: a cited file changed after the document was last reviewed (or, without a review date,
 * after its own last commit); and, while a change is under review (`check --changed-since`), the
 * documents citing what it touches. Off without history (no git, a shallow clone, Restricted Mode).
 */
export const driftCheck: Check = {
  name: 'lifecycle/drift',
  rules: [
    {
      id: 'lifecycle/stale-against-code',
      severity: 'warning',
      summary:
        'A runbook, policy or ADR cites a file that changed in git after it was last reviewed (or last changed).',
    },
    {
      id: 'lifecycle/cites-changed',
      severity: 'info',
      summary:
        'With `check --changed-since`: a runbook, policy or ADR cites a file the change touches (review it).',
    },
  ],
  run({ doc, view, history, report }) {
    const noun = doc.kind && NOUNS[doc.kind.name];
    if (!history || !noun || staleStatus(doc)) return;
    const cited: Cited[] = [];
    const seen = new Set<string>();
    for (const ref of doc.refs) {
      if (!isPathRef(ref) || ref.image) continue;
      const target = view.resolvePath(doc.file, ref);
      const found = target.found;
      if (found === undefined || target.outside || found === doc.file || seen.has(found)) continue;
      if (!target.isFolder && !isCode(found)) continue;
      seen.add(found);
      const folder = !!target.isFolder;
      cited.push({
        name: folder ? `${found}/` : found,
        range: ref.range,
        last: history.lastChange(found, folder, isCode),
        touched: history.touched(found, folder, isCode),
      });
    }
    const governs = doc.kind?.name === 'adr' ? doc.data[GOVERNS] : undefined;
    const single = !Array.isArray(governs);
    (single ? [governs] : (governs as unknown[])).forEach((glob, i) => {
      if (typeof glob !== 'string' || glob.trim() === '') return;
      const matches = globMatcher([glob.replace(/\/+$/, '/**')]);
      const code = (f: string) => isCode(f) && matches(f);
      const range = doc.locate(single ? [GOVERNS] : [GOVERNS, i]).value;
      const last = history.lastMatching(code);
      cited.push({ name: glob, range, last, touched: history.touchedMatching(code), governs: true });
    });
    const reviewField = doc.kind?.fields.lastReviewed ?? REVIEWED;
    const own = history.lastChange(doc.file, false)?.change;
    const baseline = baselineOf(doc, own);
    const fix = doc.parsed.frontMatter ? { field: reviewField } : undefined;
    for (const c of cited) {
      // A commit that changed the document too changed the code with the document in view.
      const last = c.last;
      if (baseline && last && last.change.date > baseline.date && last.change.sha !== own?.sha) {
        const message = messages.stale(c.name, last.file, last.change, noun, baseline);
        report('lifecycle/stale-against-code', c.range, message, fix);
      }
      // A document the change edits too has been looked at with it.
      if (c.touched.length > 0 && !history.isChanged(doc.file)) {
        const who = `${c.governs ? 'governed' : 'cited'} by ${doc.id ?? `this ${noun}`}`;
        report('lifecycle/cites-changed', c.range, messages.citesChanged(c.name, c.touched, who));
      }
    }
  },
};
