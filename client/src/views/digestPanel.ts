import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { DIGEST, type DigestResult, type ViewNode } from '../../../server/src/shared/protocol';
import { isInside } from '../../../server/src/shared/paths';
import { pickFolder, reason, type Ctx } from '../commands/context';
import { saveDigest } from '../commands/digest';
import { digestHtml } from './digestHtml';
import type { ViewsModel } from './model';

/** What the panel's page said after drawing: graphs drawn (SVGs) and Mermaid's errors. */
export interface Rendered {
  svgs: number;
  errors: string[];
}

export type Message =
  | ({ type: 'rendered' } & Rendered)
  | { type: 'save' }
  | { type: 'openId'; id: string }
  | { type: 'openPath'; path: string };

/** The first node of `nodes` (depth first) for the document with id `id` that opens a file. */
function nodeWithId(nodes: readonly ViewNode[], id: string): ViewNode | undefined {
  for (const n of nodes) {
    if (n.id === id && n.file !== undefined) return n;
    const found = nodeWithId(n.children ?? [], id);
    if (found) return found;
  }
  return undefined;
}

/**
 * OpsDocs: Show Status Digest Panel — the digest of a folder rendered in a webview, its graphs
 * drawn by the bundled Mermaid, in the theme's colours; asked for again when the index changes
 * (`opsdocs/viewsChanged`) or the colour theme does. "Save as Markdown" saves it as "Generate
 * Status Digest" does; a click on a graph node or a file path opens that document.
 */
export class DigestPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private folder: vscode.WorkspaceFolder | undefined;
  /** The digest shown (Markdown, as the server built it). */
  markdown = '';
  private readonly emitter = new vscode.EventEmitter<Rendered>();
  /** Fires each time the page has drawn the digest (tests wait for it). */
  readonly onDidRender = this.emitter.event;
  /** What the page said after drawing last. */
  rendered: Rendered | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly extensionUri: vscode.Uri,
    private readonly model: ViewsModel,
  ) {
    this.disposables.push(
      this.emitter,
      model.onDidChange((parts) => {
        if (parts.includes('decisions')) void this.update();
      }),
      vscode.window.onDidChangeActiveColorTheme(() => this.draw()),
    );
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** Opens the panel on a folder (the active editor's, or one picked), or shows it again. */
  async show(): Promise<vscode.WebviewPanel | undefined> {
    const folder = await pickFolder();
    if (!folder) return undefined;
    this.folder = folder;
    if (!this.panel) {
      const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
      this.panel = vscode.window.createWebviewPanel(
        'opsdocs.digest',
        'Status digest',
        vscode.ViewColumn.Active,
        { enableScripts: true, localResourceRoots: [dist], retainContextWhenHidden: false },
      );
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'opsdocs-view.svg');
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m: Message) => this.receive(m));
    }
    this.panel.title = `Status digest: ${folder.name}`;
    this.panel.reveal();
    await this.update();
    return this.panel;
  }

  private async update(): Promise<void> {
    const { panel, folder } = this;
    if (!panel || !folder) return;
    try {
      const result = await this.ctx.client.sendRequest<DigestResult>(DIGEST, { uri: folder.uri.toString() });
      this.markdown = result.markdown;
    } catch (e) {
      this.markdown = `# Status digest\n\nThe digest of ${folder.name} could not be built: ${reason(e)}\n`;
      this.ctx.output.error(`The status digest of ${folder.name} could not be built: ${reason(e)}`);
    }
    this.draw();
  }

  private draw(): void {
    const { panel } = this;
    if (!panel) return;
    const script = vscode.Uri.joinPath(this.extensionUri, 'dist', 'mermaid.js');
    panel.webview.html = digestHtml(this.markdown, {
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      script: panel.webview.asWebviewUri(script).toString(),
    });
  }

  /** Scrolls the page to its `index`th graph (0-based). */
  revealGraph(index: number): Thenable<boolean> | undefined {
    return this.panel?.webview.postMessage({ type: 'revealGraph', index });
  }

  /** Handles a message of the page (public for tests: a graph node's click is `openId`). */
  async receive(m: Message): Promise<void> {
    const folder = this.folder;
    if (!folder) return;
    if (m.type === 'rendered') {
      this.rendered = { svgs: m.svgs, errors: m.errors };
      for (const e of m.errors) this.ctx.output.warn(`A graph of the status digest was not drawn: ${e}`);
      this.emitter.fire(this.rendered);
    } else if (m.type === 'save') {
      await saveDigest(this.ctx, folder, this.markdown);
    } else if (m.type === 'openId') {
      const views = this.model.all().find((f) => f.folder.uri.toString() === folder.uri.toString())?.result;
      const node = views && nodeWithId([...views.decisions, ...views.work, ...views.reviews], m.id);
      if (!node?.file) {
        void vscode.window.showWarningMessage(`OpsDocs: no document of ${folder.name} has the id ${m.id}.`);
        return;
      }
      await this.open(folder, node.file, node.line ?? 0);
    } else if (m.type === 'openPath') {
      // Only a path inside the folder, as the digest writes them.
      if (!isInside(m.path)) return;
      await this.open(folder, m.path, 0);
    }
  }

  private async open(folder: vscode.WorkspaceFolder, file: string, line: number): Promise<void> {
    const uri = vscode.Uri.joinPath(folder.uri, ...file.split('/'));
    try {
      await vscode.window.showTextDocument(uri, {
        viewColumn: vscode.ViewColumn.Beside,
        selection: new vscode.Range(line, 0, line, 0),
      });
    } catch (e) {
      void vscode.window.showWarningMessage(`OpsDocs: ${file} could not be opened: ${reason(e)}`);
    }
  }
}
