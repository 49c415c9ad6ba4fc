import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Engine, KnownHash, Reusable } from '../core/engine.js';
import { readOwnFile, writeFileAtomic } from './atomicWrite.js';
import { finish, finishWithPauses, type Pacer } from '../core/util/pace.js';
import type { Finding, Logger } from '../core/types.js';

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);
const FINDING = new Set(['file', 'range', 'severity', 'rule', 'message', 'data']);
const FIX_DATA = new Set(['replacement', 'section', 'field', 'file']);
const RESULT = new Set(['findings', 'documents', 'configFindings', 'notes']);
const REUSABLE = new Set([
  'context',
  'stats',
  'names',
  'flags',
  'hashes',
  'ids',
  'keys',
  'starts',
  'members',
]);

/** The hash the engine digests texts with (see `EngineOptions.hash`). */
export const sha1 = (text: string | Uint8Array): string => createHash('sha1').update(text).digest('base64');

/** The seal of stored bytes: a hash of what they are for (the inputs' digest, or `versions`) and of them. */
const sealOf = (what: string, bytes: Uint8Array): string => sha1(`${what}\n${sha1(bytes)}`);

/** The seal of the versions' chunks: of the hash of each. */
const sealOfChunks = (chunks: Uint8Array[]) =>
  sealOf('versions', Buffer.from(chunks.map((c) => sha1(c)).join('\n')));

/** Documents' versions in one chunk of the snapshot (each read with a rest after it). */
const VERSIONS_A_CHUNK = 1000;

/** What a full check of a folder gave: all it reports, so a later one can say the same without checking. */
export interface CheckResult {
  /** Every finding (`Engine.allFindings`). */
  findings: Finding[];
  /** How many documents were checked. */
  documents: number;
  /** How many of the findings are the configuration's own (`Engine.getConfigFindings`). */
  configFindings: number;
  /** What the check said besides its findings (the CLI's notes on learned templates). */
  notes: string[];
}

/** The result of a full check of `engine`'s index, with the notes the check wrote. */
export function resultOf(engine: Engine, notes: string[] = []): CheckResult {
  const findings = engine.allFindings();
  return {
    findings,
    documents: engine.documents().size,
    configFindings: engine.getConfigFindings().length,
    notes,
  };
}

let buildId: string | undefined;
/**
 * This OpsDocs build: its version, the Node version it runs on and a hash of the running bundle's
 * code (a snapshot written by another is not used).
 */
export function thisBuild(version: string): string {
  if (buildId === undefined) {
    let code = '';
    try {
      code = sha1(fs.readFileSync(__filename));
    } catch {
      // the version alone
    }
    buildId = `${version} ${process.version} ${code}`;
  }
  return buildId;
}

/**
 * The result of a folder's last full check and the digest of its inputs (`Engine.inputsDigest`),
 * on disk beside the parse cache: when nothing it depends on changed, a later start of the
 * language server shows its findings at once, before its index is built (the index then checks
 * again and replaces them), and a later `opsdocs check` reports it without building the index.
 * Nothing read is trusted: a snapshot of another build, of other inputs, damaged or of the wrong
 * shape is not used (the damaged one is logged).
 */
export class FindingsSnapshot {
  /**
   * The file as read by {@link knownHashes} or {@link resultFor}, for the {@link resultFor} and
   * {@link lastCheck} that follow it (read once per start); forgotten by the latter and by a save.
   */
  private opened?: Record<string, unknown> | null;
  private said = false;

  constructor(
    readonly file: string,
    /** The OpsDocs build: a snapshot written by another is not used. */
    private readonly build: string,
    private readonly logger: Logger,
  ) {}

  /**
   * The version and hash of each document as the last check read it (`Engine.readVersions`), for
   * `EngineOptions.knownHashes`; undefined when there is no sound snapshot of this build. With a
   * `pace`, it rests between reading the file, its versions and making their map.
   */
  async knownHashes(pace?: Pacer): Promise<Map<string, KnownHash> | undefined> {
    this.opened = this.read();
    const stored = this.opened;
    if (stored?.build !== this.build || stored.versions === undefined) return undefined;
    const { versions: chunks, versionsSeal } = stored;
    if (!isList(chunks) || !chunks.every((c) => c instanceof Uint8Array))
      return this.damaged('versions of the wrong shape');
    if (versionsSeal !== sealOfChunks(chunks)) return this.damaged('the seal of its versions does not match');
    // [file, version, hash] or with the document kept lean: [file, version, hash, lean].
    const entry = (t: unknown) =>
      isList(t) && (t.length === 3 || t.length === 4) && t.every((v) => typeof v === 'string');
    const out = new Map<string, KnownHash>();
    // A chunk at a time, with a rest after each: 10k documents' entries are ~40 ms to deserialize.
    for (const chunk of chunks) {
      await pace?.rest();
      let list: unknown;
      try {
        list = deserialize(chunk);
      } catch (e) {
        return this.damaged((e as Error).message);
      }
      if (!isList(list) || !list.every(entry)) return this.damaged('versions of the wrong shape');
      for (const [file, version, hash, lean] of list as string[][])
        out.set(file, lean === undefined ? { version, hash } : { version, hash, lean });
    }
    return out;
  }

