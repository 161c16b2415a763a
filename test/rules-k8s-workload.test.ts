/** Edge cases of the single-object Kubernetes rules, and the invariants of their fixes. */
import { describe, expect, it } from 'vitest';
import { workloadRules } from '../src/rules/k8s/workload/index.js';
import { imageTag } from '../src/rules/k8s/workload/image-tag.js';
import { portNameProblem } from '../src/rules/k8s/workload/invalid-port-name.js';
import { labelKeyProblem, labelValueProblem } from '../src/rules/k8s/workload/label-values.js';
import { parseQuantity, suggestQuantity } from '../src/rules/k8s/workload/quantity.js';
import runAsNonRoot from '../src/rules/k8s/run-as-non-root.js';
import { fixSnippet, lintSnippet, registry } from './support/lint.js';

const at = async (code: string, rule: string, options: Record<string, unknown> = {}) =>
  (await lintSnippet(code, { filename: 'm.yaml', rules: [rule], options: { [rule]: options } })).findings.map(
    (f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`,
  );

const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec.replace(/^(?=.)/gm, '  ')}`;
const deployment = (podSpec: string, spec = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n${spec.replace(/^(?=.)/gm, '  ')}  template:\n    spec:\n${podSpec.replace(/^(?=.)/gm, '      ')}`;

describe('coverage of the incumbents', () => {
  // kube-linter's checks enabled by default that look at one object at a time.
  const KUBE_LINTER_SINGLE_OBJECT_DEFAULTS = [
    'deprecated-service-account-field', 'docker-sock', 'drop-net-raw-capability', 'duplicate-env-var', 'env-var-secret', 'host-ipc', 'host-network', 'host-pid',
    'invalid-target-ports', 'job-ttl-seconds-after-finished', 'latest-tag', 'liveness-port', 'no-anti-affinity', 'no-read-only-root-fs', 'pdb-max-unavailable',
    'pdb-min-available', 'pdb-unhealthy-pod-eviction-policy', 'privilege-escalation-container', 'privileged-container', 'readiness-port', 'run-as-non-root',
    'sensitive-host-mounts', 'ssh-port', 'startup-port', 'unsafe-sysctls', 'unset-cpu-requirements', 'unset-memory-requirements',
  ];
  const PSS_CONTROLS = [
    'windowsHostProcess', 'hostNamespaces', 'privileged', 'capabilities_baseline', 'hostPathVolumes', 'hostPorts', 'appArmorProfile', 'seLinuxOptions', 'procMount',
    'seccompProfile_baseline', 'sysctls', 'hostProbesAndHostLifecycle', 'restrictedVolumes', 'allowPrivilegeEscalation', 'runAsNonRoot', 'runAsUser',
    'seccompProfile_restricted', 'capabilities_restricted', 'procMount_restricted',
  ];
  it('every single-object kube-linter default check and every PSS control resolves to a rule', () => {
    for (const id of [...KUBE_LINTER_SINGLE_OBJECT_DEFAULTS, ...PSS_CONTROLS]) expect(registry.resolve(id).length, id).toBeGreaterThan(0);
  });
  it('has at least 12 fixable rules, each with a fixed example', () => {
    const fixable = [...workloadRules, runAsNonRoot].filter((rule) => rule.meta.fixable);
    expect(fixable.length).toBeGreaterThanOrEqual(12);
  });
});

describe('fixes keep the file and settle', () => {
  const fixable = [...workloadRules, runAsNonRoot].filter((rule) => rule.meta.fixable);
  const cases = fixable.flatMap((rule) =>
    rule.meta.examples.bad.filter((example) => example.output !== undefined).map((example, i) => [`${rule.meta.id} #${i}`, rule.meta.id, example] as const),
  );
  const comments = (text: string) => text.match(/#.*$/gm) ?? [];
  it.each(cases)('%s', async (_, id, example) => {
    const filename = example.filename ?? 'm.yaml';
    const options = example.options ? { [id]: example.options } : {};
    // With every rule on, as `drydock --fix` runs.
    const before = await lintSnippet(example.code, { filename, rules: 'all', options });
    const once = await fixSnippet(example.code, { filename, rules: 'all', options });
    expect(once.result.findings.filter((f) => f.ruleId === id && f.fix)).toEqual([]);
    const countOf = (findings: { ruleId: string }[]) => findings.reduce((m, f) => m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1), new Map<string, number>());
    const was = countOf(before.findings);
    for (const [rule, n] of countOf(once.result.findings)) expect(n, `${rule} after fixing`).toBeLessThanOrEqual(was.get(rule) ?? 0);
    expect(comments(once.output)).toEqual(comments(example.code));
    const twice = await fixSnippet(once.output, { filename, rules: 'all', options });
    expect(twice.output).toBe(once.output);
  });
});

