import type { RuleLevel } from '../core/types.js';
import { isIsoDate } from '../core/util/dates.js';

/** The `opsdocs.*` settings of one workspace folder, as the server uses them. */
export interface Settings {
  /** Run checks at all. */
  enable: boolean;
  /** `YYYY-MM-DD` for date checks; undefined means the real date. */
  today?: string;
  /** Rule levels that win over `.opsdocs.json`. */
  rules: Record<string, RuleLevel>;
}

const LEVELS = new Set(['off', 'error', 'warning', 'info', 'hint']);

/** Reads the raw `opsdocs` configuration section; anything malformed falls back to the default. */
export function readSettings(raw: unknown, log: (m: string) => void): Settings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const settings: Settings = { enable: s.enable !== false, rules: {} };
  if (typeof s.today === 'string' && s.today.trim() !== '') {
    if (isIsoDate(s.today.trim())) settings.today = s.today.trim();
    else log(`Ignoring opsdocs.today "${s.today}": not a date written YYYY-MM-DD.`);
  }
  if (s.rules && typeof s.rules === 'object') {
    for (const [rule, level] of Object.entries(s.rules as Record<string, unknown>)) {
      if (typeof level === 'string' && LEVELS.has(level)) settings.rules[rule] = level as RuleLevel;
      else log(`Ignoring opsdocs.rules["${rule}"]: level must be one of off, error, warning, info, hint.`);
    }
  }
  return settings;
}
