/**
 * The drydock language server: diagnostics as you type (pushed, or pulled by
 * LSP 3.17 clients), quick fixes, fix-all, suppression comments, rule docs on
 * hover and the outline, for Dockerfiles and Kubernetes manifests.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type Hover,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigError, ConfigResolver, WATCHED_CONFIG_FILE_NAMES, type EffectiveConfig } from '../core/config.js';
import { detectLanguage, type Language } from '../core/detect.js';
import { Linter, type LintResult } from '../core/engine.js';
import { RuleRegistry } from '../core/registry.js';
import type { AnyRule, BuildContext } from '../core/rule.js';
import type { Finding } from '../core/types.js';
import { readDockerignore } from '../cli/lint-file.js';
import { isLinkSourceFile, type ConfigImageMapping, type LinkSources } from '../cross/links.js';
import { allRules } from '../rules/index.js';
import { VERSION } from '../version.js';
import { FIX_ALL_KIND, fixAllAction, quickFixes, type EditSupport } from './actions.js';
import { rangesIntersect, toDiagnostic, toLspRange } from './convert.js';
import { ruleMarkdown } from './hover.js';
import { ProjectChecks } from './project-checks.js';
import { dockerfileSymbols, manifestSymbols } from './symbols.js';
import { looksLikeKubernetes, WorkspaceIndex } from './workspace-index.js';

/** Client settings under the `drydock` section. */
export interface ServerSettings {
  enable: boolean;
  /** A config file to use instead of looking for `.drydock.yaml` (relative to the first workspace folder). */
  configPath: string | null;
  run: 'onType' | 'onSave';
  /** `1.30`-style Kubernetes version that overrides the config's `settings.kubernetesVersion`. */
  kubernetesVersion: string | null;
}

const DEFAULT_SETTINGS: ServerSettings = { enable: true, configPath: null, run: 'onType', kubernetesVersion: null };
const DEFAULT_DEBOUNCE_MS = 150;
export const FIX_ALL_COMMAND = 'drydock.applyFixAll';

interface DocumentState {
  /** The version `result` was computed for, or -1. */
  version: number;
  result: LintResult | null;
  language: Language | null;
  timer: NodeJS.Timeout | null;
  /** Bumped by every change: a lint that finishes under an older generation is stale and dropped. */
  generation: number;
  /** The text as last opened or saved (what `run: onSave` lints). */
  savedText: string;
  savedVersion: number;
}

export interface ServerOptions {
  /** Delay between the last edit and the lint (default 150 ms; the benchmark sets 0). */
  debounceMs?: number;
  /** The rules to run (default: every built-in rule). */
  rules?: readonly AnyRule[];
}

