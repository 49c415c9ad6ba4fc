import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ESLint, Linter } from 'eslint';
import { REPO } from '../helpers/expected.js';

/**
 * The layering rules of eslint.config.mjs, as they apply to a file at `file`: the import lines
 * of `source` that the repository's own configuration refuses there.
 */
async function refusedImports(file: string, source: string): Promise<number[]> {
  const config = (await new ESLint({ cwd: REPO }).calculateConfigForFile(path.join(REPO, file))) as {
    rules?: Linter.RulesRecord;
  };
  const rule = config.rules?.['no-restricted-imports'];
  const messages = new Linter().verify(source, {
    languageOptions: { sourceType: 'module' },
    rules: rule ? { 'no-restricted-imports': rule } : {},
  });
  assert.deepEqual(
    messages.filter((m) => m.fatal),
    [],
  );
  return messages.map((m) => m.line);
}

describe('layers (eslint.config.mjs)', () => {
  it('the core imports no editor, file-system or process API', async () => {
    const source = [
      "import * as path from 'node:path';",
      "import * as fs from 'node:fs';",
      "import { readFile } from 'node:fs/promises';",
      "import { execFile } from 'node:child_process';",
      "import { createConnection } from 'vscode-languageserver/node';",
      "import * as vscode from 'vscode';",
      "import { parse } from 'yaml';",
    ].join('\n');
    assert.deepEqual(await refusedImports('server/src/core/checks/probe.ts', source), [2, 3, 4, 5, 6]);
    assert.deepEqual(await refusedImports('server/src/node/probe.ts', source), []);
  });

  it('only the front-matter adapter imports gray-matter (its other engines evaluate code)', async () => {
    const source = "import matter from 'gray-matter';";
    assert.deepEqual(await refusedImports('server/src/core/parse/frontMatter.ts', source), [1]);
    assert.deepEqual(await refusedImports('server/src/core/parse/grayMatter.ts', source), []);
  });

  it('the client imports only server/src/shared/ of the server', async () => {
    const source = [
      "import { isInside } from '../../../server/src/shared/paths';",
      "import { Engine } from '../../../server/src/core/engine';",
      "import { main } from '../../server/src/cli/main';",
      "import * as vscode from 'vscode';",
    ].join('\n');
    assert.deepEqual(await refusedImports('client/src/commands/probe.ts', source), [2, 3]);
  });
});
