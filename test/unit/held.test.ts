import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractFacts, parseMarkdown } from '../../server/src/core/parse/markdown.js';
import { describe as describeDoc } from '../../server/src/core/index/docInfo.js';
import type { Ref } from '../../server/src/core/parse/refs.js';

/** Every Markdown file under test/fixtures and docs/examples. */
function markdownFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.md')) out.push(p);
    }
  };
  walk('test/fixtures');
  walk('docs/examples');
  return out.sort();
}

const REF_FIELDS = [
  'kind',
  'target',
  'range',
  'fragment',
  'fragmentRange',
  'base',
  'folder',
  'field',
  'textRange',
  'loose',
  'image',
  'command',
  'dir',
] as const satisfies readonly (keyof Ref)[];

/** The plain data of a value as JSON writes it (undefined fields dropped). */
const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('headings and references held by offsets (parse/held.ts)', () => {
  const files = markdownFiles();

  it('read back every field and range as parsed, and write the same JSON, for every fixture document', () => {
    let headings = 0;
    let refs = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const facts = extractFacts(text);
      const plain = structuredClone(facts);
      const parsed = parseMarkdown(file, text, facts);
      assert.equal(parsed.headings.length, plain.headings.length, file);
      parsed.headings.forEach((h, i) => {
        const p = plain.headings[i];
        for (const k of ['text', 'depth', 'slug', 'range', 'contentRange'] as const)
          assert.deepEqual(h[k], p[k], `${file}: heading ${i}.${k}`);
        assert.deepEqual(json(h), json(p), `${file}: heading ${i} as JSON`);
        headings++;
      });
      assert.equal(parsed.refs.length, plain.refs.length, file);
      parsed.refs.forEach((r, i) => {
        for (const k of REF_FIELDS) assert.deepEqual(r[k], plain.refs[i][k], `${file}: ref ${i}.${k}`);
        assert.deepEqual(json(r), json(plain.refs[i]), `${file}: ref ${i} as JSON`);
        refs++;
      });
      // The facts given are left as they were: a cache writes them after.
      assert.deepEqual(facts, plain, `${file}: facts unchanged`);
    }
    assert.ok(headings > 200 && refs > 200, `${headings} headings, ${refs} references`);
  });

  it('hold front-matter and command references the same way as the index describes them', () => {
    const text = [
      '---',
      'related: ["docs/a.md#intro", ADR-7]',
      '---',
      '# Runbook',
      '',
      '```sh',
      'cd services/api && ./scripts/deploy.sh --dry-run',
      '```',
      '',
    ].join('\n');
    const info = describeDoc(parseMarkdown('docs/runbooks/x.md', text), {
      name: 'runbook',
      fields: { related: 'related' },
    } as never);
    assert.deepEqual(
      info.refs.map((r) => [r.kind, r.target, r.fragment, r.range, r.fragmentRange, r.command, r.dir]),
      [
        [
          'path',
          './scripts/deploy.sh',
          undefined,
          { start: { line: 6, character: 19 }, end: { line: 6, character: 38 } },
          undefined,
          true,
          'services/api',
        ],
        [
          'field',
          'docs/a.md',
          'intro',
          { start: { line: 1, character: 11 }, end: { line: 1, character: 20 } },
          { start: { line: 1, character: 21 }, end: { line: 1, character: 26 } },
          undefined,
          undefined,
        ],
        [
          'field',
          'ADR-7',
          undefined,
          { start: { line: 1, character: 29 }, end: { line: 1, character: 34 } },
          undefined,
          undefined,
          undefined,
        ],
      ],
    );
  });
});
