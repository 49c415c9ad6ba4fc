import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes a file atomically: a temp file beside it, then a rename, so a reader never sees half a
 * file. Refuses to replace an existing file unless `force`; returns an error message or undefined.
 */
export function writeFileAtomic(
  file: string,
  text: string,
  force = false,
  mode?: number,
): string | undefined {
  if (!force && fs.existsSync(file)) return `${file} exists; not overwritten (use --force to replace it).`;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text, {
      flag: 'wx',
      mode: mode ?? (force && fs.existsSync(file) ? fs.statSync(file).mode : 0o644),
    });
    if (!force && fs.existsSync(file)) {
      fs.rmSync(tmp);
      return `${file} exists; not overwritten (use --force to replace it).`;
    }
    fs.renameSync(tmp, file);
    return undefined;
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    return `cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
  }
}
