import type { RuleInfo } from './check.js';

/**
 * Rules about `.opsdocs.json` and the team's schemas. They are reported while the configuration
 * loads (config.ts, schemas/registry.ts, engine.ts), not by a per-document check.
 */
export const configRules: readonly RuleInfo[] = [
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
];
