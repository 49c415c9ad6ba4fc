// Shared helpers of the end-to-end suite (not a test file: index.js only loads *.test.js).
// Everything waits on events or polls with a deadline; nothing sleeps a fixed time.
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const EXTENSION_ID = 'opsdocs.opsdocs';
const SOURCE = 'opsdocs';
/** The findings the example workspace must produce (see docs/examples/handbook.expected.txt). */
const EXPECTED_FILE =
  process.env.OPSDOCS_E2E_EXPECTED || path.resolve(__dirname, '../../../docs/examples/handbook.expected.txt');

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** workspaceFolders[0]: the copy of docs/examples/handbook that run.mjs (or electron.js) opened. */
function folder() {
  const f = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(f, 'the workbench must be opened on a folder (a copy of docs/examples/handbook)');
  return f;
}

/** Uri of a workspace-relative path. */
function fileUri(rel) {
  return vscode.Uri.joinPath(folder().uri, ...rel.split('/'));
}

function rel(uri) {
  return vscode.workspace.asRelativePath(uri, false);
}

/** Rejects after `ms` with a message, unless `promise` settles first. */
function withDeadline(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([Promise.resolve(promise), deadline]).finally(() => clearTimeout(timer));
}

/**
 * Resolves with the first truthy result of `probe()` (may be async), evaluated now and then
 * every `every` ms; rejects after `ms` with `what` and what `describe()` reports then.
 */
async function until(probe, { ms = 30000, every = 100, what = 'a condition', describe } = {}) {
  const end = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found) return found;
    if (Date.now() >= end) {
      const seen = describe ? `\n  seen: ${await describe()}` : '';
      throw new Error(`timed out after ${ms} ms waiting for ${what}${seen}`);
    }
    await new Promise((r) => setTimeout(r, every));
  }
}

/** One line per opsdocs diagnostic in the workspace, for failure messages. */
function describeDiagnostics(filter = () => true) {
  const lines = vscode.languages
    .getDiagnostics()
    .flatMap(([uri, ds]) =>
      ds.filter((d) => d.source === SOURCE && filter(uri, d)).map((d) => `${rel(uri)}:${fmtDiag(d)}`),
    );
  return lines.length ? lines.join('\n    ') : '(no opsdocs diagnostics)';
}

function codeOf(d) {
  return d.code && typeof d.code === 'object'
    ? String(d.code.value)
    : d.code === undefined
      ? undefined
      : String(d.code);
}

