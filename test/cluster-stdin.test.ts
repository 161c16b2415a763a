/** A live cluster's objects through standard input (`kubectl get … -o yaml | drydock --stdin-filename cluster.yaml -`), and the audit manifests in docs/. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

const repository = path.resolve(import.meta.dirname, '..');
const kubectlOutput = readFileSync(path.join(import.meta.dirname, 'fixtures', 'cluster', 'kubectl-get.yaml'), 'utf8');

type Json = { files: Array<{ filePath: string; findings: Array<{ ruleId: string; line: number; column: number }> }> };

describe('a cluster read from kubectl', () => {
  it('lints the items of a kind: List at their lines, with the checks across objects', async () => {
    const { code, stdout } = await runCli(['--format', 'json', '--stdin-filename', 'cluster.yaml', '-'], repository, kubectlOutput);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Json;
    expect(report.files.map((file) => file.filePath)).toEqual(['cluster.yaml']);
    const at = (ruleId: string) => report.files[0].findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.line}:${f.column}`);
    const lines = kubectlOutput.split('\n');
    // privileged: true of the Deployment's container, inside items[0].
    expect(at('k8s/pss-privileged')).toEqual([`${lines.findIndex((line) => line.includes('privileged: true')) + 1}:25`]);
    // The Service (items[1]) selects app=webb: no pod of its namespace has it.
    expect(at('k8s/service-selector-no-match')).toEqual([`${lines.indexOf('      app: webb')}:5`]);
    // What the API server adds (status, managedFields, uid, resourceVersion…) is valid, not a schema error.
    expect(at('k8s/schema')).toEqual([]);
  });

  it('the audit CronJob, its RBAC and its image in docs/ pass drydock themselves', async () => {
    const { code, stdout } = await runCli(['--format', 'json', 'docs/cluster-audit'], repository);
    const report = JSON.parse(stdout) as Json;
    expect(report.files.map((file) => path.basename(file.filePath)).sort()).toEqual(['Dockerfile', 'cronjob.yaml']);
    expect(report.files.flatMap((file) => file.findings.map((f) => `${file.filePath}:${f.line} ${f.ruleId}`))).toEqual([]);
    expect(code).toBe(0);
  });
});
