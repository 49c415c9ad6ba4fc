import {
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
} from 'vscode-languageserver/node';
import type { Folder } from '../folder.js';
import type { DocInfo } from '../../core/index/docInfo.js';
import { Cancelled } from '../../core/index/view.js';

/**
 * Finds the folder and indexed document of a URI, after the queued updates of that file (an edit
 * just sent is answered from its new text; edits to other files still queued do not hold the
 * answer up), or with `scope: 'folder'` after every queued update of the folder (a request that
 * edits other files needs their texts indexed); while the first indexing runs, from what is indexed.
 */
export type DocLookup = (
  uri: string,
  scope?: 'file' | 'folder',
) => Promise<{ folder: Folder; rel: string; doc?: DocInfo } | undefined>;

/** What every request handler is registered with. */
export interface HandlerContext {
  connection: Connection;
  lookup: DocLookup;
  /** Every workspace folder the server checks. */
  folders: () => Iterable<Folder>;
}

/**
 * Wraps a request handler: a cancelled request stops (long loops check the token through the
 * index view) and answers with the LSP "request cancelled" error.
 */
export function cancellable<P, R>(
  fn: (p: P, token: CancellationToken) => Promise<R>,
): (p: P, token: CancellationToken) => Promise<R | ResponseError<never>> {
  return async (p, token) => {
    try {
      return await fn(p, token);
    } catch (e) {
      if (e instanceof Cancelled)
        return new ResponseError<never>(LSPErrorCodes.RequestCancelled, 'cancelled');
      throw e;
    }
  };
}

/** A request that fails with a message the editor shows the user. */
export const failed = (message: string): ResponseError<never> =>
  new ResponseError<never>(LSPErrorCodes.RequestFailed, message);

/**
 * The documents that may cite `file`: from the index's dependency records once the folder is
 * checked; while it is indexed or first published, every document (scanned with pauses), since
 * the records would need a check of the whole folder in one block.
 */
export function candidates(folder: Folder, file: string): Iterable<DocInfo> {
  return folder.indexing ? folder.engine.documents().values() : folder.engine.citing(file);
}