  /** The result stored for exactly these inputs, if the file holds a sound snapshot of them. */
  resultFor(digest: string): CheckResult | undefined {
    const stored = (this.opened ??= this.read());
    // Of another build, or of inputs since changed.
    if (stored?.build !== this.build || stored.inputs !== digest) return undefined;
    const { bytes, seal } = stored;
    if (!(bytes instanceof Uint8Array) || seal !== sealOf(digest, bytes))
      return this.damaged('its seal does not match');
    try {
      const result: unknown = deserialize(bytes);
      const problem = resultProblem(result);
      return problem === undefined ? (result as CheckResult) : this.damaged(problem);
    } catch (e) {
      return this.damaged((e as Error).message);
    }
  }

  /**
   * The last check's result and what its index kept for reusing its findings
   * (`Engine.reuseFindings`), whatever its inputs were; undefined when there is no sound snapshot
   * of this build that kept it.
   */
  lastCheck(): { result: CheckResult; reusable: Reusable } | undefined {
    const stored = this.opened ?? this.read();
    this.opened = undefined;
    if (stored?.build !== this.build || stored.reuse === undefined) return undefined;
    const { bytes, seal, inputs, reuse, reuseSeal } = stored;
    if (typeof inputs !== 'string' || !(bytes instanceof Uint8Array) || seal !== sealOf(inputs, bytes))
      return this.damaged('its seal does not match');
    if (!(reuse instanceof Uint8Array) || reuseSeal !== sealOf(`reuse ${inputs}`, reuse))
      return this.damaged('the seal of its lookups does not match');
    try {
      const result: unknown = deserialize(bytes);
      const reusable: unknown = deserialize(reuse);
      const problem = resultProblem(result) ?? reusableProblem(reusable);
      if (problem !== undefined) return this.damaged(problem);
      return { result: result as CheckResult, reusable: reusable as Reusable };
    } catch (e) {
      return this.damaged((e as Error).message);
    }
  }

  /** What a run says (in its log) after {@link reuseIn} took the last findings of `files` files. */
  static readonly takenMessage = (files: number) =>
    `The findings of ${files} files taken from the last check: nothing they looked up changed.`;

  /**
   * After `engine` indexed its folder: takes the last check's findings for the files no change
   * since has reached (`Engine.reuseFindings`); returns for how many, or undefined without a sound
   * snapshot that kept its lookups.
   */
  async reuseIn(engine: Engine, pace?: Pacer): Promise<number | undefined> {
    const last = this.lastCheck();
    await pace?.rest();
    return last && engine.reuseFindings(last.reusable, last.result.findings, pace);
  }

  /**
   * Saves `result`, the full check of `engine`'s index, with the digest of its inputs (`digest`,
   * when the caller has it), the versions its documents were read at and its lookups; returns an
   * error message or undefined. With a `pace`, it rests between its steps (the index must not
   * change meanwhile).
   */
  async saveCheck(
    engine: Engine,
    result: CheckResult,
    pace?: Pacer,
    digest = engine.inputsDigest(),
  ): Promise<string | undefined> {
    if (digest === undefined) return undefined;
    await pace?.rest();
    const versions = await engine.readVersions(pace);
    const steps = this.saving(digest, result, versions, await engine.reusable(pace));
    return pace ? finishWithPauses(steps, pace) : finish(steps);
  }

  /**
   * Writes the snapshot (temp file + rename), with the versions the documents were read at and
   * what the index kept for reusing the findings, when given; returns an error message or undefined.
   */
  save(
    digest: string,
    result: CheckResult,
    versions?: ReadonlyMap<string, KnownHash>,
    reusable?: Reusable,
  ): string | undefined {
    return finish(this.saving(digest, result, versions, reusable));
  }

