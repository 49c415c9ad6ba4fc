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
