import * as assert from 'node:assert/strict';
import { Engine } from '../../server/src/core/engine.js';
import { extractFacts, MAX_PARSE_COST, parseCost } from '../../server/src/core/parse/markdown.js';
import { formatFinding } from '../helpers/expected.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';
import { DENSE, DENSE_HEAD, denseDoc, table } from '../helpers/dense.js';

const FAST = 'read in fast mode; front matter, headings and sections are checked, links are not.';
const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

describe('parse budget: markup the parser cannot read within its budget is read in fast mode', () => {
  it('counts one unit per ASCII punctuation character, four per line, one per 32 bytes', () => {
    assert.equal(parseCost(''), 0);
    assert.equal(parseCost('word'), 1); // 4 bytes
    assert.equal(parseCost('|a|b|\n'), 3 + 4 + 1);
    assert.equal(parseCost('- x\n- y\n'), 2 + 8 + 1);
    // A line is a line however it ends: CRLF and a CR alone count as LF does.
    assert.equal(parseCost('- x\r\n- y\r\n'), 2 + 8 + 1);
    assert.equal(parseCost('- x\r- y\r'), 2 + 8 + 1);
    assert.equal(parseCost('é😀 '.repeat(16)), 2); // 64 UTF-16 units, no ASCII punctuation
    assert.equal(parseCost('!/:@[`{~'), 8 + 1);
    assert.equal(parseCost('x'.repeat(65)), 3);
  });

  it("reads the issue's 1 MB table (46,000 rows × 10 cells) in fast mode, with an info finding, in bounded time", async () => {
    const rows = table(10);
    const text = DENSE_HEAD + rows.pre + rows.line().repeat(46_000);
    assert.ok(text.length > 960_000 && text.length < 1024 * 1024);
    // Each row: 11 `|` and a line; the bytes are counted over the whole text.
    const prefix = DENSE_HEAD + rows.pre;
    const cost =
      parseCost(prefix) - Math.ceil(prefix.length / 32) + 46_000 * (11 + 4) + Math.ceil(text.length / 32);
    assert.equal(parseCost(text), cost);
    const started = process.cpuUsage();
    const engine = new Engine({
      workspace: new MemoryWorkspace(new Map([['docs/runbooks/big.md', text]])),
      today: '2026-11-26',
    });
    await engine.indexAll();
    assert.deepEqual(engine.allFindings().map(formatFinding), [
      `docs/runbooks/big.md:1:1-1:4 info file/large Too much markup for the parse budget (cost ${cost.toLocaleString('en-US')}, over 64,000: table cells, list items, lines and punctuation): ${FAST}`,
    ]);
    // The full parser took 41.5 s and 3 GB on it; the line scanner takes well under a second.
    assert.ok(cpuMs(started) < 10_000, `${Math.round(cpuMs(started))} ms of CPU`);
  });

  // Each class, one line past the budget (0.9 MB of each cost the full parser 10 s to minutes and
  // up to 3 GB: docs/performance.md), is read in fast mode.
  for (const [kind, c] of Object.entries(DENSE)) {
    it(`reads ${kind} in fast mode once past the budget`, () => {
      const within = denseDoc(c, { cost: MAX_PARSE_COST });
      const text = within + c.line(1);
      assert.ok(parseCost(within) <= MAX_PARSE_COST && parseCost(text) > MAX_PARSE_COST);
      const facts = extractFacts(text);
      assert.deepEqual(facts.fastMode, { reason: 'cost', cost: parseCost(text) });
      assert.deepEqual(
        facts.headings.slice(0, 5).map((h) => h.text),
        ['Big', 'Overview', 'Steps', 'Rollback', 'Escalation'],
      );
    });
  }

  it('parses a long text of prose in full: its length alone is not over the budget', () => {
    const prose = '# Notes\n\n' + 'Words of a long paragraph, wrapped at a line\n'.repeat(2_000);
    assert.ok(prose.length > MAX_PARSE_COST && parseCost(prose) < MAX_PARSE_COST / 4);
    const facts = extractFacts(prose);
    assert.equal(facts.fastMode, false);
    assert.deepEqual(
      facts.headings.map((h) => h.text),
      ['Notes'],
    );
  });

  for (const [name, eol] of [
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ]) {
    it(`reads a dense file with ${name} line endings in fast mode once past the budget`, () => {
      const lf = denseDoc(DENSE.list, { cost: MAX_PARSE_COST }) + DENSE.list.line(1);
      const text = lf.replace(/\n/g, eol);
      // The same lines cost the same: only the bytes a CRLF adds count more.
      const bytes = (t: string) => Math.ceil(t.length / 32);
      assert.equal(parseCost(text) - bytes(text), parseCost(lf) - bytes(lf));
      assert.deepEqual(extractFacts(text).fastMode, { reason: 'cost', cost: parseCost(text) });
    });
  }

  it('parses a file at the budget in full, and one line more in fast mode', () => {
    // HTML lines: the class cheapest to parse per unit, so the test is quick.
    const c = { pre: 'See [the missing runbook](gone.md).\n\n', line: DENSE.html.line };
    const text = denseDoc(c, { cost: MAX_PARSE_COST });
    assert.ok(parseCost(text) > MAX_PARSE_COST - 10, `cost ${parseCost(text)}`);
    const full = extractFacts(text);
    assert.equal(full.fastMode, false);
    assert.deepEqual(
      full.refs.map((r) => r.target),
      ['gone.md'],
    );
    const over = text + c.line(0);
    assert.deepEqual(extractFacts(over).fastMode, { reason: 'cost', cost: parseCost(over) });
    assert.ok(parseCost(over) > MAX_PARSE_COST);
  });
});
