// Small helpers of the benchmark: percentiles, GNU time output, timed child processes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** n, p50, p95, max and mean of latencies (ms). */
export function summarize(values) {
  const s = [...values].sort((a, b) => a - b);
  const round = (x) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : null);
  return {
    n: s.length,
    p50: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    max: round(s.length ? s[s.length - 1] : NaN),
    mean: round(s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN),
  };
}

/** Reads the report of `/usr/bin/time -v -o FILE`. */
export function readGnuTime(file) {
  const text = fs.readFileSync(file, 'utf8');
  const num = (label) => {
    const m = new RegExp(`^\\s*${label.replace(/[()]/g, '\\$&')}:\\s*([\\d.]+)`, 'm').exec(text);
    return m ? Number(m[1]) : NaN;
  };
  return {
    maxRssMb: num('Maximum resident set size (kbytes)') / 1024,
    userS: num('User time (seconds)'),
    sysS: num('System time (seconds)'),
    exitStatus: num('Exit status'),
    signalled: /Command terminated by signal/.test(text),
  };
}

export const HAS_GNU_TIME = fs.existsSync('/usr/bin/time');

/**
 * Runs a command in a fresh process and measures it: wall time (from spawn to exit, so Node's
 * start-up is included), peak RSS and CPU time. With GNU time present they come from
 * `/usr/bin/time -v`; otherwise a preload module reports `process.resourceUsage()` at exit
 * (Node commands only). stdout and stderr go to files; stdout is returned.
 */
export async function runTimed(command, args, { cwd, env, timeoutMs } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-bench-run-'));
  const outFile = path.join(dir, 'stdout');
  const errFile = path.join(dir, 'stderr');
  const timeFile = path.join(dir, 'time');
  const usageFile = path.join(dir, 'usage.json');
  const out = fs.openSync(outFile, 'w');
  const err = fs.openSync(errFile, 'w');
  let cmd = command;
  let argv = args;
  let childEnv = { ...process.env, ...env };
  if (HAS_GNU_TIME) {
    cmd = '/usr/bin/time';
    argv = ['-v', '-o', timeFile, command, ...args];
  } else if (command === process.execPath) {
    argv = ['--require', path.join(here, 'usage-preload.cjs'), ...args];
    childEnv = { ...childEnv, OPSDOCS_BENCH_USAGE: usageFile };
  }
  const started = process.hrtime.bigint();
  // its own process group, so that a timeout ends the command and not only GNU time
  const child = spawn(cmd, argv, { cwd, env: childEnv, stdio: ['ignore', out, err], detached: true });
  fs.closeSync(out);
  fs.closeSync(err);
  let timedOut = false;
  const timer = timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, timeoutMs)
    : undefined;
  const code = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c, s) => resolve(c ?? s));
  });
  clearTimeout(timer);
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  const stdout = fs.readFileSync(outFile, 'utf8');
  const stderr = fs.readFileSync(errFile, 'utf8');
  let usage = { maxRssMb: NaN, userS: NaN, sysS: NaN };
  if (HAS_GNU_TIME && fs.existsSync(timeFile)) usage = readGnuTime(timeFile);
  else if (fs.existsSync(usageFile)) {
    const u = JSON.parse(fs.readFileSync(usageFile, 'utf8'));
    usage = { maxRssMb: u.maxRSS / 1024, userS: u.userCPUTime / 1e6, sysS: u.systemCPUTime / 1e6 };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { code, timedOut, wallS, maxRssMb: usage.maxRssMb, cpuS: usage.userS + usage.sysS, stdout, stderr };
}
