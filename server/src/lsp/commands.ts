import { ResponseError, type Connection } from 'vscode-languageserver/node';
import {
  ADRS,
  DIGEST,
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

/** Finds the workspace folder of a URI (a folder URI or a file inside it). */
export type FolderLookup = (uri: string) => Folder | undefined;

/** The custom requests behind the client's commands: scaffolding, the digest, the ADR list. */
export function registerCommands(connection: Connection, folderFor: FolderLookup): void {
  const need = (uri: string) => {
    const f = folderFor(uri);
    if (!f) throw new ResponseError(1, 'That file is not in a workspace folder OpsDocs checks.');
    return f;
  };

  connection.onRequest(SCAFFOLD, (p: ScaffoldParams): Promise<ScaffoldResult> => {
    const folder = need(p.uri);
    return folder.run(async () => {
      const outcome = await scaffold(folder.engine.view(), folder.engine.getToday(), folder.overlay, p);
      if ('refused' in outcome) throw new ResponseError(2, outcome.refused);
      const { edits, open } = outcome.made;
      return { edit: toWorkspaceEdit(folder, edits), open: folder.uriOf(open) };
    });
  });

  connection.onRequest(DIGEST, (p: DigestParams): Promise<DigestResult> => {
    const folder = need(p.uri);
    return folder.run(() =>
      Promise.resolve({
        markdown: renderDigestMarkdown(
          buildDigest(folder.engine.view(), folder.engine.allFindings(), folder.engine.getToday()),
        ),
      }),
    );
  });

  connection.onRequest(ADRS, (p: { uri: string }): AdrSummary[] => {
    return adrList(need(p.uri).engine.view());
  });
}
