/**
 * `--jobs` (worker threads) and `--cache`: the output never depends on which
 * thread linted a file or whether the cache answered, and the cache answers
 * only for unchanged inputs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync, mkdirSync, utimesSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contentHash, LintCache } from '../src/cli/cache.js';
import type { FileReport } from '../src/cli/lint-file.js';
import { EarlyWorkers, lintQueued, MIN_FILES_FOR_WORKERS } from '../src/cli/parallel.js';
import { ConfigResolver } from '../src/core/config.js';
import { Linter } from '../src/core/engine.js';
import { RuleRegistry } from '../src/core/registry.js';
import { allRules } from '../src/rules/index.js';
import { runCli, tempTree } from './support/cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'dist', 'cli', 'main.js');
const corpus = path.join(root, '..', 'shared', 'corpus');

const DOCKERFILE = 'FROM ubuntu:22.04\nMAINTAINER me\nRUN apt-get install curl\n';
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n';
const deployment = (app: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: ${app}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n`;

/** A tree with enough files to start workers: Dockerfiles, manifests that refer to each other, suppressions, a broken file. */
function fixtureTree(): string {
  const files: Record<string, string> = {};
  const count = MIN_FILES_FOR_WORKERS + 16;
  for (let i = 0; i < count; i++) {
    if (i % 3 === 0) files[`svc${i}/Dockerfile`] = `${DOCKERFILE}${i % 2 ? '# drydock-ignore dockerfile/apt-get-yes\n' : ''}RUN apt-get install -y vim${i}\n`;
    else if (i % 3 === 1) {
      const service = SERVICE.replace('name: web', `name: web${i}`).replace('app: web', i % 4 === 1 ? 'app: nobody' : 'app: web');
      files[`app${i}/deploy.yaml`] = `${deployment(i % 2 ? 'web' : `app${i}`)}---\n${service}`;
    }
    else files[`app${i}/dup.yaml`] = deployment('web'); // the same Deployment in many files: a check across files
  }
  files['broken/bad.yaml'] = 'apiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n';
  return tempTree(files);
}

function drydock(args: string[], cwd: string) {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 512 * 1024 * 1024 });
}

// Worker threads load the built modules: run `npm run build` after changing src/.
describe.runIf(existsSync(bin))('--jobs: same output on any number of threads', () => {
  it('gives byte-identical JSON and SARIF with 1 and 2 threads on a fixture tree', () => {
    const dir = fixtureTree();
    for (const format of ['json', 'sarif']) {
      const one = drydock(['--no-config', '-f', format, '--jobs', '1', '--verbose', '.'], dir);
      const two = drydock(['--no-config', '-f', format, '--jobs', '2', '--verbose', '.'], dir);
      expect(one.stderr).toContain('on 1 thread');
      expect(two.stderr).toContain('on 2 threads');
      expect(two.status).toBe(one.status);
      expect(two.stdout).toBe(one.stdout);
      if (format === 'json') {
        const report = JSON.parse(one.stdout) as { files: Array<{ findings: Array<{ ruleId: string }> }> };
        const ruleIds = new Set(report.files.flatMap((file) => file.findings.map((finding) => finding.ruleId)));
        // Checks across files and per-file rules of both languages took part.
        expect(ruleIds).toContain('k8s/service-selector-no-match');
        expect(ruleIds).toContain('dockerfile/maintainer-deprecated');
      }
    }
  });

  it('fixes the same files the same way with 1 and 2 threads', () => {
    const a = fixtureTree();
    const b = fixtureTree();
    const one = drydock(['--no-config', '--fix', '-f', 'json', '--jobs', '1', '.'], a);
    const two = drydock(['--no-config', '--fix', '-f', 'json', '--jobs', '2', '.'], b);
    expect(two.stdout).toBe(one.stdout);
    const fixed = readFileSync(path.join(a, 'svc0', 'Dockerfile'), 'utf8');
    expect(fixed).not.toBe(`${DOCKERFILE}RUN apt-get install -y vim0\n`);
    expect(readFileSync(path.join(b, 'svc0', 'Dockerfile'), 'utf8')).toBe(fixed);
  });

  it.runIf(existsSync(corpus))('gives the same JSON with 1 and 2 threads on a slice of the corpus', () => {
    // The corpus names files `repo__path__Name`; link each under its base name so detection works as in a repository.
    const dir = mkdtempSync(path.join(tmpdir(), 'drydock-jobs-corpus-'));
    let n = 0;
    for (const kind of ['dockerfiles', 'k8s']) {
      for (const repo of readdirSync(path.join(corpus, kind)).sort().slice(0, 6)) {
        for (const name of readdirSync(path.join(corpus, kind, repo)).sort().slice(0, 15)) {
          const folder = path.join(dir, kind, String(n++));
          mkdirSync(folder, { recursive: true });
          symlinkSync(path.join(corpus, kind, repo, name), path.join(folder, name.split('__').pop()!));
        }
      }
    }
    const one = drydock(['--no-config', '-f', 'json', '--jobs', '1', '.'], dir);
    const two = drydock(['--no-config', '-f', 'json', '--jobs', '2', '--verbose', '.'], dir);
    expect(two.stderr).toContain('on 2 threads');
    expect(JSON.parse(one.stdout).files.length).toBeGreaterThan(MIN_FILES_FOR_WORKERS);
    expect(two.stdout).toBe(one.stdout);
  });

  // The folder also starts workers before discovery: the run must stop them and end.
  it('lints a few files on the main thread only, whatever --jobs says', () => {
    const dir = tempTree({ Dockerfile: DOCKERFILE, 'deploy.yaml': deployment('web') });
    expect(drydock(['--no-config', '--jobs', '4', '--verbose', '.'], dir).stderr).toContain('linted 2 files on 1 thread');
  });
});

