import {
  CancellationToken,
  CodeActionKind,
  CodeLens,
  LSPErrorCodes,
  ResponseError,
  CompletionItemKind,
  type CodeAction,
  DocumentLink,
  SymbolKind,
  type Connection,
  type CreateFile,
  type DocumentSymbol,
  type RenameFile,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Folder } from './folder.js';
import type { DocInfo } from '../core/index/docInfo.js';
import { definition, hover, references, citedBy } from '../core/features/navigation.js';
import { complete } from '../core/features/completion.js';
import { documentSymbols, workspaceSymbols, type DocSymbol } from '../core/features/symbols.js';
import { renameFiles, renameHeading, renameId, renameTarget } from '../core/features/rename.js';
import { resolveRef } from '../core/features/locate.js';
import { fixAll, fixesFor } from '../core/features/fixes.js';
import type { Finding, FixData } from '../core/types.js';
import type { WorkspaceEdits } from '../core/features/edits.js';
import { Cancelled, type IndexView } from '../core/index/view.js';

/**
 * Finds the folder and indexed document of a URI, after the folder's queued updates (an edit
 * just sent is answered from its new text); while the first indexing runs, from what is indexed.
 */
export type DocLookup = (uri: string) => Promise<{ folder: Folder; rel: string; doc?: DocInfo } | undefined>;

const COMPLETION_KIND = {
  file: CompletionItemKind.File,
  folder: CompletionItemKind.Folder,
  id: CompletionItemKind.Reference,
  anchor: CompletionItemKind.Reference,
  key: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  script: CompletionItemKind.Function,
} as const;

/** An engine edit set as an LSP WorkspaceEdit: text edits first, then file renames and creations. */
export function toWorkspaceEdit(folder: Folder, w: WorkspaceEdits): WorkspaceEdit {
  const documentChanges: (TextDocumentEdit | RenameFile | CreateFile)[] = [];
  for (const c of w.creates ?? []) {
    documentChanges.push({
      kind: 'create',
      uri: folder.uriOf(c.file),
      options: { overwrite: false, ignoreIfExists: false },
    });
    documentChanges.push({
      textDocument: { uri: folder.uriOf(c.file), version: null },
      edits: [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: c.text },
      ],
    });
  }
  for (const [file, edits] of [...w.edits].sort(([a], [b]) => a.localeCompare(b))) {
    documentChanges.push({ textDocument: { uri: folder.uriOf(file), version: null }, edits });
  }
  for (const r of w.renames)
    documentChanges.push({
      kind: 'rename',
      oldUri: folder.uriOf(r.from),
      newUri: folder.uriOf(r.to),
      options: { overwrite: false },
    });
  return { documentChanges };
}

function toSymbol(s: DocSymbol): DocumentSymbol {
  return {
    name: s.name,
    kind: s.depth === 1 ? SymbolKind.File : SymbolKind.String,
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children.map(toSymbol),
  };
}

/**
 * Wraps a request handler: a cancelled request stops (long loops check the token through the
 * index view) and answers with the LSP "request cancelled" error.
 */
