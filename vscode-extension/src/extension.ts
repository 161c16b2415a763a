/**
 * The drydock extension: starts `drydock lsp --stdio` and connects VS Code to
 * it. The server does the work (diagnostics, quick fixes, hover, outline);
 * this client finds the server, forwards settings and adds three commands.
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** The server's command that applies every safe fix to a document (see src/lsp/server.ts). */
const SERVER_FIX_ALL = 'drydock.applyFixAll';

let client: LanguageClient | undefined;

/** `drydock.serverPath`, else the server bundled into the extension, else `drydock` on PATH. */
function serverOptions(context: vscode.ExtensionContext): ServerOptions {
  const args = ['lsp', '--stdio'];
  const configured = vscode.workspace.getConfiguration('drydock').get<string | null>('serverPath');
  const bundled = context.asAbsolutePath('server/dist/cli/main.js');
  const script = configured ? (/\.[cm]?js$/.test(configured) ? configured : null) : existsSync(bundled) ? bundled : null;
  if (script) return { module: script, args: ['lsp'], transport: TransportKind.stdio };
  const command = configured || 'drydock';
  return { command, args, options: { shell: process.platform === 'win32' } };
}

function clientOptions(output: vscode.LogOutputChannel): LanguageClientOptions {
  return {
    documentSelector: [
      { language: 'dockerfile' },
      { language: 'yaml' },
      { pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,Dockerfile.*,Containerfile.*}' },
    ],
    outputChannel: output,
    traceOutputChannel: output,
  };
}

async function start(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<void> {
  client = new LanguageClient('drydock', 'drydock', serverOptions(context), clientOptions(output));
  try {
    await client.start();
  } catch (error) {
    const message = `drydock: the language server did not start (${String(error)}). Install drydock (npm install -g drydock) or set "drydock.serverPath".`;
    output.appendLine(message);
    void vscode.window.showErrorMessage(message);
  }
}

/** drydock diagnostics at the cursor, else all of the file's. */
function drydockDiagnostics(editor: vscode.TextEditor): vscode.Diagnostic[] {
  const all = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'drydock');
  const here = all.filter((d) => d.range.contains(editor.selection.active));
  return here.length > 0 ? here : all;
}

async function showRuleDocumentation(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const rules = new Map<string, vscode.Uri>();
  for (const diagnostic of drydockDiagnostics(editor)) {
    const code = diagnostic.code;
    if (typeof code === 'object' && code !== null && 'target' in code) rules.set(String(code.value), code.target);
  }
  if (rules.size === 0) {
    void vscode.window.showInformationMessage('drydock: no problem here to explain.');
    return;
  }
  const id = rules.size === 1 ? [...rules.keys()][0] : await vscode.window.showQuickPick([...rules.keys()], { placeHolder: 'Which rule?' });
  if (id) await vscode.env.openExternal(rules.get(id)!);
}

async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) return;
  await client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_FIX_ALL, arguments: [editor.document.uri.toString()] });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('drydock', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('drydock.fixAll', fixAll),
    vscode.commands.registerCommand('drydock.showRuleDocumentation', showRuleDocumentation),
    vscode.commands.registerCommand('drydock.restartServer', async () => {
      await client?.stop().catch(() => undefined);
      await start(context, output);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      // Where the server comes from is decided at start: a new path needs a restart.
      if (event.affectsConfiguration('drydock.serverPath')) await vscode.commands.executeCommand('drydock.restartServer');
    }),
  );
  await start(context, output);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
