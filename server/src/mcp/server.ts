import * as path from 'node:path';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ErrorCode,
  McpError,
  isJSONRPCRequest,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { z } from 'zod';
import { Engine } from '../core/engine.js';
import { FsWorkspace } from '../node/fsWorkspace.js';
import { readGitHistory } from '../node/git.js';
import { applyToDisk } from '../node/applyEdits.js';
import { changedStamps, stampFiles } from '../node/watcher.js';
import { isInside, isWithin } from '../shared/paths.js';
import { MCP_TOOLS } from '../shared/mcpTools.js';
import { render } from '../cli/format.js';
import { buildDigest } from '../core/digest/build.js';
import { renderDigestJson, renderDigestMarkdown } from '../core/digest/markdown.js';
import { isDocsRoot, scaffold, type ScaffoldRequest } from '../core/scaffold/dispatch.js';
import { currentDecision, findDocs, getDoc, openTasks, runbookFor } from '../core/features/handbook.js';
import type { Logger } from '../core/types.js';

/** Options of {@link createMcpServer}. */
export interface McpOptions {
  /** The repository root (absolute). */
  root: string;
  /** Offer `new_adr` and `new_task`. */
  allowWrite: boolean;
  /** True when the root was named (as `opsdocs new --dir` is): writes need no docs root then. */
  named: boolean;
  /** `YYYY-MM-DD` for date checks and new documents; today when unset. */
  today: () => string;
  version: string;
  logger?: Logger;
  /** The refusal of a write into a folder that is no docs root, given the command and what it would write. */
  notDocsRoot: (command: string, would: string) => string;
}

/** Longest text argument taken (a query, a title, a path). */
const MAX_TEXT = 1000;
/** How often a call waiting for the first index hears its progress. */
const PROGRESS_MS = 1000;
type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;
const text = (what: string) => z.string().min(1).max(MAX_TEXT).describe(what);
const KINDS = ['adr', 'runbook', 'policy', 'task', 'agents'] as const;

/** A tool's answer: its JSON, or a text. */
const answer = (value: unknown) => ({
  content: [
    { type: 'text' as const, text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) },
  ],
});

/** A tool's error: the agent sees the message (the SDK turns a throw into `isError`). */
class ToolError extends Error {}

/**
 * A repository-relative path an agent gave, cleaned (`./a//b` → `a/b`); throws when it is absolute,
 * leaves the root or is not text a path can be.
 */
function relativePath(written: string): string {
  if (written.includes('\0')) throw new ToolError('A path cannot hold a NUL character.');
  if (!isInside(written))
    throw new ToolError(
      `"${written.slice(0, 200)}" is outside the repository: give a path relative to its root, without "..".`,
    );
  return path.posix.normalize(written.replace(/\\/g, '/')).replace(/^\.\/|\/$/g, '');
}

/**
 * The OpsDocs MCP server of one repository: indexes it, keeps the index current (files changed on
 * disk since the last call are read again before each call), and answers the tools of
 * {@link MCP_TOOLS} through the core's functions. Nothing is read outside the root: every answer
 * comes from the index.
 */