/** Wires the server's handlers to a connection and starts listening. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const registry = new RuleRegistry(options.rules ?? allRules);
  const linter = new Linter(registry);
  const documents = new TextDocuments(TextDocument);
  const states = new Map<string, DocumentState>();
  const log = (message: string) => connection.console.error(message);
  const index = new WorkspaceIndex(log);
  const projectChecks = new ProjectChecks(linter);
  /** Bumped by every config change, so cached results of other manifests are re-linted under the new config. */
  let configGeneration = 0;

  let settings: ServerSettings = { ...DEFAULT_SETTINGS };
  let debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  let folders: string[] = [];
  let resolver: ConfigResolver | null = null;
  /** Config files whose errors are shown, so that fixing them clears the diagnostic. */
  let configErrorUris = new Set<string>();
  let pullDiagnostics = false;
  let configurationRequests = false;
  let editSupport: EditSupport = { documentChanges: false, snippets: false };
  let indexedGeneration = -1;
  /** `.dockerignore` patterns by Dockerfile path (see buildContextOf). */
  const dockerignores = new Map<string, string[] | null>();
  const dynamicRegistration = { configuration: false, watchedFiles: false };
  let workspaceFolderEvents = false;
  /** Settings are read from the client after `initialized`; lints wait for them so the first result honours them. */
  let settingsRead: () => void = () => undefined;
  const settingsReady = new Promise<void>((resolve) => (settingsRead = resolve));

  const guard =
    <A extends unknown[], R>(what: string, fallback: R, handler: (...args: A) => R | Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await handler(...args);
      } catch (error) {
        log(`drydock: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return fallback;
      }
    };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const capabilities = params.capabilities;
    pullDiagnostics = Boolean(capabilities.textDocument?.diagnostic);
    configurationRequests = Boolean(capabilities.workspace?.configuration);
    dynamicRegistration.configuration = Boolean(capabilities.workspace?.didChangeConfiguration?.dynamicRegistration);
    workspaceFolderEvents = Boolean(capabilities.workspace?.workspaceFolders);
    dynamicRegistration.watchedFiles = Boolean(capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    const workspaceEdit = capabilities.workspace?.workspaceEdit;
    editSupport = { documentChanges: Boolean(workspaceEdit?.documentChanges), snippets: Boolean(workspaceEdit?.snippetEditSupport) };
    folders = (params.workspaceFolders ?? []).map((folder) => uriToPath(folder.uri)).filter((p): p is string => p !== null);
    if (folders.length === 0 && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) folders = [root];
    }
    const init = (params.initializationOptions ?? {}) as { settings?: unknown; debounceMs?: unknown };
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0) debounceMs = init.debounceMs;
    settings = readSettings(init.settings ?? params.initializationOptions);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: true,
        executeCommandProvider: { commands: [FIX_ALL_COMMAND] },
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'drydock', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'drydock', version: VERSION },
    };
  });

  connection.onInitialized(
    guard('initialization', undefined, async () => {
      await refreshSettings();
      settingsRead();
      if (dynamicRegistration.configuration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: 'drydock' });
      }
      // Without file watching, config changes are still seen when the config is saved in the editor.
      if (dynamicRegistration.watchedFiles) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/.drydock.{yaml,yml}' }, { globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/{.dockerignore,*.dockerignore}' }, { globPattern: '**/{Dockerfile,Containerfile}' }],
        });
      }
      if (workspaceFolderEvents) {
        connection.workspace.onDidChangeWorkspaceFolders((event) => {
          const removed = new Set(event.removed.map((folder) => uriToPath(folder.uri)));
          const added = event.added.map((folder) => uriToPath(folder.uri)).filter((p): p is string => p !== null);
          folders = [...folders.filter((folder) => !removed.has(folder)), ...added];
          index.removeFolders([...removed].filter((folder): folder is string => folder !== null));
          onIndexChanged();
          void indexFolders(added);
        });
      }
      // The index is built after start-up so the first diagnostics are not held up by it.
      setTimeout(() => void indexFolders(folders), 0);
    }),
  );

  /** Indexes workspace folders in the background, shown as work-done progress where the client supports it. */
  async function indexFolders(added: string[]): Promise<void> {
    if (added.length === 0) return;
    const progress = await connection.window.createWorkDoneProgress().catch(() => null);
    progress?.begin('drydock: indexing manifests');
    await index.addFolders(added, (done) => {
      progress?.report(`${done.manifests} manifest${done.manifests === 1 ? '' : 's'} in ${done.folders} folders`);
      // Manifests found so far already count for the open manifests' cross-file checks.
      onIndexChanged();
    });
    progress?.done();
    onIndexChanged();
  }

  async function refreshSettings(pushed?: unknown): Promise<void> {
    if (configurationRequests) {
      try {
        const [section] = (await connection.workspace.getConfiguration([{ section: 'drydock' }])) as unknown[];
        settings = readSettings(section);
      } catch (error) {
        log(`drydock: could not read the client's settings: ${String(error)}`);
      }
    } else if (pushed !== undefined) {
      settings = readSettings((pushed as { drydock?: unknown } | null)?.drydock ?? pushed);
    }
    resolver = null;
  }

  function configResolver(): ConfigResolver {
    if (!resolver) {
      const configPath = settings.configPath ? path.resolve(folders[0] ?? process.cwd(), settings.configPath) : undefined;
      try {
        resolver = new ConfigResolver({ registry, configPath });
      } catch (error) {
        reportConfigError(error);
        resolver = new ConfigResolver({ registry, noConfig: true });
      }
    }
    return resolver;
  }

  const shownConfigErrors = new Set<string>();

  function reportConfigError(error: unknown): void {
    if (!(error instanceof ConfigError)) throw error;
    const uri = pathToFileURL(error.file).href;
    configErrorUris.add(uri);
    // Every lint meets the same broken config until it changes: say it once.
    if (shownConfigErrors.has(uri)) return;
    shownConfigErrors.add(uri);
    log(`drydock: config error: ${error.message}; linting with the defaults`);
    const position = { line: Math.max(0, error.line - 1), character: Math.max(0, error.column - 1) };
    void connection.sendDiagnostics({
      uri,
      diagnostics: [{ range: { start: position, end: position }, severity: 1, source: 'drydock', code: 'config', message: error.detail }],
    });
  }

  function effectiveConfig(file: string): EffectiveConfig | null {
    let config: EffectiveConfig;
    try {
      const current = configResolver();
      if (current.isIgnored(file)) return null;
      config = current.resolve(file);
    } catch (error) {
      reportConfigError(error);
      config = new ConfigResolver({ registry, noConfig: true }).resolve(file);
    }
    if (settings.kubernetesVersion) config = { ...config, settings: { ...config.settings, kubernetesVersion: settings.kubernetesVersion } };
    return config;
  }

  /** A config change: drop cached configs and results, clear old config errors, lint everything again. */
  function onConfigChanged(): void {
    resolver = null;
    configGeneration++;
    shownConfigErrors.clear();
    const previous = configErrorUris;
    configErrorUris = new Set();
    for (const state of states.values()) {
      state.version = -1;
      state.result = null;
    }
    relintAll();
    for (const uri of previous) if (!configErrorUris.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  function relintAll(): void {
    if (pullDiagnostics) {
      void connection.languages.diagnostics.refresh().catch(() => undefined);
      return;
    }
    for (const doc of documents.all()) schedule(doc, 0);
  }

  function onIndexChanged(changedUri?: string): void {
    if (indexedGeneration === index.generation) return;
    indexedGeneration = index.generation;
    // Only manifests can be affected by other manifests.
    for (const doc of documents.all()) {
      if (doc.uri === changedUri) continue;
      const state = states.get(doc.uri);
      if (state?.language === 'k8s' && state.result) {
        state.version = -1;
        if (!pullDiagnostics) schedule(doc, debounceMs);
      }
    }
    if (pullDiagnostics) void connection.languages.diagnostics.refresh().catch(() => undefined);
  }

  function stateOf(uri: string): DocumentState {
    let state = states.get(uri);
    if (!state) {
      state = { version: -1, result: null, language: null, timer: null, generation: 0, savedText: '', savedVersion: -1 };
      states.set(uri, state);
    }
    return state;
  }

  function languageOf(doc: TextDocument, text: string): Language | null {
    const file = uriToPath(doc.uri) ?? doc.uri;
    if (doc.languageId === 'dockerfile') return 'dockerfile';
    const byName = detectLanguage(file);
    if (byName === 'dockerfile' && doc.languageId !== 'yaml') return 'dockerfile';
    const yaml = doc.languageId === 'yaml' || byName === 'k8s';
    if (yaml && path.basename(file).toLowerCase().startsWith('.drydock.')) return null;
    return yaml && looksLikeKubernetes(text) ? 'k8s' : null;
  }

  /** The text to lint: the live text, or with `run: onSave` the text as last saved. */
  function lintTarget(doc: TextDocument): { text: string; version: number } {
    const state = stateOf(doc.uri);
    if (settings.run === 'onSave' && state.savedVersion >= 0) return { text: state.savedText, version: state.savedVersion };
    return { text: doc.getText(), version: doc.version };
  }

  async function lintNow(doc: TextDocument): Promise<LintResult | null> {
    await settingsReady;
    const state = stateOf(doc.uri);
    const target = lintTarget(doc);
    if (state.version === target.version && state.result) return state.result;
    const language = languageOf(doc, target.text);
    state.language = language;
    if (!settings.enable || !language) {
      state.version = target.version;
      state.result = null;
      return null;
    }
    const file = uriToPath(doc.uri) ?? path.join(folders[0] ?? process.cwd(), path.basename(doc.uri));
    const config = effectiveConfig(file);
    if (!config) {
      state.version = target.version;
      state.result = null;
      return null;
    }
    const buildContext = language === 'dockerfile' && uriToPath(doc.uri) !== null ? buildContextOf(file) : undefined;
    const result = await linter.lint({ file, text: target.text, language, config, buildContext, deferProjectRules: language === 'k8s' });
    // An open Dockerfile's text counts for the manifests whose images it builds (cross/ rules).
    if (language === 'dockerfile') index.setOpen(file, target.text);
    if (language === 'k8s') {
      index.setOpen(file, target.text);
      await projectChecks.addFindings({ result, config }, index.manifests(), effectiveConfig, configGeneration, linksFor(file));
    }
    for (const message of result.internalErrors) log(`drydock: ${uriToPath(doc.uri) ?? doc.uri}: ${message}`);
    if (lintTarget(doc).version === target.version) {
      state.version = target.version;
      state.result = result;
    }
    return result;
  }

  /** What links images to Dockerfiles for a manifest: the workspace's build files and the `images:` of its configs. */
  function linksFor(file: string): { sources: LinkSources; config: ConfigImageMapping[] } {
    let config: ConfigImageMapping[] = [];
    try {
      config = configResolver().imageMappings([file]);
    } catch {
      // A broken config is reported by effectiveConfig; the links go on without its entries.
    }
    return { sources: index.linkSources(), config };
  }

  /**
   * The build context of a Dockerfile on disk, read as the CLI reads it (its `.dockerignore`).
   * Cached only while file watching reports `.dockerignore` changes; otherwise read for each lint.
   */
  function buildContextOf(dockerfile: string): BuildContext {
    if (!dynamicRegistration.watchedFiles) return { dockerignore: readDockerignore(dockerfile) };
    if (!dockerignores.has(dockerfile)) dockerignores.set(dockerfile, readDockerignore(dockerfile));
    return { dockerignore: dockerignores.get(dockerfile)! };
  }

  /** A `.dockerignore` changed: open Dockerfiles are linted again with the new build context. */
  function onDockerignoreChanged(): void {
    for (const [uri, state] of states) {
      if (state.language !== 'dockerfile') continue;
      state.version = -1;
      state.result = null;
      const doc = documents.get(uri);
      if (doc && !pullDiagnostics) schedule(doc, 0);
    }
    if (pullDiagnostics) void connection.languages.diagnostics.refresh().catch(() => undefined);
  }

  function diagnosticsOf(result: LintResult | null): Diagnostic[] {
    return result ? result.findings.map((finding) => toDiagnostic(finding, fileToUri)) : [];
  }

  function schedule(doc: TextDocument, delay: number): void {
    const state = stateOf(doc.uri);
    const generation = ++state.generation;
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = null;
      void publish(doc.uri, generation);
    }, delay);
  }

  async function publish(uri: string, generation: number): Promise<void> {
    const doc = documents.get(uri);
    const state = states.get(uri);
    if (!doc || !state) return;
    try {
      const version = lintTarget(doc).version;
      const indexBefore = index.generation;
      const result = await lintNow(doc);
      // This manifest's new text may change what the other open manifests' cross-file checks find.
      if (index.generation !== indexBefore) onIndexChanged(uri);
      // A newer edit arrived while this ran: its own run publishes.
      if (state.generation !== generation || documents.get(uri) !== doc) return;
      await connection.sendDiagnostics({ uri, version: settings.run === 'onType' ? version : undefined, diagnostics: diagnosticsOf(result) });
    } catch (error) {
      log(`drydock: linting ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  documents.onDidOpen((event) => {
    const state = stateOf(event.document.uri);
    state.savedText = event.document.getText();
    state.savedVersion = event.document.version;
  });

  documents.onDidChangeContent((event) => {
    const doc = event.document;
    const state = stateOf(doc.uri);
    state.generation++;
    if (pullDiagnostics) return;
    // The first content event is the open: lint at once.
    if (state.version === -1 && state.result === null && state.savedVersion === doc.version) schedule(doc, 0);
    else if (settings.run === 'onType') schedule(doc, debounceMs);
  });

  documents.onDidSave((event) => {
    const doc = event.document;
    const state = stateOf(doc.uri);
    state.savedText = doc.getText();
    state.savedVersion = doc.version;
    const file = uriToPath(doc.uri);
    if (file && WATCHED_CONFIG_FILE_NAMES.includes(path.basename(file))) {
      onConfigChanged();
      return;
    }
    if (!pullDiagnostics) schedule(doc, 0);
  });

  documents.onDidClose((event) => {
    const state = states.get(event.document.uri);
    if (state?.timer) clearTimeout(state.timer);
    states.delete(event.document.uri);
    const file = uriToPath(event.document.uri);
    if (file) {
      index.setOpen(file, null);
      void index.readFromDisk(file).then(() => onIndexChanged(), () => undefined);
    }
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration(
    guard('reading settings', undefined, async (change) => {
      await refreshSettings(change.settings);
      onConfigChanged();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guard('handling file changes', undefined, async (params) => {
      let configChanged = false;
      let dockerignoreChanged = false;
      for (const change of params.changes) {
        const file = uriToPath(change.uri);
        if (!file) continue;
        if (isLinkSourceFile(file) && detectLanguage(file) !== 'k8s') await index.readFromDisk(file);
        if (WATCHED_CONFIG_FILE_NAMES.includes(path.basename(file))) configChanged = true;
        else if (path.basename(file).endsWith('.dockerignore')) dockerignoreChanged = true;
        else if (detectLanguage(file) === 'k8s') {
          if (change.type === FileChangeType.Deleted) index.forgetDisk(file);
          else await index.readFromDisk(file);
        }
      }
      if (dockerignoreChanged) dockerignores.clear();
      if (configChanged) onConfigChanged();
      else {
        if (dockerignoreChanged) onDockerignoreChanged();
        onIndexChanged();
      }
    }),
  );

  connection.languages.diagnostics.on(
    guard('pulling diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport, async (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      const result = await lintNow(doc);
      return { kind: DocumentDiagnosticReportKind.Full, items: diagnosticsOf(result) };
    }),
  );

  /** The current findings of a document, linted now if the last result is out of date. */
  async function currentResult(uri: string): Promise<{ doc: TextDocument; result: LintResult } | null> {
    const doc = documents.get(uri);
    if (!doc) return null;
    const result = await lintNow(doc);
    // Edits of a result for saved text would not fit the live text.
    if (!result || lintTarget(doc).version !== doc.version) return null;
    return { doc, result };
  }

  connection.onCodeAction(
    guard('code actions', [] as CodeAction[], async (params: CodeActionParams) => {
      const current = await currentResult(params.textDocument.uri);
      if (!current) return [];
      const { doc, result } = current;
      const ref = { uri: doc.uri, version: doc.version };
      const only = params.context.only;
      const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
      const actions: CodeAction[] = [];
      if (wants(CodeActionKind.QuickFix)) {
        for (const finding of result.findings) {
          const diagnostic = toDiagnostic(finding, fileToUri);
          if (!rangesIntersect(diagnostic.range, params.range)) continue;
          actions.push(...quickFixes(ref, result.language, result.source, finding, diagnostic, editSupport));
        }
      }
      if (wants(FIX_ALL_KIND) && result.findings.some((finding) => finding.fix)) {
        const action = await fixAll(doc, result);
        if (action) actions.push(action);
      }
      return actions;
    }),
  );

  async function fixAll(doc: TextDocument, result: LintResult): Promise<CodeAction | null> {
    const config = effectiveConfig(result.file);
    if (!config) return null;
    const outcome = await linter.fix({ file: result.file, text: result.source.text, language: result.language, config });
    return fixAllAction({ uri: doc.uri, version: doc.version }, result.source, outcome.output, editSupport);
  }

  connection.onExecuteCommand(
    guard('running a command', undefined, async (params) => {
      if (params.command !== FIX_ALL_COMMAND) return;
      const uri = (params.arguments?.[0] as { uri?: string } | string | undefined) ?? undefined;
      const target = typeof uri === 'string' ? uri : uri?.uri;
      if (!target) return;
      const current = await currentResult(target);
      if (!current) return;
      const action = await fixAll(current.doc, current.result);
      if (action?.edit) await connection.workspace.applyEdit({ label: action.title, edit: action.edit });
    }),
  );

  connection.onHover(
    guard('hover', null as Hover | null, async (params) => {
      const current = await currentResult(params.textDocument.uri);
      if (!current) return null;
      const at = { start: params.position, end: params.position };
      const size = (finding: Finding) => finding.range.end.offset - finding.range.start.offset;
      // The narrowest finding first: it is the one the pointer is most likely about.
      const hits: Finding[] = current.result.findings.filter((finding) => rangesIntersect(toLspRange(finding.range), at)).sort((a, b) => size(a) - size(b));
      if (hits.length === 0) return null;
      const seen = new Set<string>();
      const sections: string[] = [];
      for (const finding of hits) {
        const rule = registry.get(finding.ruleId);
        if (!rule || seen.has(rule.meta.id)) continue;
        seen.add(rule.meta.id);
        sections.push(ruleMarkdown(rule, finding));
      }
      if (sections.length === 0) return null;
      return { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') }, range: toLspRange(hits[0].range) };
    }),
  );

  connection.onDocumentSymbol(
    guard('document symbols', [], (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const text = doc.getText();
      const language = languageOf(doc, text);
      if (language === 'dockerfile') return dockerfileSymbols(text);
      if (language === 'k8s') return manifestSymbols(uriToPath(doc.uri) ?? doc.uri, text);
      return [];
    }),
  );

  documents.listen(connection);
  connection.listen();
}

function readSettings(raw: unknown): ServerSettings {
  const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  return {
    enable: value.enable !== false,
    configPath: text(value.configPath),
    run: value.run === 'onSave' ? 'onSave' : 'onType',
    kubernetesVersion: text(value.kubernetesVersion),
  };
}

function uriToPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

function fileToUri(file: string): string {
  return path.isAbsolute(file) ? pathToFileURL(file).href : file;
}
