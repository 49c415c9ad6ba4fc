import type { Check } from '../check.js';
import * as path from 'node:path';
import { didYouMean, nearest } from '../../util/similar.js';
import { isPathRef, isPlainLink, missingPath } from '../../model/paths.js';
import type { DocInfo } from '../../index/docInfo.js';
import type { Ref } from '../../parse/refs.js';
import type { Config } from '../../config.js';
import { isTemplate } from '../../model/templates.js';
import { otherStyleMatch, siteAnchorStyles, styleNames, type AnchorStyle } from '../../model/site.js';

/**
 * A placeholder, not a path: `./.github/...`, `docs/…`, `{SLUG}.md`, `<name>.md`, and a name that
 * starts with a number or date to fill in (`NNNN-title-with-dashes.md`, `XXXX-x.md`, `YYYYMMDD-x.md`).
 */
const PLACEHOLDER =
  /\.\.\.|…|\{[^}]*\}|<[^>]*>|(^|[/_-])(N{3,}|n{4}|X{3,}|x{3,}|Y{4}|y{4})(?=[-_./]|$|[Mm]{2})/;
/**
 * An inline-code name that stands for the reader's own (`text/0000-my-feature.md`, `your_service/`,
 * `test_suite_name.yaml`, `app-name/`): a missing one is an instruction, not a reference. (A link
 * to `0000-x.md` is not: MADR's first record is `0000-use-markdown-….md`.)
 */
const STANDS_FOR = /(^|\/)((my|your)[-_]|0000-)|[-_]name(?=[-_./]|$)/i;
/** Documents of history (a changelog, release notes, upgrade notes), whose paths describe what was. */
const HISTORY =
  /(^|\/)(CHANGELOG|CHANGES|HISTORY|NEWS|UPGRADING|RELEASE[-_ ]?NOTES)([-_. ][^/]*)?\.(md|markdown)$/i;

/** True for a document of history (see {@link HISTORY}): what it cites is what was, then. */
export const isHistory = (file: string) => HISTORY.test(file);

/** A numbered record's file name: `0507-x.md`, `adr-019-x.md`, `TEP-0118 x.md`, `ADR-00002 x.md`. */
const NUMBERED_RECORD = /^(?:[a-z]{2,5}[-_ ]?)?\d{3,}[-_ .]/i;

/**
 * True for a document whose inline-code paths name files as they were or will be, not as they are:
 * a changelog or release notes; a decision, a proposal or a task — a document of a kind of
 * decisions (it has a superseded-by field) or of tasks (a due date), or any numbered record (RFCs,
 * TEPs) — written at one point in time and not kept in step with the code. Its links are checked;
 * its inline-code paths are not.
 */
const isRecord = (doc: DocInfo) =>
  isHistory(doc.file) ||
  !!doc.kind?.fields.supersededBy ||
  !!doc.kind?.fields.due ||
  NUMBERED_RECORD.test(doc.file.slice(doc.file.lastIndexOf('/') + 1));

/** True when `doc`'s missing inline-code paths are reported under the `inlineCodePaths` setting. */
const checksCodePaths = (doc: DocInfo, setting: Config['inlineCodePaths']) =>
  setting === 'all' || (setting === 'kinds' && !!doc.kind);

/** A heading of examples ("Examples", "More examples", "Example: …"), whose inline-code paths illustrate. */
const EXAMPLES = /\bexamples?\b/i;

/** The text of the last heading at or above `line`, or undefined above the first. */
function sectionOf(doc: DocInfo, line: number): string | undefined {
  let text: string | undefined;
  for (const h of doc.parsed.headings) {
    if (h.range.start.line > line) break;
    text = h.text;
  }
  return text;
}

/** Liquid comments (`{% comment %}` … `{% endcomment %}`): Jekyll and Eleventy never render them. */
const LIQUID_COMMENT = /\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}/g;

/** True for a reference inside a Liquid comment of its document. */
function commentedOut(doc: DocInfo): (ref: Ref) => boolean {
  const text = doc.parsed.text;
  if (!text.includes('endcomment')) return () => false;
  const spans = [...text.matchAll(LIQUID_COMMENT)].map((m) => [m.index, m.index + m[0].length]);
  return (ref) => {
    const at = doc.parsed.lines.offsetAt(ref.range.start);
    return spans.some(([s, e]) => at >= s && at < e);
  };
}

/** GitHub line anchors (`#L10`, `#L10-L20`) point into source views, not headings. */
const LINE_ANCHOR = /^L\d+(-L\d+)?$/;