describe('k8s/image-tag', () => {
  it('reads tags after a registry port, and leaves digests and templates alone', async () => {
    expect(imageTag('registry:5000/team/app')).toBe('');
    expect(imageTag('registry:5000/team/app:1.2')).toBe('1.2');
    expect(imageTag('app@sha256:abc')).toBeNull();
    expect(await at(pod('containers:\n  - {name: a, image: "${IMAGE}"}\n  - {name: b, image: "app:latest"}\n'), 'k8s/image-tag')).toEqual([
      '8:24 Container "b" uses the moving tag :latest ("app:latest"): pin a version.',
    ]);
  });
});

describe('k8s/image-pull-policy', () => {
  it('writes the policy the server would pick, and asks for Always only when told', async () => {
    const fixed = await fixSnippet(pod('containers:\n  - {name: a, image: "app@sha256:abc"}\n'), { filename: 'm.yaml', rules: ['k8s/image-pull-policy'] });
    expect(fixed.output).toContain('{name: a, image: "app@sha256:abc", imagePullPolicy: IfNotPresent}');
    const always = await lintSnippet(pod('containers:\n  - {name: a, image: "app:1"}\n'), { filename: 'm.yaml', rules: ['k8s/image-pull-policy'], options: { 'k8s/image-pull-policy': { require: 'Always' } } });
    expect(always.findings[0].fix).toBeUndefined();
    expect(always.findings[0].suggestions?.[0].edits[0].text).toBe(', imagePullPolicy: Always');
  });
});

describe('k8s/secret-in-env-value', () => {
  it('never repeats the value, and skips references, placeholders and file paths', async () => {
    const code = pod(
      'containers:\n  - name: a\n    image: a:1\n    env:\n      - {name: API_TOKEN, value: "s3cr3t-t0ken-value"}\n      - {name: API_TOKEN_FILE, value: /run/token}\n      - {name: DB_PASSWORD, value: "$(FROM_SECRET)"}\n      - {name: HF_TOKEN, value: HF_TOKEN}\n      - {name: GITHUB, value: "ghp_abcdefghijklmnopqrstuvwxyz0123456789"}\n',
    );
    const found = await at(code, 'k8s/secret-in-env-value');
    expect(found).toEqual([
      '10:36 Container "a" sets API_TOKEN to a literal secret value (redacted): store it in a Secret and use valueFrom.secretKeyRef.',
      '14:33 Container "a" sets GITHUB to a literal credential (redacted): store it in a Secret and use valueFrom.secretKeyRef.',
    ]);
    expect(found.join()).not.toContain('s3cr3t');
  });
});

describe('k8s/duplicate-env-var', () => {
  it('reports every ineffective definition, and offers no fix when a $(reference) would see the earlier value', async () => {
    const code = pod('containers:\n  - name: a\n    image: a:1\n    env:\n      - {name: X, value: "1"}\n      - {name: REF, value: "$(X)-y"}\n      - {name: X, value: "2"}\n');
    const result = await lintSnippet(code, { filename: 'm.yaml', rules: ['k8s/duplicate-env-var'] });
    expect(result.findings.map((f) => f.message)).toEqual(['Container "a" defines X again on line 12; that later definition wins, so this one has no effect.']);
    expect(result.findings[0].fix).toBeUndefined();
  });
});

