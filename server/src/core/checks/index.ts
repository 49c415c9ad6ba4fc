import type { Check, RuleInfo } from './check.js';
import { configRules } from './config.js';
import { fileCheck } from './file.js';
import { internalRules } from './internal.js';
import { frontMatterCheck } from './frontmatter.js';
import { schemaCheck } from './schema.js';
import { sectionsCheck } from './sections.js';
import { namingCheck } from './naming.js';
import { datesCheck } from './lifecycle/dates.js';
import { tasksCheck } from './lifecycle/tasks.js';
import { driftCheck } from './lifecycle/drift.js';
import { pathsCheck } from './links/paths.js';
import { referencesCheck } from './links/references.js';
import { idsCheck } from './links/ids.js';
import { supersedeCheck } from './links/supersede.js';
import { scriptsCheck } from './links/scripts.js';
import { collisionCheck } from './links/collision.js';
import { agentsPathsCheck } from './agents/paths.js';
import { agentsCheck } from './agents/undocumented.js';
import { commandsCheck } from './commands/run.js';
import { ownersCheck } from './owners/known.js';

/**
 * Every per-document check, in the order they run. A check's file is named for the rules it
 * reports: `links/ids.ts` reports `links/unknown-id`, `links/duplicate-id` and `links/superseded-adr`.
 */
export const CHECKS: readonly Check[] = [
  fileCheck,
  frontMatterCheck,
  schemaCheck,
  sectionsCheck,
  namingCheck,
  datesCheck,
  driftCheck,
  pathsCheck,
  referencesCheck,
  agentsPathsCheck,
  idsCheck,
  collisionCheck,
  supersedeCheck,
  tasksCheck,
  scriptsCheck,
  commandsCheck,
  ownersCheck,
  agentsCheck,
];

/** Every rule by id. */
export const RULES: ReadonlyMap<string, RuleInfo> = new Map(
  [...CHECKS.flatMap((c) => c.rules), ...configRules, ...internalRules].map((r) => [r.id, r]),
);
