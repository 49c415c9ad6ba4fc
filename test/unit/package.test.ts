import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../helpers/expected.js';

/** The files of the .vsix, as vsce lists them. */
function vsixFiles(): string[] {
  const out = execFileSync(
    process.execPath,
    [path.join(REPO, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'],
    { cwd: REPO, encoding: 'utf8' },
  );
  return out.split('\n').filter(Boolean).sort();
}

/** The files of the npm tarball, as `npm pack --dry-run` lists them (nothing built, nothing written). */
function tarballFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: REPO,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  const [packed] = JSON.parse(out) as { files: { path: string }[] }[];
  return packed.files.map((f) => f.path).sort();
}

describe('the packages (.vsix and npm tarball)', () => {
  it('hold only the bundles, schemas, snippets, docs of the package, icon and licence — the same files', function () {
    this.timeout(120_000); // vsce and npm pack: about 6 s alone, several times that on a loaded machine
    const files = vsixFiles();
    const allowed =
      /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|icon\.png|media\/[\w-]+\.svg|bin\/opsdocs\.js|dist\/(client|server|parser|cli|mcp|mermaid)\.js|dist\/cli\.cache|schemas\/[\w-]+\.schema\.json|snippets\/[\w-]+\.code-snippets)$/;
    assert.deepEqual(
      files.filter((f) => !allowed.test(f)),
      [],
      'nothing outside the allow-list',
    );
    for (const must of [
      'package.json',
      'bin/opsdocs.js',
      'dist/cli.js',
      'dist/cli.cache',
      'dist/mcp.js',
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
    assert.deepEqual(tarballFiles(), files, 'package.json "files" is the one allow-list of both');
  });

  it('need nothing installed beside them: every package is a devDependency, bundled by esbuild', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies'])
      assert.equal(pkg[field], undefined, field);
  });

  it('start the CLI without the MCP SDK, zod or js-yaml: `opsdocs mcp` loads dist/mcp.js, js-yaml is never called', () => {
    // esbuild marks each bundled module with a `// node_modules/<name>/…` comment.
    const bundled = (file: string) =>
      new Set(
        [
          ...fs
            .readFileSync(path.join(REPO, file), 'utf8')
            .matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm),
        ].map((m) => m[1]),
      );
    const cli = bundled('dist/cli.js');
    const mcp = bundled('dist/mcp.js');
    for (const name of ['zod', '@modelcontextprotocol/sdk', 'js-yaml'])
      assert.ok(!cli.has(name), `dist/cli.js bundles ${name}`);
    for (const name of ['zod', '@modelcontextprotocol/sdk'])
      assert.ok(mcp.has(name), `dist/mcp.js lacks ${name}`);
    for (const file of ['dist/server.js', 'dist/parser.js', 'dist/mcp.js'])
      assert.ok(!bundled(file).has('js-yaml'), `${file} bundles js-yaml`);
    assert.ok(cli.has('gray-matter') && cli.has('yaml'), 'the front-matter readers are bundled');
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
    const harmless = ['opsdocs.enable', 'opsdocs.today', 'opsdocs.trace.server', 'opsdocs.digest.openBeside'];
    assert.deepEqual(
      Object.keys(pkg.contributes.configuration.properties).sort(),
      [...restricted, ...harmless].sort(),
    );
    assert.deepEqual(untrusted.restrictedConfigurations, restricted);
  });
});
