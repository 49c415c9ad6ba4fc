/**
 * Draws the Mermaid blocks of a page (`pre > code.language-mermaid`, as markdown-it writes a
 * ```mermaid fence) as SVG, with the Mermaid bundled in the extension (nothing fetched). Loaded by
 * VS Code's Markdown preview (`markdown.previewScripts`) and by the status digest panel; in the
 * panel (`body[data-opsdocs-panel]`) it also tells the extension what it drew and which document
 * a click on a graph node or a file path asks for.
 */
import mermaid from 'mermaid';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const ID = /\b[A-Z][A-Z0-9]*-\d+\b/;
let count = 0;
/** Mermaid blocks not drawn yet, nor failed to draw (a failed one stays code, with why). */
const UNDRAWN = 'pre > code.language-mermaid:not([data-opsdocs-failed])';

function theme(): 'dark' | 'default' {
  const c = document.body.classList;
  return c.contains('vscode-dark') || c.contains('vscode-high-contrast') ? 'dark' : 'default';
}

/** Replaces each Mermaid block by its drawing; answers how many were drawn and the errors. */
async function render(): Promise<{ svgs: number; errors: string[] }> {
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: theme() });
  const errors: string[] = [];
  for (const code of [...document.querySelectorAll(UNDRAWN)]) {
    const pre = code.parentElement!;
    try {
      const { svg } = await mermaid.render(`opsdocs-mermaid-${++count}`, code.textContent ?? '');
      const div = document.createElement('div');
      div.className = 'opsdocs-mermaid';
      div.innerHTML = svg;
      pre.replaceWith(div);
    } catch (e) {
      // The block stays as code, with why it could not be drawn.
      const why = e instanceof Error ? e.message : String(e);
      code.setAttribute('data-opsdocs-failed', '');
      errors.push(why);
      const note = document.createElement('p');
      note.className = 'opsdocs-mermaid-error';
      note.textContent = `Mermaid could not draw this graph: ${why}`;
      pre.after(note);
    }
  }
  return { svgs: document.querySelectorAll('.opsdocs-mermaid svg').length, errors };
}

if (document.body.dataset.opsdocsPanel !== undefined) {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (e) => {
    const target = e.target as Element;
    if (target.closest('#save')) return vscode.postMessage({ type: 'save' });
    const node = target.closest('.opsdocs-mermaid g.node');
    const id = node && ID.exec(node.textContent ?? '')?.[0];
    if (id) return vscode.postMessage({ type: 'openId', id });
    const code = target.closest('td code');
    if (code?.textContent) vscode.postMessage({ type: 'openPath', path: code.textContent });
  });
  // The extension may ask to show a graph (its 0-based index).
  window.addEventListener('message', (e: MessageEvent<{ type?: string; index?: number }>) => {
    if (e.data.type === 'revealGraph')
      document.querySelectorAll('.opsdocs-mermaid')[e.data.index ?? 0]?.scrollIntoView({ block: 'start' });
  });
  void render().then((r) => vscode.postMessage({ type: 'rendered', ...r }));
} else {
  // The Markdown preview: draw whenever Mermaid blocks are in the page — at load, after each
  // update of its content (`vscode.markdown.updateContent`) and whenever blocks appear by other
  // means (seen: blocks present, never drawn, when the content came after the script ran) — one
  // drawing at a time, and only while the preview is shown: Mermaid measures text, which a
  // hidden webview cannot lay out.
  let queue = Promise.resolve();
  let queued = false;
  const shown = () =>
    new Promise<void>((resolve) => {
      if (!document.hidden) return resolve();
      document.addEventListener('visibilitychange', function seen() {
        if (document.hidden) return;
        document.removeEventListener('visibilitychange', seen);
        resolve();
      });
    });
  const draw = () => {
    if (queued) return;
    queued = true;
    queue = queue.then(async () => {
      await shown();
      queued = false;
      await render();
    });
  };
  draw();
  window.addEventListener('vscode.markdown.updateContent', draw);
  new MutationObserver(() => {
    if (document.querySelector(UNDRAWN)) draw();
  }).observe(document.body, { childList: true, subtree: true });
}
