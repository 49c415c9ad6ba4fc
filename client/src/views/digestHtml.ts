import { micromark } from 'micromark';
import { gfmTable, gfmTableHtml } from 'micromark-extension-gfm-table';

/** The digest's HTML comments (`<!-- opsdocs-disable -->`) are for checkers, not readers. */
const withoutComments = (markdown: string) => markdown.replace(/^<!--[^\n]*-->[ \t]*\n/gm, '');

/**
 * The page of the status digest panel: the digest's Markdown as HTML (micromark with GFM tables; raw
 * HTML in it, say a title holding `<script>`, is shown as text, never run), its ```mermaid blocks left
 * as `code.language-mermaid` for the bundled Mermaid (`script`) to draw. Strict content security:
 * nothing remote, only the extension's own files (`cspSource`) and the one script carrying `nonce`;
 * inline styles are allowed (Mermaid styles its SVGs inline). Colours are the theme's.
 */
export function digestHtml(
  markdown: string,
  o: { cspSource: string; nonce: string; script: string },
): string {
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data:`,
    `style-src ${o.cspSource} 'unsafe-inline'`,
    `font-src ${o.cspSource}`,
    `script-src 'nonce-${o.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style>
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 24px 24px; max-width: 1100px; }
a { color: var(--vscode-textLink-foreground); }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { border: 1px solid var(--vscode-panel-border, var(--vscode-editorWidget-border)); padding: 3px 8px; text-align: left; vertical-align: top; }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 1px 3px; border-radius: 3px; }
td code { cursor: pointer; }
td code:hover { text-decoration: underline; }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px; overflow-x: auto; }
.opsdocs-mermaid { margin: 8px 0 16px; scroll-margin-top: 56px; }
.opsdocs-mermaid g.node { cursor: pointer; }
.opsdocs-mermaid-error { color: var(--vscode-errorForeground); }
.toolbar { position: sticky; top: 0; padding: 8px 0; background: var(--vscode-editor-background); }
button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 12px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
</style>
</head>
<body data-opsdocs-panel>
<div class="toolbar"><button id="save" title="Save the digest as a Markdown file (opsdocs.digest.path)">Save as Markdown</button></div>
${micromark(withoutComments(markdown), { extensions: [gfmTable()], htmlExtensions: [gfmTableHtml()] })}
<script nonce="${o.nonce}" src="${o.script}"></script>
</body>
</html>
`;
}
