import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MCP_PROVIDER_ID, mcpServerDefinitions } from '../../client/src/mcpDefinitions.js';
import { REPO } from '../helpers/expected.js';

describe('the MCP servers the extension contributes to VS Code', () => {
  const base = { execPath: '/opt/code/node', cli: '/ext/bin/opsdocs.js', version: '0.1.0' };
  const folders = [
    { name: 'handbook', fsPath: '/repo/handbook', enabled: true },
    { name: 'app', fsPath: '/repo/app', enabled: false },
    { name: 'infra', fsPath: '/repo/infra', enabled: true },
  ];

  it('a trusted workspace: one read-only opsdocs mcp per enabled folder, run by the host executable as Node', () => {
    const launch = (name: string) => ({
      label: `OpsDocs handbook (${name})`,
      command: '/opt/code/node',
      args: ['/ext/bin/opsdocs.js', 'mcp', `/repo/${name}`],
      env: { ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1' },
      cwd: `/repo/${name}`,
      version: '0.1.0',
    });
    assert.deepEqual(mcpServerDefinitions({ ...base, trusted: true, folders }), [
      launch('handbook'),
      launch('infra'),
    ]);
    const [one] = mcpServerDefinitions({ ...base, trusted: true, folders: folders.slice(0, 1) });
    assert.equal(one.label, 'OpsDocs handbook');
    for (const d of mcpServerDefinitions({ ...base, trusted: true, folders }))
      assert.ok(!d.args.includes('--allow-write'), 'never a writing server');
  });

  it('Restricted Mode (an untrusted workspace): none', () => {
    assert.deepEqual(mcpServerDefinitions({ ...base, trusted: false, folders }), []);
  });

  it('package.json declares the provider and the command (a provider VS Code does not find is refused)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.mcpServerDefinitionProviders, [
      { id: MCP_PROVIDER_ID, label: 'OpsDocs handbook' },
    ]);
    assert.ok(
      pkg.contributes.commands.some((c: { command: string }) => c.command === 'opsdocs.addMcpToolsToAgents'),
    );
  });
});
