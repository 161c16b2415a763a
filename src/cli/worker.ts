/**
 * Worker-thread entry of `--jobs` (src/cli/parallel.ts starts it): lints the
 * files the main thread sends and answers with plain-data outcomes. A
 * separate module (and, when the CLI is bundled, a separate entry point named
 * `worker.js` beside the CLI's file) so that a worker loads only the engine
 * and the rules, never the command line.
 */
import { parentPort } from 'node:worker_threads';
import type { EffectiveConfig } from '../core/config.js';
import { Linter } from '../core/engine.js';
import { RuleRegistry } from '../core/registry.js';
import { allRules } from '../rules/index.js';
import { lintFile } from './lint-file.js';
import type { ToMain, ToWorker } from './parallel.js';

const port = parentPort;
if (!port) throw new Error('src/cli/worker.ts runs only as a worker thread');

const linter = new Linter(new RuleRegistry(allRules));
const configs = new Map<number, EffectiveConfig>();

port.on('message', (message: ToWorker) => {
  if (message.type === 'config') {
    configs.set(message.id, message.config);
    return;
  }
  const config = configs.get(message.configId);
  const reply = (answer: ToMain) => port.postMessage(answer);
  if (!config) {
    reply({ type: 'crash', seq: message.seq, message: `no config ${message.configId} was sent before the file` });
    return;
  }
  lintFile(message.task, config, linter).then(
    (outcome) => reply({ type: 'done', seq: message.seq, outcome }),
    (error: unknown) =>
      reply({ type: 'crash', seq: message.seq, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined }),
  );
});
port.postMessage({ type: 'ready' } satisfies ToMain);