describe('k8s/probe-port', () => {
  it('checks named ports always and numeric ports on request; init containers too', async () => {
    const code = pod('initContainers:\n  - name: i\n    image: i:1\n    startupProbe: {tcpSocket: {port: admin}}\ncontainers:\n  - name: a\n    image: a:1\n    ports: [{name: http, containerPort: 80}]\n    livenessProbe: {httpGet: {port: 81}}\n');
    expect(await at(code, 'k8s/probe-port')).toEqual(['9:40 Init container "i"\'s startupProbe uses port "admin", but the container has no port of that name.']);
    expect(await at(code, 'k8s/probe-port', { requireDeclaredNumericPort: true })).toHaveLength(2);
  });
});

describe('k8s/missing-probes', () => {
  it('asks only long-running workloads, and only their main containers', async () => {
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: j, image: "j:1"}]\n';
    expect(await at(job, 'k8s/missing-probes')).toEqual([]);
    const found = await at(deployment('initContainers: [{name: i, image: "i:1"}]\ncontainers: [{name: a, image: "a:1", readinessProbe: {exec: {command: [x]}}}]\n'), 'k8s/missing-probes');
    expect(found).toEqual(['9:21 Container "a" has no livenessProbe: add one so Kubernetes knows when it is healthy.']);
  });
});

describe('resources', () => {
  it('parses quantities as the API server does', () => {
    expect(parseQuantity('500m')?.value).toBe(0.5);
    expect(parseQuantity('1Gi')?.value).toBe(2 ** 30);
    expect(parseQuantity('2e3')?.value).toBe(2000);
    expect(parseQuantity(0.25)?.value).toBe(0.25);
    expect(parseQuantity('512mb')).toBeNull();
    expect(parseQuantity('1 Gi')).toBeNull();
    expect(suggestQuantity('512mb')).toBe('512Mi');
    expect(suggestQuantity('1gi')).toBe('1Gi');
  });
  it('k8s/resource-limit-below-request compares across units', async () => {
    expect(await at(pod('containers:\n  - name: a\n    image: a:1\n    resources: {requests: {memory: 1Gi}, limits: {memory: 1000Mi}}\n'), 'k8s/resource-limit-below-request')).toEqual([
      '9:61 Container "a"\'s memory limit 1000Mi is below its request 1Gi: the API server rejects this; raise the limit or lower the request.',
    ]);
    expect(await at(pod('containers:\n  - name: a\n    image: a:1\n    resources: {requests: {cpu: "1"}, limits: {cpu: 1000m}}\n'), 'k8s/resource-limit-below-request')).toEqual([]);
  });
  it('k8s/resource-quantity catches milli-bytes and core counts that were meant as millicores', async () => {
    const found = await at(pod('containers:\n  - name: a\n    image: a:1\n    resources: {requests: {cpu: 500, memory: 256m}}\n'), 'k8s/resource-quantity');
    expect(found).toEqual([
      '9:35 Container "a"\'s requests.cpu is 500 cores; did you mean 500m?',
      '9:48 Container "a"\'s requests.memory is 256m: "m" means thousandths, so that is under one byte; did you mean 256Mi?',
    ]);
  });
});

