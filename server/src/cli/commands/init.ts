import * as path from 'node:path';
import { CONFIG_FILE } from '../../core/config.js';
import { Engine } from '../../core/engine.js';
import { detectLayout } from '../../core/init/detect.js';
import { CI_PROVIDERS, describeDetection, planInit } from '../../core/init/plan.js';
import { localToday } from '../../core/util/dates.js';
import { OverlayWorkspace, type Workspace } from '../../core/workspace.js';
import { applyToDisk } from '../../node/applyEdits.js';
import { FsWorkspace } from '../../node/fsWorkspace.js';
import { isFolder, todayProblem } from '../args.js';
import { escapeControls } from '../controls.js';
import { summary } from '../format.js';
import type { Io, Values } from '../main.js';

/**
 * `opsdocs init [DIR]`: detects the layout, writes what the plan creates and changes (never over an
 * existing file), prints what was found, the plan and the first check's summary; `--dry-run`
 * writes nothing and checks with the planned config in memory.
 */
export async function init(args: string[], values: Values, io: Io): Promise<number> {
  const ci = values.ci;
  const problem =
    (args.length > 1 ? `init takes one folder, got ${args.length}.` : undefined) ??
    (ci !== undefined && !(CI_PROVIDERS as readonly string[]).includes(ci)
      ? `--ci must be one of ${CI_PROVIDERS.join(', ')}; got "${ci}".`
      : undefined) ??
    todayProblem(values.today);
  if (problem) return io.usage(problem);
  const root = path.resolve(args[0] ?? '.');
  if (!isFolder(root)) return io.usage(`${root} is not a folder.`);
  const workspace = new FsWorkspace(root, { log() {} }, { syncReads: true, keepTexts: true });
  const detection = await detectLayout(workspace);
  const plan = await planInit(workspace, detection, ci as (typeof CI_PROVIDERS)[number] | undefined);
  const { out } = io;
  const lines = (xs: string[]) => xs.map((l) => `${escapeControls(l)}\n`).join('');
  out.write(`Found:\n${lines(describeDetection(detection).map((l) => `  ${l}`))}`);
  out.write(`\n${values['dry-run'] ? 'Plan (dry run: nothing written)' : 'Plan'}:\n`);
  out.write(lines(plan.steps.map((l) => `  ${l}`)));
  if (plan.config)
    out.write(
      `\n${CONFIG_FILE}:\n${lines(
        plan.config
          .trimEnd()
          .split('\n')
          .map((l) => `  ${l}`),
      )}`,
    );
  let checked: Workspace = workspace;
  if (values['dry-run']) {
    const created = plan.edits.creates?.find((c) => c.file === CONFIG_FILE);
    if (created) {
      const overlay = new OverlayWorkspace(workspace);
      overlay.set(CONFIG_FILE, created.text);
      checked = overlay;
    }
  } else {
    try {
      const { created, changed } = applyToDisk(root, plan.edits, (f) => workspace.textRead(f));
      out.write('\n');
      for (const f of created) out.write(`created ${escapeControls(f)}\n`);
      for (const f of changed) out.write(`updated ${escapeControls(f)}\n`);
    } catch (e) {
      return io.usage((e as Error).message);
    }
  }
  const engine = new Engine({ workspace: checked, today: values.today ?? localToday() });
  await engine.indexAll();
  const findings = engine.allFindings();
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  out.write(
    `\nFirst check${values['dry-run'] ? ' (with the planned config)' : ''}: ${summary(findings, engine.documents().size)}\n`,
  );
  for (const [rule, n] of [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
    out.write(`  ${rule}: ${n}\n`);
  return engine.getConfigFindings().length > 0 ? 2 : 0;
}
