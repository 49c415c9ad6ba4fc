import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../helpers/expected.js';

describe('the packaged extension', () => {
  it('holds only the bundles, schemas, snippets, docs of the package, icon and licence', () => {
    const out = execFileSync(
      process.execPath,
      [path.join(REPO, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'],
      { cwd: REPO, encoding: 'utf8' },
    );
    const files = out.split('\n').filter(Boolean).sort();
    const allowed =
      /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|icon\.png|dist\/(client|server|parser)\.js|schemas\/[\w-]+\.schema\.json|snippets\/[\w-]+\.code-snippets)$/;
    assert.deepEqual(
      files.filter((f) => !allowed.test(f)),
      [],
      'nothing outside the allow-list',
    );
    for (const must of [
      'package.json',
      'dist/client.js',
      'dist/server.js',
      'dist/parser.js',
      'schemas/opsdocs-config.schema.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      'icon.png',
    ]) {
      assert.ok(files.includes(must), must);
    }
  });

  it('declares Restricted Mode: settings that choose where files are written come from the user only', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
      capabilities: {
        untrustedWorkspaces: {
          supported: boolean | string;
          description?: string;
          restrictedConfigurations?: string[];
        };
      };
      contributes: { configuration: { properties: Record<string, unknown> } };
    };
    const untrusted = pkg.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.ok(untrusted.description, 'a "limited" declaration says what is limited');
    // Every setting is classified here: a new one fails this test until it is. Restricted: where
    // files are written, and rule levels and deferred links (a workspace could hide findings with
    // them: "defer" while VS Code's own link validation is off).
    const restricted = ['opsdocs.rules', 'opsdocs.links.builtinValidation', 'opsdocs.digest.path'];
    const harmless = ['opsdocs.enable', 'opsdocs.today', 'opsdocs.trace.server'];
    assert.deepEqual(
      Object.keys(pkg.contributes.configuration.properties).sort(),
      [...restricted, ...harmless].sort(),
    );
    assert.deepEqual(untrusted.restrictedConfigurations, restricted);
  });
});
