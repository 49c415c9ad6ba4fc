// The escaping of what the CLI prints from files: apart from the formats (format.ts), so that
// every command, `--version` and a usage error included, has it without the rules' table.

/**
 * Characters a terminal, a CI log or an editor may act on rather than show: C0 controls (line
 * breaks, tabs, escape sequences…), DEL, C1 controls, the line and paragraph separators, and the
 * bidirectional embeddings, overrides and isolates that reorder what is shown.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * `text` with every control character, line separator and bidirectional control written as an
 * escape (`\n`, `\x1b`, `\u202e`), so that a file name or a quote of a file's content printed in a
 * text format is one line and shows as what it is.
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
  });
}

/**
 * JSON text (from `JSON.stringify`, which escapes C0 controls in strings, so any left are
 * whitespace between values) with the characters {@link escapeControls} escapes that JSON leaves
 * raw (DEL, C1, separators, bidirectional controls) written as `\uXXXX`: the same value.
 */
export function jsonWithoutControls(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028-\u202e\u2066-\u2069]/g, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
