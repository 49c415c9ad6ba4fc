/** The owners a CODEOWNERS file names (teams `@org/team`, users `@user`, e-mail addresses). */
export interface Codeowners {
  file: string;
  /** Each owner as written, in the order first met. */
  owners: string[];
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
  const seen = new Set<string>();
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    // A GitLab section: `[Name]`, `^[Name]`, `[Name][2]`, then its default owners.
    const section = /^\^?\[[^\]]*\](?:\[\d+\])?(.*)$/.exec(line);
    const words = section ? section[1].trim().split(/\s+/) : line.split(/(?<!\\)\s+/).slice(1);
    for (const w of words) {
      if (!OWNER.test(w) || seen.has(w.toLowerCase())) continue;
      seen.add(w.toLowerCase());
      owners.push(w);
    }
  }
  return { file, owners };
}
