/**
 * Shared setup for the navigation and rename tests: the built server over stdio on a temp copy
 * of `test/fixtures/links`, plus helpers to apply a WorkspaceEdit on disk and to wait until the
 * server has processed every file event sent so far (no sleeps).
 *
 * Not a spec itself (mocha runs `test/server/**\/*.test.ts`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  FileChangeType,
  type Diagnostic,
  type FileEvent,
  type Location,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { LspClient, formatDiagnostic } from '../helpers/lspClient.js';
import { tempCopy } from '../helpers/tempCopy.js';

export const DEPLOY = 'docs/runbooks/deploy.md';
export const SECURITY = 'docs/policies/security.md';
export const ADR1 = 'docs/adr/ADR-001-hosting.md';
export const ADR2 = 'docs/adr/ADR-002-jobs-on-cron.md';
export const ADR3 = 'docs/adr/ADR-003-jobs-on-sqs.md';
export const ADR4 = 'docs/adr/ADR-004-hosting-v2.md';

const { Created: CREATED, Changed: CHANGED, Deleted: DELETED } = FileChangeType;

export interface Session {
  root: string;
  client: LspClient;
}

/** Copies a fixture, starts the server on it and waits until the server is `ready`. */
export async function startSession(
  fixture: string,
  what: string,
  ready: (client: LspClient) => boolean,
): Promise<Session> {
  const root = tempCopy(fixture);
  const client = new LspClient(root);
  client.settings = { today: '2026-11-26' };
  await client.start();
  await client.waitFor(what, () => ready(client));
  return { root, client };
}

/** The links fixture, once indexed: the server publishes diagnostics only after indexing every document. */
export function startLinks(): Promise<Session> {
  return startSession(
    'test/fixtures/links',
    `diagnostics of ${DEPLOY}`,
    (client) => (client.diagnostics.get(client.uri(DEPLOY)) ?? []).length > 0,
  );
}

export async function stopLinks(s: Session | undefined): Promise<void> {
  if (!s) return;
  await s.client.stop();
  fs.rmSync(s.root, { recursive: true, force: true });
}

export function range(sl: number, sc: number, el: number, ec: number): Range {
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

export function at(
  s: Session,
  rel: string,
  line: number,
  character: number,
): { textDocument: { uri: string }; position: Position } {
  return { textDocument: { uri: s.client.uri(rel) }, position: { line, character } };
}

export function loc(s: Session, rel: string, sl: number, sc: number, el: number, ec: number): Location {
  return { uri: s.client.uri(rel), range: range(sl, sc, el, ec) };
}

const cmpPos = (a: Position, b: Position) => a.line - b.line || a.character - b.character;

/** Locations in a stable order (the server lists them in index order). */
export function sortLocations(xs: Location[] | null): Location[] | null {
  return xs && [...xs].sort((a, b) => a.uri.localeCompare(b.uri) || cmpPos(a.range.start, b.range.start));
}

/**
 * The edits of each TextDocumentEdit by position. Edits of one TextDocumentEdit all refer to
 * the original text and may not overlap, so their order carries no meaning; the order of the
 * document changes themselves (text edits before the file rename) is kept as sent.
 */
export function normaliseEdit(w: WorkspaceEdit | null): WorkspaceEdit | null {
  if (!w?.documentChanges) return w;
  return {
    ...w,
    documentChanges: w.documentChanges.map((c) =>
      'edits' in c ? { ...c, edits: [...c.edits].sort((a, b) => cmpPos(a.range.start, b.range.start)) } : c,
    ),
  };
}

export function relOf(s: Session, uri: string): string {
  return path.relative(s.root, URI.parse(uri).fsPath).split(path.sep).join('/');
}

function offsetAt(text: string, p: Position): number {
  let offset = 0;
  for (let line = 0; line < p.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) throw new Error(`line ${p.line} is past the end of the text`);
    offset = nl + 1;
  }
  return offset + p.character;
}

/** Applies text edits (all relative to `text`) and returns the new text. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => cmpPos(b.range.start, a.range.start));
  let out = text;
  for (const e of sorted)
    out = out.slice(0, offsetAt(out, e.range.start)) + e.newText + out.slice(offsetAt(out, e.range.end));
  return out;
}

/**
 * Applies a WorkspaceEdit on disk as an editor would (text edits, then file renames, in order)
 * and returns the file events a file watcher would then report.
 */
export function applyWorkspaceEdit(w: WorkspaceEdit): FileEvent[] {
  const changed = new Set<string>();
  const events: FileEvent[] = [];
  for (const c of w.documentChanges ?? []) {
    if ('edits' in c) {
      const e = c;
      const file = URI.parse(e.textDocument.uri).fsPath;
      fs.writeFileSync(file, applyTextEdits(fs.readFileSync(file, 'utf8'), e.edits as TextEdit[]));
      changed.add(e.textDocument.uri);
    } else if (c.kind === 'rename') {
      const r = c;
      const to = URI.parse(r.newUri).fsPath;
      if (fs.existsSync(to)) throw new Error(`rename over an existing file: ${to}`);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.renameSync(URI.parse(r.oldUri).fsPath, to);
      changed.delete(r.oldUri);
      events.push({ uri: r.oldUri, type: DELETED }, { uri: r.newUri, type: CREATED });
    } else {
      throw new Error(`unexpected document change ${JSON.stringify(c)}`);
    }
  }
  if (w.changes) throw new Error('expected documentChanges only, got `changes`');
  return [...[...changed].map((uri): FileEvent => ({ uri, type: CHANGED })), ...events];
}