function cancellable<P, R>(
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

/**
 * The documents that may cite `file`: from the index's dependency records once the folder is
 * checked; while it is indexed or first published, every document (scanned with pauses), since
 * the records would need a check of the whole folder in one block.
 */
function candidates(folder: Folder, file: string): Iterable<DocInfo> {
  return folder.indexing ? folder.engine.documents().values() : folder.engine.citing(file);
}

/**
 * The documents that may cite a moved file or anything inside a moved folder (the moved documents included).
 */
function movedCandidates(folder: Folder, view: IndexView, moves: { from: string }[]): Iterable<DocInfo> {
  if (folder.indexing) return folder.engine.documents().values();
  const files = view.allFiles();
  const out = new Set<DocInfo>();
  for (const { from } of moves) {
    for (const f of [from, ...files.filter((x) => x.startsWith(`${from}/`))])
      for (const d of folder.engine.citing(f)) out.add(d);
  }
  return out;
}

/** Registers the navigation, completion and rename handlers: thin calls into the engine. */
export function registerFeatures(
  connection: Connection,
  lookup: DocLookup,
  folders: () => Iterable<Folder>,
): void {
  connection.onDefinition(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return null;
      const loc = definition(
        hit.folder.engine.view(() => token.isCancellationRequested),
        hit.doc,
        p.position,
      );
      return loc ? { uri: hit.folder.uriOf(loc.file), range: loc.range } : null;
    }),
  );

  connection.onReferences(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return [];
      const { engine } = hit.folder;
      return (
        await references(
          engine.view(() => token.isCancellationRequested),
          (f) => candidates(hit.folder, f),
          hit.doc,
          p.position,
          p.context?.includeDeclaration ?? false,
        )
      ).map((l) => ({ uri: hit.folder.uriOf(l.file), range: l.range }));
    }),
  );

  connection.onHover(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return null;
      const h = hover(
        hit.folder.engine.view(() => token.isCancellationRequested),
        hit.doc,
        p.position,
      );
      return h ? { contents: { kind: 'markdown', value: h.markdown }, range: h.range } : null;
    }),
  );

  connection.onCompletion(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return [];
      const { engine } = hit.folder;
      return complete(
        engine.view(() => token.isCancellationRequested),
        hit.doc,
        engine.schemaOf(hit.doc),
        p.position,
      ).map((c, i) => ({
        label: c.label,
        kind: COMPLETION_KIND[c.kind],
        detail: c.detail,
        sortText: String(i).padStart(5, '0'),
        textEdit: { range: c.range, newText: c.insertText ?? c.label },
        command:
          c.kind === 'folder' ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
      }));
    }),
  );

  connection.onDocumentLinks(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return [];
      const view = hit.folder.engine.view(() => token.isCancellationRequested);
      const links: DocumentLink[] = [];
      for (const ref of hit.doc.refs) {
        if (ref.kind === 'link') continue; // VS Code's Markdown support links these already
        const t = resolveRef(view, hit.doc, ref);
        if (!t || t.isFolder) continue;
        links.push({
          range: ref.range,
          target: `${hit.folder.uriOf(t.file)}#L${t.range.start.line + 1}`,
          tooltip: t.doc?.title ?? t.file,
        });
      }
      return links;
    }),
  );

  connection.onDocumentSymbol(async (p) => {
    const hit = await lookup(p.textDocument.uri);
    return hit?.doc ? documentSymbols(hit.doc).map(toSymbol) : [];
  });

  connection.onWorkspaceSymbol((p) => {
    const out = [];
    for (const folder of folders()) {
      for (const s of workspaceSymbols(folder.engine.documents().values(), p.query)) {
        out.push({
          name: s.name,
          kind: SymbolKind.File,
          containerName: s.kind,
          location: { uri: folder.uriOf(s.file), range: s.range },
        });
      }
    }
    return out;
  });

  connection.onCodeLens(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return [];
      const { engine } = hit.folder;
      const citing = (
        await citedBy(
          engine.view(() => token.isCancellationRequested),
          candidates(hit.folder, hit.rel),
          hit.rel,
        )
      ).size;
      const pos = hit.doc.titleRange.start;
      const title = citing === 1 ? 'cited by 1 document' : `cited by ${citing} documents`;
      const lens: CodeLens = {
        range: hit.doc.titleRange,
        command: {
          title,
          command: citing ? 'opsdocs.findReferences' : '',
          arguments: [p.textDocument.uri, pos],
        },
      };
      return [lens];
    }),
  );

  connection.onCodeAction(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return [];
      const { engine } = hit.folder;
      const view = engine.view(() => token.isCancellationRequested);
      const schema = engine.schemaOf(hit.doc);
      const today = engine.getToday();
      const actions: CodeAction[] = [];
      const only = p.context.only;
      const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
      if (wants(CodeActionKind.QuickFix)) {
        for (const d of p.context.diagnostics) {
          if (d.source !== 'opsdocs') continue;
          const finding: Finding = {
            file: hit.rel,
            range: d.range,
            severity: 'error',
            rule: String(d.code),
            message: typeof d.message === 'string' ? d.message : d.message.value,
            data: d.data as FixData | undefined,
          };
          for (const fix of fixesFor(view, hit.doc, schema, finding, today)) {
            actions.push({
              title: fix.title,
              kind: CodeActionKind.QuickFix,
              diagnostics: [d],
              isPreferred: fix.preferred,
              edit: toWorkspaceEdit(hit.folder, fix.edits),
            });
          }
        }
      }
      const fixAllKind = `${CodeActionKind.SourceFixAll}.opsdocs`;
      if (wants(fixAllKind)) {
        const all = fixAll(view, hit.doc, schema, engine.findings(hit.rel), today);
        if (all)
          actions.push({
            title: 'Fix all OpsDocs problems in this file',
            kind: fixAllKind,
            edit: toWorkspaceEdit(hit.folder, all),
          });
      }
      return actions;
    }),
  );

  connection.onPrepareRename(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return null;
      const t = renameTarget(
        hit.folder.engine.view(() => token.isCancellationRequested),
        hit.doc,
        p.position,
      );
      return t ? { range: t.range, placeholder: t.placeholder } : null;
    }),
  );

  connection.onRenameRequest(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return null;
      const view = hit.folder.engine.view(() => token.isCancellationRequested);
      const t = renameTarget(view, hit.doc, p.position);
      if (!t) return null;
      const docs = candidates(hit.folder, t.doc.file);
      const name = p.newName.trim();
      if (t.kind === 'id') {
        if (!/^[A-Za-z][\w]*-\d+$/.test(name))
          return new ResponseError<never>(
            LSPErrorCodes.RequestFailed,
            `"${name}" is not an id like ${t.placeholder}.`,
          );
        if (view.byId(name).some((d) => d !== t.doc))
          return new ResponseError<never>(
            LSPErrorCodes.RequestFailed,
            `${name} is already the id of ${view.byId(name)[0].file}.`,
          );
        return toWorkspaceEdit(hit.folder, await renameId(view, docs, t.doc, name));
      }
      if (!name) return new ResponseError<never>(LSPErrorCodes.RequestFailed, 'A heading cannot be empty.');
      return toWorkspaceEdit(hit.folder, await renameHeading(view, docs, t.doc, t.slug, name));
    }),
  );

  connection.workspace.onWillRenameFiles(
    cancellable(async (p, token) => {
      const byFolder = new Map<Folder, { from: string; to: string }[]>();
      for (const f of p.files) {
        const a = await lookup(f.oldUri);
        const b = await lookup(f.newUri);
        if (!a || !b || a.folder !== b.folder) continue;
        const list = byFolder.get(a.folder) ?? [];
        list.push({ from: a.rel, to: b.rel });
        byFolder.set(a.folder, list);
      }
      const documentChanges: WorkspaceEdit['documentChanges'] = [];
      for (const [folder, moves] of byFolder) {
        const view = folder.engine.view(() => token.isCancellationRequested);
        const w = await renameFiles(view, movedCandidates(folder, view, moves), moves);
        documentChanges.push(...(toWorkspaceEdit(folder, w).documentChanges ?? []));
      }
      return documentChanges.length ? { documentChanges } : null;
    }),
  );
}
