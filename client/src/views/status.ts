import * as vscode from 'vscode';
import { statusText } from './statusText';
import type { ViewsModel } from './model';

/**
 * The OpsDocs status bar item: errors and warnings in the docs and what is overdue (the counts of
 * `opsdocs/views`, every folder added up); a click opens the OpsDocs view. Hidden until the server
 * has answered, and while no folder has operations docs. Indexing progress is the language
 * client's own, beside it.
 */
export function registerStatus(context: vscode.ExtensionContext, model: ViewsModel): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('opsdocs.status', vscode.StatusBarAlignment.Left, 0);
  item.name = 'OpsDocs';
  item.command = 'opsdocs.showView';
  const update = () => {
    const counts = model.counts();
    const shown = counts && counts.documents > 0 ? statusText(counts) : undefined;
    if (!shown) return item.hide();
    item.text = shown.text;
    item.tooltip = shown.tooltip;
    item.show();
  };
  update();
  context.subscriptions.push(item, model.onDidChange(update));
  return item;
}
