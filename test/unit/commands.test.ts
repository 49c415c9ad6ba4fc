// The grammar of commands in code blocks (server/src/core/parse/commands.ts, docs/rules.md
// "Commands in code blocks"): which words of which lines become references, at which range.
import * as assert from 'node:assert/strict';
import { extractFacts } from '../../server/src/core/parse/markdown.js';
import { LineIndex } from '../../server/src/core/parse/lines.js';
import { commandRefs } from '../../server/src/core/parse/commands.js';
import { parseMakefile } from '../../server/src/core/parse/makefile.js';

/** The command references of `markdown` as `kind target line:col-col`, with ` dir=…` and ` loose`. */
function refsOf(markdown: string, runbook = true): string[] {
  const lines = new LineIndex(markdown);
  const facts = extractFacts(markdown, lines);
  return commandRefs(facts.codeBlocks, lines, runbook).map((r) => {
    const { start, end } = r.range;
    assert.equal(start.line, end.line);
    assert.equal(lines.textOf(r.range), r.target, 'the range covers the word as written');
    const dir = r.dir !== undefined ? ` dir=${r.dir}` : '';
    return `${r.kind} ${r.target} ${start.line + 1}:${start.character}-${end.character}${dir}${r.loose ? ' loose' : ''}`;
  });
}

const sh = (body: string, lang = 'sh') => `# T\n\n\`\`\`${lang}\n${body}\n\`\`\`\n`;

describe('commands in code blocks: the references they make', () => {
  it('files run or sourced by their path, from the repository root', () => {
    assert.deepEqual(
      refsOf(
        sh(
          [
            './scripts/deploy.sh --env prod',
            'scripts/x.sh',
            'bash scripts/a.sh; sh -eu b.sh && zsh c.zsh',
            'source env.sh | . ./env.sh',
            'node tools/r.mjs & python3 t.py || ruby x.rb',
            'sudo ENV=prod ./s.sh',
            'time env A=1 B=2 ./t/u.sh',
          ].join('\n'),
        ),
      ),
      [
        'path ./scripts/deploy.sh 4:0-19 dir=',
        'path scripts/x.sh 5:0-12 dir=',
        'path scripts/a.sh 6:5-17 dir=',
        'path b.sh 6:26-30 dir=',
        'path c.zsh 6:38-43 dir=',
        'path env.sh 7:7-13 dir=',
        'path ./env.sh 7:18-26 dir=',
        'path tools/r.mjs 8:5-16 dir=',
        'path t.py 8:27-31 dir=',
        'path x.rb 8:40-44 dir=',
        'path ./s.sh 9:14-20 dir=',
        'path ./t/u.sh 10:17-25 dir=',
      ],
    );
  });

  it('make targets and npm, pnpm and yarn scripts (yarn and bare pnpm loose: they may run a binary)', () => {
    assert.deepEqual(
      refsOf(
        sh(
          [
            'make build test VERSION=2',
            'make -j 4 -s deploy && make -j8 lint',
            'make -C web serve; make --directory=api run',
            'make app.o',
            'npm run build -- --watch && npm run -s lint && npm run-script db:migrate',
            'pnpm run dev && pnpm dev && yarn test:e2e && yarn run x',
          ].join('\n'),
        ),
      ),
      [
        'make build 4:5-10',
        'make test 4:11-15',
        'make deploy 5:13-19',
        'make lint 5:32-36',
        'make serve 6:12-17 dir=web',
        'make run 6:40-43 dir=api',
        'make app.o 7:5-10 loose',
        'script build 8:8-13',
        'script lint 8:39-43',
        'script db:migrate 8:62-72',
        'script dev 9:9-12',
        'script dev 9:21-24 loose',
        'script test:e2e 9:33-41 loose',
        'script x 9:54-55 loose',
      ],
    );
  });

  it('none from what is not plainly a repository path or name', () => {
    assert.deepEqual(
      refsOf(
        sh(
          [
            '# ./scripts/commented.sh',
            'echo "./in-quotes.sh" # ./comment.sh',
            "'./quoted.sh' ./$DIR/x.sh ~/bin/x.sh",
            './$DIR/x.sh',
            '~/bin/x.sh',
            '/usr/local/bin/x.sh',
            '../outside/x.sh',
            'scripts/../../outside.sh',
            'http://example.com/x.sh',
            'bash -c "./x.sh"',
            'python -m tools.x',
            'node --inspect x.js',
            'node server',
            'deploy.sh',
            'make -f other.mk x',
            'make',
            'npm test && npm --prefix web run x && npm run --workspace a b && npm run --if-present c',
            'pnpm install && pnpm -r build && yarn add x && yarn workspace a build',
            'sudo -u deploy ./x.sh',
            './scripts/*.sh',
            'x=$(./y.sh)',
          ].join('\n'),
        ),
      ),
      [],
    );
  });

  it('heredocs, continued lines and quotes left open are skipped', () => {
    assert.deepEqual(
      refsOf(
        sh(
          [
            'cat <<EOF > x.txt',
            './in-heredoc.sh',
            'EOF',
            "cat <<-'END'",
            '\t./in-indented-heredoc.sh',
            '\tEND',
            './after.sh',
            'docker run \\',
            '  ./argument.sh',
            './next.sh',
            'echo "open',
            './in-string.sh',
          ].join('\n'),
        ),
      ),
      ['path ./after.sh 10:0-10 dir=', 'path ./next.sh 13:0-9 dir='],
    );
  });

  it('cd to a plain relative folder moves what follows; anywhere else ends the block', () => {
    assert.deepEqual(
      refsOf(sh(['cd web && ./run.sh && npm run dev && make x', './b.sh', 'cd ../api', './c.sh'].join('\n'))),
      [
        'path ./run.sh 4:10-18 dir=web',
        'script dev 4:30-33 dir=web',
        'make x 4:42-43 dir=web',
        'path ./b.sh 5:0-6 dir=web',
        'path ./c.sh 7:0-6 dir=api',
      ],
    );
    for (const away of [
      'cd /tmp',
      'cd',
      'cd ~',
      'cd "$DIR"',
      'cd -',
      'cd ../..',
      'pushd $X',
      'popd',
      '(cd a)',
    ])
      assert.deepEqual(refsOf(sh(`./a.sh\n${away}\n./b.sh\nmake x`)), ['path ./a.sh 4:0-6 dir='], away);
  });

  it('console blocks: only prompted lines, the prompt stripped; output is no command', () => {
    assert.deepEqual(
      refsOf(sh(['$ ./a.sh', './output.sh: done', '# make x', 'make y', '  $ ./b.sh'].join('\n'), 'console')),
      ['path ./a.sh 4:2-8 dir=', 'make x 6:7-8', 'path ./b.sh 8:4-10 dir='],
    );
    // `$ ` in a shell block is no prompt, and `# ` a comment.
    assert.deepEqual(refsOf(sh('$ ./a.sh\n# make x', 'bash')), []);
  });

  it('the languages read: sh, bash, shell, console, zsh (any case); indented blocks in runbooks only', () => {
    for (const lang of ['sh', 'bash', 'shell', 'zsh', 'Bash', 'SH'])
      assert.deepEqual(refsOf(sh('./a.sh', lang)), ['path ./a.sh 4:0-6 dir='], lang);
    for (const lang of ['', 'yaml', 'powershell', 'text', 'dockerfile'])
      assert.deepEqual(refsOf(sh('./a.sh', lang)), [], lang);
    const indented = '# T\n\nRun:\n\n    ./a.sh\n';
    assert.deepEqual(refsOf(indented, true), ['path ./a.sh 5:4-10 dir=']);
    assert.deepEqual(refsOf(indented, false), []);
  });

  it('in list items and block quotes, at the word as written', () => {
    const md = '# T\n\n1. Run:\n\n   ```sh\n   ./a.sh\n   ```\n\n> ```bash\n> make x\n> ```\n';
    assert.deepEqual(refsOf(md), ['path ./a.sh 6:3-9 dir=', 'make x 10:7-8']);
  });
});

