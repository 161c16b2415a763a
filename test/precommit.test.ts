/**
 * The pre-commit hooks (.pre-commit-hooks.yaml) with the real `pre-commit`
 * tool: `pre-commit try-repo` installs drydock from a snapshot of this working
 * tree (tracked and untracked files, as git sees them) the way users get it,
 * with npm, and runs the hook in a scratch repository. Bad files must fail
 * the hook with drydock's findings; fixed files must pass.
 *
 * Needs `pre-commit` on the PATH (Debian's package; .ci/run installs it) and
 * the npm registry or a warm npm cache; skipped without pre-commit.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hasPreCommit = spawnSync('pre-commit', ['--version'], { stdio: 'ignore' }).status === 0;

const GIT_IDENTITY = ['-c', 'user.name=drydock-test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false'];

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', [...GIT_IDENTITY, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A git repository holding this working tree's files (what `git add -A` would commit), so that uncommitted work is tested too. */
function snapshotOfWorkingTree(): string {
  const snapshot = mkdtempSync(path.join(tmpdir(), 'drydock-hooks-repo-'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file && existsSync(path.join(repoRoot, file)));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(snapshot, file)), { recursive: true });
    copyFileSync(path.join(repoRoot, file), path.join(snapshot, file));
  }
  git(snapshot, 'init', '-q');
  git(snapshot, 'add', '-A');
  git(snapshot, 'commit', '-q', '-m', 'snapshot');
  return snapshot;
}

const BAD_DOCKERFILE = 'FROM ubuntu\nUSER 1000\n';
const GOOD_DOCKERFILE = 'FROM ubuntu:24.04\nUSER 1000\n';
const BAD_POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n';
const GOOD_POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      securityContext:\n        privileged: false\n';

describe.skipIf(!hasPreCommit)('pre-commit hooks (skipped: `pre-commit` is not on the PATH; apt-get install pre-commit)', () => {
  let hooksRepo: string;
  let project: string;

  beforeAll(() => {
    hooksRepo = snapshotOfWorkingTree();
    project = mkdtempSync(path.join(tmpdir(), 'drydock-hooks-project-'));
    git(project, 'init', '-q');
    // Only the two checks this test is about, as errors, so that new rules do not change its outcome.
    writeFileSync(
      path.join(project, '.drydock.yaml'),
      'root: true\nrules:\n  dockerfile/unpinned-base-image: error\n  k8s/pss-privileged: error\n',
    );
  });

  /** Runs every hook of the manifest (one npm install serves them all) over the project's files. */
  function tryRepo() {
    git(project, 'add', '-A');
    const result = spawnSync('pre-commit', ['try-repo', hooksRepo, '--all-files', '--verbose'], {
      cwd: project,
      encoding: 'utf8',
      env: {
        // An outer `npm test --loglevel=…` exports npm_config_loglevel, which would override the repository's .npmrc.
        ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key.toLowerCase() !== 'npm_config_loglevel')),
        PRE_COMMIT_HOME: path.join(project, '.cache'),
        // Use what npm has cached before asking the registry; no audit or funding calls.
        npm_config_prefer_offline: 'true',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        npm_config_update_notifier: 'false',
        NO_COLOR: '1',
      },
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it('fails on a bad Dockerfile and manifest with drydock\'s findings, and passes once they are fixed', () => {
    writeFileSync(path.join(project, 'Dockerfile'), BAD_DOCKERFILE);
    mkdirSync(path.join(project, 'k8s'), { recursive: true });
    writeFileSync(path.join(project, 'k8s', 'pod.yaml'), BAD_POD);
    writeFileSync(path.join(project, 'k8s', 'values.yaml'), 'replicaCount: 2\n');
    writeFileSync(path.join(project, 'notes.txt'), 'not linted\n');

    const bad = tryRepo();
    expect(
      bad.output,
      'pre-commit installs node hooks with `npm pack` and takes its whole stdout as the tarball name; npm prints the banner of the `prepare` script there unless its loglevel is silent (an `.npmrc` with `loglevel=silent` at the repository root does it)',
    ).not.toMatch(/enoent[^\n]*> drydock@[^\n]* prepare/);
    expect(bad.status).toBe(1);
    expect(bad.output).toMatch(/drydock \(Dockerfiles and Kubernetes manifests\)\.+Failed/);
    expect(bad.output).toMatch(/drydock \(Dockerfiles\)\.+Failed/);
    expect(bad.output).toMatch(/drydock \(Kubernetes manifests\)\.+Failed/);
    expect(bad.output).toMatch(/Dockerfile\n\s+1:6\s+error\s+Base image "ubuntu" has no tag/);
    expect(bad.output).toMatch(/k8s\/pod\.yaml\n(.*\n)*?\s+10:21\s+error\s+.*k8s\/pss-privileged/);
    expect(bad.output).not.toContain('notes.txt');
    // .drydock.yaml is YAML but not a manifest: the hooks leave it alone.
    expect(bad.output).not.toContain('dockerfile/syntax');

    writeFileSync(path.join(project, 'Dockerfile'), GOOD_DOCKERFILE);
    writeFileSync(path.join(project, 'k8s', 'pod.yaml'), GOOD_POD);
    const good = tryRepo();
    expect(good.output).toMatch(/drydock \(Dockerfiles and Kubernetes manifests\)\.+Passed/);
    expect(good.output).toMatch(/drydock \(Dockerfiles\)\.+Passed/);
    expect(good.output).toMatch(/drydock \(Kubernetes manifests\)\.+Passed/);
    expect(good.status).toBe(0);
  }, 600_000);
});
