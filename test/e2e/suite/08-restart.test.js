// The server dies (killed, as an out-of-memory kill would): the client starts a new process, which
// indexes the workspace again and reports what changed while there was no server.
'use strict';

const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const NEW_FILE = 'docs/runbooks/written-while-dead.md';

describe('a server that dies', () => {
  it('is restarted by the client, and the new process checks the workspace', async () => {
    const { ext } = await h.openAndWaitForActivation();
    const client = ext.exports.client;
    // vscode-languageclient keeps the forked server process here (IPC transport).
    const proc = client._serverProcess;
    assert.ok(proc && proc.pid, 'the server process is known');
    const pid = proc.pid;
    process.kill(pid, 'SIGKILL');
    // A runbook with no front matter appears while the old process is gone: only a live server can report it.
    const uri = h.fileUri(NEW_FILE);
    await vscode.workspace.fs.writeFile(
      uri,
      Buffer.from(
        '# Written while the server was dead\n\n## Overview\n## Steps\n## Rollback\n## Escalation\n',
      ),
    );
    try {
      await h.until(() => client._serverProcess && client._serverProcess.pid !== pid && client.isRunning(), {
        ms: 60000,
        what: 'a new server process',
      });
      await h.waitForDiagnostics(
        () => h.opsdocsDiagnostics(uri).some((d) => h.codeOf(d) === 'frontmatter/missing'),
        60000,
        `frontmatter/missing on ${NEW_FILE} from the restarted server`,
      );
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });
});
