import { LspClient } from './lspClient.js';

/**
 * Starts a server on `root` with the storage folder `cacheDir` and waits until its index is built
 * and `withFindings` files have diagnostics, each published `publishedTimes` times; returns the
 * diagnostics (sorted by URI, as JSON), the log and how often each file with findings was published;
 * then runs `then` before the server is shut down. `settings` are the client's `opsdocs` settings.
 */
export async function indexedSession(
  root: string,
  cacheDir: string,
  withFindings: number,
  publishedTimes = 1,
  then?: (client: LspClient) => Promise<void>,
  settings: Record<string, unknown> = { today: '2026-11-26' },
) {
  const client = new LspClient(root);
  client.settings = settings;
  client.initializationOptions = { cacheDir, trusted: true };
  try {
    await client.start();
    await client.waitFor('indexing', () => client.progress.some((p) => p.kind === 'end'), 60_000);
    const withDiagnostics = () => [...client.diagnostics.values()].filter((d) => d.length);
    await client.waitFor(
      `${withFindings} files with diagnostics`,
      () => withDiagnostics().length === withFindings,
      30_000,
    );
    // With nothing changed the last check's findings come first (test/server/snapshot.test.ts); the
    // index's own publish follows its log.
    await client.waitFor(
      'the log of the index',
      () => client.logs.some((l) => l.startsWith('Indexed ')),
      30_000,
    );
    const published = () =>
      [...client.diagnostics].filter(([, d]) => d.length).map(([u]) => client.publications.get(u));
    await client.waitFor(
      `each published ${publishedTimes} times`,
      () => published().every((n) => n === publishedTimes),
      30_000,
    );
    const diagnostics = JSON.stringify([...client.diagnostics].sort(([a], [b]) => a.localeCompare(b)));
    const result = { diagnostics, log: client.logs.join(''), published: published() };
    await then?.(client);
    return result;
  } finally {
    await client.stop();
  }
}