/** Runs with the cache, one thread (the in-process path), and says how many results came from the cache. */
async function cached(dir: string, extra: string[] = []) {
  const result = await runCli(['--cache', '--jobs', '1', '--verbose', '-f', 'json', ...extra, '.'], dir);
  const match = /; (\d+) results? from the cache/.exec(result.stderr);
  return { ...result, fromCache: match ? Number(match[1]) : -1, json: result.stdout ? (JSON.parse(result.stdout) as { files: Array<{ filePath: string; findings: Array<{ ruleId: string }> }> }) : null };
}

const findingsOf = (json: { files: Array<{ filePath: string; findings: Array<{ ruleId: string }> }> } | null, file: string) =>
  json!.files.find((entry) => entry.filePath === file)!.findings.map((finding) => finding.ruleId);

describe('--cache', () => {
  it('answers an unchanged run from the cache with the same output, and relints a changed file only', async () => {
    const dir = tempTree({ Dockerfile: DOCKERFILE, 'deploy.yaml': deployment('web'), 'svc.yaml': SERVICE });
    const first = await cached(dir);
    expect(first.fromCache).toBe(0);
    expect(existsSync(path.join(dir, '.drydockcache'))).toBe(true);
    const second = await cached(dir);
    expect(second.fromCache).toBe(3);
    expect(second.stdout).toBe(first.stdout);
    expect(second.code).toBe(first.code);

    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM ubuntu:22.04\nUSER 1000\n');
    const third = await cached(dir);
    expect(third.fromCache).toBe(2);
    expect(findingsOf(third.json, 'Dockerfile')).not.toContain('dockerfile/maintainer-deprecated');
  });

  it('takes a file whose modification time changed but not its content from the cache', async () => {
    const dir = tempTree({ Dockerfile: DOCKERFILE });
    await cached(dir);
    writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE); // same bytes, new mtime
    expect((await cached(dir)).fromCache).toBe(1);
  });

  it('relints when the config changes', async () => {
    const dir = tempTree({ Dockerfile: DOCKERFILE });
    const before = await cached(dir);
    expect(findingsOf(before.json, 'Dockerfile')).toContain('dockerfile/maintainer-deprecated');
    writeFileSync(path.join(dir, '.drydock.yaml'), 'rules:\n  dockerfile/maintainer-deprecated: off\n');
    const after = await cached(dir);
    expect(after.fromCache).toBe(0);
    expect(findingsOf(after.json, 'Dockerfile')).not.toContain('dockerfile/maintainer-deprecated');
    // A rule turned off on the command line is a config change too.
    const cli = await cached(dir, ['--disable', 'dockerfile/apt-get-yes']);
    expect(cli.fromCache).toBe(0);
    expect(findingsOf(cli.json, 'Dockerfile')).not.toContain('dockerfile/apt-get-yes');
  });

  it("drops every entry written by another drydock version, without a warning", async () => {
    const dir = tempTree({ Dockerfile: DOCKERFILE });
    await cached(dir);
    const file = path.join(dir, '.drydockcache');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { toolKey: string };
    data.toolKey = `0.0.0-other:${data.toolKey.split(':')[1]}`;
    writeFileSync(file, JSON.stringify(data));
    const run = await cached(dir);
    expect(run.fromCache).toBe(0);
    expect(run.stderr).not.toContain('warning');
    expect((JSON.parse(readFileSync(file, 'utf8')) as { toolKey: string }).toolKey).not.toContain('0.0.0-other');
  });

  it('ignores a corrupt cache with a warning and writes a good one', async () => {
    const dir = tempTree({ Dockerfile: DOCKERFILE });
    const file = path.join(dir, '.drydockcache');
    writeFileSync(file, '{"format":"drydock-cache","formatVersion":1,"toolKey":"x","files":{"/a":{"si');
    const run = await cached(dir);
    expect(run.stderr).toContain('drydock: warning: the cache');
    expect(run.stderr).toContain('is corrupt');
    expect(run.json!.files).toHaveLength(1);
    expect((await cached(dir)).fromCache).toBe(1);
  });

  it('never overwrites a file that is not a drydock cache', async () => {
    const dir = tempTree({ Dockerfile: DOCKERFILE, 'notes.txt': 'my notes\n' });
    const run = await cached(dir, ['--cache-location', 'notes.txt']);
    expect(run.stderr).toContain('notes.txt is not a drydock cache; it is ignored and left unchanged');
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('my notes\n');
  });

  it('puts the cache in a folder given as --cache-location', async () => {
    const dir = tempTree({ Dockerfile: DOCKERFILE, 'tmp/.keep': '' });
    await cached(dir, ['--cache-location', 'tmp']);
    expect(existsSync(path.join(dir, 'tmp', '.drydockcache'))).toBe(true);
    expect((await cached(dir, ['--cache-location', 'tmp/'])).fromCache).toBe(1);
  });

  it('does not answer --fix from the cache when there is something to fix', async () => {
    const dir = tempTree({ Dockerfile: DOCKERFILE, 'clean/Dockerfile': 'FROM ubuntu:22.04\nUSER 1000\n' });
    await cached(dir);
    const fix = await cached(dir, ['--fix']);
    // The clean file had nothing to fix: its cached result stands; the other was fixed.
    expect(fix.fromCache).toBe(1);
    const fixed = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    expect(fixed).toMatch(/apt-get install .*-y curl/);
    expect(fixed).not.toContain('MAINTAINER');
    // The next run sees the fixed file, not the cached result of the old one.
    const after = await cached(dir);
    expect(findingsOf(after.json, 'Dockerfile')).not.toContain('dockerfile/maintainer-deprecated');
  });

  it('recomputes the checks across files when one member changes, though the others come from the cache', async () => {
    const dir = tempTree({ 'svc.yaml': SERVICE, 'deploy.yaml': deployment('web') });
    const first = await cached(dir);
    expect(findingsOf(first.json, 'svc.yaml')).not.toContain('k8s/service-selector-no-match');
    expect((await cached(dir)).stdout).toBe(first.stdout);

    writeFileSync(path.join(dir, 'deploy.yaml'), deployment('api'));
    const changed = await cached(dir);
    expect(changed.fromCache).toBe(1); // svc.yaml itself did not change
    expect(findingsOf(changed.json, 'svc.yaml')).toContain('k8s/service-selector-no-match');
    // And back: the finding goes away again.
    writeFileSync(path.join(dir, 'deploy.yaml'), deployment('web'));
    expect(findingsOf((await cached(dir)).json, 'svc.yaml')).not.toContain('k8s/service-selector-no-match');
  });

  it('gives the same output with and without the cache, suppressions included', async () => {
    const dir = tempTree({
      Dockerfile: `${DOCKERFILE}# drydock-ignore dockerfile/apt-get-yes -- reviewed\nRUN apt-get install vim\n`,
      'svc.yaml': `# drydock-ignore-file k8s/service-selector-no-match\n${SERVICE}`,
      'deploy.yaml': deployment('api'),
    });
    const plain = await runCli(['--jobs', '1', '-f', 'json', '--include-suppressed', '.'], dir);
    await cached(dir, ['--include-suppressed']);
    const hit = await cached(dir, ['--include-suppressed']);
    expect(hit.fromCache).toBe(3);
    expect(hit.stdout).toBe(plain.stdout);
    expect(hit.stdout).toContain('"suppressed');
  });

  it('catches a change of content that keeps the size and the modification time', async () => {
    const dir = tempTree({ Dockerfile: DOCKERFILE });
    const file = path.join(dir, 'Dockerfile');
    const before = statSync(file);
    expect(findingsOf((await cached(dir)).json, 'Dockerfile')).toContain('dockerfile/maintainer-deprecated');
    // Same length, same modification time (a write within the same tick of a coarse clock).
    const edited = DOCKERFILE.replace('MAINTAINER me', 'LABEL a=bcdef');
    expect(edited.length).toBe(DOCKERFILE.length);
    writeFileSync(file, edited);
    utimesSync(file, before.atime, before.mtime);
    const after = await cached(dir);
    expect(after.fromCache).toBe(0);
    expect(findingsOf(after.json, 'Dockerfile')).not.toContain('dockerfile/maintainer-deprecated');
  });

  it('recomputes the checks across files when a Dockerfile that a compose file links changes, and keeps them otherwise', async () => {
    const manifest = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      securityContext:\n        runAsNonRoot: true\n      containers:\n        - name: web\n          image: example.com/shop/web:1.0\n`;
    const dir = tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'docker-compose.yml': 'services:\n  web:\n    image: example.com/shop/web\n    build:\n      context: ./web\n      dockerfile: Dockerfile.prod\n',
      'web/Dockerfile.prod': 'FROM alpine:3.20\nUSER root\n',
      'k8s/web.yaml': manifest,
    });
    const rule = 'cross/run-as-non-root-image-user';
    // The whole project, and the manifests' folder alone (the linked Dockerfile is then not linted, only read).
    for (const folder of ['.', 'k8s']) {
      writeFileSync(path.join(dir, 'web', 'Dockerfile.prod'), 'FROM alpine:3.20\nUSER root\n');
      const run = async () => {
        const result = await runCli(['--cache', '--jobs', '1', '-f', 'json', folder], dir);
        return (JSON.parse(result.stdout) as { files: Array<{ filePath: string; findings: Array<{ ruleId: string }> }> }).files
          .find((entry) => entry.filePath === 'k8s/web.yaml')!
          .findings.map((finding) => finding.ruleId);
      };
      expect(await run()).toContain(rule);
      expect(await run()).toContain(rule);
      writeFileSync(path.join(dir, 'web', 'Dockerfile.prod'), 'FROM alpine:3.20\nUSER 1000\n');
      expect(await run()).not.toContain(rule);
      expect(await run()).not.toContain(rule);
    }
  });
});

describe('the cache file', () => {
  const report = (file: string): FileReport => ({ file, language: 'dockerfile', findings: [], suppressed: [], parseErrorCount: 0, notes: [], internalErrors: [] });
  const hour = 3600;

  /** A cache over one file: looks it up (counting the reads of its content), stores it when missing, saves. */
  function session(location: string, file: string, tool = 'drydock-test') {
    const cache = new LintCache(location, tool, () => {});
    let hashed = 0;
    const { entry, hash, stamp } = cache.lookup(file, 'key', undefined, () => {
      hashed++;
      return contentHash(readFileSync(file));
    });
    if (!entry && hash && stamp) cache.store(file, 'key', hash, stamp, report(file));
    cache.save(() => {});
    return { hit: entry !== null, hashed };
  }

  it('trusts the recorded hash while the stamp is unchanged, and reads the file again when it changed', () => {
    const dir = tempTree({ Dockerfile: DOCKERFILE });
    const file = path.join(dir, 'Dockerfile');
    const location = path.join(dir, '.drydockcache');
    const old = Date.now() / 1000 - hour;
    utimesSync(file, old, old);
    expect(session(location, file)).toEqual({ hit: false, hashed: 1 });
    expect(session(location, file)).toEqual({ hit: true, hashed: 0 });
    // A new modification time, the same content: read again, still a hit, and trusted from then on.
    utimesSync(file, old - hour, old - hour);
    expect(session(location, file)).toEqual({ hit: true, hashed: 1 });
    expect(session(location, file)).toEqual({ hit: true, hashed: 0 });
    // Another drydock: nothing is used.
    expect(session(location, file, 'drydock-other')).toEqual({ hit: false, hashed: 1 });
  });

  it('does not trust a stamp taken while the file was being modified (within the clock granularity)', () => {
    const dir = tempTree({ Dockerfile: DOCKERFILE });
    const file = path.join(dir, 'Dockerfile');
    const location = path.join(dir, '.drydockcache');
    session(location, file);
    // Modified just now: a later write in the same tick would keep the stamp, so the content is hashed again.
    expect(session(location, file)).toEqual({ hit: true, hashed: 1 });
  });

  it('is not rewritten when nothing changed', () => {
    const dir = tempTree({ Dockerfile: DOCKERFILE });
    const file = path.join(dir, 'Dockerfile');
    const location = path.join(dir, '.drydockcache');
    const old = Math.floor(Date.now() / 1000) - hour;
    utimesSync(file, old, old);
    session(location, file);
    const written = statSync(location);
    utimesSync(location, old, old);
    session(location, file);
    expect(statSync(location).mtimeMs).not.toBe(written.mtimeMs);
    expect(statSync(location).mtimeMs).toBe(old * 1000);
  });
});

describe('workers started before discovery (EarlyWorkers)', () => {
  /** A worker that says it is ready at once, then echoes what it is sent. */
  function echoWorker(): URL {
    const dir = mkdtempSync(path.join(tmpdir(), 'drydock-early-'));
    const file = path.join(dir, 'echo.mjs');
    writeFileSync(file, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (m) => parentPort.postMessage({ type: 'echo', m }));\nparentPort.postMessage({ type: 'ready' });\n");
    return pathToFileURL(file);
  }
  const until = (test: () => boolean) =>
    new Promise<void>((resolve) => {
      const poll = () => (test() ? resolve() : setTimeout(poll, 5));
      poll();
    });

  it('hands what a worker said before it was adopted to the adopting handlers, in order, then what it says after', async () => {
    const early = new EarlyWorkers(2, echoWorker());
    // Let both workers start and say they are ready before anyone listens.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const heard: unknown[] = [];
    const adopted = early.adopt({ message: (message) => heard.push(message), error: (error) => heard.push(error), exit: (code) => heard.push(code) })!;
    expect(heard).toEqual([]);
    adopted.replay();
    expect(heard).toEqual([{ type: 'ready' }]);
    adopted.worker.postMessage('ping');
    await until(() => heard.length === 2);
    expect(heard[1]).toEqual({ type: 'echo', m: 'ping' });
    const exits: number[] = [];
    adopted.worker.on('exit', (code) => exits.push(code));
    await early.stop(); // ends the second worker only
    expect(early.adopt({ message: () => {}, error: () => {}, exit: () => {} })).toBeUndefined();
    adopted.worker.postMessage('still there');
    await until(() => heard.length === 3);
    expect(exits).toEqual([]);
    await adopted.worker.terminate();
  });

  it('lints on the main thread alone, with a warning, when the workers started early cannot start', async () => {
    const dir = tempTree(Object.fromEntries(Array.from({ length: MIN_FILES_FOR_WORKERS }, (_, i) => [`s${i}/Dockerfile`, DOCKERFILE])));
    const registry = new RuleRegistry(allRules);
    const config = new ConfigResolver({ registry, noConfig: true }).resolve(path.join(dir, 'Dockerfile'));
    const files = readdirSync(dir).map((folder) => {
      const absolute = path.join(dir, folder, 'Dockerfile');
      return { task: { absolute, display: `${folder}/Dockerfile`, language: 'dockerfile' as const, mode: 'lint' as const, maxFileSize: 10, cwd: dir }, configId: 0 };
    });
    const early = new EarlyWorkers(1, pathToFileURL(path.join(dir, 'no-such-worker.mjs')));
    await new Promise((resolve) => setTimeout(resolve, 500)); // its failure is in before it is adopted
    const warnings: string[] = [];
    const linted: number[] = [];
    const threads = await lintQueued(files, [config], new Linter(registry), 2, (index) => linted.push(index), (message) => warnings.push(message), {}, early);
    expect(threads).toBe(1);
    expect(warnings).toEqual([expect.stringContaining('cannot start worker threads')]);
    expect(linted.sort((a, b) => a - b)).toEqual(files.map((_, i) => i));
  });

  it('gives a worker adopted before it was ready its ready message as it comes', async () => {
    const early = new EarlyWorkers(1, echoWorker());
    const heard: unknown[] = [];
    const adopted = early.adopt({ message: (message) => heard.push(message), error: (error) => heard.push(error), exit: () => {} })!;
    adopted.replay();
    await until(() => heard.length === 1);
    expect(heard).toEqual([{ type: 'ready' }]);
    await adopted.worker.terminate();
  });
});