/** A diagnostic written like a line of handbook.expected.txt (1-based, end exclusive). */
function fmtDiag(d) {
  const r = d.range;
  const sev = Object.keys(SEVERITY).find((k) => SEVERITY[k] === d.severity) || d.severity;
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${sev} ${codeOf(d)} ${d.message}`;
}

/**
 * Resolves with the first truthy result of `probe()`, evaluated now and after every
 * onDidChangeDiagnostics event; rejects after `ms` (the message lists the diagnostics seen).
 */
function waitForDiagnostics(probe, ms, what) {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (fn, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sub.dispose();
      fn(value);
    };
    const check = () => {
      let found;
      try {
        found = probe();
      } catch (e) {
        finish(reject, e);
        return;
      }
      if (found) finish(resolve, found);
    };
    const sub = vscode.languages.onDidChangeDiagnostics(check);
    const timer = setTimeout(
      () =>
        finish(
          reject,
          new Error(
            `timed out after ${ms} ms waiting for ${what}; opsdocs diagnostics seen:\n    ${describeDiagnostics()}`,
          ),
        ),
      ms,
    );
    check();
  });
}

/** The opsdocs diagnostics of one file. */
function opsdocsDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** The diagnostic of `uri` with rule `rule` (and range `range`, if given), or undefined. */
function findDiagnostic(uri, rule, range) {
  return opsdocsDiagnostics(uri).find((d) => codeOf(d) === rule && (!range || d.range.isEqual(range)));
}

/** Parses handbook.expected.txt: `{ today, findings: [{ file, range, severity, rule, message }] }`. */
function readExpected() {
  const text = fs.readFileSync(EXPECTED_FILE, 'utf8');
  const today = (/^#\s*today:\s*(\S+)/m.exec(text) || [])[1];
  const findings = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const m = /^(.+?):(\d+):(\d+)-(\d+):(\d+) (\w+) (\S+) (.*)$/.exec(line);
    assert.ok(m, `cannot parse a line of ${EXPECTED_FILE}: ${line}`);
    const [, file, l1, c1, l2, c2, severity, rule, message] = m;
    assert.ok(severity in SEVERITY, `unknown severity ${severity} in ${line}`);
    findings.push({
      file,
      severity,
      rule,
      message,
      line,
      range: new vscode.Range(Number(l1) - 1, Number(c1) - 1, Number(l2) - 1, Number(c2) - 1),
    });
  }
  assert.ok(findings.length > 0, `no findings in ${EXPECTED_FILE}`);
  return { today, findings };
}

/** The one expected finding of `file` with `rule`. */
function expectedFinding(file, rule) {
  const f = readExpected().findings.filter((x) => x.file === file && x.rule === rule);
  assert.strictEqual(f.length, 1, `${EXPECTED_FILE} should have exactly one ${rule} finding in ${file}`);
  return f[0];
}

function extension() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(
    ext,
    `extension ${EXTENSION_ID} is not installed; installed: ${
      vscode.extensions.all
        .filter((e) => !e.id.startsWith('vscode.'))
        .map((e) => e.id)
        .join(', ') || '(none)'
    }`,
  );
  return ext;
}

let activation; // the first wait for activation, shared: after a failure every suite fails fast

/**
 * Opens a markdown file in an editor and waits until the extension is active through its own
 * activation events (it is never activated by hand) and its language client runs.
 */
async function openAndWaitForActivation(file = 'docs/runbooks/deployment.md') {
  const ext = extension();
  const doc = await vscode.workspace.openTextDocument(fileUri(file));
  await vscode.window.showTextDocument(doc);
  assert.strictEqual(doc.languageId, 'markdown');
  activation ??= waitForActivation(ext, file);
  await activation;
  return { ext, doc };
}

async function waitForActivation(ext, file) {
  try {
    await until(() => ext.isActive, { ms: 60000, what: `${EXTENSION_ID} to activate after opening ${file}` });
  } catch (e) {
    // Say why: activate() joins an activation in progress (or starts one) and rejects with its error.
    const why = await withDeadline(ext.activate(), 5000, 'activate()').then(
      () => 'activate() by hand works',
      (err) => `activate(): ${(err && err.stack) || err}`,
    );
    throw new Error(`${e.message}\n  ${why}`, { cause: e });
  }
  // isActive is also true after a failed activation; activate() resolves with { client }
  // (client/src/extension.ts), so no exports means activate() threw (run.mjs prints the
  // extension host's errors).
  const client = ext.exports && ext.exports.client;
  if (!client)
    assert.fail(
      `${EXTENSION_ID} activation failed: activate() returned ${typeof ext.exports === 'object' ? `an object with ${Object.keys(ext.exports || {}).join(', ') || 'no keys'}` : ext.exports}, not { client }`,
    );
  await until(() => client.isRunning(), { ms: 60000, what: 'the OpsDocs language client to run' });
  // The server really answers: the example workspace always has findings, so some opsdocs
  // diagnostic arrives. (An activation can succeed while the server process is dead.)
  await waitForDiagnostics(
    () => vscode.languages.getDiagnostics().some(([, ds]) => ds.some((d) => d.source === SOURCE)),
    60000,
    `the first opsdocs diagnostic after activation (language client state ${client.state})`,
  );
}

/** The text of a workspace file as it is on disk. */
async function readText(relPath) {
  return Buffer.from(await vscode.workspace.fs.readFile(fileUri(relPath))).toString('utf8');
}

/** Top-level `key: value` pairs of a Markdown file's front matter. */
function frontMatter(text) {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const out = {};
  if (!m) return out;
  for (const line of m[1].split(/\r?\n/)) {
    const kv = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
    if (kv) out[kv[1]] = kv[2].replace(/^["']|["']$/g, '');
  }
  return out;
}

/** The range of a file's first `# ` heading (after the front matter): where navigation lands. */
function titleRange(text) {
  const lines = text.split(/\r?\n/);
  let i = 0;
  if (lines[0] === '---') {
    i = lines.indexOf('---', 1) + 1;
    assert.ok(i > 0, 'unterminated front matter');
  }
  for (; i < lines.length; i++) {
    if (/^# /.test(lines[i])) return new vscode.Range(i, 0, i, lines[i].length);
  }
  throw new Error('no "# " heading');
}

/** Position inside the `nth` occurrence of `needle` in `doc`, `offset` characters into it. */
function positionOf(doc, needle, offset = 1, nth = 0) {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (occurrence ${nth + 1}) not found in ${rel(doc.uri)}`);
  }
  return doc.positionAt(at + offset);
}

/** Location | LocationLink → { uri, range } (a link lands on its targetSelectionRange). */
function landing(loc) {
  if (loc.targetUri) return { uri: loc.targetUri, range: loc.targetSelectionRange || loc.targetRange };
  return { uri: loc.uri, range: loc.range };
}

function fmtRange(r) {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

async function exists(uri) {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Reverts the unsaved changes of the workspace file `relPath`, if it is open with any. */
async function revertIfDirty(relPath) {
  await restoreText(relPath, await readText(relPath));
}

/**
 * Puts `original` back as the text of a workspace file, in the open buffer (one edit of the whole
 * text, then saved) and on disk. Not `workbench.action.files.revert`: after a revert, VS Code's
 * Markdown index and the language server were seen to keep the edited text (the revert's content
 * never reached them), so a later test saw a fixed document.
 */
async function restoreText(relPath, original) {
  const uri = fileUri(relPath);
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc && (doc.isDirty || doc.getText() !== original)) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
    await doc.save();
    await until(() => !doc.isDirty && doc.getText() === original, { ms: 10000, what: `${relPath} restored` });
  }
  if ((await readText(relPath)) !== original)
    await vscode.workspace.fs.writeFile(uri, Buffer.from(original, 'utf8'));
}

/**
 * Asks run.mjs (--shots DIR, passed as OPSDOCS_E2E_SHOTS) for a screenshot of the workbench named
 * `name`: writes `name.request` there, which run.mjs answers with `name` (a PNG); waits for it.
 * Does nothing without --shots.
 */
async function screenshot(name) {
  const dir = process.env.OPSDOCS_E2E_SHOTS;
  if (!dir) return;
  const file = path.join(dir, name);
  fs.rmSync(file, { force: true });
  fs.writeFileSync(`${file}.request`, '');
  await until(() => fs.existsSync(file), { ms: 20000, what: `the screenshot ${file}` });
}

module.exports = {
  screenshot,
  revertIfDirty,
  restoreText,
  EXTENSION_ID,
  SOURCE,
  EXPECTED_FILE,
  SEVERITY,
  folder,
  fileUri,
  rel,
  withDeadline,
  until,
  waitForDiagnostics,
  describeDiagnostics,
  codeOf,
  fmtDiag,
  opsdocsDiagnostics,
  findDiagnostic,
  readExpected,
  expectedFinding,
  extension,
  openAndWaitForActivation,
  readText,
  frontMatter,
  titleRange,
  positionOf,
  landing,
  fmtRange,
  exists,
};
