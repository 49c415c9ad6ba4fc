import type { Check, RuleInfo } from './check.js';
import { frontMatterCheck } from './frontMatter.js';
import { schemaCheck } from './schema.js';
import { sectionsCheck } from './sections.js';
import { lifecycleCheck } from './lifecycle.js';
import { linksCheck } from './links.js';
import { idsCheck, supersedeCheck } from './ids.js';
import { tasksCheck } from './tasks.js';
import { scriptsCheck } from './scripts.js';
import { agentsCheck } from './agents.js';

/** Every per-document check, in the order they run. */
export const CHECKS: readonly Check[] = [
  frontMatterCheck,
  schemaCheck,
  sectionsCheck,
  lifecycleCheck,
  linksCheck,
  idsCheck,
  supersedeCheck,
  tasksCheck,
  scriptsCheck,
  agentsCheck,
];

/** Rules the engine reports itself (not from a per-document check). */
export const ENGINE_RULES: readonly RuleInfo[] = [
  {
    id: 'config/invalid',
    severity: 'error',
    summary:
      '`.opsdocs.json` is not valid JSON or does not match its schema; the built-in defaults are used.',
  },
  {
    id: 'config/schema-invalid',
    severity: 'error',
    summary:
      "A team schema named in the config is missing, not JSON, outside the repository or not a valid JSON Schema; the kind's built-in schema is used.",
  },
  {
    id: 'config/untrusted',
    severity: 'info',
    summary:
      'In a workspace VS Code does not trust (Restricted Mode), the team schemas, `idPattern`s and complex globs of `.opsdocs.json` are not used until it is trusted.',
  },
  {
    id: 'file/large',
    severity: 'info',
    summary:
      'A Markdown file over 1 MB was read in fast mode: front matter, headings and sections are checked, links are not.',
  },
  {
    id: 'file/pathological',
    severity: 'info',
    summary:
      'Quotes or lists nested more than 32 levels deep, or over 10,000 `]`: the file was read in fast mode (links not checked).',
  },
  {
    id: 'file/unreadable',
    severity: 'warning',
    summary: 'A Markdown file could not be checked: binary content, too large, or unreadable.',
  },
];

/** Every rule by id. */
export const RULES: ReadonlyMap<string, RuleInfo> = new Map(
  [...CHECKS.flatMap((c) => c.rules), ...ENGINE_RULES].map((r) => [r.id, r]),
);
