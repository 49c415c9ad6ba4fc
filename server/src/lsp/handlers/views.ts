import { buildViews } from '../../core/features/views.js';
import { VIEWS, type ViewsParams, type ViewsResult } from '../../shared/protocol.js';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { cancellable, candidates, failed, type HandlerContext } from './context.js';

/**
 * `opsdocs/views`: the trees of the OpsDocs view of a folder and its status bar counts, from the
 * index as it stands (while the folder is first indexed, from what is indexed so far: an
 * `opsdocs/viewsChanged` follows when it is done).
 */
export function registerViews({ connection, lookup, folders }: HandlerContext): void {
  connection.onRequest(
    VIEWS,
    cancellable(async (p: ViewsParams, token): Promise<ViewsResult> => {
      if (!isViewsParams(p)) throw new ResponseError(ErrorCodes.InvalidParams, VIEWS_PARAMS);
      const folder = [...folders()].find((f) => f.uri === p.uri) ?? (await lookup(p.uri))?.folder;
      if (!folder) throw failed('That folder is not a workspace folder OpsDocs checks.');
      await folder.settled();
      const hit = p.document === undefined ? undefined : await lookup(p.document);
      const { engine } = folder;
      const result = await buildViews(
        engine.view(() => token.isCancellationRequested),
        folder.settings.enable ? engine.allFindings() : [],
        engine.getToday(),
        {
          parts: p.parts,
          document: hit?.folder === folder ? hit.doc : undefined,
          citing: (file) => candidates(folder, file),
        },
      );
      return { folder: folder.uri, ...result };
    }),
  );
}

const VIEWS_PARAMS =
  'opsdocs/views takes { uri, document?, parts? }: uri and document strings, parts a list of strings.';

/** True for params of the shape {@link ViewsParams} (a client may send anything, null included). */
function isViewsParams(p: unknown): p is ViewsParams {
  if (typeof p !== 'object' || p === null) return false;
  const { uri, document, parts } = p as Record<string, unknown>;
  return (
    typeof uri === 'string' &&
    (document === undefined || typeof document === 'string') &&
    (parts === undefined || (Array.isArray(parts) && parts.every((x) => typeof x === 'string')))
  );
}
