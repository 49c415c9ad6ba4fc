import * as path from 'node:path';
import type { Position, Range } from '../types.js';
import type { DocInfo } from '../index/docInfo.js';
import type { IndexView } from '../index/view.js';
import type { CompiledSchema } from '../schemas/registry.js';
import { relativePath } from './edits.js';
import { naturalCompare } from '../util/ids.js';
import { npmRunTyped, safeDecode } from '../parse/refs.js';

/** A completion proposal. `range` is the text it replaces. */
export interface Completion {
  label: string;
  kind: 'file' | 'folder' | 'id' | 'anchor' | 'key' | 'value' | 'script';
  detail?: string;
  insertText?: string;
  range: Range;
}

const MAX_ITEMS = 500;

/**
 * Completion at a position: front-matter keys and enum values from the kind's schema; ids (with
 * titles) after a known id prefix; repository paths in links and inline code; heading anchors
 * after `#`; npm scripts after `npm run `.
 */
export function complete(
  view: IndexView,
  doc: DocInfo,
  schema: CompiledSchema | undefined,
  pos: Position,
): Completion[] {
  const line = doc.parsed.lines.lineText(pos.line).slice(0, pos.character);
  const fm = doc.parsed.frontMatter;
  const at = (start: number): Range => ({ start: { line: pos.line, character: start }, end: pos });
  if (fm && pos.line > fm.open.start.line && pos.line < fm.close.start.line)
    return frontMatter(view, doc, schema, line, at, pos);

  const script = npmRunTyped(line);
  if (script !== undefined) {
    const pkg = view.nearestPackage(doc.file);
    return [...(pkg?.scripts.keys() ?? [])].map((name) => ({
      label: name,
      kind: 'script' as const,
      detail: pkg!.file,
      range: at(pos.character - script.length),
    }));
  }
  const link = /\]\(([^)\s]*)$/.exec(line);
  if (link) {
    const written = link[1];
    const hash = written.indexOf('#');
    if (hash >= 0) {
      const target =
        written.slice(0, hash) === ''
          ? doc.file
          : view.resolvePath(doc.file, { target: safeDecode(written.slice(0, hash)), base: 'file' }).found;
      const targetDoc = target ? view.doc(target) : undefined;
      return anchors(targetDoc, at(pos.character - (written.length - hash - 1)));
    }
    return paths(view, doc, written, 'file', at(pos.character - written.length));
  }
  const ticks = (line.match(/`/g) ?? []).length;
  if (ticks % 2 === 1) {
    const word = /`([^`\s]*)$/.exec(line)?.[1] ?? '';
    return paths(view, doc, word, 'root', at(pos.character - word.length));
  }
  const id = /\b([A-Z][A-Z0-9]*)-(\d*)$/.exec(line);
  if (id && view.isId(`${id[1]}-1`)) return ids(view, id[1], at(pos.character - id[0].length));
  return [];
}

/** A field of a kind's schema, as completion and hover read it. */
export interface FieldSchema {
  enum?: unknown[];
  description?: string;
  type?: unknown;
  format?: string;
  default?: unknown;
  items?: FieldSchema;
}

/** The top-level fields of a kind's schema. */
export function schemaFields(schema: CompiledSchema | undefined): Record<string, FieldSchema> {
  return (schema?.validate.schema as { properties?: Record<string, FieldSchema> })?.properties ?? {};
}

/**
 * The top-level key whose block list holds `line` (`related:` then `  - …` lines), or undefined
 * when a line between them is neither an item nor blank.
 */
function listKeyAbove(doc: DocInfo, line: number, first: number): string | undefined {
  for (let l = line - 1; l >= first; l--) {
    const text = doc.parsed.lines.lineText(l);
    const key = /^([\w-]+):\s*$/.exec(text);
    if (key) return key[1];
    if (!/^\s*(-\s.*|-)?$/.test(text) && !/^\s+\S/.test(text)) return undefined;
  }
  return undefined;
}

function frontMatter(
  view: IndexView,
  doc: DocInfo,
  schema: CompiledSchema | undefined,
  line: string,
  at: (n: number) => Range,
  pos: Position,
): Completion[] {
  const props = schemaFields(schema);
  const values = (key: string, typed: string): Completion[] => {
    const range = at(line.length - typed.length);
    const f = doc.kind?.fields;
    const allowed = props[key]?.enum ?? props[key]?.items?.enum;
    if (allowed)
      return allowed.map(String).map((v) => ({ label: v, kind: 'value' as const, detail: `${key}`, range }));
    if (f && [f.dependsOn, f.supersedes, f.supersededBy].includes(key)) {
      const prefix = doc.id?.replace(/-\d+$/, '') ?? '';
      return ids(view, prefix, range);
    }
    if (f && key === f.related) return paths(view, doc, typed, 'root', range);
    return [];
  };
  const kv = /^([\w-]+):\s*(?:\[?\s*(?:[^,\]]*,\s*)*)?([^,\]\s]*)$/.exec(line);
  if (kv && line.includes(':')) return values(kv[1], kv[2]);
  // An item of a block list: the values of the key above it.
  const listItem = /^\s*-\s+([^\s]*)$/.exec(line);
  if (listItem) {
    const key = listKeyAbove(doc, pos.line, doc.parsed.frontMatter!.open.start.line + 1);
    return key ? values(key, listItem[1]) : [];
  }
  const key = /^([\w-]*)$/.exec(line);
  if (!key) return [];
  const present = new Set(Object.keys(doc.data));
  return Object.keys(props)
    .filter((k) => !present.has(k))
    .map((k) => ({
      label: k,
      kind: 'key' as const,
      detail: props[k].description ?? (props[k].enum ?? [props[k].type ?? '']).flat().map(String).join(' | '),
      insertText: `${k}: `,
      range: at(0),
    }));
}

function ids(view: IndexView, prefix: string, range: Range): Completion[] {
  const wanted = prefix.toUpperCase();
  // Sorted by prefix, then number (natural order), with each id's key computed once.
  const keyed: { id: string; prefix: string; n: number }[] = [];
  for (const id of view.allIds()) {
    const m = /^(.*?)(\d+)$/.exec(id);
    const p = (m ? m[1] : id).toUpperCase();
    if (wanted && p.replace(/-$/, '') !== wanted) continue;
    keyed.push({ id, prefix: p, n: m ? Number(m[2]) : -1 });
  }
  keyed.sort((a, b) => (a.prefix === b.prefix ? a.n - b.n : 0) || naturalCompare(a.id, b.id));
  return keyed.slice(0, MAX_ITEMS).map(({ id }) => {
    const d = view.byId(id)[0];
    return {
      label: id,
      kind: 'id' as const,
      detail: [d?.title, d?.status].filter(Boolean).join(' — '),
      range,
    };
  });
}

function anchors(target: DocInfo | undefined, range: Range): Completion[] {
  const headings = (target?.parsed.headings ?? []).map((h) => ({
    label: h.slug,
    kind: 'anchor' as const,
    detail: `${'#'.repeat(h.depth)} ${h.text}`,
    range,
  }));
  const slugs = new Set(headings.map((h) => h.label));
  const html = [...(target?.parsed.anchors ?? [])]
    .filter((a) => !slugs.has(a))
    .map((a) => ({ label: a, kind: 'anchor' as const, detail: 'HTML anchor', range }));
  return [...headings, ...html];
}

/** Files and folders under what is typed so far: relative to the document or to the root. */
function paths(
  view: IndexView,
  doc: DocInfo,
  typed: string,
  base: 'file' | 'root',
  range: Range,
): Completion[] {
  const dir = typed.includes('/') ? typed.slice(0, typed.lastIndexOf('/') + 1) : '';
  const fromDir = base === 'file' ? path.posix.dirname(doc.file) : '';
  const absDir = path.posix
    .normalize(path.posix.join(fromDir === '.' ? '' : fromDir, dir || '.'))
    .replace(/\/+$/, '');
  const prefix = absDir === '.' ? '' : `${absDir}/`;
  if (prefix.startsWith('../')) return [];
  const seen = new Map<string, Completion>();
  for (const f of view.allFiles()) {
    if (!f.startsWith(prefix)) continue;
    const rest = f.slice(prefix.length);
    const slash = rest.indexOf('/');
    const name = slash < 0 ? rest : rest.slice(0, slash + 1);
    if (seen.has(name) || name.startsWith('.')) continue;
    const full = prefix + name.replace(/\/$/, '');
    const label =
      base === 'file' && dir === '' ? relativePath(doc.file, full) + (slash < 0 ? '' : '/') : dir + name;
    seen.set(name, {
      label,
      kind: slash < 0 ? 'file' : 'folder',
      detail: slash < 0 ? view.doc(full)?.title : undefined,
      range,
    });
    if (seen.size >= MAX_ITEMS) break;
  }
  return [...seen.values()];
}
