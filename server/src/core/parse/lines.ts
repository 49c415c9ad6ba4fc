import type { Position, Range } from '../types.js';

/** Maps string offsets to line/character positions and back for one text. */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** Whether the text holds a `\r` (a line may end with one alone). */
  readonly carriageReturns: boolean;

  constructor(readonly text: string) {
    // Line feeds found by indexOf (native, many times faster than a loop over every character);
    // carriage returns looked at only in a text that has one.
    this.carriageReturns = text.includes('\r');
    if (!this.carriageReturns) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Position of a string offset (clamped to the text). */
  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  /** Offset of the start of a line. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Text of one line without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }

  /** Offset of a position (clamped to the text). */
  offsetAt(p: Position): number {
    return Math.min(this.lineStart(p.line) + p.character, this.text.length);
  }

  /** The text of a range as written. */
  textOf(r: Range): string {
    return this.text.slice(this.offsetAt(r.start), this.offsetAt(r.end));
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The range covering the text of one line (without its break). */
  lineRange(line: number): Range {
    const start = this.lineStart(line);
    return this.rangeOf(start, start + this.lineText(line).length);
  }
}