export function createMcpServer(o: McpOptions): McpServer {
  const logger = o.logger ?? { log() {} };
  const workspace = new FsWorkspace(o.root, logger, { syncReads: true, keepTexts: o.allowWrite === true });
  // The same git history as `opsdocs check` (drift, numbers other branches take), read per index.
  const history = () => readGitHistory(o.root);
  const engine = new Engine({ workspace, logger, today: o.today(), history });
  const read = (f: string) => engine.readsText(f);
  // Indexed while the agent connects (a big repository takes longer than clients wait for the
  // handshake); the first call waits for it.
  let stamps = new Map<string, string>();
  const indexing = { done: 0, total: 0, over: false };
  const indexed = engine
    .indexAll((done, total) => Object.assign(indexing, { done, total }))
    .finally(() => (indexing.over = true))
    .then(async () => {
      stamps = stampFiles(o.root, await workspace.listFiles(undefined, engine.skipsFolder), read);
    });
  indexed.catch((e: unknown) => logger.log(`Indexing ${o.root} failed: ${(e as Error).stack ?? String(e)}`));
  let last: Promise<void> = indexed;

  /**
   * Waits for the index, then reads again what changed on disk since it was last brought up to
   * date; one call at a time. A failed index fails every call with its reason.
   */
  const refresh = () => {
    last = last
      .catch(() => undefined)
      .then(async () => {
        await indexed;
        engine.setToday(o.today());
        const now = stampFiles(o.root, await workspace.listFiles(undefined, engine.skipsFolder), read);
        for (const file of changedStamps(stamps, now)) await engine.update(file);
        stamps = now;
      });
    return last;
  };

  /**
   * While the first index is built (minutes on a big repository), a call whose client asked for
   * progress (`_meta.progressToken`) hears how far it is, at once and every second.
   */
  const reportIndexing = (extra: Extra) => {
    const token = extra._meta?.progressToken;
    if (token === undefined || indexing.over) return () => undefined;
    const send = () => {
      if (indexing.over) return;
      const { done, total } = indexing;
      const message = total
        ? `Indexing the handbook: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} documents read.`
        : 'Indexing the handbook: listing its files.';
      extra
        .sendNotification({
          method: 'notifications/progress',
          params: { progressToken: token, progress: done, ...(total ? { total } : {}), message },
        })
        .catch(() => undefined); // the client went away: the call's own answer will fail too
    };
    send();
    const timer = setInterval(send, PROGRESS_MS);
    return () => clearInterval(timer);
  };

  const server = new McpServer(
    { name: 'opsdocs', version: o.version },
    {
      instructions:
        'The repository’s operations handbook: ADRs (decisions), runbooks, policies, tasks and AGENTS.md. ' +
        'Before changing infrastructure, ask current_decision for the ADR in force and runbook_for for the runbook to follow.',
    },
  );
  const info = (name: string) => {
    const t = MCP_TOOLS.find((x) => x.name === name)!;
    return t.description;
  };
  const tool = <S extends z.ZodRawShape>(
    name: string,
    inputSchema: S,
    run: (args: z.infer<z.ZodObject<S>>) => unknown,
    readOnly = true,
  ) =>
    server.registerTool(
      name,
      { description: info(name), inputSchema, annotations: { readOnlyHint: readOnly, openWorldHint: false } },
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (async (args: any, extra: Extra) => {
        const stop = reportIndexing(extra);
        try {
          await refresh();
        } finally {
          stop();
        }
        return answer(await run(args as z.infer<z.ZodObject<S>>));
      }) as never,
    );

  tool('find_docs', { query: text('Words to look for, or an id'), kind: z.enum(KINDS).optional() }, (a) =>
    findDocs(engine.view(), a.query, { kind: a.kind }),
  );
  tool('get_doc', { id_or_path: text('An id (ADR-003) or a repository-relative path') }, (a) => {
    const key = /[/\\]|\.md$/i.test(a.id_or_path) ? relativePath(a.id_or_path) : a.id_or_path;
    const doc = getDoc(engine.view(), key);
    if ('error' in doc) throw new ToolError(doc.error);
    return doc;
  });
  tool(
    'current_decision',
    { topic: text('What the decision is about (queues, hosting, feature flags…)') },
    (a) => currentDecision(engine.view(), a.topic),
  );
  tool('runbook_for', { service_or_alert: text('A service (jobs, api) or an alert (DLQ depth)') }, (a) =>
    runbookFor(engine.view(), a.service_or_alert),
  );
  tool('open_tasks', { owner: z.string().max(MAX_TEXT).optional() }, (a) =>
    openTasks(engine.view(), a.owner),
  );
  tool(
    'check',
    { paths: z.array(text('A repository-relative file or folder')).max(1000).optional() },
    (a) => {
      const files = engine.checkedFiles();
      let findings = engine.allFindings();
      if (a.paths) {
        const wanted = a.paths.map(relativePath);
        const under = (f: string, p: string) => isWithin(f, p === '.' ? '' : p);
        const unknown = wanted.filter((p) => !files.some((f) => under(f, p)));
        if (unknown.length > 0)
          throw new ToolError(`No checked document is at ${unknown.map((p) => `"${p}"`).join(', ')}.`);
        findings = findings.filter((f) => wanted.some((p) => under(f.file, p)));
      }
      return render('json', findings, engine.documents().size, o.version);
    },
  );
  tool('digest', { format: z.enum(['json', 'md']).optional() }, (a) => {
    const built = buildDigest(engine.view(), engine.allFindings(), engine.getToday(), engine.getHistory());
    return a.format === 'md' ? renderDigestMarkdown(built) : renderDigestJson(built);
  });

  if (o.allowWrite) {
    const write = async (request: ScaffoldRequest, command: string) => {
      const read = engine.getHistory();
      const elsewhere = read.kind === 'git' ? read.elsewhere : undefined;
      const outcome = await scaffold(engine.view(), engine.getToday(), workspace, { ...request, elsewhere });
      if ('refused' in outcome) throw new ToolError(outcome.refused);
      const { edits } = outcome.made;
      const files = [...(edits.creates ?? []).map((c) => c.file), ...edits.edits.keys()];
      if (!o.named && !isDocsRoot(engine.view()))
        throw new ToolError(o.notDocsRoot(command, `write ${files.join(', ')} there`));
      try {
        const written = applyToDisk(o.root, edits, (f) => workspace.textRead(f));
        await refresh();
        return written;
      } catch (e) {
        throw new ToolError((e as Error).message);
      }
    };
    tool(
      'new_adr',
      {
        title: text('The decision, in a few words'),
        supersedes: z.string().max(MAX_TEXT).optional().describe('The id of the ADR it replaces'),
        log: z
          .string()
          .max(MAX_TEXT)
          .optional()
          .describe(
            'Where ADRs are kept in several logs (a monorepo): the folder of the log it goes into (needed unless it replaces an ADR of that log)',
          ),
      },
      (a) => write({ kind: 'adr', title: a.title, supersedes: a.supersedes, log: a.log }, 'new_adr'),
      false,
    );
    tool(
      'new_task',
      { title: text('What is to be done') },
      (a) => write({ kind: 'task', title: a.title }, 'new_task'),
      false,
    );
  }

  server.registerResource(
    'document',
    new ResourceTemplate('opsdocs://doc/{+path}', {
      list: async () => {
        await refresh();
        return {
          resources: [...engine.documents().values()]
            .sort((a, b) => (a.file < b.file ? -1 : 1))
            .map((d) => ({
              uri: `opsdocs://doc/${d.file.split('/').map(encodeURIComponent).join('/')}`,
              name: d.file,
              title: [d.id, d.title].filter(Boolean).join(': ') || d.file,
              mimeType: 'text/markdown',
            })),
        };
      },
    }),
    {
      description: 'A document of the handbook (ADR, runbook, policy, task, AGENTS.md…)',
      mimeType: 'text/markdown',
    },
    async (uri, variables) => {
      await refresh();
      let file: string;
      try {
        file = relativePath(String(variables.path).split('/').map(decodeURIComponent).join('/'));
      } catch (e) {
        const why =
          e instanceof URIError ? `${uri.href.slice(0, 200)} is not a document's URI.` : (e as Error).message;
        throw new McpError(ErrorCode.InvalidParams, why, undefined);
      }
      const doc = engine.documents().get(file);
      if (!doc) throw new McpError(ErrorCode.InvalidParams, `No document is at "${file.slice(0, 200)}".`);
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: doc.parsed.text }] };
    },
  );
  return server;
}

/** The tools that write, offered only with `--allow-write`. */
const WRITE_TOOLS = new Set(MCP_TOOLS.filter((t) => t.writes).map((t) => t.name));

/**
 * Serves `server` over `transport`. A read-only server does not offer the writing tools; a call of
 * one is answered with how to allow it (an error result the agent can relay), not the SDK's
 * "Tool new_adr not found", which reads like a typo.
 */
export async function serveMcp(server: McpServer, transport: Transport, allowWrite: boolean): Promise<void> {
  await server.connect(transport);
  if (allowWrite) return;
  const handle = transport.onmessage;
  transport.onmessage = (message, extra) => {
    const call = isJSONRPCRequest(message) && message.method === 'tools/call' ? message : undefined;
    const name = call?.params?.name;
    if (!call || typeof name !== 'string' || !WRITE_TOOLS.has(name)) return handle?.(message, extra);
    const text = `${name} writes files, and this server is read-only: it offers ${name} only when started with \`opsdocs mcp --allow-write\`.`;
    void transport
      .send({ jsonrpc: '2.0', id: call.id, result: { isError: true, content: [{ type: 'text', text }] } })
      .catch(() => undefined);
  };
}
