import type { RuleInfo } from './check.js';
import type { Finding, Range } from '../types.js';

const messages = {
  checkFailed: (check: string, error: string) =>
    `The check ${check} failed on this file (${error}); its findings are missing. Please report it.`,
};

const CHECK_FAILED: RuleInfo = {
  id: 'internal/check-failed',
  severity: 'error',
  summary: 'A check failed on a file, so its findings for that file are missing (a bug in OpsDocs).',
};

/**
 * Rules about OpsDocs itself. The engine reports them when a check throws, instead of leaving the
 * file looking clean.
 */
export const internalRules: readonly RuleInfo[] = [CHECK_FAILED];

/** What a thrown value says, in one line: `RangeError: Maximum call stack size exceeded`. */
function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The finding of a check (by its name) that threw `err` on `file`: at `range`, the top of the
 * file; an error, so the run fails instead of passing with the check's findings missing.
 */
export function checkFailedFinding(file: string, range: Range, check: string, err: unknown): Finding {
  const message = messages.checkFailed(check, describeError(err));
  return { file, range, severity: CHECK_FAILED.severity, rule: CHECK_FAILED.id, message };
}