describe('names and labels', () => {
  it('validates port names as IANA service names', () => {
    expect(portNameProblem('http')).toBeNull();
    expect(portNameProblem('8080')).toBe('it must contain a letter');
    expect(portNameProblem('a--b')).toBe('it may not contain "--"');
    expect(portNameProblem('abcdefghijklmnop')).toMatch(/16 characters/);
  });
  it('validates label keys and values', () => {
    expect(labelKeyProblem('app.kubernetes.io/name')).toBeNull();
    expect(labelKeyProblem('Example.com/x')).toMatch(/prefix/);
    expect(labelValueProblem('v1.2.3')).toBeNull();
    expect(labelValueProblem('-x')).not.toBeNull();
    expect(labelValueProblem('a'.repeat(64))).toMatch(/64 characters/);
  });
  it('k8s/label-values checks pod template labels too, and skips templated values', async () => {
    const code = deployment('containers: [{name: a, image: "a:1"}]\n').replace('  template:\n', '  template:\n    metadata:\n      labels: {tier: "front end", v: "${VERSION}"}\n');
    expect(await at(code, 'k8s/label-values')).toEqual([expect.stringMatching(/^8:22 Label tier: "front end" is invalid/)]);
  });
});

describe('host mounts', () => {
  const hostPath = (path: string, mount = '') => pod(`containers:\n  - name: a\n    image: a:1\n${mount}volumes:\n  - name: h\n    hostPath: {path: ${path}}\n`);
  it('normalizes paths before comparing', async () => {
    expect(await at(hostPath('//etc//'), 'k8s/sensitive-host-mount')).toHaveLength(1);
    expect(await at(hostPath('/etc/ssl/certs'), 'k8s/sensitive-host-mount')).toEqual([]);
    expect(await at(hostPath('/run/containerd/containerd.sock'), 'k8s/container-runtime-socket')).toHaveLength(1);
  });
  it('k8s/writable-host-mount reports mounts, not volumes', async () => {
    const code = hostPath('/var/log', '    volumeMounts:\n      - {name: h, mountPath: /a}\n      - {name: h, mountPath: /b, readOnly: true}\n');
    expect(await at(code, 'k8s/writable-host-mount')).toEqual([expect.stringMatching(/^10:12 Container "a" mounts host path \/var\/log/)]);
  });
});

