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
import { newAdr, newDoc, newScript } from '../core/scaffold/scaffold.js';
import { ScaffoldError } from '../core/scaffold/names.js';
import { buildDigest } from '../core/digest/build.js';
import { renderDigestMarkdown } from '../core/digest/markdown.js';
import { compareIds } from '../core/util/ids.js';

/** Finds the workspace folder of a URI (a folder URI or a file inside it). */
export type FolderLookup = (uri: string) => Folder | undefined;

/** The custom requests behind the client's commands: scaffolding, the digest, the ADR list. */
export function registerCommands(connection: Connection, folderFor: FolderLookup): void {
  const need = (uri: string) => {
    const f = folderFor(uri);
    if (!f) throw new ResponseError(1, 'That file is not in a workspace folder OpsDocs checks.');
    return f;
  };

  connection.onRequest(SCAFFOLD, async (p: ScaffoldParams): Promise<ScaffoldResult> => {
    const folder = need(p.uri);
    return folder.run(async () => {
      const { engine, overlay } = folder;
      const today = engine.getToday();
      try {
        let made;
        if (p.kind === 'adr') made = newAdr(engine, p.title, today, p.supersedes || undefined);
        else if (p.kind === 'script') {
          const pkg = await overlay.read('package.json');
          made = newScript(
            engine,
            p.title,
            p.ext ?? 'sh',
            p.description ?? '',
            'text' in pkg ? pkg.text : undefined,
          );
        } else made = newDoc(engine, p.kind, p.title, today);
        return { edit: toWorkspaceEdit(folder, made.edits), open: folder.uriOf(made.open) };
      } catch (e) {
        if (e instanceof ScaffoldError) throw new ResponseError(2, e.message);
        throw e;
      }
    });
  });

  connection.onRequest(DIGEST, (p: DigestParams): Promise<DigestResult> => {
    const folder = need(p.uri);
    return folder.run(() =>
      Promise.resolve({
        markdown: renderDigestMarkdown(buildDigest(folder.engine, folder.engine.getToday())),
      }),
    );
  });

  connection.onRequest(ADRS, (p: { uri: string }): AdrSummary[] => {
    const folder = need(p.uri);
    return [...folder.engine.documents().values()]
      .filter((d) => d.kind?.name === 'adr' && d.id)
      .map((d) => ({ id: d.id!, title: d.title ?? '', status: d.status ?? '' }))
      .sort((a, b) => compareIds(a.id, b.id));
  });
}
