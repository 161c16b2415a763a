/** `drydock lsp --stdio`: the language server over standard input and output. */
import { format } from 'node:util';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';

/**
 * Serves LSP on stdin/stdout until the client says `exit` (or closes the
 * stream); the connection then ends the process. Anything printed goes to the
 * client's log, never to stdout, which carries the protocol.
 */
export function runStdioServer(): void {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  const toClient = (...args: unknown[]) => connection.console.log(format(...args));
  console.log = toClient;
  console.info = toClient;
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
  process.on('uncaughtException', (error) => connection.console.error(`drydock: internal error: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`drydock: internal error: ${String(reason)}`));
  startServer(connection);
}
