import type { KindConfig } from '../config.js';
import { isDetectFacts, type DetectFacts } from '../init/detect.js';
import type { ParsedDoc } from '../parse/markdown.js';
import type { Located } from '../parse/frontMatter.js';
import type { Ref } from '../parse/refs.js';
import type { Range } from '../types.js';
import type { DocInfo, Profile } from './docInfo.js';

/**
 * What a run kept of a document for a later start that finds its file at the same version: how
 * its kind described it and the summary template learning reads. With it the start holds the
 * document as a {@link LazyDoc} and builds it only when something asks for more.
 */
export interface LeanDoc {
  /** {@link describedAs} of the kind and id patterns the document was described with. */
  describedAs: string;
  id?: string;
  profile: Profile;
  detect: DetectFacts;
}

const PROFILES = new Set(['front-matter', 'madr', 'nygard']);
const LEAN_KEYS = new Set(['describedAs', 'id', 'profile', 'detect']);

/** The {@link LeanDoc} a snapshot kept as JSON, or undefined when it is not one (then built). */
export function leanOf(json: string): LeanDoc | undefined {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const sound =
    Object.keys(o).every((k) => LEAN_KEYS.has(k)) &&
    typeof o.describedAs === 'string' &&
    (o.id === undefined || typeof o.id === 'string') &&
    PROFILES.has(o.profile as string) &&
    isDetectFacts(o.detect);
  return sound ? (o as unknown as LeanDoc) : undefined;
}

/**
 * What `describe` reads of a document's kind and of every kind's id patterns (see
 * `describedAlike` in engine.ts): equal for two configurations, equal descriptions of one text.
 */
export function describedAs(kind: KindConfig | undefined, idPatterns: readonly string[]): string {
  const read = kind && [kind.name, kind.idPattern ?? null, kind.legacyFormats, kind.fields];
  return JSON.stringify([read ?? null, idPatterns]);
}

/**
 * A document of a start's index taken at its known version and not built yet: its id and profile
 * (which the index's tables and schemas need) are the last run's; everything else builds the
 * document (`build`: its kept text and facts, described with its kind) the first time it is read,
 * synchronously. A check, a request or the language server's background build does so; the
 * documents no change reaches are never built by the start itself.
 */
export class LazyDoc implements DocInfo {
  private doc?: DocInfo;

  constructor(
    readonly file: string,
    readonly kind: KindConfig | undefined,
    readonly lean: LeanDoc,
    private readonly build: (kind: KindConfig | undefined) => DocInfo,
  ) {}

  get id(): string | undefined {
    return this.lean.id;
  }
  get profile(): Profile {
    return this.lean.profile;
  }
  /** True once built. */
  get built(): boolean {
    return this.doc !== undefined;
  }
  /**
   * The same document with `kind`, not built yet: built, it is described with `kind` and the id
   * patterns then in effect (one built while the index was built may have had others).
   */
  withKind(kind: KindConfig | undefined): LazyDoc {
    return new LazyDoc(this.file, kind, this.lean, this.build);
  }
  /** The document whole, built now if not yet. */
  whole(): DocInfo {
    return (this.doc ??= this.build(this.kind));
  }
  get parsed(): ParsedDoc {
    return this.whole().parsed;
  }
  get data(): Record<string, unknown> {
    return this.whole().data;
  }
  locate(path: readonly (string | number)[]): Located {
    return this.whole().locate(path);
  }
  get title(): string | undefined {
    return this.whole().title;
  }
  get status(): string | undefined {
    return this.whole().status;
  }
  get titleRange(): Range {
    return this.whole().titleRange;
  }
  get refs(): Ref[] {
    return this.whole().refs;
  }
  get idRange(): Range {
    return this.whole().idRange;
  }
  get successor(): string | undefined {
    return this.whole().successor;
  }
}
