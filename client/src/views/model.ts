import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import {
  VIEWS,
  VIEWS_CHANGED,
  type ViewCounts,
  type ViewNode,
  type ViewPart,
  type ViewsChangedParams,
  type ViewsResult,
} from '../../../server/src/shared/protocol';
import { reason, type Ctx } from '../commands/context';

/** What the view shows of one workspace folder; `error` when the server could not answer. */
export interface FolderViews {
  folder: vscode.WorkspaceFolder;
  result?: ViewsResult;
  error?: string;
}

/** How long a burst of index changes is waited out before the trees are asked for again. */
const DEBOUNCE_MS = 300;
const ALL: ViewPart[] = ['decisions', 'work', 'reviews', 'document'];

/**
 * The OpsDocs view's data: the server's `opsdocs/views` answer for each workspace folder, asked
 * again (debounced) when the server says the index changed, and the "This document" tree asked
 * again when the active editor changes. Trees and the status bar item listen to `onDidChange`.
 */
export class ViewsModel implements vscode.Disposable {
  private readonly folders = new Map<string, FolderViews>();
  private readonly emitter = new vscode.EventEmitter<ViewPart[]>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timers = new Map<string, NodeJS.Timeout>();
  /** Resolves when every folder has had its first answer (tests wait for it). */
  private pending = new Set<Promise<unknown>>();
  /** The document of "This document" (the active text editor's, when it is in a folder). */
  document: vscode.Uri | undefined;

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      this.emitter,
      // Any change may change what cites the document too (and the first answer may have come
      // while the folder was being indexed): every tree is asked for again.
      ctx.client.onNotification(VIEWS_CHANGED, (p: ViewsChangedParams) => this.schedule(p.folder, ALL)),
      ctx.client.onDidChangeState((e) => {
        if (e.newState === State.Running) this.refreshAll();
      }),
      vscode.window.onDidChangeActiveTextEditor((e) => this.follow(e)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refreshAll()),
    );
    this.document = this.documentOf(vscode.window.activeTextEditor);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }

  /** Every folder's views, in the workspace's order. */
  all(): FolderViews[] {
    return (vscode.workspace.workspaceFolders ?? []).flatMap((f) => this.folders.get(f.uri.toString()) ?? []);
  }

  /** The counts of every folder added up (undefined before any answer). */
  counts(): ViewCounts | undefined {
    const answered = this.all().flatMap((f) => f.result?.counts ?? []);
    if (!answered.length) return undefined;
    const sum = (k: keyof ViewCounts) => answered.reduce((n, c) => n + c[k], 0);
    return {
      errors: sum('errors'),
      warnings: sum('warnings'),
      overdueTasks: sum('overdueTasks'),
      overdueReviews: sum('overdueReviews'),
      documents: sum('documents'),
    };
  }

  /** Asks every folder again (all trees). */
  refreshAll(): void {
    for (const f of vscode.workspace.workspaceFolders ?? []) this.schedule(f.uri.toString(), ALL);
  }

  /** Resolves once no request is in flight or waiting (for tests). */
  async settled(): Promise<void> {
    while (this.pending.size || this.timers.size) {
      await Promise.all([...this.pending]);
      if (this.timers.size) await new Promise((r) => setTimeout(r, DEBOUNCE_MS));
    }
  }

  private documentOf(editor: vscode.TextEditor | undefined): vscode.Uri | undefined {
    const uri = editor?.document.uri;
    return uri && uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(uri) ? uri : undefined;
  }

  private follow(editor: vscode.TextEditor | undefined): void {
    // Focus moving to the view itself (or an output panel) keeps the document shown.
    if (!editor) return;
    const doc = this.documentOf(editor);
    if (doc?.toString() === this.document?.toString()) return;
    const before = this.document && vscode.workspace.getWorkspaceFolder(this.document);
    this.document = doc;
    const folder = doc && vscode.workspace.getWorkspaceFolder(doc);
    for (const f of new Set([before, folder])) if (f) this.schedule(f.uri.toString(), ['document'], 50);
    if (!folder) this.emitter.fire(['document']);
  }

  private readonly wanted = new Map<string, Set<ViewPart>>();

  private schedule(folder: string, parts: ViewPart[], ms = DEBOUNCE_MS): void {
    const key = folder.replace(/\/$/, '');
    const want = this.wanted.get(key) ?? new Set<ViewPart>();
    for (const p of parts) want.add(p);
    this.wanted.set(key, want);
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        const asked = [...(this.wanted.get(key) ?? [])];
        this.wanted.delete(key);
        const job = this.fetch(key, asked);
        this.pending.add(job);
        void job.finally(() => this.pending.delete(job));
      }, ms),
    );
  }

  private async fetch(key: string, parts: ViewPart[]): Promise<void> {
    const folder = (vscode.workspace.workspaceFolders ?? []).find(
      (f) => f.uri.toString().replace(/\/$/, '') === key,
    );
    if (!folder || this.ctx.client.state !== State.Running) return;
    const doc =
      this.document && vscode.workspace.getWorkspaceFolder(this.document) === folder
        ? this.document
        : undefined;
    const entry = this.folders.get(folder.uri.toString()) ?? { folder };
    try {
      const result = await this.ctx.client.sendRequest<ViewsResult>(VIEWS, {
        uri: folder.uri.toString(),
        document: doc?.toString(),
        parts,
      });
      // Parts not asked for keep what they showed.
      const old = entry.result;
      const keep = (p: ViewPart): ViewNode[] => (parts.includes(p) || !old ? result[p] : old[p]);
      entry.result = {
        ...result,
        decisions: keep('decisions'),
        work: keep('work'),
        reviews: keep('reviews'),
        document: keep('document'),
      };
      entry.error = undefined;
    } catch (e) {
      entry.error = reason(e);
      this.ctx.output.error(`The OpsDocs view of ${folder.name} could not be read: ${entry.error}`);
    }
    this.folders.set(folder.uri.toString(), entry);
    this.emitter.fire(parts);
  }
}
