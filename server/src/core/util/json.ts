import { findNodeAtLocation, parseTree, visit, type ParseError } from 'jsonc-parser';
import type { Range } from '../types.js';
import { LineIndex } from '../parse/lines.js';

/** Position lookups in the text of a JSON file (config or schema). */
export class JsonText {
  private readonly lines: LineIndex;
  private readonly tree: ReturnType<typeof parseTree>;
  readonly errors: ParseError[] = [];

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
    try {
      this.tree = parseTree(text, this.errors, { disallowComments: true, allowTrailingComma: false });
    } catch {
      // Nesting deeper than the parser's stack: report it as a parse error at the start.
      this.tree = undefined;
      this.errors.push({ error: 1 /* InvalidSymbol */, offset: 0, length: 1 });
    }
  }

  /** Range of the value at `path` (or of the property name, with `key`); the nearest parent if absent. */
  range(path: (string | number)[], key = false): Range {
    if (!this.tree) return this.lines.rangeOf(0, 1);
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(this.tree, path.slice(0, n));
      if (!node) continue;
      const target =
        key && n === path.length && node.parent?.type === 'property' ? node.parent.children![0] : node;
      return this.lines.rangeOf(target.offset, target.offset + target.length);
    }
    return this.lines.rangeOf(0, 1);
  }

  /** Range of the first string value equal to `value` (e.g. an unresolved `$ref`). */
  findString(value: string): Range | undefined {
    let found: Range | undefined;
    visit(this.text, {
      onLiteralValue: (v: unknown, offset: number, length: number) => {
        if (!found && v === value) found = this.lines.rangeOf(offset, offset + length);
      },
    });
    return found;
  }

  /** Range of a parse error. */
  errorRange(e: ParseError): Range {
    return this.lines.rangeOf(e.offset, e.offset + Math.max(1, e.length));
  }
}

/** Splits an ajv `instancePath` (`/a/b~1c/0`) into its segments. */
export function pointerPath(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** A readable form of a path: `kinds.policy.include[0]`, `rules["schema/enum"]`. */
export function showPath(path: (string | number)[]): string {
  return path
    .map((p, i) =>
      typeof p === 'number'
        ? `[${p}]`
        : /^[A-Za-z_$][\w$-]*$/.test(p)
          ? i
            ? `.${p}`
            : p
          : `[${JSON.stringify(p)}]`,
    )
    .join('');
}
