// Bundled in place of js-yaml (see esbuild.mjs). gray-matter loads js-yaml for its default YAML
// engine and binds `safeLoad`/`safeDump` as it loads; OpsDocs replaces every gray-matter engine
// (core/parse/grayMatter.ts), so js-yaml would only cost start-up time (a fifth of the CLI's).
const unused = (): never => {
  throw new Error('js-yaml is not bundled: OpsDocs reads front matter with the yaml package');
};
export const load = unused;
export const safeLoad = unused;
export const dump = unused;
export const safeDump = unused;
