import {
  ErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type ExecuteCommandParams,
  type Position,
} from 'vscode-languageserver/node';
import {
  ADRS,
  DIGEST,
  DIGEST_COMMAND,
  FIND_REFERENCES_COMMAND,
  FIX_ALL_COMMAND,
  SCAFFOLD,
  type AdrSummary,
  type DigestParams,
  type DigestResult,
  type ScaffoldParams,
  type ScaffoldResult,
} from '../shared/protocol.js';
import type { Folder } from './folder.js';
import { toWorkspaceEdit } from './convert.js';
import { scaffold } from '../core/scaffold/dispatch.js';
import { buildDigest } from '../core/digest/build.js';
import { renderDigestMarkdown } from '../core/digest/markdown.js';
import { adrList } from '../core/model/adr.js';
import { cancellable, type DocLookup } from './handlers/context.js';
import { findReferences } from './handlers/references.js';

/** Finds the workspace folder of a URI (a folder URI or a file inside it). */
export type FolderLookup = (uri: string) => Folder | undefined;

const isPosition = (p: unknown): p is Position =>
  !!p &&
  typeof p === 'object' &&
  Number.isInteger((p as Position).line) &&
  Number.isInteger((p as Position).character);

/**
 * The custom requests behind the client's commands (scaffolding, the digest, the ADR list) and the
 * commands any client may run with `workspace/executeCommand` (see SERVER_COMMANDS).
 */
export function registerCommands(
  connection: Connection,
  folderFor: FolderLookup,
  lookup: DocLookup,
  firstFolder: () => Folder | undefined,
  fixAll: (p: ExecuteCommandParams, token: CancellationToken) => Promise<unknown>,
): void {
  const need = (uri: string) => {
    const f = folderFor(uri);
    if (!f) throw new ResponseError(1, 'That file is not in a workspace folder OpsDocs checks.');
    return f;
  };

  connection.onRequest(SCAFFOLD, (p: ScaffoldParams): Promise<ScaffoldResult> => {
    const folder = need(p.uri);
    return folder.run(async () => {
      // The numbers other branches' files take (from git; none in Restricted Mode).
      const history = folder.engine.getHistory();
      const elsewhere = history.kind === 'git' ? history.elsewhere : undefined;
      const request = { ...p, elsewhere };
      const outcome = await scaffold(folder.engine.view(), folder.engine.getToday(), folder.overlay, request);
      if ('refused' in outcome) throw new ResponseError(2, outcome.refused);
      const { edits, open } = outcome.made;
      return { edit: toWorkspaceEdit(folder, edits), open: folder.uriOf(open) };
    });
  });

  const digest = (folder: Folder): Promise<DigestResult> =>
    folder.run(() =>
      Promise.resolve({
        markdown: renderDigestMarkdown(
          buildDigest(
            folder.engine.view(),
            folder.engine.allFindings(),
            folder.engine.getToday(),
            folder.engine.getHistory(),
          ),
        ),
      }),
    );

  connection.onRequest(DIGEST, (p: DigestParams): Promise<DigestResult> => digest(need(p.uri)));

  const badArguments = (message: string) => new ResponseError(ErrorCodes.InvalidParams, message);
  connection.onExecuteCommand(
    cancellable(async ({ command, arguments: given }, token) => {
      if (given !== undefined && given !== null && !Array.isArray(given))
        throw badArguments(`${command}: the arguments must be a list.`);
      const args: unknown[] = given ?? [];
      if (command === FIX_ALL_COMMAND) {
        const [uri] = args;
        if (uri !== undefined && typeof uri !== 'string')
          throw badArguments(`${command} takes the URI of a workspace folder, or nothing for every folder.`);
        return fixAll({ command, arguments: args }, token);
      }
      if (command === FIND_REFERENCES_COMMAND) {
        const [uri, position] = args;
        if (typeof uri !== 'string' || !isPosition(position))
          throw badArguments(`${command} takes a document URI and a position ({ line, character }).`);
        return findReferences(lookup, uri, position, false, token);
      }
      if (command === DIGEST_COMMAND) {
        const [uri] = args;
        if (uri !== undefined && typeof uri !== 'string')
          throw badArguments(`${command} takes the URI of a workspace folder or of a file in it.`);
        const folder = uri === undefined ? firstFolder() : need(uri);
        if (!folder) throw new ResponseError(1, 'OpsDocs checks no workspace folder.');
        return digest(folder);
      }
      throw badArguments(`OpsDocs has no command "${command}".`);
    }),
  );

  connection.onRequest(ADRS, (p: { uri: string }): AdrSummary[] => {
    return adrList(need(p.uri).engine.view());
  });
}