/** Moves a file on disk (what the editor does after `workspace/willRenameFiles`). */
export function moveFile(s: Session, from: string, to: string): FileEvent[] {
  const dest = path.join(s.root, to);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.renameSync(path.join(s.root, from), dest);
  return [
    { uri: s.client.uri(from), type: DELETED },
    { uri: s.client.uri(to), type: CREATED },
  ];
}

let sentinels = 0;
const SENTINEL = /\/zz-settle-\d+\.md$/;

/**
 * Sends `changes` in one `workspace/didChangeWatchedFiles`, followed by the creation of a
 * sentinel Markdown file with a broken link, and waits for the sentinel's diagnostics. The
 * server handles the changes of one notification in order, one job at a time per folder, so
 * once the sentinel is published every earlier change has been processed and published too.
 * Also used after `didChange` of an open buffer: that job was queued before the sentinel's.
 */
export async function settle(s: Session, changes: FileEvent[] = []): Promise<void> {
  const name = `zz-settle-${++sentinels}.md`;
  fs.writeFileSync(path.join(s.root, name), `[x](zz-nothing-${sentinels}.md)\n`);
  const uri = s.client.uri(name);
  await s.client.notify('workspace/didChangeWatchedFiles', { changes: [...changes, { uri, type: CREATED }] });
  await s.client.waitFor(
    `diagnostics of the sentinel ${name}`,
    () => (s.client.diagnostics.get(uri) ?? []).length > 0,
  );
}

/** `rule@line:col-line:col` (1-based), without the message: positions are what a rename may break. */
export function short(d: Diagnostic): string {
  return formatDiagnostic(d).split(' ')[0];
}

/**
 * Every file's current diagnostics (non-empty ones), as `rule@range` in position order; sentinels left out.
 */
export function snapshot(s: Session): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [uri, diags] of s.client.diagnostics) {
    if (!diags.length || SENTINEL.test(uri)) continue;
    out[relOf(s, uri)] = [...diags].sort((a, b) => cmpPos(a.range.start, b.range.start)).map(short);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** The diagnostics of the untouched fixture (links.expected.txt), as `rule@range`. */
export function baseline(): Record<string, string[]> {
  return {
    'docs/adr/ADR-004-hosting-v2.md': ['links/supersede-mismatch@6:14-6:21'],
    'docs/adr/ADR-005-a.md': ['links/duplicate-id@2:5-2:12'],
    'docs/adr/ADR-005-b.md': ['links/duplicate-id@2:5-2:12'],
    'docs/runbooks/deploy.md': [
      'links/missing-file@8:5-8:17',
      'links/missing-file@14:41-14:65',
      'links/missing-file@15:66-15:81',
      'links/missing-anchor@16:74-16:78',
      'links/missing-anchor@23:51-23:58',
      'links/unknown-id@24:58-24:65',
      'links/superseded-adr@25:25-25:32',
      'links/missing-script@26:39-26:45',
      'links/missing-script@31:9-31:16',
    ],
    'scripts/AGENTS.md': ['agents/undocumented-file@1:1-1:10', 'agents/missing-path@6:4-6:18'],
    'tasks/TASK-001.md': ['lifecycle/dependency-cycle@5:14-5:22'],
    'tasks/TASK-002.md': ['lifecycle/dependency-cycle@5:14-5:22'],
    'tasks/TASK-003.md': ['lifecycle/done-depends-on-open@5:14-5:22'],
    'tasks/TASK-004.md': ['links/unknown-id@5:14-5:22'],
  };
}

/** Findings that mean a reference no longer lands: what a rename must never add. */
export const BROKEN_REFERENCE =
  /^(links\/missing-file|links\/missing-anchor|links\/unknown-id|links\/missing-script|agents\/missing-path|commands\/missing-file|commands\/missing-target)@/;

/** The broken-reference findings of a snapshot, as `file rule` (positions left out), sorted. */
export function brokenReferences(
  snap: Record<string, string[]>,
  renamed: Record<string, string> = {},
): string[] {
  const out: string[] = [];
  for (const [file, list] of Object.entries(snap)) {
    for (const d of list)
      if (BROKEN_REFERENCE.test(d)) out.push(`${renamed[file] ?? file} ${d.split('@')[0]}`);
  }
  return out.sort();
}

/** Opens a document with its disk text, applies one change, and waits until the server has read it. */
export async function openAndChange(
  s: Session,
  rel: string,
  change: { range: Range; text: string },
): Promise<string> {
  const uri = s.client.uri(rel);
  const text = fs.readFileSync(path.join(s.root, rel), 'utf8');
  await s.client.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: 'markdown', version: 1, text },
  });
  await s.client.notify('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [change],
  });
  await settle(s);
  return uri;
}
