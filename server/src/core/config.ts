import { printParseErrorCode } from 'jsonc-parser';
import configSchema from '../../../schemas/opsdocs-config.schema.json';
import type { Finding, Range, RuleLevel } from './types.js';
import { JsonText, pointerPath, showPath } from './util/json.js';
import { createAjv } from './schemas/ajv.js';
import type { ValidateFunction } from 'ajv';
import { simpleGlob } from './util/globs.js';
import type { SectionRequirement } from './schemas/registry.js';

/** Front-matter field names the lifecycle checks read, per kind. */
export interface KindFields {
  id: string;
  title: string;
  status: string;
  owner: string;
  lastReviewed?: string;
  reviewEveryDays?: string;
  due?: string;
  blockedReason?: string;
  supersededBy?: string;
  supersedes?: string;
  /** Ids of tasks this one waits for. */
  dependsOn?: string;
  /** Related documents (paths or ids). */
  related?: string;
}

/** One doc kind, resolved from the defaults and the repository's config. */
export interface KindConfig {
  name: string;
  include: string[];
  exclude: string[];
  /** Built-in schema name or repository-relative path of the team's schema; empty: none. */
  schema: string;
  idPattern?: string;
  legacyFormats: boolean;
  fields: KindFields;
  doneStatuses: string[];
  blockedStatuses: string[];
  supersededStatuses: string[];
  /**
   * Required sections of this kind's documents, instead of those its schema declares
   * (`x-opsdocs-sections`); unset: the schema's.
   */
  sections?: SectionRequirement[];
  /**
   * Front-matter keys every document of a kind without a schema must have, with the type of each
   * value (`any`: whatever it is); unset: none.
   */
  frontMatter?: Record<string, FieldType>;
  /** How the kind's files are numbered (`NNNN-*.md`: see model/fileNames.ts); unset: any name. */
  fileName?: string;
  /**
   * The values the kind's status field may have, instead of those its built-in schema lists
   * (declared in the config, or learned from the kind's documents); unset: the schema's.
   */
  statuses?: string[];
  /** Set when no config declares this kind and `statuses` were learned: the team's own values. */
  learnedStatuses?: string[];
  /**
   * Set when `fileName` was learned from the kind's folder (zero config): how many of its
   * documents are named so, of how many, where.
   */
  learnedFileName?: { has: number; docs: number; where: string };
  /** Set when no config declares this kind and its shape was learned from its documents. */
  learned?: LearnedShape;
}

/**
 * A kind's shape learned from the repository's own documents (zero config): how many documents it
 * was learned from, where they are, and how many of them have each required section.
 */
export interface LearnedShape {
  docs: number;
  /** The folder holding them. */
  where: string;
  sections: Record<string, number>;
  /**
   * Each learned front-matter key: how many documents have it (`has`), and how many of those have
   * it as the learned type (`typed`).
   */
  fields?: Record<string, { has: number; typed: number }>;
}

