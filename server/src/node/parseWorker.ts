// The parser thread (bundled as dist/parser.js): reads the facts of each text it is sent.
import { parentPort } from 'node:worker_threads';
import { extractFacts } from '../core/parse/markdown.js';

parentPort?.on('message', (text: string) => {
  try {
    parentPort!.postMessage({ facts: extractFacts(text) });
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error).message });
  }
});
// Loaded: the parent's time budget for a parse starts now.
parentPort?.postMessage({ ready: true });
