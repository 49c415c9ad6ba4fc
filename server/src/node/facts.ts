import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Logger } from '../core/types.js';
import type { FactsSource, KnownEntry, KnownSource, RereadSource } from '../core/engine.js';
import { extractFacts, FACTS_VERSION, scanFacts, type DocFacts } from '../core/parse/markdown.js';
import { factsProblem } from '../core/parse/factsShape.js';
import { finish, finishWithPauses, Pacer } from '../core/util/pace.js';
import { readOwnFile, readOwnFileAsync, removeTemp, tempBeside } from './atomicWrite.js';

/**
 * Workspaces with fewer Markdown files than this are parsed on the main thread (starting workers costs more).
 */
export const WORKERS_FROM = 64;

/**
 * The budget of one parse in a parser thread: a document whose parse takes longer, or needs a
 * larger heap, is read in fast mode on the calling thread instead (a `file/large` info says so)
 * and the thread is replaced. A safety net behind the parse budget on the markup
 * (`MAX_PARSE_COST`), under which the costliest documents took 4.5 s and 570 MB here. The heap is
 * 2 GB, not less: V8 lets a heap limited below 2 GB grow by a smaller factor before each full
 * collection, and a thread limited to 1 GB parsed the real-docs corpus in 21 s (32 s of CPU)
 * against 16–17 s (22–25 s) at 2 GB or on the main thread (docs/performance.md).
 */
export const PARSE_BUDGET = { timeMs: 30_000, memoryMb: 2048 };

let builtins: { v8: typeof import('node:v8'); crypto: typeof import('node:crypto') } | undefined;