describe('workload settings', () => {
  it('k8s/replicas leaves unset (autoscaled) and 0 (scaled down) alone', async () => {
    expect(await at(deployment('containers: []\n', 'replicas: 0\n'), 'k8s/replicas')).toEqual([]);
    expect(await at(deployment('containers: []\n', 'replicas: 2\n'), 'k8s/replicas', { minReplicas: 3 })).toHaveLength(1);
  });
  it('k8s/spread-replicas accepts a preferred anti-affinity or any spread constraint', async () => {
    const spread = deployment('affinity:\n  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution: []\ncontainers: []\n', 'replicas: 2\n');
    expect(await at(spread, 'k8s/spread-replicas')).toEqual([]);
    expect(await at(deployment('containers: []\n', 'replicas: 2\n'), 'k8s/spread-replicas')).toEqual([expect.stringMatching(/^6:13 Deployment "web" runs 2 replicas/)]);
  });
  it('k8s/restart-policy knows what each controller accepts', async () => {
    expect(await at(deployment('restartPolicy: Always\ncontainers: []\n'), 'k8s/restart-policy')).toEqual([]);
    const cron = 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Always\n          containers: []\n';
    expect(await at(cron, 'k8s/restart-policy')).toEqual(['10:26 CronJob "c"\'s pods need restartPolicy OnFailure or Never, not Always.']);
  });
  it('k8s/job-ttl-seconds-after-finished leaves Jobs owned by a controller alone', async () => {
    const owned = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  ownerReferences: [{apiVersion: batch/v1, kind: CronJob, name: c, uid: u}]\nspec:\n  template: {spec: {restartPolicy: Never, containers: []}}\n';
    expect(await at(owned, 'k8s/job-ttl-seconds-after-finished')).toEqual([]);
  });
  it('k8s/pdb-blocks-eviction reads "0%" and 100%; k8s/pdb-policy rejects both fields', async () => {
    const pdb = (spec: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec:\n${spec}`;
    expect(await at(pdb('  maxUnavailable: "0%"\n'), 'k8s/pdb-blocks-eviction')).toHaveLength(1);
    expect(await at(pdb('  minAvailable: "99%"\n'), 'k8s/pdb-blocks-eviction')).toEqual([]);
    expect(await at(pdb('  minAvailable: 1\n  maxUnavailable: 1\n'), 'k8s/pdb-policy')).toEqual([
      '6:3 PodDisruptionBudget "p" sets both minAvailable and maxUnavailable; the API server accepts only one.',
    ]);
  });
  it('k8s/hpa-replicas: maxReplicas must exceed the (defaulted) minReplicas', async () => {
    const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  minReplicas: 2\n  maxReplicas: 2\n';
    expect(await at(hpa, 'k8s/hpa-replicas')).toEqual(['6:16 HorizontalPodAutoscaler "h" has maxReplicas 2, not above minReplicas 2: it can never scale up.']);
  });
});

describe('service accounts', () => {
  it('k8s/automount-service-account-token fixes pods on the default account and only suggests for named accounts', async () => {
    const named = await lintSnippet(pod('serviceAccountName: ci\ncontainers: []\n'), { filename: 'm.yaml', rules: ['k8s/automount-service-account-token'] });
    expect(named.findings[0].fix).toBeUndefined();
    expect(named.findings[0].suggestions).toHaveLength(1);
    expect(await at(pod('automountServiceAccountToken: true\ncontainers: []\n'), 'k8s/automount-service-account-token')).toEqual([]);
  });
  it('k8s/deprecated-service-account-field has no fix when the two fields disagree', async () => {
    const result = await lintSnippet(pod('serviceAccount: a\nserviceAccountName: b\ncontainers: []\n'), { filename: 'm.yaml', rules: ['k8s/deprecated-service-account-field'] });
    expect(result.findings.map((f) => [f.message, f.fix])).toEqual([
      ['serviceAccount is deprecated and says "a" while serviceAccountName, which wins, says "b": remove serviceAccount.', undefined],
    ]);
  });
});

describe('RBAC', () => {
  const role = (rules: string, kind = 'Role') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: r}\nrules:\n${rules}`;
  it('k8s/rbac-secrets-access allows get on named Secrets only', async () => {
    expect(await at(role('  - {apiGroups: [""], resources: [secrets], resourceNames: [tls], verbs: [get]}\n'), 'k8s/rbac-secrets-access')).toEqual([]);
    expect(await at(role('  - {apiGroups: ["*"], resources: ["*"], verbs: [list]}\n'), 'k8s/rbac-secrets-access')).toHaveLength(1);
  });
  it('k8s/rbac-pod-exec ignores other API groups', async () => {
    expect(await at(role('  - {apiGroups: [metrics.k8s.io], resources: [pods/exec], verbs: [get]}\n'), 'k8s/rbac-pod-exec')).toEqual([]);
  });
  it('k8s/rbac-escalation-verbs names each verb, and ignores look-alike keys', async () => {
    const found = await at(role('  - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind, escalate, constructor]}\n', 'ClusterRole'), 'k8s/rbac-escalation-verbs');
    expect(found).toHaveLength(2);
  });
  it('k8s/rbac-cluster-admin-binding only for the cluster-admin ClusterRole', async () => {
    const binding = (kind: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: cluster-admin}\nsubjects: []\n`;
    expect(await at(binding('ClusterRole'), 'k8s/rbac-cluster-admin-binding')).toHaveLength(1);
    expect(await at(binding('Role'), 'k8s/rbac-cluster-admin-binding')).toEqual([]);
  });
});

describe('objects', () => {
  it('k8s/default-namespace skips cluster-scoped kinds', async () => {
    expect(await at('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: []\n', 'k8s/default-namespace')).toEqual([]);
  });
  it('k8s/required-labels checks values against a pattern', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {owner: nobody}\n';
    expect(await at(cm, 'k8s/required-labels', { labels: ['owner=^team-'] })).toEqual(['5:19 ConfigMap "c"\'s label owner="nobody" does not match ^team-.']);
  });
});
