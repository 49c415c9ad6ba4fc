import type { Check, RuleInfo } from './check.js';
import type { Finding } from '../types.js';
import { MAX_PARSE_COST } from '../parse/markdown.js';

const FAST = 'read in fast mode; front matter, headings and sections are checked, links are not.';

const messages = {
  large: (bytes: number) => `Large file (${(bytes / 1024 / 1024).toFixed(1)} MB): ${FAST}`,
  nesting: (depth: number) => `Quotes or lists nested more than ${depth - 1} levels deep: ${FAST}`,
  brackets: (count: number) => `${count} closing brackets (over 10,000): ${FAST}`,
  cost: (cost: number) =>
    `Too much markup for the parse budget (cost ${cost.toLocaleString('en-US')}, over ${MAX_PARSE_COST.toLocaleString('en-US')}: table cells, list items, lines and punctuation): ${FAST}`,
  budget: (exceeded: 'time' | 'memory', limit: number) =>
    `The parser went over its ${exceeded === 'time' ? `time budget (${limit / 1000} s)` : `memory budget (${limit} MB)`}: ${FAST}`,
  unreadable: (reason: string) => `Not checked: ${reason}.`,
  encoding: (times: number) =>
    `The text holds U+FFFD (�) ${times === 1 ? 'once' : `${times.toLocaleString('en-US')} times`}, the first here: the file is not UTF-8 (a byte that is not is read so) or was damaged in a conversion; what holds it is checked as read. Save the file as UTF-8.`,
};

/** The replacement character a decoder puts for a byte that is not UTF-8. */
const REPLACEMENT = '\uFFFD';

const UNREADABLE: RuleInfo = {
  id: 'file/unreadable',
  severity: 'error',
  summary:
    'A Markdown file could not be checked (binary content, too large, or unreadable), or a folder could not be listed.',
};

/** The finding of a file that could not be read or parsed (it has no document to check). */
export function unreadableFinding(file: string, reason: string): Finding {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const message = messages.unreadable(reason);
  return { file, range, severity: UNREADABLE.severity, rule: UNREADABLE.id, message };
}

/** What the reader could not do with a file: read it whole (fast mode) or at all. */
export const fileCheck: Check = {
  name: 'file',
  rules: [
    {
      id: 'file/large',
      severity: 'info',
      summary:
        'A Markdown file over 1 MB, or with more markup than the parse budget (or whose parse went over its time or memory budget), was read in fast mode: front matter, headings and sections are checked, links are not.',
    },
    {
      id: 'file/pathological',
      severity: 'info',
      summary:
        'Quotes or lists nested more than 32 levels deep, or over 10,000 `]`: the file was read in fast mode (links not checked).',
    },
    UNREADABLE,
    {
      id: 'file/encoding',
      severity: 'info',
      summary:
        'A Markdown file holds U+FFFD (�): it is not UTF-8 (each byte that is not is read so) or was damaged in a conversion.',
    },
  ],
  run({ doc, report }) {
    const fast = doc.parsed.fastMode;
    const lines = doc.parsed.lines;
    const text = doc.parsed.text;
    const first = text.indexOf(REPLACEMENT);
    if (first >= 0) {
      let times = 0;
      for (let i = first; i >= 0; i = text.indexOf(REPLACEMENT, i + 1)) times++;
      const at = lines.positionAt(first);
      const range = { start: at, end: { line: at.line, character: at.character + 1 } };
      report('file/encoding', range, messages.encoding(times));
    }
    if (!fast) return;
    if (fast.reason === 'large') {
      report('file/large', lines.lineRange(0), messages.large(doc.parsed.text.length));
    } else if (fast.reason === 'budget') {
      report('file/large', lines.lineRange(0), messages.budget(fast.exceeded, fast.limit));
    } else if (fast.reason === 'cost') {
      report('file/large', lines.lineRange(0), messages.cost(fast.cost));
    } else if (fast.reason === 'nesting') {
      report('file/pathological', lines.lineRange(fast.line), messages.nesting(fast.depth));
    } else {
      report('file/pathological', lines.lineRange(0), messages.brackets(fast.count));
    }
  },
};
