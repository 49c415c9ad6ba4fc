/** The parts of markdown-it's API the Mermaid fence uses (VS Code hands the preview's instance). */
interface FenceToken {
  info: string;
  content: string;
}
type Rule = (tokens: FenceToken[], idx: number, options: unknown, env: unknown, self: unknown) => string;
export interface MarkdownItLike {
  renderer: { rules: { fence?: Rule } };
  utils: { escapeHtml(s: string): string };
}

/**
 * `extendMarkdownIt` of VS Code's Markdown preview (`markdown.markdownItPlugins`): a ```mermaid
 * fence is written `<pre><code class="language-mermaid">` (VS Code's highlighter would drop the
 * language), for the extension's Mermaid (`markdown.previewScripts`) to draw; other fences as before.
 */
export function extendMarkdownIt<M extends MarkdownItLike>(md: M): M {
  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const t = tokens[idx];
    if (t.info.trim().split(/\s+/)[0] === 'mermaid')
      return `<pre><code class="language-mermaid">${md.utils.escapeHtml(t.content)}</code></pre>\n`;
    return fence
      ? fence(tokens, idx, options, env, self)
      : `<pre><code>${md.utils.escapeHtml(t.content)}</code></pre>\n`;
  };
  return md;
}
