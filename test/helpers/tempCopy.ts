import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from './expected.js';

/** Copies a fixture workspace (repository-relative folder) to a fresh temp folder. */
export function tempCopy(fixture: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-test-'));
  fs.cpSync(path.join(REPO, fixture), dir, { recursive: true });
  return dir;
}