describe('Makefile targets (read by a regular expression, nothing run)', () => {
  const targets = (text: string) => {
    const m = parseMakefile('Makefile', text);
    const lines = new LineIndex(text);
    return {
      names: [...m.targets].map(
        ([name, r]) => `${name}@${lines.textOf(r) === name ? r.start.line + 1 : '?'}`,
      ),
      complete: m.complete,
    };
  };

  it('rule lines name targets; recipes, assignments, special targets and continued lines do not', () => {
    const text = [
      'VERSION := 1.2',
      'CC ?= gcc',
      'X = a:b',
      '.PHONY: build test',
      'build: deps ## Build it',
      '\t./scripts/not-a-target: x',
      'test lint: build',
      'deps::',
      'objs = a.o \\',
      '  b.o: c',
      'deploy-staging: export ENV=staging',
      '# comment: no',
      '  indented: no',
    ].join('\r\n');
    assert.deepEqual(targets(text), {
      names: ['build@5', 'test@7', 'lint@7', 'deps@8', 'deploy-staging@11'],
      complete: true,
    });
  });

  it('is incomplete with includes, pattern rules or targets from variables (a missing target is then no finding)', () => {
    for (const text of [
      'include common.mk\nx:',
      '-include a.mk\nx:',
      '%.o: %.c\nx:',
      '$(BIN): x\nx:',
      '$(eval $(call r))\nx:',
    ])
      assert.equal(targets(text).complete, false, text);
  });
});
