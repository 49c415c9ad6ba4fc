import * as vscode from 'vscode';
import { CodeActionKind, CodeActionRequest, type CodeAction } from 'vscode-languageclient/node';
import type { ViewPart } from '../../../server/src/shared/protocol';
import type { Ctx } from '../commands/context';
import type { ScaffoldArgs } from '../commands/scaffold';
import { ViewsModel } from './model';
import { fileOf, ViewTree, type Item } from './tree';
import { registerStatus } from './status';
import { DigestPanel } from './digestPanel';

/** The ids of the trees in `contributes.views` (container `opsdocs`), by part. */
export const VIEW_IDS: Record<ViewPart, string> = {
  decisions: 'opsdocs.decisions',
  work: 'opsdocs.work',
  reviews: 'opsdocs.reviews',
  document: 'opsdocs.document',
};
const TITLES: Record<ViewPart, string> = {
  decisions: 'Decisions',
  work: 'Work',
  reviews: 'Reviews',
  document: 'This document',
};

/** What the extension's tests reach of the view through `activate()`'s answer. */
export interface ViewsApi {
  model: ViewsModel;
  /** Every tree as drawn, in the text form of docs/examples/handbook.views.txt (counts last). */
  snapshot(): Promise<string>;
  /** The status bar item (its text, tooltip and command as shown). */
  status: vscode.StatusBarItem;
  /** The status digest panel ("OpsDocs: Show Status Digest Panel"). */
  digest: DigestPanel;
}

const REVIEW_FIX = 'Mark as reviewed today';

/**
 * "Mark as reviewed today" from the Reviews tree: the server's quick fix of the document's
 * `lifecycle/review-overdue` finding, applied to its buffer (one undo), the document shown.
 */
export async function markReviewed(ctx: Ctx, item: Item): Promise<void> {
  const uri = fileOf(item);
  if (!uri || readOnly()) return;
  const label = vscode.workspace.asRelativePath(uri, false);
  const rule = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);
  const finding = vscode.languages
    .getDiagnostics(uri)
    .find((d) => d.source === 'opsdocs' && rule(d) === 'lifecycle/review-overdue');
  const { client } = ctx;
  const actions = finding
    ? await client.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: client.code2ProtocolConverter.asUri(uri) },
        range: client.code2ProtocolConverter.asRange(finding.range),
        context: {
          diagnostics: [client.code2ProtocolConverter.asDiagnostic(finding)],
          only: [CodeActionKind.QuickFix],
        },
      })
    : [];
  const fix = actions?.find((a): a is CodeAction => 'edit' in a && a.title.startsWith(REVIEW_FIX));
  const edit = fix?.edit && (await client.protocol2CodeConverter.asWorkspaceEdit(fix.edit));
  if (!edit) {
    void vscode.window.showWarningMessage(
      `OpsDocs: ${label} has no "review overdue" finding to fix (is the rule turned off?); nothing changed.`,
    );
    return;
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`OpsDocs: the editor refused the edit of ${label}; nothing changed.`);
    return;
  }
  await vscode.window.showTextDocument(uri, { preview: false });
}

/**
 * True (and the user told) in Restricted Mode: the view is read-only there, its actions that write
 * are not in its menus and refuse when run otherwise.
 */
function readOnly(): boolean {
  if (vscode.workspace.isTrusted) return false;
  void vscode.window.showInformationMessage(
    'OpsDocs: the OpsDocs view is read-only in Restricted Mode. Trust the workspace to act from it.',
  );
  return true;
}

/** "New ADR Superseding This One…" on an ADR of the Decisions tree: New ADR… with its id. */
export const supersede = (item: Item) =>
  readOnly()
    ? undefined
    : vscode.commands.executeCommand('opsdocs.newAdr', {
        supersedes: item.node.id,
        file: item.node.file,
        folder: item.folder.toString(),
      } satisfies ScaffoldArgs);

/**
 * The OpsDocs view: its four trees fed by the server, their context actions and welcome state
 * (`opsdocs.views.state`: `loading`, `empty` when no folder has operations docs, `ready`).
 */
export function registerViews(context: vscode.ExtensionContext, ctx: Ctx): ViewsApi {
  const model = new ViewsModel(ctx);
  context.subscriptions.push(model);
  const trees = (Object.keys(VIEW_IDS) as ViewPart[]).map((part) => {
    const tree = new ViewTree(model, part);
    const view = vscode.window.createTreeView(VIEW_IDS[part], {
      treeDataProvider: tree,
      showCollapseAll: true,
    });
    view.title = TITLES[part];
    context.subscriptions.push(view);
    return { part, tree };
  });
  const setState = () => {
    const counts = model.counts();
    const state = counts === undefined ? 'loading' : counts.documents === 0 ? 'empty' : 'ready';
    void vscode.commands.executeCommand('setContext', 'opsdocs.views.state', state);
  };
  setState();
  const status = registerStatus(context, model);
  const digest = new DigestPanel(ctx, context.extensionUri, model);
  context.subscriptions.push(digest);
  context.subscriptions.push(model.onDidChange(setState));
  return {
    model,
    status,
    digest,
    async snapshot() {
      await model.settled();
      const doc = model.document ? vscode.workspace.asRelativePath(model.document, false) : '';
      const counts = model.counts();
      return [
        ...trees.map(
          ({ part, tree }) =>
            `## ${part === 'document' ? `This document: ${doc}` : TITLES[part]}\n${tree.snapshot()}`,
        ),
        `## Counts\n${JSON.stringify(counts)}\n`,
      ].join('\n');
    },
  };
}
