import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../server/src/core/config.js';
import { globMatcher, segmentMatcher, simpleGlob } from '../../server/src/core/util/globs.js';

// In an untrusted workspace the config's globs are matched a segment at a time, so a crafted glob
// cannot backtrack over a whole path; for the globs it accepts, the answer must stay picomatch's.
describe('globs of an untrusted workspace', () => {
  it('accepts only simple globs', () => {
    for (const g of [
      'docs/adr/*.md',
      '**/README.md',
      'docs/**/*.md',
      'rfcs/*-*.md',
      'x/?[0-9].md',
      '**/.github/**',
      './docs/*.md',
      'docs/!draft*.md',
    ])
      assert.ok(simpleGlob(g), g);
    for (const g of [
      'rfcs/{a,b}/*.md',
      '**/+(x|y)/**',
      '[a]+[a]+b.md',
      '!docs/**',
      'docs/*a*a*b.md',
      'dist/',
      '/docs/*.md',
      'a//b',
      '**.md',
      'docs/a\\*.md',
      'x/[a/b].md',
    ]) {
      assert.ok(!simpleGlob(g), g);
    }
  });

  it('matches what picomatch matches, for the built-in globs and simple ones of a team', () => {
    const globs = [
      ...defaultConfig().kinds.flatMap((k) => [...k.include, ...k.exclude]),
      ...defaultConfig().exclude,
      'handbook/ops/*.md',
      'rfcs/*-*.md',
      'x/?[0-9].md',
      '**/.github/**',
      'docs/**',
      '*.md',
      './docs/*.md',
      './**/*.md',
      'docs/!draft*.md',
      '*/**',
      'docs/*/**',
      'docs/a*/**',
      '**/*/**',
      'docs/[!a]*.md',
    ];
    const paths = [
      'README.md',
      'docs/README.md',
      'docs/adr/ADR-001-x.md',
      'docs/adr/sub/ADR-002.md',
      'docs/decisions/0001-use-x.md',
      'doc/adr/0002-y.md',
      'docs/runbooks/a.md',
      'docs/runbooks/deep/er/b.md',
      'docs/runbooks/README.md',
      'docs/policies/p.md',
      'tasks/TASK-1.md',
      'tasks/devops/TASK-2.md',
      'docs/tasks/t.md',
      'scripts/AGENTS.md',
      'AGENTS.md',
      'a/b/c/AGENTS.md',
      'node_modules/x/README.md',
      'x/node_modules/y.md',
      '.git/x.md',
      'dist/a.md',
      'handbook/ops/r.md',
      'handbook/ops/deep/r.md',
      'rfcs/0001-a.md',
      'rfcs/x.md',
      'x/a1.md',
      'x/ab.md',
      '.github/AGENTS.md',
      'a/.github/w/x.md',
      'docs/index.md',
      'docs/adr/template.md',
      'docs/adr/adr-template.md',
      'docs',
      'docs/',
      'docs/.hidden/x.md',
      'docs/a.md',
      'docs/adr.md',
      'docs/draft-1.md',
      'a.md',
      'x/a.md',
    ];
    for (const g of globs) {
      assert.ok(simpleGlob(g), `built-in glob ${g} is simple`);
      const a = globMatcher([g]);
      const b = segmentMatcher([g]);
      for (const p of paths) assert.equal(b(p), a(p), `${g} on ${p}`);
    }
  });

  it('answers on long paths against globs that stall a whole-path regular expression', () => {
    // `*a*/` seven times took picomatch 24–34 s on a 148-character path; `**/a/` five times 2.3 s.
    const starry = segmentMatcher([`${'*a*/'.repeat(7)}b.md`]);
    assert.equal(starry(`${'aaaaaaaaaaaaaaaaaaa/'.repeat(7)}c.md`), false);
    assert.equal(starry(`${'xay/'.repeat(7)}b.md`), true);
    const deep = segmentMatcher([`${'**/a/'.repeat(5)}**/b.md`]);
    assert.equal(deep(`${'a/'.repeat(80)}c.md`), false);
    assert.equal(deep(`${'a/'.repeat(80)}b.md`), true);
  });
});
