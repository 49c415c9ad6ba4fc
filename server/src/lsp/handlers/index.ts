import { registerCodeActions } from './codeActions.js';
import { registerCodeLens } from './codeLens.js';
import { registerCompletion } from './completion.js';
import type { HandlerContext } from './context.js';
import { registerDefinition } from './definition.js';
import { registerDocumentLinks } from './documentLinks.js';
import { registerHover } from './hover.js';
import { registerFoldingRanges, registerSelectionRanges } from './ranges.js';
import { registerReferences } from './references.js';
import { registerPrepareRename, registerRename } from './rename.js';
import { registerRenameFiles } from './renameFiles.js';
import { registerDocumentSymbols, registerWorkspaceSymbols } from './symbols.js';
import { registerViews } from './views.js';

export type { DocLookup, HandlerContext } from './context.js';
export { FIX_ALL_KIND } from './codeActions.js';
export { FIX_ALL_COMMAND, fixAllCommand } from './fixAll.js';

/**
 * Registers every language feature: navigation, completion, symbols, code lenses and actions, renames,
 * and the trees of the OpsDocs view.
 */
export function registerHandlers(ctx: HandlerContext): void {
  registerDefinition(ctx);
  registerReferences(ctx);
  registerHover(ctx);
  registerCompletion(ctx);
  registerDocumentLinks(ctx);
  registerDocumentSymbols(ctx);
  registerWorkspaceSymbols(ctx);
  registerCodeLens(ctx);
  registerCodeActions(ctx);
  registerPrepareRename(ctx);
  registerRename(ctx);
  registerRenameFiles(ctx);
  registerFoldingRanges(ctx);
  registerSelectionRanges(ctx);
  registerViews(ctx);
}
