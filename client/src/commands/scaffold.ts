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
  picked?: vscode.WorkspaceFolder,
): Promise<vscode.Uri | undefined> {
  const folder = picked ?? (await pickFolder());
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
  /** ADRs: the file of the ADR superseded (the Decisions tree's), where several logs have its id. */
  file?: string;
  /** ADRs kept in several logs: the folder of the log the new ADR goes into. */
  log?: string;
  /** The workspace folder (a URI) to make it in (the tree's); else the active editor's, or asked. */
  folder?: string;
  /** Scripts: `sh`, `mjs` or `py`, and the one-line description. */
  ext?: string;
  description?: string;
}

/**
 * OpsDocs: New ADR… — numbered after the existing ones, optionally superseding one. Where ADRs are
 * kept in several logs (a monorepo's services), the ADRs to supersede show their log, and a new
 * ADR that supersedes none asks which log it goes into.
 */
export function newAdr(ctx: Ctx) {
  return async (args: ScaffoldArgs = {}): Promise<vscode.Uri | undefined> => {
    const folder = args.folder
      ? vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(args.folder))
      : await pickFolder();
    if (!folder) return undefined;
    let { supersedes, file, log } = args;
    if (supersedes === undefined) {
      const adrs = await ctx.client.sendRequest<AdrSummary[]>(ADRS, { uri: folder.uri.toString() });
      const items = [
        { label: 'Supersedes nothing', id: '', file: undefined as string | undefined },
        ...adrs
          .filter((a) => a.status !== 'superseded')
          .map((a) => ({
            label: a.id,
            description: a.title,
            detail: a.log === undefined ? a.status : `${a.status} · ${a.log}`,
            id: a.id,
            file: a.file,
          })),
      ];
      const pick = await vscode.window.showQuickPick(items, {
        placeHolder: 'Does the new ADR supersede an existing one?',
        ignoreFocusOut: true,
      });
      if (!pick) return undefined;
      supersedes = pick.id;
      file = pick.file;
      const logs = [...new Set(adrs.flatMap((a) => (a.log === undefined ? [] : [a.log])))];
      if (!supersedes && log === undefined && logs.length > 1) {
        const count = (l: string) => adrs.filter((a) => a.log === l).length;
        const where = await vscode.window.showQuickPick(
          logs.map((l) => ({ label: l, description: `${count(l)} ADRs` })),
          { placeHolder: 'Which ADR log does the new ADR go into?', ignoreFocusOut: true },
        );
        if (!where) return undefined;
        log = where.label;
      }
    }
    return scaffold(
      ctx,
      () => ({
        kind: 'adr',
        supersedes: supersedes || undefined,
        supersedesFile: supersedes ? file : undefined,
        log,
      }),
      'Title of the new ADR',
      'Use SQS for background jobs',
      args.title,
      folder,
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
