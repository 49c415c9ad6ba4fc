import * as vscode from 'vscode';
import type { ViewNode, ViewPart } from '../../../server/src/shared/protocol';
import { renderViewTree, type TextNode } from '../../../server/src/shared/viewText';
import type { ViewsModel } from './model';

/** A node as the tree holds it: the server's node, the folder it belongs to, and a stable id. */
export interface Item {
  node: ViewNode;
  folder: vscode.Uri;
  id: string;
  children: Item[];
}

const ICONS: Record<ViewNode['kind'], string> = {
  group: 'list-tree',
  adr: 'law',
  task: 'tasklist',
  review: 'calendar',
  doc: 'file',
  file: 'file-code',
};

/** The file a node opens, or undefined. */
export function fileOf(item: Item): vscode.Uri | undefined {
  return item.node.file === undefined
    ? undefined
    : vscode.Uri.joinPath(item.folder, ...item.node.file.split('/'));
}

/**
 * One tree of the OpsDocs view (`part`), drawn from {@link ViewsModel}: each node opens its
 * document at its line; its `contextValue` names its actions (`supersede`, `markReviewed`) and
 * `warn` for the menus. With several workspace folders each folder is a node of its own.
 */
export class ViewTree implements vscode.TreeDataProvider<Item> {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private roots: Item[] = [];

  constructor(
    private readonly model: ViewsModel,
    readonly part: ViewPart,
  ) {
    model.onDidChange((parts) => {
      if (parts.includes(part)) this.rebuild();
    });
  }

  private rebuild(): void {
    const all = this.model.all();
    const wrap = (node: ViewNode, folder: vscode.Uri, parent: string, i: number): Item => {
      const id = `${parent}/${i}:${node.label}`;
      return { node, folder, id, children: (node.children ?? []).map((c, j) => wrap(c, folder, id, j)) };
    };
    const nodesOf = (f: (typeof all)[number]): ViewNode[] =>
      f.error
        ? [
            {
              label: 'The OpsDocs index could not be read',
              description: f.error,
              tooltip: f.error,
              kind: 'group',
              warn: true,
            },
          ]
        : (f.result?.[this.part] ?? []);
    this.roots =
      all.length === 1
        ? nodesOf(all[0]).map((n, i) => wrap(n, all[0].folder.uri, this.part, i))
        : all
            .filter((f) => nodesOf(f).length)
            .map((f, i) =>
              wrap({ label: f.folder.name, kind: 'group', children: nodesOf(f) }, f.folder.uri, this.part, i),
            );
    this.emitter.fire();
  }

  getChildren(item?: Item): Item[] {
    return item ? item.children : this.roots;
  }

  getTreeItem(item: Item): vscode.TreeItem {
    const n = item.node;
    const top = this.roots.includes(item);
    const t = new vscode.TreeItem(
      n.label,
      !item.children.length
        ? vscode.TreeItemCollapsibleState.None
        : top || n.kind === 'group'
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed,
    );
    t.id = item.id;
    t.description = n.description;
    t.tooltip = n.tooltip;
    t.iconPath = n.warn
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon(n.past ? 'history' : ICONS[n.kind]);
    t.contextValue = [n.kind, ...(n.actions ?? []), ...(n.warn ? ['warn'] : [])].join(' ');
    const uri = fileOf(item);
    if (uri) {
      t.resourceUri = uri;
      const line = n.line ?? 0;
      t.command = {
        command: 'vscode.open',
        title: 'Open',
        arguments: [
          uri,
          { selection: new vscode.Range(line, 0, line, 0) } satisfies vscode.TextDocumentShowOptions,
        ],
      };
    }
    return t;
  }

  /** The tree as VS Code draws it, in the text form of the expected trees (for tests). */
  snapshot(): string {
    const text = (item: Item): TextNode => {
      const t = this.getTreeItem(item);
      const [uri, options] = (t.command?.arguments ?? []) as [vscode.Uri?, vscode.TextDocumentShowOptions?];
      return {
        label: String(typeof t.label === 'object' ? t.label.label : t.label),
        description: typeof t.description === 'string' ? t.description : undefined,
        file: uri && vscode.workspace.asRelativePath(uri, false),
        line: options?.selection?.start.line,
        warn: (t.contextValue ?? '').split(' ').includes('warn'),
        children: item.children.map(text),
      };
    };
    return renderViewTree(this.roots.map(text));
  }
}
