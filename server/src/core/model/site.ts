import type { IndexView } from '../index/view.js';

/*
 * What the site that publishes the docs changes about reading them: the generator its
 * configuration at the root names (MkDocs, Eleventy, Middleman, GitLab, Sphinx, Jupyter Book),
 * the anchors it makes of headings, whether it serves pages as folders, where it finds images.
 */

/**
 * How a site generator turns a heading into its anchor, other than GitHub's (the index's own
 * slugs). Each takes the heading's text as read (markup removed).
 */
export const ANCHOR_STYLES = {
  /** Jekyll's kramdown: letters, digits, spaces and dashes kept; leading non-letters dropped. */
  kramdown: (t: string) =>
    t
      .replace(/[^\p{L}\p{N}\s-]/gu, '')
      .replace(/^[^\p{L}]+/u, '')
      .trim()
      .replace(/\s/g, '-')
      .toLowerCase(),
  /** Middleman's Redcarpet (`with_toc_data`): each run of other characters one dash (`GOV.UK` → `gov-uk`). */
  redcarpet: (t: string) => dashed(t.toLowerCase()),
  /** Eleventy's `slugify`: `&` is "and", then as Redcarpet. */
  eleventy: (t: string) => dashed(t.toLowerCase().replace(/&/g, ' and ')),
  /** MkDocs (Python-Markdown's `toc`): ASCII word characters, runs of spaces and dashes one dash. */
  mkdocs: (t: string) =>
    t
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[-\s]+/g, '-'),
  /** markdown-it-anchor's default: lower case, spaces to dashes, punctuation kept. */
  'markdown-it': (t: string) => t.trim().toLowerCase().replace(/\s+/g, '-'),
  /** GitLab: word characters, spaces and dashes kept, spaces to dashes, each run of dashes one. */
  gitlab: (t: string) =>
    t
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}_\s-]/gu, '')
      .replace(/\s/g, '-')
      .replace(/-{2,}/g, '-'),
  /**
   * Sphinx and Jupyter Book (docutils' `make_id`): ASCII only, lower case, each run of other
   * characters one dash, no leading digits or dashes.
   */
  docutils: (t: string) =>
    t
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^[-0-9]+|-+$/g, ''),
} satisfies Record<string, (text: string) => string>;

export type AnchorStyle = keyof typeof ANCHOR_STYLES;

/** What each style is called in messages. */
const STYLE_NAMES: Record<AnchorStyle, string> = {
  kramdown: 'Jekyll (kramdown)',
  redcarpet: 'Middleman (Redcarpet)',
  eleventy: 'Eleventy (slugify)',
  mkdocs: 'MkDocs',
  'markdown-it': 'markdown-it-anchor',
  gitlab: 'GitLab',
  docutils: 'Sphinx (docutils)',
};

/** `Middleman (Redcarpet) and MkDocs`: the styles as messages name them. */
export function styleNames(styles: AnchorStyle[]): string {
  const names = styles.map((s) => STYLE_NAMES[s]);
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function dashed(t: string): string {
  return t
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Files at the root that say where the docs are read, and so their anchors. Eleventy renders with
 * markdown-it: its sites make anchors with Eleventy's `slugify` or markdown-it-anchor's own.
 */
const GENERATORS: [string[], AnchorStyle[]][] = [
  [['mkdocs.yml', 'mkdocs.yaml'], ['mkdocs']],
  [
    ['.eleventy.js', '.eleventy.cjs', 'eleventy.config.js', 'eleventy.config.cjs', 'eleventy.config.mjs'],
    ['eleventy', 'markdown-it'],
  ],
  [['config.rb'], ['redcarpet']], // Middleman's configuration
  [['.gitlab-ci.yml'], ['gitlab']], // kept on GitLab, read there
  [['_toc.yml', 'conf.py'], ['docutils']], // Jupyter Book's table of contents, Sphinx's configuration
];

/** Generators that serve each page `x.md` as a folder `x/` (MkDocs' directory URLs, Eleventy). */
const PAGES_AS_FOLDERS = [...GENERATORS[0][0], ...GENERATORS[1][0]];

/**
 * True when a site generator's configuration at the root says pages are served as folders, so a
 * relative link written in `a/page.md` is followed from `a/page/` by the browser.
 */
export const servesPagesAsFolders = (view: Pick<IndexView, 'hasFile'>): boolean =>
  PAGES_AS_FOLDERS.some((n) => view.hasFile(n));

/**
 * True for a Middleman site (`config.rb` at the root): its pages under `source/` name images by
 * `images/…`, which Middleman's asset helpers find in `source/images/` from any page.
 */
export const isMiddleman = (view: Pick<IndexView, 'hasFile'>): boolean => view.hasFile('config.rb');

/**
 * The anchor styles of the repository's site: the one `.opsdocs.json` names (`anchorStyle`), else
 * those a generator's configuration at the root implies, else none (GitHub's only).
 */
export function siteAnchorStyles(view: IndexView, configured: string | undefined): AnchorStyle[] {
  if (configured === 'github') return [];
  if (configured && configured in ANCHOR_STYLES) return [configured as AnchorStyle];
  for (const [names, styles] of GENERATORS) if (names.some((n) => view.hasFile(n))) return styles;
  return [];
}

/**
 * The styles in which `fragment` is the anchor of one of `headings` (the first such heading), or
 * undefined when it is in none.
 */
export function otherStyleMatch(
  fragment: string,
  headings: readonly { text: string }[],
): { styles: AnchorStyle[]; heading: string } | undefined {
  let wanted = fragment.toLowerCase();
  try {
    wanted = decodeURIComponent(wanted); // markdown-it-anchor's links are percent-encoded
  } catch {
    // not encoded
  }
  for (const h of headings) {
    const styles = (Object.keys(ANCHOR_STYLES) as AnchorStyle[]).filter(
      (s) => ANCHOR_STYLES[s](h.text) === wanted,
    );
    if (styles.length) return { styles, heading: h.text };
  }
  return undefined;
}
