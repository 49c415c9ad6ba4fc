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

/** Writes files under `root` (repository-relative path → text), making their folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), text);
  }
}

/** A fresh temp workspace holding `files` (repository-relative path → text). */
export function tempFiles(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-test-'));
  writeFiles(dir, files);
  return dir;
}
