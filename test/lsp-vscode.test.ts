/**
 * The extension in real VS Code: the workbench served by code-server (VS Code
 * 1.100), our .vsix installed into it, driven by playwright-core in Debian's
 * Chromium. Needs the harness (`bash test/e2e-vscode/install.sh`), chromium,
 * the extension's dependencies and the built project; skipped otherwise.
 * See docs/editor-testing.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { drydockBin, repoRoot } from './fixtures/lsp/client.js';
import { packageExtension, vsce } from './fixtures/lsp/vsix.js';

const harness = path.join(repoRoot, 'test', 'e2e-vscode');
const codeServer = path.join(harness, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = '/usr/bin/chromium';

function missing(): string | undefined {
  if (!existsSync(path.join(harness, 'node_modules', '.drydock-e2e-installed'))) return 'the harness is not installed (bash test/e2e-vscode/install.sh)';
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath} (apt-get install chromium)`;
  if (!existsSync(vsce)) return 'the extension has no dependencies (npm ci --prefix vscode-extension)';
  if (!existsSync(drydockBin)) return 'the project is not built (npm run build)';
  return undefined;
}
const skipReason = missing();
if (skipReason) console.warn(`test/lsp-vscode.test.ts skipped: ${skipReason}`);

// A Dockerfile with one fixable finding (MAINTAINER) and one without a fix (USER by name).
const badDockerfile = 'FROM ubuntu:22.04\nMAINTAINER someone@example.com\nUSER app\n';
const fixedDockerfile = 'FROM ubuntu:22.04\nLABEL org.opencontainers.image.authors="someone@example.com"\nUSER app\n';

// What a first start would otherwise show or fetch (welcome page, update and extension checks).
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'files.autoSave': 'off',
  'chat.disableAIFeatures': true,
};

// The flags without which a closed network stalls Chromium at start.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe.skipIf(skipReason !== undefined)('the extension in VS Code (code-server + Chromium)', () => {
  let root: string;
  let workspace: string;
  let server: ChildProcess | undefined;
  let serverLog = '';
  // playwright-core lives in the harness's own node_modules, outside the root tree.
  let context: import('playwright-core').BrowserContext | undefined;
  let page: import('playwright-core').Page;

  /** What code-server and the extension logged (the client's output channel holds the server's stderr), for failure messages. */
  function logs(): string {
    const found: string[] = [];
    const visit = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (entry.name === 'drydock.log') found.push(`--- ${full}\n${readFileSync(full, 'utf8').slice(-4000)}`);
      }
    };
    const logDir = path.join(root, 'user-data', 'logs');
    if (existsSync(logDir)) visit(logDir);
    return `--- code-server\n${serverLog.slice(-4000)}\n${found.join('\n') || '(no drydock.log: the extension did not activate)'}`;
  }

  /** On failure: the logs, and a screenshot of the workbench kept outside the temporary folder. */
  async function explainFailure(): Promise<void> {
    const screenshot = path.join(tmpdir(), 'drydock-vscode-failure.png');
    await page.screenshot({ path: screenshot }).catch(() => undefined);
    console.error(`${logs()}\n--- screenshot of the workbench: ${screenshot}`);
  }

  const markerRows = () => page.$$eval('.markers-panel .monaco-tl-row', (rows) => rows.map((row) => row.textContent ?? ''));

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'drydock-vscode-'));
    workspace = path.join(root, 'workspace');
    mkdirSync(workspace);
    writeFileSync(path.join(workspace, 'Dockerfile'), badDockerfile);
    const userData = path.join(root, 'user-data');
    mkdirSync(path.join(userData, 'User'), { recursive: true });
    writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
    const home = path.join(root, 'home');
    const env = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
    };
    const common = ['--user-data-dir', userData, '--extensions-dir', path.join(root, 'extensions')];

    const vsix = path.join(root, 'drydock.vsix');
    packageExtension(vsix);
    await new Promise<void>((resolve, reject) => {
      const install = spawn(process.execPath, [codeServer, ...common, '--install-extension', vsix], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      install.stdout!.on('data', (chunk) => (output += chunk));
      install.stderr!.on('data', (chunk) => (output += chunk));
      install.on('exit', (code) => (code === 0 && /successfully installed/.test(output) ? resolve() : reject(new Error(`code-server --install-extension failed (${code}): ${output}`))));
    });

    // Port 0: the kernel picks a free port, which code-server then prints.
    server = spawn(
      process.execPath,
      [codeServer, ...common, '--bind-addr', '127.0.0.1:0', '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspace],
      // Its own process group, so that its helpers (extension host, file watcher, our server) end with it.
      { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        serverLog += chunk.toString();
        const listening = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(serverLog);
        if (listening) resolve(listening[1]!);
      };
      server!.stdout!.on('data', onData);
      server!.stderr!.on('data', onData);
      server!.on('exit', (code) => reject(new Error(`code-server exited (${code}) before listening: ${serverLog}`)));
    });

    const { chromium } = createRequire(path.join(harness, 'package.json'))('playwright-core') as typeof import('playwright-core');
    context = await chromium.launchPersistentContext(path.join(root, 'chromium-profile'), { executablePath: chromiumPath, headless: true, args: chromiumArgs });
    page = context.pages()[0] ?? (await context.newPage());
    try {
      await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'Dockerfile' }).dblclick({ timeout: 60_000 });
      await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
    } catch (error) {
      throw new Error(`opening the Dockerfile in the workbench failed: ${String(error)}\n${logs()}`);
    }
  }, 300_000); // packaging may wait for test/lsp-extension.test.ts, which packages too

  afterAll(async () => {
    await context?.close().catch(() => {});
    if (server?.pid !== undefined) {
      const group = -server.pid;
      const signal = (name: NodeJS.Signals | 0) => {
        try {
          process.kill(group, name);
          return true;
        } catch {
          return false; // the whole group is gone
        }
      };
      signal('SIGTERM');
      // Helpers (extension host, file watcher, our server) may outlive code-server briefly.
      for (let waited = 0; waited < 5_000 && signal(0); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      signal('SIGKILL');
    }
    if (root) rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  });

  it("shows drydock's diagnostics for the Dockerfile in the Problems panel", async () => {
    onTestFailed(explainFailure);
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-tl-row');
    await rows.filter({ hasText: 'dockerfile/maintainer-deprecated' }).waitFor({ timeout: 60_000 });
    await rows.filter({ hasText: 'dockerfile/numeric-user' }).waitFor({ timeout: 10_000 });
    const texts = await markerRows();
    const maintainer = texts.find((text) => text.includes('dockerfile/maintainer-deprecated'))!;
    expect(maintainer).toContain('MAINTAINER is deprecated');
    expect(maintainer).toContain('drydock');
    expect(maintainer).toContain('[Ln 2, Col 1]');
    expect(texts.find((text) => text.includes('dockerfile/numeric-user'))).toContain('[Ln 3, Col 6]');
  });

  it('applies the quick fix from the light-bulb menu, and the saved file is fixed', async () => {
    onTestFailed(explainFailure);
    // Opening the problem puts the cursor on it, in the editor; Ctrl+. then lists its code actions.
    await page.locator('.markers-panel .monaco-tl-row', { hasText: 'dockerfile/maintainer-deprecated' }).dblclick();
    await page.locator('.monaco-editor.focused').waitFor({ timeout: 20_000 });
    await page.locator('.statusbar-item', { hasText: 'Ln 2, Col 1' }).waitFor({ timeout: 20_000 });
    const actions = page.locator('.action-widget .monaco-list-row');
    // On a loaded machine the first Ctrl+. can come before the editor takes keys: press it again.
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+.');
      try {
        await actions.filter({ hasText: 'Replace with LABEL' }).waitFor({ timeout: 15_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        await page.keyboard.press('Escape');
        await page.locator('.monaco-editor .view-lines').first().click({ position: { x: 1, y: 1 } }).catch(() => undefined);
        await page.keyboard.press('Control+G');
        await page.keyboard.type('2');
        await page.keyboard.press('Enter');
      }
    }
    const titles = await actions.allTextContents();
    expect(titles).toEqual(expect.arrayContaining(['Replace with LABEL org.opencontainers.image.authors', 'Ignore dockerfile/maintainer-deprecated for this line']));
    // The fix is the preferred action; move to it by keyboard (the menu's overlay swallows mouse clicks).
    for (let step = 0; step < titles.length; step++) {
      if ((await page.locator('.action-widget .monaco-list-row.focused').textContent())?.includes('Replace with LABEL')) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    // Save only once the edit is in the editor: on a loaded machine, Ctrl+S right after Enter can come first.
    await page.locator('.monaco-editor .view-lines', { hasText: 'org.opencontainers.image.authors' }).first().waitFor({ timeout: 20_000 });
    const saved = () => readFileSync(path.join(workspace, 'Dockerfile'), 'utf8');
    for (let attempt = 1; attempt <= 3 && saved() !== fixedDockerfile; attempt++) {
      await page.keyboard.press('Control+S');
      await expect.poll(saved, { timeout: 10_000 }).toBe(fixedDockerfile).catch(() => undefined);
    }
    expect(saved()).toBe(fixedDockerfile);
    // The server re-lints the fixed text: the fixed problem leaves the panel, the other stays.
    await expect.poll(async () => (await markerRows()).some((text) => text.includes('dockerfile/maintainer-deprecated')), { timeout: 20_000 }).toBe(false);
    expect((await markerRows()).some((text) => text.includes('dockerfile/numeric-user'))).toBe(true);
  });
});
