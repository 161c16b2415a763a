/** Edge cases of the Kubernetes rules beyond their documented examples. */
import { describe, expect, it } from 'vitest';
import { lintSnippet } from './support/lint.js';

const at = async (code: string, rule: string) =>
  (await lintSnippet(code, { filename: 'm.yaml', rules: [rule] })).findings.map((f) => `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column} ${f.message}`);

const deployment = (podSpec: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n${podSpec
    .split('\n')
    .map((line) => (line ? `      ${line}` : line))
    .join('\n')}`;

describe('k8s/container-resources', () => {
  const rule = 'k8s/container-resources';
  it('checks containers and initContainers but not ephemeralContainers, naming what is missing', async () => {
    const code = deployment(
      'initContainers:\n  - name: init\n    image: busybox:1\n    resources:\n      limits: {cpu: 1, memory: 1Gi}\ncontainers:\n  - name: app\n    image: app:1\n    resources:\n      requests: {cpu: 1, memory: 1Gi}\n      limits: {cpu: 1, memory: 1Gi}\nephemeralContainers:\n  - name: debug\n    image: busybox:1\n',
    );
    expect(await at(code, rule)).toEqual(['11:11-11:20 Container "init" has no requests.cpu, requests.memory: set CPU and memory requests and limits.']);
  });
  it('points at the container when it has no resources at all', async () => {
    const code = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1\n';
    const [finding] = await at(code, rule);
    expect(finding).toMatch(/^6:7-6:16 Container "app" has no requests.cpu, requests.memory, limits.cpu, limits.memory/);
  });
  it('finds containers in every workload kind, and only there', async () => {
    const container = '{name: c, image: i:1}';
    const kinds = [
      `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: x}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [${container}]\n`,
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers: [${container}]\n`,
      `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers: [${container}]\n`,
      `apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers: [${container}]\n`,
      `apiVersion: v1\nkind: ReplicationController\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers: [${container}]\n`,
    ];
    for (const code of kinds) expect(await at(code, rule), code).toHaveLength(1);
    const crd = `apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers: [${container}]\n`;
    expect(await at(crd, rule)).toEqual([]);
  });
});

describe('k8s/run-as-non-root', () => {
  const rule = 'k8s/run-as-non-root';
  it('lets the container override the pod, as the kubelet does', async () => {
    const podNonRoot = deployment('securityContext:\n  runAsNonRoot: true\ncontainers:\n  - name: app\n    image: app:1\n    securityContext:\n      runAsNonRoot: false\n');
    expect(await at(podNonRoot, rule)).toEqual([
      '14:27-14:32 Container "app" allows running as root (runAsNonRoot: false): set runAsNonRoot: true or a non-zero runAsUser.',
    ]);
    const containerNonRoot = deployment('securityContext:\n  runAsNonRoot: false\ncontainers:\n  - name: app\n    image: app:1\n    securityContext:\n      runAsNonRoot: true\n');
    expect(await at(containerNonRoot, rule)).toEqual([]);
  });
  it('reports a pod-level runAsUser: 0 at the pod field, and a non-zero user passes', async () => {
    const code = deployment('securityContext:\n  runAsUser: 0\ncontainers:\n  - name: a\n    image: a:1\n  - name: b\n    image: b:1\n    securityContext: {runAsUser: 1000}\n');
    expect(await at(code, rule)).toEqual(['9:20-9:21 Container "a" runs as root (runAsUser: 0): use a non-zero user id.']);
  });
  it('visits initContainers, and items of a List', async () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n    spec:\n      initContainers: [{name: init, image: i:1}]\n      containers: [{name: app, image: a:1, securityContext: {runAsNonRoot: true}}]\n';
    const findings = await at(list, rule);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toContain('Container "init" may run as root');
  });
});
