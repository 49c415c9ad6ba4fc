/** A name that says "template": `template.md`, `adr-template.md`, `x-template-of-y/` (not `templates/`). */
export const TEMPLATE_NAME = /(^|[-_ .])template([-_ .]|$)/i;

/**
 * True for a template page: its file or folder is named as one (see {@link TEMPLATE_NAME}), or it is a
 * Hugo archetype. Its links and labels are placeholders for the documents made from it
 * (`[xxx](yyyymmdd-xxx.md)`, `0005-example.md`, `[Link type][link to adr]`), not references.
 */
export function isTemplatePage(file: string): boolean {
  const parts = file.split('/');
  const name = parts.at(-1) ?? '';
  const folder = parts.at(-2) ?? '';
  return TEMPLATE_NAME.test(name) || TEMPLATE_NAME.test(folder) || parts.slice(0, -1).includes('archetypes');
}

/** A title that is all one bracketed placeholder: `# [short title of solved problem and solution]`. */
const PLACEHOLDER_TITLE = /^\[[^\][]+\]$/;

/**
 * True for a template: a template page (see {@link isTemplatePage}), or a document whose first H1
 * is a bracketed placeholder, as MADR's template is in every language it is translated to.
 */
export function isTemplate(doc: {
  file: string;
  parsed: { headings: readonly { depth: number; text: string }[] };
}): boolean {
  if (isTemplatePage(doc.file)) return true;
  const title = doc.parsed.headings.find((h) => h.depth === 1);
  return !!title && PLACEHOLDER_TITLE.test(title.text.trim());
}
