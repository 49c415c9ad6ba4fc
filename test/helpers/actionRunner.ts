import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

/** A step of a composite action as action.yml writes it. */
interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

/** What happened to one step. */
export interface StepResult {
  name: string;
  /** For a `uses:` step: what it would have been given; it is not run. */
  skipped?: { uses: string; if?: string; with: Record<string, string> };
  code?: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/** Options of {@link runAction}. */
export interface RunOptions {
  /** The folder holding action.yml (`github.action_path`). */
  actionPath: string;
  /** The repository the action runs on (`github.workspace`, the steps' working directory). */
  workspace: string;
  inputs?: Record<string, string>;
  /** Added to every step's environment (e.g. `npm_config_offline`). */
  env?: Record<string, string>;
  /** `runner.temp` (`RUNNER_TEMP`): where steps keep files; the caller removes it. */
  runnerTemp: string;
}

/**
 * Runs a composite action's `run:` steps the way a GitHub runner does: `${{ … }}` expressions
 * replaced (inputs with their defaults, `github.action_path`, `github.workspace`, `runner.temp`,
 * `steps.ID.outputs.NAME`; any other expression is an error, not a guess), bash as
 * `bash --noprofile --norc -eo pipefail`, `GITHUB_OUTPUT` read after each step, and the steps after
 * a failed one not run. A `uses:` step cannot run here: it is reported as skipped, with its inputs.
 */
export function runAction(options: RunOptions): { code: number; steps: StepResult[] } {
  const action = parse(fs.readFileSync(path.join(options.actionPath, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: string }>;
    runs: { using: string; steps: Step[] };
  };
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: ${action.runs.using}`);
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) inputs[name] = String(spec.default ?? '');
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    if (!(name in inputs)) throw new Error(`action.yml has no input "${name}"`);
    inputs[name] = value;
  }
  const temp = options.runnerTemp;
  const outputs = new Map<string, Record<string, string>>();
  const expression = (expr: string): string => {
    const e = expr.trim();
    let m: RegExpExecArray | null;
    if ((m = /^inputs\.([\w-]+)$/.exec(e)) && m[1] in inputs) return inputs[m[1]];
    if (e === 'github.action_path') return options.actionPath;
    if (e === 'github.workspace') return options.workspace;
    if (e === 'runner.temp') return temp;
    if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e))) return outputs.get(m[1])?.[m[2]] ?? '';
    throw new Error(`the local runner does not evaluate \${{ ${e} }}`);
  };
  const substitute = (text: string) => text.replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => expression(e));
  const results: StepResult[] = [];
  for (const [i, step] of action.runs.steps.entries()) {
    const name = step.name ?? step.id ?? `step ${i + 1}`;
    if (step.uses) {
      const given = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(v)]));
      results.push({
        name,
        skipped: { uses: step.uses, ...(step.if ? { if: step.if } : {}), with: given },
        stdout: '',
        stderr: '',
        outputs: {},
      });
      continue;
    }
    if (step.if) throw new Error(`${name}: the local runner does not evaluate if: on a run step`);
    if (step.shell !== 'bash') throw new Error(`${name}: shell must be bash, got ${step.shell}`);
    const script = path.join(temp, `step-${i}.sh`);
    const outputFile = path.join(temp, `output-${i}`);
    fs.writeFileSync(script, substitute(step.run ?? ''));
    fs.writeFileSync(outputFile, '');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v)]));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: substitute(step['working-directory'] ?? options.workspace),
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      env: {
        ...process.env,
        ...options.env,
        ...stepEnv,
        GITHUB_ACTIONS: 'true',
        GITHUB_ACTION_PATH: options.actionPath,
        GITHUB_WORKSPACE: options.workspace,
        GITHUB_OUTPUT: outputFile,
        RUNNER_TEMP: temp,
      },
    });
    const written = readOutputs(fs.readFileSync(outputFile, 'utf8'));
    if (step.id) outputs.set(step.id, written);
    const code = r.status ?? 1;
    results.push({ name, code, stdout: r.stdout, stderr: r.stderr, outputs: written });
    if (code !== 0) return { code, steps: results };
  }
  return { code: 0, steps: results };
}

/** A `GITHUB_OUTPUT` file: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks. */
function readOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const block = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (block) {
      const end = lines.indexOf(block[2], i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: ${block[1]} has no closing ${block[2]}`);
      out[block[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('='))
      out[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].split(/=(.*)/s)[1];
  }
  return out;
}
