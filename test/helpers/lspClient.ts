import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CancellationToken,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ApplyWorkspaceEditParams,
  Diagnostic,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { REPO } from './expected.js';

/**
 * A minimal LSP client that speaks to the built server over stdio, as an editor does.
 * It answers the server's requests (configuration, registration, progress) and records
 * every `publishDiagnostics` and `$/progress` it receives.
 */
export class LspClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** How many times diagnostics were published for each URI. */
  readonly publications = new Map<string, number>();
  readonly progress: { kind: string; message?: string }[] = [];
  readonly logs: string[] = [];
  /** The `opsdocs` section the client answers `workspace/configuration` with. */
  settings: Record<string, unknown> = {};
  /** Other sections by name (e.g. `markdown.validate.enabled`); null for any other. */
  otherSettings: Record<string, unknown> = {};
  /**
   * Sent as `initializationOptions`. By default what the VS Code client sends in a trusted workspace
   * (it also sends its storage folder as `cacheDir`); the server assumes Restricted Mode without it.
   */
  initializationOptions: unknown = { trusted: true };
  /** Sent as `capabilities`: by default those VS Code's client declares that the server uses. */
  capabilities: Record<string, unknown> = {
    workspace: {
      configuration: true,
      didChangeWatchedFiles: { dynamicRegistration: true },
      didChangeConfiguration: { dynamicRegistration: true },
      workspaceFolders: true,
    },
    window: { workDoneProgress: true },
    textDocument: { publishDiagnostics: {}, synchronization: { dynamicRegistration: false } },
  };
  /** What the server answered to `initialize`. */
  initializeResult: { capabilities: Record<string, unknown> } | undefined;
  /** The methods the server registered with `client/registerCapability`, in order. */
  readonly registrations: string[] = [];
  /** Every `window/showMessage` the server sent. */
  readonly messages: { type: number; message: string }[] = [];
  /** Every notification of a method the client has no handler of its own for (`opsdocs/…`), in order. */
  readonly notifications: { method: string; params: unknown }[] = [];
  /** Every `workspace/applyEdit` the server sent, in order; answered with {@link applyEditAnswer}. */
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  applyEditAnswer = true;
  private proc!: ChildProcess;
  private conn!: MessageConnection;
  private waiters: (() => void)[] = [];

  constructor(readonly root: string) {}

  uri(rel: string): string {
    return URI.file(path.join(this.root, rel)).toString();
  }

  async start(): Promise<void> {
    this.proc = spawn(process.execPath, [path.join(REPO, 'dist/server.js'), '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc.stderr!.on('data', (d: Buffer) => this.logs.push(d.toString()));
    this.conn = createMessageConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.publications.set(p.uri, (this.publications.get(p.uri) ?? 0) + 1);
      this.wake();
    });
    this.conn.onNotification('$/progress', (p: { value: { kind: string; message?: string } }) => {
      this.progress.push(p.value);
      this.wake();
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message + '\n');
      this.wake();
    });
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map(({ section }) =>
        section === undefined || section === 'opsdocs'
          ? this.settings
          : (this.otherSettings[section] ?? null),
      ),
    );
    this.conn.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      this.registrations.push(...p.registrations.map((r) => r.method));
      return null;
    });
    this.conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      this.messages.push(p);
      this.wake();
    });
    this.conn.onRequest('workspace/applyEdit', (p: ApplyWorkspaceEditParams) => {
      this.appliedEdits.push(p);
      return { applied: this.applyEditAnswer };
    });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      this.wake();
    });
    this.conn.listen();
    this.initializeResult = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: URI.file(this.root).toString(),
      workspaceFolders: [{ uri: URI.file(this.root).toString(), name: 'ws' }],
      initializationOptions: this.initializationOptions,
      capabilities: this.capabilities,
    });
    await this.conn.sendNotification('initialized', {});
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  /** Sends a request; cancelling `token` sends `$/cancelRequest`, as an editor does. */
  request<T>(method: string, params: unknown, token?: CancellationToken): Promise<T> {
    return token ? this.conn.sendRequest(method, params, token) : this.conn.sendRequest(method, params);
  }

  /** Resolves once `predicate` holds, re-testing on every message; rejects after `ms`. */
  waitFor(what: string, predicate: () => boolean, ms = 15000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`Timed out waiting for ${what}. Server log:\n${this.logs.join('')}`));
      }, ms);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  /** Waits until the diagnostics of `rel` match `expected` (rule@line:col message). */
  async waitForDiagnostics(rel: string, expected: string[], ms?: number): Promise<void> {
    const uri = this.uri(rel);
    const show = () => (this.diagnostics.get(uri) ?? []).map(formatDiagnostic);
    await this.waitFor(
      `diagnostics of ${rel} = ${JSON.stringify(expected)} (last: ${JSON.stringify(show())})`,
      () => JSON.stringify(show()) === JSON.stringify(expected),
      ms,
    );
  }

  /** Ends the server at once, as a crash or a killed editor would: no shutdown, no exit. */
  async kill(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // the server is gone already
    }
    this.conn.dispose();
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) return resolve();
      const t = setTimeout(() => {
        this.proc.kill('SIGKILL');
        resolve();
      }, 3000);
      this.proc.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** `rule@line:col-line:col message` with 1-based positions. */
export function formatDiagnostic(d: Diagnostic): string {
  const { start, end } = d.range;
  const at = `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
  return `${String(d.code)}@${at} ${messageText(d)}`;
}

/** A diagnostic's message as text (LSP 3.18 allows Markdown content there). */
export function messageText(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}