  /**
   * The work of {@link save} in steps of a few tens of milliseconds at most on a big workspace
   * (each part serialized and sealed, then the file written): a language server rests between
   * them ({@link saveCheck} with a pace).
   */
  private *saving(
    digest: string,
    result: CheckResult,
    versions?: ReadonlyMap<string, KnownHash>,
    reusable?: Reusable,
  ): Generator<void, string | undefined> {
    const bytes = serialize(result);
    const stored: Record<string, unknown> = {
      build: this.build,
      inputs: digest,
      bytes,
      seal: sealOf(digest, bytes),
    };
    yield;
    if (versions) {
      const entries = [...versions].map(([file, { version, hash, lean }]) =>
        lean === undefined ? [file, version, hash] : [file, version, hash, lean],
      );
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < entries.length; i += VERSIONS_A_CHUNK) {
        chunks.push(serialize(entries.slice(i, i + VERSIONS_A_CHUNK)));
        yield;
      }
      Object.assign(stored, { versions: chunks, versionsSeal: sealOfChunks(chunks) });
      yield;
    }
    if (reusable) {
      const reuse = serialize(reusable);
      // Sealed with the inputs' digest: it goes with this result, not another's.
      Object.assign(stored, { reuse, reuseSeal: sealOf(`reuse ${digest}`, reuse) });
      yield;
    }
    this.said = false; // a damaged one is said again if this one is damaged later
    this.opened = undefined;
    const cannot = (why: string) => `cannot write the snapshot ${this.file}: ${why}`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
    } catch (e) {
      return cannot((e as NodeJS.ErrnoException).code ?? (e as Error).message);
    }
    const whole = serialize(stored);
    yield;
    // Through a temp file created exclusively, never through a link at the snapshot's name.
    const refused = writeFileAtomic(this.file, whole, { replace: true });
    if (refused === undefined) return undefined;
    if (refused.kind === 'failed') return cannot(refused.code);
    return cannot(refused.kind === 'link' ? 'it is a symbolic link' : 'it is not a file');
  }

  /** The file's record, or null when there is none (or it is damaged: said). */
  private read(): Record<string, unknown> | null {
    const buf = readOwnFile(this.file);
    if (buf === undefined) return null; // none yet
    try {
      const stored: unknown = deserialize(buf);
      if (isPlain(stored)) return stored;
      this.damaged('not a snapshot');
    } catch (e) {
      this.damaged((e as Error).message);
    }
    return null;
  }

  /** Says once that the file is damaged, and why. */
  private damaged(problem: string): undefined {
    if (!this.said) this.logger.log(`Snapshot ${this.file} is damaged (${problem}); not used.`);
    this.said = true;
    return undefined;
  }
}

/** Why `value` is not a {@link CheckResult} (every field of its type, no other), or undefined. */
function resultProblem(value: unknown): string | undefined {
  if (!isPlain(value) || Object.keys(value).some((k) => !RESULT.has(k))) return 'not a check result';
  const { findings, documents, configFindings, notes } = value;
  if (!isCount(documents) || !isCount(configFindings)) return 'no count of documents or config findings';
  if (!isList(notes) || notes.some((n) => typeof n !== 'string')) return 'notes that are not text';
  return findingsProblem(findings);
}

/** Why `value` is not a {@link Reusable} (every field of its type, no other), or undefined. */
function reusableProblem(value: unknown): string | undefined {
  const wrong = 'lookups of the wrong shape';
  if (!isPlain(value) || Object.keys(value).some((k) => !REUSABLE.has(k))) return wrong;
  const { context, stats, names, flags, hashes, ids, keys, starts, members } = value;
  const strings = (v: unknown, length?: number): v is string[] =>
    isList(v) && (length === undefined || v.length === length) && v.every((x) => typeof x === 'string');
  if (typeof context !== 'string' || !strings(stats) || !strings(names) || !strings(keys)) return wrong;
  const n = names.length;
  if (!strings(hashes, n) || !strings(ids, n) || !(flags instanceof Uint8Array) || flags.length !== n)
    return wrong;
  if (!(starts instanceof Uint32Array) || !(members instanceof Uint32Array)) return wrong;
  // Each key's files are a run of `members`, in order, and name a file of `names`.
  if (starts.length !== keys.length + 1 || starts[0] !== 0 || starts[keys.length] !== members.length)
    return wrong;
  for (let k = 0; k < keys.length; k++) if (starts[k] > starts[k + 1]) return wrong;
  for (const m of members) if (m >= n) return wrong;
  return undefined;
}

/** Why `value` is not a list of findings (every field of its type, no other), or undefined. */
function findingsProblem(value: unknown): string | undefined {
  if (!isList(value)) return 'not a list of findings';
  for (const [i, f] of value.entries()) {
    const what = `finding ${i}`;
    if (!isPlain(f) || Object.keys(f).some((k) => !FINDING.has(k))) return `${what} is not a finding`;
    if (typeof f.file !== 'string' || typeof f.rule !== 'string' || typeof f.message !== 'string')
      return `${what} has no file, rule or message`;
    if (!SEVERITIES.has(f.severity as string)) return `${what} has no severity`;
    if (!isRange(f.range)) return `${what} has no range`;
    const data = f.data;
    if (data !== undefined) {
      if (!isPlain(data)) return `${what} has fix data that is not an object`;
      for (const [k, v] of Object.entries(data))
        if (!FIX_DATA.has(k) || typeof v !== 'string') return `${what} has fix data of the wrong shape`;
    }
  }
  return undefined;
}

/** An array without holes: a forged length cannot make a walk over it endless, nor leave items out. */
const isList = (v: unknown): v is unknown[] => Array.isArray(v) && Object.keys(v).length === v.length;
const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

function isRange(v: unknown): boolean {
  if (!isPlain(v) || !isPlain(v.start) || !isPlain(v.end)) return false;
  const { start, end } = v;
  if (![start.line, start.character, end.line, end.character].every(isCount)) return false;
  const [sl, sc, el, ec] = [start.line, start.character, end.line, end.character] as number[];
  return sl < el || (sl === el && sc <= ec);
}