/** A kind's name in the plural, as messages name its documents (`ADRs`, `runbooks`, `policies`). */
export const kindPlural = (kind: string) =>
  kind === 'adr' ? 'ADRs' : kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`;

/** The type a {@link KindConfig.frontMatter} key's value must have. */
export type FieldType = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'any';

/** The {@link FieldType} of a front-matter value (`null`: empty, none of them). */
export function fieldTypeOf(value: unknown): FieldType | 'null' {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' || t === 'object' ? t : 'any';
}

/** The whole configuration the engine runs with. */
export interface Config {
  exclude: string[];
  /** In match order: the first kind whose globs match a file decides its kind. */
  kinds: KindConfig[];
  rules: Record<string, RuleLevel>;
  reviewEveryDays: number;
  /** Folder that site-absolute links (`/manual/x.html`) start from; unset: they are not checked. */
  siteRoot?: string;
  /**
   * Folders (globs) whose AGENTS.md is an index of the folder's files (`agents/undocumented-file`);
   * an AGENTS.md elsewhere guides rather than lists.
   */
  agentsIndexFolders: string[];
  /**
   * Folders of test fixtures (globs): their files exist, so links into them resolve, but their
   * documents are not read as documentation (not checked, their ids not known).
   */
  fixtures: string[];
  /**
   * Learn the shape of a kind that no config declares from its documents when they follow a
   * template of their own (see docs/configuration.md); false: the built-in shapes.
   */
  learnConventions: boolean;
  /**
   * Read the repository's `.gitignore` files: a file they leave out exists (links to it resolve)
   * but is not read (see util/gitignore.ts); false: every file not excluded is read.
   */
  gitignore: boolean;
  /**
   * Whose inline-code paths (`scripts/deploy.sh`) are checked for existence: `kinds`, documents of
   * a kind (runbooks, policies, kinds the config declares; never records: ADRs, tasks); `all`,
   * every document; `none`. Links are checked in every document regardless.
   */
  inlineCodePaths: 'kinds' | 'all' | 'none';
  /**
   * How the site that publishes the docs makes heading anchors (`github`, `kramdown`, `redcarpet`,
   * `eleventy`, `mkdocs`, `markdown-it`); unset: GitHub's, or the one a generator's configuration
   * at the root implies (model/site.ts).
   */
  anchorStyle?: string;
  /**
   * The owners a document's `owner`/`owners` may name, besides the teams and users of CODEOWNERS
   * (`owners/unknown-owner`); unset and without CODEOWNERS: owners are not checked.
   */
  owners?: string[];
}

/** Repository-relative path of the configuration file. */
export const CONFIG_FILE = '.opsdocs.json';

const baseFields: KindFields = { id: 'id', title: 'title', status: 'status', owner: 'owner' };

function kind(name: string, include: string[], extra: Partial<KindConfig> = {}): KindConfig {
  return {
    name,
    include,
    exclude: [],
    schema: name,
    legacyFormats: false,
    fields: { ...baseFields },
    doneStatuses: [],
    blockedStatuses: [],
    supersededStatuses: [],
    ...extra,
  };
}

/**
 * Where repositories keep test fixtures: documents made to be wrong or to stand in a test project
 * (`test/fixtures/`, Go's `testdata/`, the projects under `integration-tests/`).
 */
const DEFAULT_FIXTURES = [
  '**/fixtures/**',
  '**/__fixtures__/**',
  '**/testdata/**',
  '**/integration-tests/*/**',
];

/** The doc model's defaults: a repository laid out like the handbook needs no config file. */
export function defaultConfig(): Config {
  return {
    // Folders of builds and of tools' installs (a virtualenv's packages, Terraform's modules, Ruby's
    // vendored gems): their Markdown is other projects' READMEs, never the team's docs.
    exclude: [
      '**/node_modules/**',
      '**/.git/**',
      '**/dist/**',
      '**/out/**',
      '**/.opsdocs-cache/**',
      '**/.venv/**',
      '**/.tox/**',
      '**/.terraform/**',
      '**/vendor/bundle/**',
    ],
    kinds: [
      kind('adr', ['docs/adr/*.md', 'docs/decisions/*.md', 'doc/adr/*.md'], {
        exclude: ['**/README.md', '**/index.md', '**/*template*.md'],
        idPattern: 'ADR-\\d+',
        legacyFormats: true,
        fields: {
          ...baseFields,
          supersededBy: 'superseded_by',
          supersedes: 'supersedes',
          related: 'related',
        },
        supersededStatuses: ['superseded'],
      }),
      kind('runbook', ['docs/runbooks/**/*.md'], {
        exclude: ['**/README.md'],
        fields: {
          ...baseFields,
          lastReviewed: 'last_reviewed',
          reviewEveryDays: 'review_every_days',
          related: 'related',
        },
      }),
      kind('policy', ['docs/policies/**/*.md'], {
        exclude: ['**/README.md'],
        fields: {
          ...baseFields,
          lastReviewed: 'last_reviewed',
          reviewEveryDays: 'review_every_days',
          related: 'related',
        },
      }),
      kind('task', ['tasks/**/*.md', 'docs/tasks/**/*.md'], {
        exclude: ['**/README.md'],
        fields: {
          ...baseFields,
          due: 'due',
          blockedReason: 'blocked_reason',
          dependsOn: 'depends_on',
          related: 'related',
        },
        doneStatuses: ['done'],
        blockedStatuses: ['blocked'],
      }),
      kind('agents', ['**/AGENTS.md']),
    ],
    rules: {},
    reviewEveryDays: 90,
    agentsIndexFolders: ['scripts', '**/scripts'],
    fixtures: DEFAULT_FIXTURES,
    learnConventions: true,
    gitignore: true,
    inlineCodePaths: 'kinds',
  };
}

interface RawKind extends Partial<Omit<KindConfig, 'fields' | 'name'>> {
  fields?: Partial<KindFields>;
}
interface RawConfig {
  siteRoot?: string;
  exclude?: string[];
  kinds?: Record<string, RawKind>;
  rules?: Record<string, RuleLevel>;
  reviewEveryDays?: number;
  agentsIndexFolders?: string[];
  fixtures?: string[];
  learnConventions?: boolean;
  gitignore?: boolean;
  inlineCodePaths?: Config['inlineCodePaths'];
  anchorStyle?: string;
  owners?: string[];
}

/** The result of reading `.opsdocs.json`: the config to use and problems with the file. */
export interface LoadedConfig {
  config: Config;
  findings: Finding[];
  /**
   * The range of the value at `path` in the config file, or of its key with `key` (for findings about it).
   */
  locate: (path: (string | number)[], key?: boolean) => Range;
  /** The kinds the file declares (`kinds.<name>`): their shape is never learned. */
  configuredKinds: ReadonlySet<string>;
}

let compiledConfigSchema: ValidateFunction | undefined;
/**
 * The config file's schema, compiled when a config file is first read (not at start-up: 0.1 s),
 * without checking it against the draft's meta-schema (test/unit/schemas.test.ts does).
 */
const configValidator = () =>
  (compiledConfigSchema ??= createAjv({ validateSchema: false }).compile(configSchema));

/**
 * Reads the text of `.opsdocs.json` (undefined when there is none) over the defaults.
 * An invalid file gives findings on that file and the defaults are used. In a workspace the user
 * has not trusted (`trusted` false) its regular expressions (`idPattern`) and all but simple
 * globs are not used: each gives a `config/untrusted` finding.
 */
export function parseConfig(text: string | undefined, trusted = true): LoadedConfig {
  const config = defaultConfig();
  if (text === undefined)
    return {
      config,
      findings: [],
      locate: () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }),
      configuredKinds: new Set(),
    };
  const json = new JsonText(text);
  const locate = (path: (string | number)[], key?: boolean) => json.range(path, key);
  const finding = (range: Range, message: string): Finding => ({
    file: CONFIG_FILE,
    range,
    severity: 'error',
    rule: 'config/invalid',
    message,
  });
  const bad = { config, locate, configuredKinds: new Set<string>() };
  if (json.errors.length > 0) {
    const e = json.errors[0];
    return {
      ...bad,
      findings: [
        finding(
          json.errorRange(e),
          `${CONFIG_FILE} is not valid JSON (${printParseErrorCode(e.error)}); using the built-in defaults.`,
        ),
      ],
    };
  }
  let raw: RawConfig;
  try {
    raw = JSON.parse(text) as RawConfig;
  } catch {
    return {
      ...bad,
      findings: [finding(json.range([]), `${CONFIG_FILE} is empty; using the built-in defaults.`)],
    };
  }
  const validateConfig = configValidator();
  if (!validateConfig(raw)) {
    const findings = (validateConfig.errors ?? [])
      .filter((e) => e.keyword !== 'if')
      .map((e) => {
        const path = pointerPath(e.instancePath);
        let what = e.message ?? 'is invalid';
        if (e.keyword === 'additionalProperties') {
          path.push(String(e.params.additionalProperty));
          what = 'is not a known key';
        } else if (e.keyword === 'enum') {
          what = `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`;
        }
        const where = path.length ? showPath(path) : 'The file';
        return finding(
          json.range(path, e.keyword === 'additionalProperties'),
          `${CONFIG_FILE}: ${where} ${what}; using the built-in defaults.`,
        );
      });
    return { ...bad, findings };
  }
  const findings: Finding[] = [];
  const untrusted = (path: (string | number)[], message: string) =>
    findings.push({
      file: CONFIG_FILE,
      range: json.range(path),
      severity: 'info',
      rule: 'config/untrusted',
      message: `${message} until you trust this workspace (Restricted Mode).`,
    });
  const globs = (list: string[] | undefined, path: (string | number)[]): string[] | undefined => {
    if (trusted || !list) return list;
    return list.filter((g, i) => {
      if (simpleGlob(g)) return true;
      untrusted(
        [...path, i],
        `Glob "${g}" (only text, \`?\`, \`[…]\`, up to two \`*\` per path segment and \`**\` segments are safe to match) is not used`,
      );
      return false;
    });
  };
  const exclude = globs(raw.exclude, ['exclude']);
  if (exclude) config.exclude = [...config.exclude, ...exclude];
  if (raw.rules) config.rules = { ...raw.rules };
  if (raw.reviewEveryDays) config.reviewEveryDays = raw.reviewEveryDays;
  const indexFolders = globs(raw.agentsIndexFolders, ['agentsIndexFolders']);
  if (indexFolders) config.agentsIndexFolders = indexFolders;
  const fixtures = globs(raw.fixtures, ['fixtures']);
  if (fixtures) config.fixtures = fixtures;
  if (raw.learnConventions !== undefined) config.learnConventions = raw.learnConventions;
  if (raw.gitignore !== undefined) config.gitignore = raw.gitignore;
  if (raw.inlineCodePaths !== undefined) config.inlineCodePaths = raw.inlineCodePaths;
  if (raw.anchorStyle !== undefined) config.anchorStyle = raw.anchorStyle;
  if (raw.owners !== undefined) config.owners = raw.owners;
  if (raw.siteRoot !== undefined) config.siteRoot = raw.siteRoot.replace(/^\.?\/+|\/+$/g, '');
  for (const [name, rk] of Object.entries(raw.kinds ?? {})) {
    const existing = config.kinds.find((k) => k.name === name);
    const { fields, ...rest } = rk;
    // A built-in kind whose every glob is withheld keeps its built-in ones.
    const kept = (list: string[] | undefined, builtIn: string[] | undefined) =>
      list && list.length === 0 && builtIn ? builtIn : list;
    if (rest.include)
      rest.include = kept(
        globs(rest.include, ['kinds', name, 'include']),
        rest.include.length ? existing?.include : undefined,
      );
    if (rest.exclude)
      rest.exclude = kept(
        globs(rest.exclude, ['kinds', name, 'exclude']),
        rest.exclude.length ? existing?.exclude : undefined,
      );
    if (rest.idPattern !== undefined && !trusted) {
      const builtin = existing?.idPattern ? ` (the built-in \`${existing.idPattern}\` is)` : '';
      untrusted(['kinds', name, 'idPattern'], `kinds.${name}.idPattern is not used${builtin}`);
      delete rest.idPattern;
    }
    if (rest.idPattern !== undefined) {
      try {
        new RegExp(rest.idPattern);
      } catch (err) {
        findings.push(
          finding(
            json.range(['kinds', name, 'idPattern']),
            `kinds.${name}.idPattern is not a valid regular expression: ${(err as Error).message}`,
          ),
        );
        delete rest.idPattern;
      }
    }
    if (existing) {
      Object.assign(existing, rest);
      if (fields) existing.fields = { ...existing.fields, ...fields };
    } else {
      // A new kind is checked before the built-in ones so it can claim files they would match.
      // Without a `schema` it is checked without one (not against a file named like the kind).
      const k = kind(name, rest.include ?? [], { schema: '', ...rest });
      if (fields) k.fields = { ...k.fields, ...fields };
      config.kinds.unshift(k);
    }
  }
  return { config, findings, locate, configuredKinds: new Set(Object.keys(raw.kinds ?? {})) };
}
