import ignore from 'ignore';

/** The owners a CODEOWNERS file names (teams `@org/team`, users `@user`, e-mail addresses). */
export interface Codeowners {
  file: string;
  /** Each owner as written, in the order first met. */
  owners: string[];
  /** The rules in order (the last one whose pattern takes a path gives its owners). */
  rules: { pattern: string; owners: string[] }[];
}

/** Where GitHub and GitLab read a CODEOWNERS file, in GitHub's order. */
export const CODEOWNERS_FILES = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];

/** True for a file at one of the places a CODEOWNERS file is read. */
export const isCodeowners = (file: string) => CODEOWNERS_FILES.includes(file);

/** An owner: `@user`, `@org/team` (GitLab: `@group/subgroup`), or an e-mail address. */
const OWNER = /^(?:@[\w.-]+(?:\/[\w.-]+)*|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

/**
 * The owners of a CODEOWNERS text: on each rule line the words after the pattern (a pattern's
 * spaces are escaped, `\ `), and GitLab's default section owners (`[Section][2] @team`,
 * `^[Optional] @team`). Comments (`#`) and words that are no owner are left out.
 */
export function parseCodeowners(file: string, text: string): Codeowners {
  const owners: string[] = [];
  const rules: Codeowners['rules'] = [];
  const seen = new Set<string>();
  let sectionOwners: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    // A GitLab section: `[Name]`, `^[Name]`, `[Name][2]`, then its default owners.
    const section = /^\^?\[[^\]]*\](?:\[\d+\])?(.*)$/.exec(line);
    const [pattern, ...rest] = section ? ['', ...section[1].trim().split(/\s+/)] : line.split(/(?<!\\)\s+/);
    const named = rest.filter((w) => OWNER.test(w));
    for (const w of named) {
      if (seen.has(w.toLowerCase())) continue;
      seen.add(w.toLowerCase());
      owners.push(w);
    }
    if (section) sectionOwners = named;
    else rules.push({ pattern, owners: named.length ? named : sectionOwners });
  }
  return { file, owners, rules };
}

/**
 * The owners CODEOWNERS gives `path` (repository-relative): the last rule whose pattern takes it
 * (patterns as in a `.gitignore`, anchored to the root when they hold a `/`); none when no rule
 * does, or the rule names none.
 */
export function ownersOf(codeowners: Codeowners, path: string): string[] {
  for (let i = codeowners.rules.length - 1; i >= 0; i--) {
    const { pattern, owners } = codeowners.rules[i];
    let takes = false;
    try {
      takes = ignore({ ignorecase: false }).add(pattern).ignores(path);
    } catch {
      // a pattern the matcher cannot read takes nothing
    }
    if (takes) return owners;
  }
  return [];
}