/** node:v8 and node:crypto, which only the cache uses: loaded when it is first used, not with every check. */
function cacheBuiltins() {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return (builtins ??= {
    v8: require('node:v8') as typeof import('node:v8'),
    crypto: require('node:crypto') as typeof import('node:crypto'),
  });
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** A cache entry as stored: a text and its facts, bound to the text's hash. */
export interface Sealed {
  /** The hash of the text ({@link FactsCache.key}): the entry's key, recorded again in the entry. */
  hash: string;
  /** The text, UTF-8. */
  text: Uint8Array;
  /** The facts, serialized. */
  bytes: Uint8Array;
  /**
   * A hash of {@link hash} and {@link bytes}: any change to either, or an entry moved, shows. (The
   * text shows its own: its hash is the key.)
   */
  seal: string;
}

/** A cache file read whole ({@link readCacheFile}, {@link writeCacheFile}): for tests and tooling. */
export interface StoredCache {
  version: string;
  entries: Map<string, Sealed>;
}

/**
 * Bumped when the file's layout changes (entries sealed since 2; one record per entry since 3;
 * with its text since 4; an index of the records at the end since 5).
 */
const LAYOUT = 5;

/** The bytes a save gathers before writing them to the file (a write of about a millisecond). */
const WRITE_BYTES = 1 << 20;

/**
 * The texts of the last full index and their facts, on disk, keyed by a hash of the text. Saving
 * keeps only the entries the last run used, so the file never grows past the workspace. The text
 * is kept for a start that knows a file is at the version its text was read from (its device,
 * inode, size and times, see `FsWorkspace.version`): it takes the text and facts from here
 * ({@link known}) instead of reading the file (10k documents: ~0.3 s of system calls).
 *
 * The file is a header, `v8.serialize({ version })`, one record per entry (its hash, seal, text
 * and facts, as {@link Sealed}), then an index of the records by key ({@link encode}). Opening
 * reads the header and the index, the records left as bytes of the file; an entry's fields are
 * read and its facts deserialized when first asked for, and a save writes record by record (with
 * pauses, in the language server).
 *
 * Nothing read from the file is trusted: each entry must carry its key (the text's hash) and a seal
 * over it, its text and its facts, and the facts must have the shape of {@link DocFacts} and fit
 * the text ({@link factsProblem}). An entry that does not is parsed again from the text, as a
 * miss, so the next save rewrites it; the first such entry is logged, as is a record whose fields
 * do not fit it. An index that does not fit the file (a file cut short) makes the whole file
 * damaged.
 */
export class FactsCache {
  /** Entries as read, or as written by the last save: each checked when first asked for. */
  private stored?: Map<string, Sealed>;
  /** The file's bytes being read by the thread pool (see {@link prefetch}). */
  private fetching?: Promise<Buffer | undefined>;
  private used = new Map<string, Used>();
  hits = 0;
  misses = 0;
  /** Entries refused since the cache was opened. */
  damaged = 0;

  private constructor(
    readonly file: string,
    private readonly version: string,
    private readonly logger: Logger,
    private readonly named: boolean,
  ) {}

  /**
   * Opens the cache file; a missing, stale or damaged one is started afresh (and logged). The
   * file is read when an entry is first asked for (a check that reuses its last result asks none).
   * `named`: the user named the file (`--cache-location`), which a save then replaces only if it
   * is a cache file (it may be a document named by mistake); a file at OpsDocs' own places (the
   * editor's storage, `node_modules/.cache/opsdocs`) is replaced whatever damage it holds.
   */
  static open(file: string, toolVersion: string, logger: Logger, named = false): FactsCache {
    const version = `${toolVersion}/${FACTS_VERSION}/${process.version}/${LAYOUT}`;
    return new FactsCache(file, version, logger, named);
  }

  /** The entries as read from the file (read now if not yet) or as written by the last save. */
  private get entries(): Map<string, Sealed> {
    if (this.stored) return this.stored;
    return (this.stored = finish(this.reading(readOwnFile(this.file))));
  }

  /**
   * Starts reading the file's bytes by the thread pool, for a {@link loadWithPauses} that comes
   * later (the language server's index lists and digests the workspace meanwhile). Settles when
   * they are read.
   */
  prefetch(): Promise<unknown> {
    if (!this.stored) this.fetching ??= readOwnFileAsync(this.file);
    return this.fetching ?? Promise.resolve();
  }

  /**
   * Reads the file now (its bytes by the thread pool, unless {@link prefetch} started it) and its
   * records in slices of about 10 ms (`pace`) with pauses between them, for a process that serves
   * requests meanwhile (the language server, before its index asks for entries).
   */
  async loadWithPauses(pace = Pacer.letsEventsIn()): Promise<void> {
    if (this.stored) return;
    const bytes = await (this.fetching ?? readOwnFileAsync(this.file));
    this.fetching = undefined;
    if (this.stored) return; // an entry was asked for meanwhile
    const read = await finishWithPauses(
      this.reading(bytes, () => pace.due(RECORDS_A_STEP)),
      pace,
    );
    this.stored ??= read; // unless an entry was asked for meanwhile
  }

  /**
   * The entries of `buf` (the file, if there is one), yielding wherever `due()` says a paced read
   * should rest; a stale or damaged file gives none (and is logged).
   */
  private *reading(
    buf: Buffer | undefined,
    due: () => boolean = () => false,
  ): Generator<void, Map<string, Sealed>> {
    if (buf === undefined) return new Map();
    const { file, version, logger } = this;
    try {
      const head = readHeader(buf);
      if (head?.version === version) return yield* readRecords(buf, head.end, due);
      if (head) logger.log(`Cache ${file} was written by another version; starting afresh.`);
      else logger.log(`Cache ${file} is damaged (not a cache file); starting afresh.`);
    } catch (e) {
      logger.log(`Cache ${file} is damaged (${(e as Error).message}); starting afresh.`);
    }
    return new Map();
  }

  /** The key of a text (as a string, or as its UTF-8 bytes): its hash. */
  static key(this: void, text: string | Uint8Array): string {
    return cacheBuiltins().crypto.createHash('sha1').update(text).digest('base64');
  }

  /** The seal of an entry: a hash of its key and its bytes. */
  static seal(hash: string, bytes: Uint8Array): string {
    return cacheBuiltins().crypto.createHash('sha1').update(hash).update(bytes).digest('base64');
  }

  /** The facts of `text` (whose {@link key} is `key`), if cached and sound; a miss otherwise. */
  get(key: string, text: string): DocFacts | undefined {
    const found = this.lookup(key, text);
    if (!found) this.misses++;
    return found?.facts;
  }

  /**
   * The text whose hash is `key` and its facts, if cached and sound (a miss is not counted: the
   * caller reads the file and asks {@link get}), noted as used. The entry's seal and its text's
   * hash are checked now; its text is decoded and its facts read when first asked for (facts that
   * cannot be read or do not fit the text are then undefined, the entry dropped: the caller parses
   * the text).
   */
  known(key: string): KnownEntry | undefined {
    const mine = this.used.get(key);
    if (mine?.facts) {
      this.hits++;
      const { text, facts } = mine;
      return { text: () => text, facts: () => facts };
    }
    const raw = mine?.sealed ?? this.entries.get(key);
    if (!raw) return undefined;
    let problem: string | undefined;
    try {
      problem = sealProblem(key, raw, true);
    } catch (e) {
      problem = (e as Error).message; // a record whose fields do not fit it
    }
    if (problem !== undefined) return void this.refuse(key, problem);
    this.hits++;
    this.used.set(key, { sealed: raw });
    let text: string | undefined;
    const textOf = () => (text ??= decoded(raw.text));
    return {
      text: textOf,
      facts: () => {
        const opened = factsOf(raw.bytes, textOf());
        if ('facts' in opened) return opened.facts;
        this.used.delete(key);
        return void this.refuse(key, opened.problem);
      },
    };
  }

  /** The entry of `key`, parsed since the last save or opened from the file, for `text` if given. */
  private lookup(key: string, text?: string): { text: string; facts: DocFacts } | undefined {
    const mine = this.used.get(key);
    if (mine?.facts) {
      this.hits++;
      return { text: mine.text, facts: mine.facts };
    }
    // An entry read from the file is kept as its bytes only: the facts given out are the caller's
    // (the index keeps what it builds of them, not them), and a second text with the same key
    // (an identical copy) opens the bytes again.
    const raw = mine?.sealed ?? this.entries.get(key);
    return raw && this.open(key, raw, text);
  }

  /**
   * The facts of an entry if it is sound for `text` (its own text when not given), noted as used;
   * a damaged entry is dropped (and the first one logged).
   */
  private open(key: string, raw: Sealed, text?: string): { text: string; facts: DocFacts } | undefined {
    let opened: ReturnType<typeof unseal>;
    try {
      opened = unseal(key, raw, text);
    } catch (e) {
      opened = { problem: (e as Error).message }; // a record whose fields do not fit it
    }
    if ('facts' in opened) {
      this.hits++;
      this.used.set(key, { sealed: raw });
      return opened;
    }
    return void this.refuse(key, opened.problem);
  }

  /** Drops a damaged entry (and logs the first one). */
  private refuse(key: string, problem: string): void {
    this.entries.delete(key);
    if (this.damaged++ === 0)
      this.logger.log(
        `Cache ${this.file} has a damaged entry (${problem}); damaged entries are parsed again and the cache rewritten.`,
      );
  }

  /**
   * Keeps the facts of `text` (whose {@link key} is `key`) for the next save. A text that UTF-8
   * cannot hold as it is (a lone surrogate, which only an editor's buffer can have) is not kept.
   */
  set(key: string, facts: DocFacts, text: string): void {
    if (text.isWellFormed()) this.used.set(key, { facts, text });
  }

  /**
   * {@link save} for a process that serves requests meanwhile (the language server): the entries
   * are sealed and written in slices of about 10 ms (`pace`) with pauses between them.
   */
  async saveWithPauses(pace = Pacer.letsEventsIn()): Promise<string | undefined> {
    return finishWithPauses(
      this.saving(() => pace.due()),
      pace,
    );
  }

  /**
   * Writes the entries used since the last save (temp file + rename), unless they are exactly
   * the entries read (nothing parsed, nothing gone); returns an error message or undefined.
   */
  save(): string | undefined {
    return finish(this.saving(() => false));
  }

  /**
   * The work of {@link save}, which it runs in one go: yields wherever `due()` says a paced save
   * ({@link saveWithPauses}) should rest, and returns what `save` returns.
   */
  private *saving(due: () => boolean): Generator<void, string | undefined> {
    const unchanged = this.misses === 0 && this.used.size === this.entries.size;
    if (unchanged) {
      this.used = new Map();
      this.hits = 0;
      return undefined;
    }
    const refused = notReplaceable(this.file, this.named);
    if (refused) return `cannot write the cache ${this.file}: ${refused}; not replaced`;
    const tmp = tempBeside(this.file);
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const fd = fs.openSync(tmp, 'wx'); // created here: never a file or link planted at its name
      try {
        yield* writeAll(fd, encode(this.version, sealedOf(this.used)), due);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.file);
    } catch (e) {
      removeTemp(tmp);
      return `cannot write the cache ${this.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    }
    this.stored = new Map(sealedOf(this.used));
    this.used = new Map();
    this.hits = this.misses = 0;
    return undefined;
  }
}

/**
 * An entry used since the last save: facts parsed since (sealed when saved), or the bytes of an
 * entry read from the file (its facts are not kept).
 */
type Used = { facts: DocFacts; text: string; sealed?: Sealed } | { facts?: undefined; sealed: Sealed };

/** The entries of `used` as stored, by key (serialized and sealed now if parsed since the last save). */
function* sealedOf(used: Map<string, Used>): Generator<[string, Sealed]> {
  for (const [hash, u] of used)
    yield [hash, u.facts ? (u.sealed ??= sealed(hash, u.text, u.facts)) : u.sealed];
}

/** The stored entry of a text parsed since the last save. */
function sealed(hash: string, text: string, facts: DocFacts): Sealed {
  const bytes = cacheBuiltins().v8.serialize(facts);
  return { hash, text: Buffer.from(text, 'utf8'), bytes, seal: FactsCache.seal(hash, bytes) };
}

/**
 * Why what is at `file` is no cache file a save may replace (a link, a FIFO, a folder, or, when the
 * user `named` it, a file that is not a cache: a document named by mistake), or undefined when
 * there is nothing there or a cache file of any version.
 */
function notReplaceable(file: string, named: boolean): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    return undefined; // nothing there (or a folder on the way is missing: the save makes it)
  }
  if (st.isSymbolicLink()) return 'it is a symbolic link';
  if (!st.isFile()) return 'it is not a file';
  if (!named) return undefined;
  try {
    const fd = fs.openSync(
      file,
      fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (fs.constants.O_NOFOLLOW ?? 0),
    );
    try {
      const head = Buffer.alloc(HEAD_BYTES);
      if (readHeader(head.subarray(0, fs.readSync(fd, head, 0, HEAD_BYTES, 0)))) return undefined;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // unreadable, or not a header: not a cache
  }
  return 'it is not a cache file (delete it, or name another file)';
}

/** Bytes enough for a cache file's {@link header}. */
const HEAD_BYTES = 4096;

/** The header of a cache file written by `version`. */
function header(version: string): Buffer {
  return cacheBuiltins().v8.serialize({ version });
}

/**
 * The bytes of a cache file, piece by piece: the {@link header}; for each entry its record: hash
 * and seal (latin1), its text's and its facts' bytes, each behind its length (u32,
 * little-endian); then the index of the records: the keys (latin1, one a line) behind their
 * length, the count of records and where each starts and the last ends (u32 each); last, where
 * the index starts (u32). Opening reads the index alone ({@link readRecords}).
 */
function* encode(version: string, entries: Iterable<[string, Sealed]>): Generator<Uint8Array> {
  const head = header(version);
  yield head;
  const keys: string[] = [];
  const starts = [head.length];
  for (const [key, { hash, seal, text, bytes }] of entries) {
    const record = [Buffer.from(hash, 'latin1'), Buffer.from(seal, 'latin1'), text, bytes];
    for (const field of record) {
      yield u32(field.length);
      yield field;
    }
    keys.push(key);
    starts.push(starts[starts.length - 1] + record.reduce((n, f) => n + 4 + f.length, 0));
  }
  const index = starts[starts.length - 1];
  const names = Buffer.from(keys.join('\n'), 'latin1');
  yield u32(names.length);
  yield names;
  yield u32(keys.length);
  for (const at of starts) yield u32(at);
  yield u32(index);
}

/** `n` as 4 bytes, little-endian. */
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

/**
 * Writes `pieces` to the open file `fd`, about {@link WRITE_BYTES} at a time; yields after a piece
 * when `due()`.
 */
function* writeAll(fd: number, pieces: Iterable<Uint8Array>, due: () => boolean): Generator<void, void> {
  let batch: Uint8Array[] = [];
  let size = 0;
  for (const piece of pieces) {
    batch.push(piece);
    size += piece.length;
    if (size >= WRITE_BYTES) {
      fs.writevSync(fd, batch);
      batch = [];
      size = 0;
    }
    if (due()) yield;
  }
  fs.writevSync(fd, batch);
}

/**
 * The version a cache file says it was written by and where its records start (undefined when it
 * is not a cache file); throws when the bytes cannot be read. `deserialize` reads the header's
 * value and leaves the records after it; a file of layout 2 or before (its version and entries in
 * one value) is read whole, as another version's.
 */
function readHeader(buf: Buffer): { version: string; end: number } | undefined {
  const head = cacheBuiltins().v8.deserialize(buf) as { version?: unknown } | null | undefined;
  if (typeof head?.version !== 'string') return undefined;
  return { version: head.version, end: header(head.version).length };
}

/**
 * The entries of a cache file whose records start at `at`, by key, each a view of its record in
 * `buf` (its fields read when the entry is opened), from the index at the end of the file (see
 * {@link encode}): one string of keys and a list of offsets, not a walk over 10k records (~0.1 s
 * of code not optimized yet at a start). Throws when the index does not fit the file (a file cut
 * short, or bytes added or changed there).
 */
function* readRecords(buf: Buffer, at: number, due: () => boolean): Generator<void, Map<string, Sealed>> {
  const damaged = () => new Error('its index of records is damaged (or the file was cut short)');
  const word = (i: number) => (i >= at && i + 4 <= buf.length ? buf.readUInt32LE(i) : NaN);
  const index = word(buf.length - 4);
  const namesEnd = index + 4 + word(index);
  const count = word(namesEnd);
  // The index must end right before the last word, with one offset more than there are records.
  if (!(namesEnd + 4 + 4 * (count + 1) === buf.length - 4)) throw damaged();
  const keys = count ? buf.toString('latin1', index + 4, namesEnd).split('\n') : [];
  const entries = new Map<string, Sealed>();
  let start = word(namesEnd + 4);
  if (start !== at || keys.length !== count) throw damaged();
  for (let i = 0; i < count; i++) {
    const end = word(namesEnd + 8 + 4 * i);
    if (!(end > start && end <= index)) throw damaged();
    entries.set(keys[i], new Stored(buf, start, end));
    start = end;
    if (i % RECORDS_A_STEP === 0 && due()) yield;
  }
  if (start !== index) throw damaged();
  return entries;
}

/**
 * An entry as its record in a cache file holds it, its fields read when first asked for (a field
 * that runs past the record throws).
 */
class Stored implements Sealed {
  private ends?: number[];

  constructor(
    private readonly buf: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {}

  /** Where the hash, seal, text and facts fields end (each starts with its length). */
  private fields(): number[] {
    if (this.ends) return this.ends;
    const ends: number[] = [];
    let at = this.start;
    for (let i = 0; i < 4; i++) {
      const end = at + 4 <= this.end ? at + 4 + this.buf.readUInt32LE(at) : Infinity;
      if (end > this.end) throw new Error(`a record runs past its end at byte ${at}`);
      ends.push((at = end));
    }
    if (at !== this.end) throw new Error(`a record has bytes after its fields at byte ${at}`);
    return (this.ends = ends);
  }

  get hash(): string {
    return this.buf.toString('latin1', this.start + 4, this.fields()[0]);
  }
  get seal(): string {
    const ends = this.fields();
    return this.buf.toString('latin1', ends[0] + 4, ends[1]);
  }
  get text(): Uint8Array {
    const ends = this.fields();
    return this.buf.subarray(ends[1] + 4, ends[2]);
  }
  get bytes(): Uint8Array {
    const ends = this.fields();
    return this.buf.subarray(ends[2] + 4, ends[3]);
  }
}

/** Records read between two looks at the clock (see {@link FactsCache.loadWithPauses}). */
const RECORDS_A_STEP = 64;

/**
 * A cache file whole, its entries not checked: for tests and tooling. Throws when it is not a
 * cache file, its index is damaged or a record runs past its end.
 */
export function readCacheFile(file: string): StoredCache {
  const buf = fs.readFileSync(file);
  const head = readHeader(buf);
  if (!head) throw new Error(`${file} is not a cache file`);
  const entries = new Map<string, Sealed>();
  for (const [key, { hash, seal, text, bytes }] of finish(readRecords(buf, head.end, () => false)))
    entries.set(key, { hash, seal, text, bytes });
  return { version: head.version, entries };
}

/** Writes `stored` as a cache file, each entry as it is (not sealed again): for tests and tooling. */
export function writeCacheFile(file: string, stored: StoredCache): void {
  fs.writeFileSync(file, Buffer.concat([...encode(stored.version, stored.entries)]));
}

/**
 * The text and facts of a stored entry if it is sound for `text` (whose hash is `key`; the entry's
 * own text when not given), or why not.
 */
function unseal(
  key: string,
  raw: Sealed,
  given?: string,
): { text: string; facts: DocFacts } | { problem: string } {
  const problem = sealProblem(key, raw, given === undefined);
  if (problem !== undefined) return { problem };
  const text = given ?? decoded(raw.text);
  const opened = factsOf(raw.bytes, text);
  return 'facts' in opened ? { text, facts: opened.facts } : opened;
}

/**
 * Why a stored entry is not the one of `key`: stored for another text, its facts changed, or
 * (`withText`) its own text changed; undefined when it is.
 */
function sealProblem(
  key: string,
  { hash, text, bytes, seal }: Sealed,
  withText: boolean,
): string | undefined {
  if (hash !== key) return 'it was stored for another text';
  if (FactsCache.seal(hash, bytes) !== seal) return 'its contents were changed';
  // The text kept is hashed as a text read is (its UTF-8: the cache keeps well-formed texts only).
  if (withText && FactsCache.key(text) !== key) return 'its text was changed';
  return undefined;
}

/** A kept text's UTF-8 bytes as a string. */
const decoded = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');

/** The facts serialized in `bytes` if they can be read and fit `text`, or why not. */
function factsOf(bytes: Uint8Array, text: string): { facts: DocFacts } | { problem: string } {
  let facts: unknown;
  try {
    facts = cacheBuiltins().v8.deserialize(bytes);
  } catch (e) {
    return { problem: `its facts cannot be read: ${(e as Error).message}` };
  }
  const problem = factsProblem(facts, text);
  if (problem) return { problem: `its facts are not sound: ${problem}` };
  return { facts: facts as DocFacts };
}

interface Job {
  text: string;
  resolve(f: DocFacts): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
  /** True once the thread has loaded the parser (its start does not count against the time budget). */
  ready?: boolean;
}

/**
 * Parses texts in worker threads (`dist/parser.js`), one job per worker at a time. A worker that
 * goes over its {@link PARSE_BUDGET} (time or heap) is ended and replaced, and its text read in
 * fast mode; one that fails otherwise fails its job (the file is reported as unreadable) and is
 * replaced: the server itself never runs the parse that broke it.
 */
export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];

  constructor(
    private readonly script: string,
    readonly size: number,
    private readonly logger: Logger,
    private readonly budget = PARSE_BUDGET,
  ) {}

  extract(text: string): Promise<DocFacts> {
    return new Promise((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      this.pump();
    });
  }

  /**
   * Starts the threads now (their start, ~0.1–0.2 s loading the parser, then overlaps other work)
   * for a caller that knows texts to parse are coming.
   */
  warm(): void {
    while (this.slots.length < this.size) this.spawn();
  }

  /** Ends the workers (idle ones at once; the pool is started again by the next job). */
  close(): void {
    for (const s of this.slots.splice(0)) void s.worker.terminate();
    for (const j of this.queue.splice(0)) j.resolve(extractFacts(j.text));
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref(); // a busy worker keeps the process alive; an idle one does not
      if (slot.ready) this.startClock(slot);
      slot.worker.postMessage(job.text);
    }
  }

  /** Starts the time budget of the slot's job. */
  private startClock(slot: Slot): void {
    const { timeMs } = this.budget;
    slot.timer = setTimeout(
      () =>
        this.fail(slot, new Error(`parsing took over ${timeMs / 1000} s`), {
          exceeded: 'time',
          limit: timeMs,
        }),
      timeMs,
    );
  }

  private spawn(): Slot {
    // Loaded when the first thread starts, not with every command.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
    const worker = new Worker(this.script, {
      resourceLimits: { maxOldGenerationSizeMb: this.budget.memoryMb },
    });
    const slot: Slot = { worker };
    worker.unref();
    worker.on('message', (m: { ready?: true; facts?: DocFacts; error?: string }) => {
      if (m.ready) {
        slot.ready = true;
        if (slot.job) this.startClock(slot);
        return;
      }
      const job = slot.job;
      clearTimeout(slot.timer);
      slot.job = undefined;
      worker.unref();
      if (job) {
        if (m.facts) job.resolve(m.facts);
        else job.reject(new Error(m.error ?? 'no result'));
      }
      this.pump();
    });
    worker.on('error', (e: NodeJS.ErrnoException) =>
      this.fail(
        slot,
        e,
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { exceeded: 'memory', limit: this.budget.memoryMb }
          : undefined,
      ),
    );
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) this.fail(slot, new Error(`the parser thread exited (code ${code})`));
    });
    this.slots.push(slot);
    this.logger.log(`Started parser thread ${this.slots.length} of ${this.size}.`);
    return slot;
  }

  /** Ends a worker that failed; its job is read in fast mode when it went over `budget`, else fails. */
  private fail(slot: Slot, e: Error, budget?: { exceeded: 'time' | 'memory'; limit: number }): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    clearTimeout(slot.timer);
    void slot.worker.terminate();
    this.logger.log(
      `Parser thread failed: ${e.message}${budget ? '; the document is read in fast mode' : ''}`,
    );
    if (budget) slot.job?.resolve(scanFacts(slot.job.text, { reason: 'budget', ...budget }));
    else slot.job?.reject(e);
    this.pump();
  }
}

/** Options of {@link factsSource}. */
export interface FactsOptions {
  /** The on-disk cache, if any. */
  cache?: FactsCache;
  /** Parser threads besides the calling one; 0 parses on the calling thread. */
  threads: number;
  /** The worker script (the bundled `parser.js` beside the running bundle). */
  script?: string;
  /** A pool to share (several workspace folders); made when absent. */
  pool?: ParsePool;
  /**
   * The fewest Markdown files a workspace has for its index to be parsed in the threads (default
   * {@link WORKERS_FROM}); the language server parses every text there (0), to stay free for requests.
   */
  workersFrom?: number;
  logger: Logger;
}

/**
 * The engine's facts sources: while indexing, the cache first, then the parser threads (for big
 * workspaces) or this thread; for a document re-read after a change, the threads when there are
 * any (the cache is not consulted: it holds the texts of the last full index).
 */
export function factsSource(opts: FactsOptions): {
  source: FactsSource;
  reread?: RereadSource;
  known?: KnownSource;
  pool?: ParsePool;
} {
  // In the bundles (CommonJS) the worker script sits beside the running one.
  const script = opts.script ?? (typeof __dirname === 'string' ? path.join(__dirname, 'parser.js') : '');
  const pool =
    opts.pool ??
    (opts.threads > 0 && script && fs.existsSync(script)
      ? new ParsePool(script, opts.threads, opts.logger)
      : undefined);
  const cache = opts.cache;
  // The engine's hash of a text is this cache's key (the server and the CLI give it
  // FactsCache.key): a text it read comes with its key, not hashed twice.
  const source: FactsSource = async (text, total, hash) => {
    const key = cache ? (hash ?? FactsCache.key(text)) : '';
    const hit = cache?.get(key, text);
    if (hit) return hit;
    const facts =
      pool && total >= (opts.workersFrom ?? WORKERS_FROM) ? await pool.extract(text) : extractFacts(text);
    // Over the thread's budget depends on the machine's load: parsed again next time.
    if (!facts.fastMode || facts.fastMode.reason !== 'budget') cache?.set(key, facts, text);
    return facts;
  };
  const known = cache && ((hash: string) => cache.known(hash));
  return { source, reread: pool && ((text) => pool.extract(text)), known, pool };
}
