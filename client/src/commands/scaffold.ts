import * as vscode from 'vscode';
import {
  ADRS,
  SCAFFOLD,
  type AdrSummary,
  type ScaffoldParams,
  type ScaffoldResult,
} from '../../../server/src/shared/protocol';
import { pickFolder, reason, type Ctx } from './context';

type Kind = ScaffoldParams['kind'];

const TITLES: Record<Exclude<Kind, 'script'>, string> = {
  adr: 'ADR',
  runbook: 'runbook',
  policy: 'policy',
  task: 'task',
};

/**
 * Asks for a name until the server accepts it (a clash or a bad name is explained and asked
 * again), then applies the edit as one WorkspaceEdit — one undo — and opens the new file.
 */
async function scaffold(
  ctx: Ctx,
  params: (title: string) => Omit<ScaffoldParams, 'title' | 'uri'>,
  prompt: string,
  placeHolder: string,
  given?: string,
): Promise<vscode.Uri | undefined> {
  const folder = await pickFolder();
  if (!folder) return undefined;
  let value = given ?? '';
  let problem: string | undefined;
  for (;;) {
    // A title given as a command argument is used as is (keybindings, tasks, tests); a rejected one is asked
    // for.
    const title =
      given !== undefined && problem === undefined
        ? given
        : await vscode.window.showInputBox({
            prompt: problem ? `${problem} ${prompt}` : prompt,
            placeHolder,
            value,
            ignoreFocusOut: true,
          });
    if (title === undefined) return undefined;
    value = title;
    let result: ScaffoldResult;
    try {
      result = await ctx.client.sendRequest<ScaffoldResult>(SCAFFOLD, {
        ...params(title),
        title,
        uri: folder.uri.toString(),
      });
    } catch (e) {
      problem = reason(e);
      continue;
    }
    const edit = await ctx.client.protocol2CodeConverter.asWorkspaceEdit(result.edit as never);
    if (!edit || !(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage('OpsDocs: the editor refused the edit; nothing was changed.');
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(result.open));
    await vscode.window.showTextDocument(doc);
    ctx.output.info(`Created ${vscode.workspace.asRelativePath(doc.uri)}.`);
    return doc.uri;
  }
}

/** Optional command arguments: what the prompts would ask (for keybindings, tasks and tests). */
export interface ScaffoldArgs {
  title?: string;
  /** ADRs: the id superseded (`''` for none). */
  supersedes?: string;
  /** Scripts: `sh`, `mjs` or `py`, and the one-line description. */
  ext?: string;
  description?: string;
}

/** OpsDocs: New ADR… — numbered after the existing ones, optionally superseding one. */
export function newAdr(ctx: Ctx) {
  return async (args: ScaffoldArgs = {}): Promise<vscode.Uri | undefined> => {
    let supersedes = args.supersedes;
    if (supersedes === undefined) {
      const folder = await pickFolder();
      if (!folder) return undefined;
      const adrs = await ctx.client.sendRequest<AdrSummary[]>(ADRS, { uri: folder.uri.toString() });
      const none = { label: 'Supersedes nothing', id: '' };
      const items = [
        none,
        ...adrs
          .filter((a) => a.status !== 'superseded')
          .map((a) => ({ label: a.id, description: a.title, detail: a.status, id: a.id })),
      ];
      const pick = await vscode.window.showQuickPick(items, {
        placeHolder: 'Does the new ADR supersede an existing one?',
        ignoreFocusOut: true,
      });
      if (!pick) return undefined;
      supersedes = pick.id;
    }
    return scaffold(
      ctx,
      () => ({ kind: 'adr', supersedes: supersedes || undefined }),
      'Title of the new ADR',
      'Use SQS for background jobs',
      args.title,
    );
  };
}

/** OpsDocs: New runbook / policy / task… */
export function newDoc(ctx: Ctx, kind: Exclude<Kind, 'adr' | 'script'>) {
  return (args: ScaffoldArgs = {}) =>
    scaffold(
      ctx,
      () => ({ kind }),
      `Title of the new ${TITLES[kind]}`,
      kind === 'task' ? 'Rotate the API keys' : 'Database failover',
      args.title,
    );
}

/** OpsDocs: New script… — the script, its AGENTS.md row and its npm script. */
export function newScript(ctx: Ctx) {
  return async (args: ScaffoldArgs = {}): Promise<vscode.Uri | undefined> => {
    if (args.ext !== undefined && args.description !== undefined) {
      const { ext, description } = args;
      return scaffold(
        ctx,
        () => ({ kind: 'script', ext, description }),
        'Name of the new script (scripts/NAME.ext)',
        'rotate-keys',
        args.title,
      );
    }
    const ext = await vscode.window.showQuickPick(
      [
        { label: 'sh', description: 'Bash script' },
        { label: 'mjs', description: 'Node.js script' },
        { label: 'py', description: 'Python script' },
      ],
      { placeHolder: 'Script type', ignoreFocusOut: true },
    );
    if (!ext) return undefined;
    const description = await vscode.window.showInputBox({
      prompt: 'What does the script do? (one line, for AGENTS.md)',
      ignoreFocusOut: true,
    });
    if (description === undefined) return undefined;
    return scaffold(
      ctx,
      () => ({ kind: 'script', ext: ext.label, description }),
      'Name of the new script (scripts/NAME.ext)',
      'rotate-keys',
      args.title,
    );
  };
}
