import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { digestHtml } from '../../client/src/views/digestHtml.js';
import { REPO } from '../helpers/expected.js';

const OPTIONS = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'n0nce', script: 'S.js' };
const cspOf = (html: string) =>
  /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1];

describe('status digest panel page (client/src/views/digestHtml.ts)', () => {
  it('has a strict CSP: nothing remote, only the nonce script, the extension files and inline styles', () => {
    const html = digestHtml('# Status digest\n', OPTIONS);
    assert.equal(
      cspOf(html),
      "default-src 'none'; img-src https://file+.vscode-resource.vscode-cdn.net data:; style-src https://file+.vscode-resource.vscode-cdn.net 'unsafe-inline'; font-src https://file+.vscode-resource.vscode-cdn.net; script-src 'nonce-n0nce'",
    );
    assert.deepEqual(
      [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]),
      ['<script nonce="n0nce" src="S.js">'],
    );
  });

  it('renders the digest fixture: tables, every Mermaid block left for Mermaid, no comment', () => {
    const md = fs.readFileSync(path.join(REPO, 'test/fixtures/digest.expected.md'), 'utf8');
    const html = digestHtml(md, OPTIONS);
    const blocks = md.split('```mermaid').length - 1;
    assert.ok(blocks >= 2);
    assert.equal(html.split('<pre><code class="language-mermaid">').length - 1, blocks);
    assert.ok(html.includes('<table>') && html.includes('<td><code>tasks/'));
    assert.ok(!html.includes('opsdocs-disable'), 'the HTML comment for checkers is not shown');
    // Mermaid's labels reach it as text: `<br/>` in a node label is escaped in the code block.
    assert.ok(html.includes('t0[&quot;TASK-007&lt;br/&gt;review&quot;]'));
  });

  it('raw HTML in the digest (a title holding a script) is text, never markup', () => {
    const html = digestHtml(
      '| ID | Title |\n| --- | --- |\n| ADR-9 | <script>alert(1)</script> <img src=x onerror=alert(2)> |\n',
      OPTIONS,
    );
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;'));
    assert.equal([...html.matchAll(/<script/g)].length, 1);
    assert.ok(!html.includes('<img'));
  });
});