const messages = {
  anchorStyle: (fragment: string, styles: AnchorStyle[], heading: string, github: string) =>
    `\`#${fragment}\` is how ${styleNames(styles)} make${styles.length > 1 ? '' : 's'} the anchor of "${heading}"; on GitHub it is \`#${github}\`. ` +
    'Set `anchorStyle` in .opsdocs.json if the docs are published that way.',
  missingAnchor: (fragment: string, where: string, guess?: string) =>
    `No heading \`#${fragment}\` in ${where}.${didYouMean(guess && `#${guess}`, '`')}`,
};

/**
 * Paths and links must land on a file or folder of the repository, and a `#fragment` on a
 * heading (GitHub slug) or an HTML anchor of the target document. (An AGENTS.md's missing paths
 * are `agents/missing-path`.)
 */
export const pathsCheck: Check = {
  name: 'links/paths',
  rules: [
    {
      id: 'links/missing-file',
      severity: 'error',
      summary: 'A link, inline-code path or front-matter path names a file or folder that does not exist.',
    },
    {
      id: 'links/missing-image',
      severity: 'error',
      summary: 'An image (`![alt](x.png)`) names a file that does not exist.',
    },
    {
      id: 'links/missing-anchor',
      severity: 'error',
      summary: 'A `#fragment` names no heading or HTML anchor of the target document.',
    },
    {
      id: 'links/anchor-style',
      severity: 'hint',
      summary:
        "A `#fragment` is a heading's anchor as another site generator (kramdown, Redcarpet, Eleventy, MkDocs, markdown-it-anchor) or GitLab makes it, not as GitHub does.",
    },
  ],
  run({ doc, view, report, deferPlainLinks, config }) {
    const agents = doc.kind?.name === 'agents';
    const record = isRecord(doc);
    const template = isTemplate(doc);
    const hidden = commentedOut(doc);
    for (const ref of doc.refs) {
      if (!isPathRef(ref) || PLACEHOLDER.test(ref.target)) continue;
      if (ref.command) continue; // commands/missing-file
      if (hidden(ref)) continue; // never rendered
      const target = view.resolvePath(doc.file, ref);
      if (target.outside || (deferPlainLinks && isPlainLink(ref))) continue;
      if (!target.found) {
        if (template) continue; // `0005-example.md`: a placeholder of the documents made from it
        // Resolved all the same: the record still cites what exists (find references, the code lens).
        if (record && ref.kind === 'path') continue; // the code as it was decided or will be
        // Outside the documents of a kind, inline code mentions files of any codebase (a how-to's
        // `config/application.rb` is the reader's app): checked only where config says.
        if (ref.kind === 'path' && !checksCodePaths(doc, config.inlineCodePaths)) continue;
        if (ref.kind === 'path' && STANDS_FOR.test(ref.target)) continue;
        // `docs/decisions/smar/0000-x.md` listed under "Examples": a path that shows, not one that points.
        if (ref.kind === 'path' && EXAMPLES.test(sectionOf(doc, ref.range.start.line) ?? '')) continue;
        const missing = agents ? undefined : missingPath(doc, view, ref, target);
        const rule = ref.image ? 'links/missing-image' : 'links/missing-file';
        if (missing) report(rule, ref.range, missing.message, missing.fix);
        continue;
      }
      const fragment = ref.fragment;
      if (!fragment || target.isFolder || LINE_ANCHOR.test(fragment)) continue;
      const targetDoc = view.doc(target.found);
      if (!targetDoc) continue; // not Markdown: anchors are not ours to check
      const anchors = targetDoc.parsed.anchors;
      // GitHub prefixes the ids it renders with `user-content-`; a link may name them so.
      const wanted = fragment.toLowerCase().replace(/^user-content-(?=.)/, '');
      if (anchors.has(fragment) || [...anchors].some((a) => a.toLowerCase() === wanted)) continue;
      // `#top` is the top of any page (browsers); GitHub shows a folder's README under `#readme`.
      if (wanted === 'top' || (wanted === 'readme' && /^readme\./i.test(path.posix.basename(target.found))))
        continue;
      // The anchor as the site that publishes the docs makes it, or as another generator would.
      const site = siteAnchorStyles(view, config.anchorStyle);
      const other = otherStyleMatch(fragment, targetDoc.parsed.headings);
      if (other && other.styles.some((s) => site.includes(s))) continue;
      if (other) {
        const github = targetDoc.parsed.headings.find((h) => h.text === other.heading)?.slug ?? '';
        const range = ref.fragmentRange ?? ref.range;
        report(
          'links/anchor-style',
          range,
          messages.anchorStyle(fragment, other.styles, other.heading, github),
        );
        continue;
      }
      const guess = nearest(fragment, anchors, 1)[0];
      const where = target.found === doc.file ? 'this document' : `\`${target.found}\``;
      const fix = guess && ref.fragmentRange ? { replacement: guess } : undefined;
      report(
        'links/missing-anchor',
        ref.fragmentRange ?? ref.range,
        messages.missingAnchor(fragment, where, guess),
        fix,
      );
    }
  },
};
