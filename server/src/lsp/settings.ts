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
  /**
   * Leave plain Markdown links and anchors to VS Code's own link validation
   * (`opsdocs.links.builtinValidation` "defer", or "auto" while `markdown.validate.enabled` is on).
   */
  deferPlainLinks: boolean;
}

/** Values of `opsdocs.links.builtinValidation`. */
const BUILTIN_VALIDATION = ['check', 'defer', 'auto'];

const LEVELS = new Set(['off', 'error', 'warning', 'info', 'hint']);

/**
 * Reads the raw `opsdocs` configuration section and VS Code's `markdown.validate.enabled`; anything
 * malformed falls back to the default.
 */
export function readSettings(raw: unknown, markdownValidate: unknown, log: (m: string) => void): Settings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const links = (s.links && typeof s.links === 'object' ? s.links : {}) as Record<string, unknown>;
  let mode = links.builtinValidation ?? 'check';
  if (typeof mode !== 'string' || !BUILTIN_VALIDATION.includes(mode)) {
    log(`Ignoring opsdocs.links.builtinValidation ${JSON.stringify(mode)}: use one of check, defer, auto.`);
    mode = 'check';
  }
  const deferPlainLinks = mode === 'defer' || (mode === 'auto' && markdownValidate === true);
  const settings: Settings = { enable: s.enable !== false, rules: {}, deferPlainLinks };
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

/** The settings a client sent without being asked: `opsdocs` and `markdown.validate.enabled`. */
export interface PushedSettings {
  opsdocs?: unknown;
  markdownValidate?: unknown;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The settings in a settings tree a client pushes: the `settings` of
 * `workspace/didChangeConfiguration`, or `initializationOptions` (its `settings` member when it has
 * one, else itself), shaped `{ opsdocs: {…}, markdown: { validate: { enabled } } }` as Neovim,
 * Helix and Zed send them. Undefined when the tree has no `opsdocs` member: VS Code's client sends
 * `settings: null` and is asked instead, and a client pushing other sections leaves ours as they were.
 */
export function pushedSettings(tree: unknown): PushedSettings | undefined {
  if (!isObject(tree) || !('opsdocs' in tree)) return undefined;
  const markdown = isObject(tree.markdown) ? tree.markdown : {};
  const validate = isObject(markdown.validate) ? markdown.validate : {};
  return { opsdocs: tree.opsdocs, markdownValidate: validate.enabled };
}

/**
 * `over` laid on `base`, object keys merged at every depth (`rules` from both, the rule in `over`
 * winning); a key `over` does not have (or has as null) keeps the value of `base`.
 */
export function mergeSettings(base: unknown, over: unknown): unknown {
  if (over === undefined || over === null) return base;
  if (!isObject(base) || !isObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeSettings(base[k], v);
  return out;
}
