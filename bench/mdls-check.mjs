// Baseline: link validation of vscode-markdown-languageservice (the library behind VS Code's
// `markdown.validate.*`), run headless over a list of files, every link rule on.
// Parser as in VS Code's preview: markdown-it (html, linkify) with markdown-it-front-matter,
// `file://` links allowed, GitHub slugs. Each top-level folder named in the list (one per
// repository) is a workspace folder, so `/x.md` resolves against its repository.
//
// usage: node bench/mdls-check.mjs BASE_DIR FILE_LIST
//   FILE_LIST: one path a line, relative to BASE_DIR. Prints one JSON line with counts.
import { readFileSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';
import markdownItFrontMatter from 'markdown-it-front-matter';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import {
  createLanguageService,
  DiagnosticLevel,
  githubSlugifier,
  LogLevel,
} from 'vscode-markdown-languageservice';

const [base, listFile] = process.argv.slice(2).map((a) => resolve(a));
if (!base || !listFile) {
  process.stderr.write('usage: node bench/mdls-check.mjs BASE_DIR FILE_LIST\n');
  process.exit(2);
}
const started = process.hrtime.bigint();
const EXTENSIONS = ['md', 'markdown'];
const isMarkdown = (p) => /\.(md|markdown)$/i.test(p);
const never = () => ({ dispose() {} });

function markdownIt() {
  const it = new MarkdownIt({ html: true, linkify: true });
  it.use(markdownItFrontMatter, () => undefined);
  const plain = it.validateLink.bind(it);
  it.validateLink = (url) => plain(url) || url.startsWith('file://');
  return it;
}

/** The files of the list held as open documents; other Markdown files are read on demand. */
class ListWorkspace {
  constructor(folders, paths) {
    this.folders = folders.map((f) => URI.file(f));
    this.docs = new Map();
    for (const p of paths)
      this.docs.set(p, TextDocument.create(URI.file(p).toString(), 'markdown', 1, readFileSync(p, 'utf8')));
    this.onDidChangeMarkdownDocument = never;
    this.onDidCreateMarkdownDocument = never;
    this.onDidDeleteMarkdownDocument = never;
  }
  get workspaceFolders() {
    return this.folders;
  }
  async getAllMarkdownDocuments() {
    return this.docs.values();
  }
  hasMarkdownDocument(uri) {
    return this.docs.has(uri.fsPath);
  }
  async openMarkdownDocument(uri) {
    const known = this.docs.get(uri.fsPath);
    if (known || !isMarkdown(uri.fsPath)) return known;
    try {
      const doc = TextDocument.create(uri.toString(), 'markdown', 1, await readFile(uri.fsPath, 'utf8'));
      this.docs.set(uri.fsPath, doc);
      return doc;
    } catch {
      return undefined;
    }
  }
  async stat(uri) {
    try {
      return { isDirectory: (await stat(uri.fsPath)).isDirectory() };
    } catch {
      return undefined;
    }
  }
  async readDirectory(uri) {
    return (await readdir(uri.fsPath, { withFileTypes: true })).map((d) => [
      d.name,
      { isDirectory: d.isDirectory() },
    ]);
  }
}

const rel = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
const folders = [...new Set(rel.map((p) => p.split('/')[0]))].map((f) => join(base, f));
const paths = rel.map((p) => join(base, p));
const workspace = new ListWorkspace(folders, paths);
const it = markdownIt();
const service = createLanguageService({
  workspace,
  parser: { slugifier: githubSlugifier, tokenize: async (doc) => it.parse(doc.getText(), {}) },
  logger: { level: LogLevel.Off, log() {} },
  markdownFileExtensions: EXTENSIONS,
});
const W = DiagnosticLevel.warning;
const options = {
  validateReferences: W,
  validateFragmentLinks: W,
  validateFileLinks: W,
  validateMarkdownFileLinkFragments: W,
  validateUnusedLinkDefinitions: W,
  validateDuplicateLinkDefinitions: W,
  ignoreLinks: [],
};
const token = { isCancellationRequested: false, onCancellationRequested: never };
const byCode = {};
let findings = 0;
let filesWithFindings = 0;
for (const p of paths) {
  const diagnostics = await service.computeDiagnostics(workspace.docs.get(p), options, token);
  if (diagnostics.length) filesWithFindings++;
  findings += diagnostics.length;
  for (const d of diagnostics) byCode[d.code] = (byCode[d.code] ?? 0) + 1;
}
service.dispose();
process.stdout.write(
  JSON.stringify({
    files: paths.length,
    findings,
    filesWithFindings,
    byCode,
    inProcessMs: Number(process.hrtime.bigint() - started) / 1e6,
    maxRssKb: process.resourceUsage().maxRSS,
  }) + '\n',
);
