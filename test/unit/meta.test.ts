import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import ts from 'typescript';
import { RULES } from '../../server/src/core/checks/index.js';
import { SERVER_COMMANDS } from '../../server/src/shared/protocol.js';
import { REPO } from '../helpers/expected.js';

const read = (f: string) => fs.readFileSync(path.join(REPO, f), 'utf8');

/**
 * The command ids a client source registers: the string literal first argument of each call to
 * `vscode.commands.registerCommand` or of the client's `register` shorthand for it. Read from the
 * syntax tree, so an id in a comment or in any other string does not count.
 */
function registeredCommands(source: string): Set<string> {
  const ids = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : undefined;
      const [id] = node.arguments;
      if ((name === 'register' || name === 'registerCommand') && id && ts.isStringLiteralLike(id))
        ids.add(id.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('extension.ts', source, ts.ScriptTarget.Latest, true));
  return ids;
}

describe('documentation and manifest stay in sync with the code', () => {
  it('every rule has a section and a table row in docs/rules.md, and nothing else does', () => {
    const doc = read('docs/rules.md');
    const sections = [...doc.matchAll(/^## `([^`]+)`$/gm)].map((m) => m[1]);
    assert.deepEqual([...sections].sort(), [...RULES.keys()].sort());
    for (const [id, rule] of RULES) {
      assert.ok(
        doc.includes(`| [\`${id}\`](#${id.replace(/[^a-z0-9-]/g, '')}) | ${rule.severity} |`),
        `table row of ${id} with its default severity`,
      );
    }
  });

  it('every setting in package.json is documented in docs/configuration.md', () => {
    const pkg = JSON.parse(read('package.json'));
    const doc = read('docs/configuration.md');
    for (const key of Object.keys(pkg.contributes.configuration.properties))
      assert.ok(doc.includes(`| \`${key}\` |`), key);
  });

  it('every key of the config schema is documented in docs/configuration.md', () => {
    const schema = JSON.parse(read('schemas/opsdocs-config.schema.json'));
    const doc = read('docs/configuration.md');
    const keys = [
      ...Object.keys(schema.properties).filter((k) => k !== '$schema'),
      ...Object.keys(schema.definitions.kind.properties),
    ];
    for (const key of keys) assert.ok(doc.includes(`| \`${key}\` |`), key);
    for (const field of Object.keys(schema.definitions.kind.properties.fields.properties))
      assert.ok(doc.includes(`\`${field}\``), field);
  });

  it('every command in package.json is registered by the client', () => {
    const pkg = JSON.parse(read('package.json'));
    const registered = registeredCommands(read('client/src/extension.ts'));
    for (const c of pkg.contributes.commands)
      assert.ok(registered.has(c.command), `${c.command} is not registered (in code, not a comment)`);
  });

  it('the extension names in clientCommands every server command it registers itself', () => {
    // vscode-languageclient registers each command of executeCommandProvider in VS Code: one the
    // extension registers too would be refused as a duplicate when the client starts.
    const source = read('client/src/extension.ts');
    const own = SERVER_COMMANDS.filter((c) => registeredCommands(source).has(c));
    assert.deepEqual(own, ['opsdocs.findReferences', 'opsdocs.generateDigest', 'opsdocs.fixAll']);
    assert.match(source, /clientCommands: \[FIND_REFERENCES_COMMAND, DIGEST_COMMAND, FIX_ALL_COMMAND\]/);
  });

  it('the README shows exactly what npm start prints for the example handbook, and it exits 0', () => {
    const readme = read('README.md');
    const shown = /<!-- start-output -->\n```text\n([\s\S]*?)\n```\n<!-- end-output -->/.exec(readme)?.[1];
    assert.equal(
      JSON.parse(read('package.json')).scripts.start,
      'node esbuild.mjs && node scripts/start.mjs',
    );
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts/start.mjs')], {
      cwd: REPO,
      encoding: 'utf8',
    });
    assert.equal(shown, r.stdout.trimEnd());
    assert.match(r.stdout, / error\(s\)/, 'the example has error-level findings (check exits 1)…');
    assert.equal(r.status, 0, '…which npm start accepts');
  });

  it('npm scripts run on any OS: no POSIX shell syntax or commands outside e2e:setup', () => {
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    // cmd.exe runs npm scripts on Windows: `&&` works there; these do not.
    const posixSyntax = /\$\?|\$[A-Za-z_{]|[();|<>`']/;
    const posixCommands = new Set([
      'bash',
      'sh',
      'test',
      '[',
      'rm',
      'cp',
      'mv',
      'export',
      'cat',
      'grep',
      'sed',
    ]);
    const offending = Object.entries(scripts).filter(
      ([name, command]) =>
        name !== 'e2e:setup' &&
        (posixSyntax.test(command) ||
          command.split('&&').some((step) => posixCommands.has(step.trim().split(/\s+/)[0]))),
    );
    assert.deepEqual(offending, []);
    assert.equal(scripts['e2e:setup'], 'bash scripts/e2e/setup.sh', 'the one provisioning step (Linux)');
  });
});
