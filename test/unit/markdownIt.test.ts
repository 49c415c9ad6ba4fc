import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { extendMarkdownIt, type MarkdownItLike } from '../../client/src/views/markdownIt.js';
import { REPO } from '../helpers/expected.js';

const MarkdownIt = createRequire(path.join(REPO, 'package.json'))('markdown-it') as new (
  o?: object,
) => MarkdownItLike & {
  render(s: string): string;
};
/** VS Code's preview highlights fences itself and drops the language class: as its highlighter does. */
const highlight = (s: string) => `<pre class="hljs"><code><div>${s}</div></code></pre>`;

describe('Markdown preview: ```mermaid fences (client/src/views/markdownIt.ts)', () => {
  it('a mermaid fence keeps its language for the bundled Mermaid; other fences as before', () => {
    const md = extendMarkdownIt(new MarkdownIt({ highlight }));
    const html = md.render('```mermaid\ngraph LR\n  a["<b>x</b>"] --> b\n```\n\n```sh\nls\n```\n');
    assert.equal(
      html,
      '<pre><code class="language-mermaid">graph LR\n  a[&quot;&lt;b&gt;x&lt;/b&gt;&quot;] --&gt; b\n</code></pre>\n' +
        '<pre class="hljs"><code><div>ls\n</div></code></pre>\n',
    );
  });

  it('without the extension the highlighter drops the language (what the fence rule is for)', () => {
    assert.ok(
      !new MarkdownIt({ highlight }).render('```mermaid\ngraph LR\n```\n').includes('language-mermaid'),
    );
  });
});
