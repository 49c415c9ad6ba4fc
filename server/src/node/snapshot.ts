import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Finding, Logger } from '../core/types.js';

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);
const FINDING = new Set(['file', 'range', 'severity', 'rule', 'message', 'data']);
const FIX_DATA = new Set(['replacement', 'section', 'field', 'file']);

/** The hash the engine digests texts with (see `EngineOptions.hash`). */
export const sha1 = (text: string | Uint8Array): string => createHash('sha1').update(text).digest('base64');

/**
 * The findings of a folder's last full check and the digest of their inputs
 * (`Engine.inputsDigest`), on disk beside the parse cache: a later start shows them at once when
 * nothing they depend on changed, before its index is built (the index then checks again and
 * replaces them). Nothing read is trusted: a snapshot of another build, of other inputs, damaged or
 * of the wrong shape is not used (the damaged one is logged).
 */
export class FindingsSnapshot {
  constructor(
    readonly file: string,
    /** The OpsDocs build: a snapshot written by another is not used. */
    private readonly build: string,
    private readonly logger: Logger,
  ) {}

  /** The findings stored for exactly these inputs, if the file holds a sound snapshot of them. */
  findingsFor(digest: string): Finding[] | undefined {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(this.file);
    } catch {
      return undefined; // none yet
    }
    const opened = open(buf, this.build, digest);
    if (opened === undefined || Array.isArray(opened)) return opened;
    const damaged = `Snapshot ${this.file} is damaged (${opened.problem}); not used.`;
    this.logger.log(damaged);
    return undefined;
  }

  /** Writes the snapshot (temp file + rename); returns an error message or undefined. */
  save(digest: string, findings: readonly Finding[]): string | undefined {
    const bytes = serialize(findings);
    const seal = sha1(`${digest}\n${sha1(bytes)}`);
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(tmp, serialize({ build: this.build, inputs: digest, bytes, seal }));
      fs.renameSync(tmp, this.file);
      return undefined;
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      return `cannot write the snapshot ${this.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    }
  }
}

/**
 * The findings a snapshot file holds for `build` and `digest`: undefined when it is of another build
 * or other inputs, the problem when it is damaged.
 */
function open(buf: Buffer, build: string, digest: string): Finding[] | undefined | { problem: string } {
  try {
    const stored = (deserialize(buf) ?? {}) as Record<string, unknown>;
    if (stored.build !== build || stored.inputs !== digest) return undefined; // another build, or a change
    const { bytes, seal } = stored;
    if (!(bytes instanceof Uint8Array) || seal !== sha1(`${digest}\n${sha1(bytes)}`))
      return { problem: 'its seal does not match' };
    const findings: unknown = deserialize(bytes);
    const problem = findingsProblem(findings);
    return problem === undefined ? (findings as Finding[]) : { problem };
  } catch (e) {
    return { problem: (e as Error).message };
  }
}

/** Why `value` is not a list of findings (every field of its type, no other), or undefined. */
function findingsProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'not a list of findings';
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
