import type { Range } from '../types.js';
import type { LineIndex } from './lines.js';
import type { Heading } from './markdown.js';
import type { Ref, RefKind } from './refs.js';

/*
 * The headings and references of a parsed document as the index holds them: by offsets into the
 * text, their ranges made when read. A range is three objects (a range and two positions, about
 * 120 bytes); a workspace of 50,000 documents holds about a million of them, which was most of
 * its memory. The facts themselves (cached, sent between threads) stay plain data with ranges;
 * these are made from them once per document read, and are read-only like them. `toJSON` gives
 * the plain shape back, so one never carries its text into an output.
 */

/** A {@link Heading} held by offsets. */
export class HeldHeading implements Heading {
  readonly text: string;
  readonly depth: number;
  readonly slug: string;
  private readonly start: number;
  private readonly end: number;
  private readonly contentStart: number;
  private readonly contentEnd: number;

  constructor(
    private readonly lines: LineIndex,
    h: Heading,
  ) {
    this.text = h.text;
    this.depth = h.depth;
    this.slug = h.slug;
    this.start = lines.offsetAt(h.range.start);
    this.end = lines.offsetAt(h.range.end);
    this.contentStart = lines.offsetAt(h.contentRange.start);
    this.contentEnd = lines.offsetAt(h.contentRange.end);
  }

  get range(): Range {
    return this.lines.rangeOf(this.start, this.end);
  }

  get contentRange(): Range {
    return this.lines.rangeOf(this.contentStart, this.contentEnd);
  }

  toJSON(): Heading {
    const { text, depth, range, slug, contentRange } = this;
    return { text, depth, range, slug, contentRange };
  }
}

/** What a {@link Ref} has besides its kind, target and range, when it has any of it. */
type RefRest = Omit<Ref, 'kind' | 'target' | 'range' | 'fragmentRange' | 'textRange'>;

/** A {@link Ref} held by offsets; its optional fields, which most references lack, in one object. */
export class HeldRef implements Ref {
  readonly kind: RefKind;
  readonly target: string;
  private readonly start: number;
  private readonly end: number;
  /** The fragment's and the link text's offsets (-1 without them). */
  private readonly fragmentStart: number;
  private readonly fragmentEnd: number;
  private readonly textStart: number;
  private readonly textEnd: number;
  private readonly rest: RefRest | undefined;

  constructor(
    private readonly lines: LineIndex,
    r: Ref,
  ) {
    this.kind = r.kind;
    this.target = r.target;
    this.start = lines.offsetAt(r.range.start);
    this.end = lines.offsetAt(r.range.end);
    const { fragmentRange: f, textRange: t } = r;
    this.fragmentStart = f ? lines.offsetAt(f.start) : -1;
    this.fragmentEnd = f ? lines.offsetAt(f.end) : -1;
    this.textStart = t ? lines.offsetAt(t.start) : -1;
    this.textEnd = t ? lines.offsetAt(t.end) : -1;
    let rest: Record<string, unknown> | undefined;
    for (const k of REST) if (r[k] !== undefined) (rest ??= {})[k] = r[k];
    this.rest = rest;
  }

  get range(): Range {
    return this.lines.rangeOf(this.start, this.end);
  }
  get fragmentRange(): Range | undefined {
    return this.fragmentStart < 0 ? undefined : this.lines.rangeOf(this.fragmentStart, this.fragmentEnd);
  }
  get textRange(): Range | undefined {
    return this.textStart < 0 ? undefined : this.lines.rangeOf(this.textStart, this.textEnd);
  }
  get fragment(): string | undefined {
    return this.rest?.fragment;
  }
  get base(): Ref['base'] {
    return this.rest?.base;
  }
  get folder(): boolean | undefined {
    return this.rest?.folder;
  }
  get field(): string | undefined {
    return this.rest?.field;
  }
  get loose(): boolean | undefined {
    return this.rest?.loose;
  }
  get image(): boolean | undefined {
    return this.rest?.image;
  }
  get command(): boolean | undefined {
    return this.rest?.command;
  }
  get dir(): string | undefined {
    return this.rest?.dir;
  }

  toJSON(): Ref {
    const plain: Ref = { kind: this.kind, range: this.range, target: this.target, ...this.rest };
    if (this.fragmentRange) plain.fragmentRange = this.fragmentRange;
    if (this.textRange) plain.textRange = this.textRange;
    return plain;
  }
}

/** The fields of {@link RefRest} (the compiler holds this to all of them). */
const REST_FIELDS: Record<keyof RefRest, true> = {
  fragment: true,
  base: true,
  folder: true,
  field: true,
  loose: true,
  image: true,
  command: true,
  dir: true,
};
const REST = Object.keys(REST_FIELDS) as (keyof RefRest)[];
