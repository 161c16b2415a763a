/**
 * Edge cases of the Kubernetes rules added from the incumbents' catalog (k8s-anchors §8):
 * container ports, node labels, ConfigMap secrets, public RBAC bindings, external IPs,
 * root group, CronJob schedules, HPA-owned replicas.
 */
import { describe, expect, it } from 'vitest';
import { lintProjectTexts } from '../src/core/project.js';
import type { Finding } from '../src/core/types.js';
import { k8sRules } from '../src/rules/k8s/index.js';
import { configWith, fixSnippet, linter, lintSnippet, registry } from './support/lint.js';

const pod = (spec: string, metadata = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n${metadata.replace(/^(?=.)/gm, '  ')}spec:\n${spec.replace(/^(?=.)/gm, '  ')}`;
const deployment = (podSpec: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n${podSpec.replace(/^(?=.)/gm, '      ')}`;

async function findings(code: string, rule: string, kubernetesVersion?: string): Promise<Finding[]> {
  const config = { ...configWith([rule]), settings: kubernetesVersion ? { kubernetesVersion } : {} };
  const result = await linter.lint({ file: 'm.yaml', text: code, language: 'k8s', config });
  expect(result.internalErrors).toEqual([]);
  return result.findings.filter((f) => f.ruleId === rule);
}
const textOf = (code: string, f: Finding) => code.slice(f.range.start.offset, f.range.end.offset);
const fixed = async (code: string, rule: string) => (await fixSnippet(code, { filename: 'm.yaml', rules: [rule] })).output;

describe('coverage (issue #4 acceptance)', () => {
  it('has at least 90 Kubernetes rules, 15 of them fixable, every one registered', () => {
    expect(k8sRules.length).toBeGreaterThanOrEqual(90);
    expect(k8sRules.filter((rule) => rule.meta.fixable).length).toBeGreaterThanOrEqual(15);
    for (const rule of k8sRules) expect(registry.resolve(rule.meta.id)).toContain(rule);
  });

  it('maps the catalog ids of the added checks to them', () => {
    const ids = ['container-ports-check', 'sensitiveConfigmapContent', 'KSV-0108', 'KSV116', 'KSV-01011', 'deployment-targeted-by-hpa-does-not-have-replicas-configured'];
    for (const id of ids) expect(registry.resolve(id).length, id).toBeGreaterThan(0);
  });
});

describe('k8s/duplicate-container-port', () => {
  const RULE = 'k8s/duplicate-container-port';
  const ports = (list: string) => pod(`containers:\n  - name: web\n    image: app:1.0\n    ports:\n${list.replace(/^(?=.)/gm, '      ')}`);

  it('tells protocols apart, and an unset protocol is TCP', async () => {
    expect(await findings(ports('- {containerPort: 53, protocol: UDP}\n- {containerPort: 53}\n'), RULE)).toEqual([]);
    const code = ports('- {containerPort: 53, protocol: TCP}\n- {containerPort: 53}\n');
    const [finding] = await findings(code, RULE);
    expect(finding.message).toContain('53/TCP');
    expect(textOf(code, finding)).toBe('53');
  });

  it('removes a later repeat only when it adds nothing: a name of its own or another host port keeps it', async () => {
    const named = await findings(ports('- {containerPort: 8080}\n- {name: http, containerPort: 8080}\n'), RULE);
    expect(named).toHaveLength(1);
    expect(named[0].fix).toBeUndefined();
    const hostPort = await findings(ports('- {containerPort: 8080}\n- {containerPort: 8080, hostPort: 80}\n'), RULE);
    expect(hostPort[0].fix).toBeUndefined();
    expect(await fixed(ports('- {name: http, containerPort: 8080}\n- {containerPort: 8080, name: http}\n- {containerPort: 9090}\n'), RULE)).toBe(
      ports('- {name: http, containerPort: 8080}\n- {containerPort: 9090}\n'),
    );
  });

  it('reports a name used twice on different ports once, at the second name', async () => {
    const code = ports('- {name: http, containerPort: 8080}\n- {name: http, containerPort: 8081}\n');
    const found = await findings(code, RULE);
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('named "http"');
    expect(found[0].range.start.line).toBe(11);
  });

  it('compares ports within one container, not across containers', async () => {
    const code = pod('containers:\n  - {name: a, image: app:1.0, ports: [{containerPort: 8080}]}\n  - {name: b, image: app:1.0, ports: [{containerPort: 8080}]}\n');
    expect(await findings(code, RULE)).toEqual([]);
  });
});

describe('k8s/deprecated-node-label', () => {
  const RULE = 'k8s/deprecated-node-label';

  it('renames a beta os/arch key in node affinity and points at the value', async () => {
    const code = deployment(
      'affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n        - matchExpressions:\n            - {key: beta.kubernetes.io/arch, operator: In, values: [amd64]}\ncontainers:\n  - {name: web, image: app:1.0}\n',
    );
    const [finding] = await findings(code, RULE);
    expect(textOf(code, finding)).toBe('beta.kubernetes.io/arch');
    expect(await fixed(code, RULE)).toBe(code.replace('beta.kubernetes.io/arch', 'kubernetes.io/arch'));
  });

  it('offers zone and region only as suggestions: nodes labelled by hand may lack the GA label', async () => {
    const code = deployment('nodeSelector:\n  failure-domain.beta.kubernetes.io/zone: eu-west-1a\ncontainers:\n  - {name: web, image: app:1.0}\n');
    const [finding] = await findings(code, RULE);
    expect(finding.fix).toBeUndefined();
    expect(finding.suggestions?.[0].description).toContain('topology.kubernetes.io/zone');
    expect(await fixed(code, RULE)).toBe(code);
  });

  it('does not rename a key into one the selector already has', async () => {
    const code = pod('nodeSelector:\n  beta.kubernetes.io/os: linux\n  kubernetes.io/os: linux\ncontainers:\n  - {name: web, image: app:1.0}\n');
    const [finding] = await findings(code, RULE);
    expect(finding.fix).toBeUndefined();
  });

  it('ignores labels that only look like object properties', async () => {
    expect(await findings(pod('nodeSelector:\n  constructor: x\ncontainers:\n  - {name: web, image: app:1.0}\n'), RULE)).toEqual([]);
  });
});

describe('k8s/secret-in-configmap', () => {
  const RULE = 'k8s/secret-in-configmap';
  const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n${data.replace(/^(?=.)/gm, '  ')}`;

  it('reads dotted, dashed and camelCase keys like variable names, never repeating the value', async () => {
    const code = configMap('jwt.signingSecret: Zm9vYmFyYmF6\nsmtp-password: hunter2-prod\nsecret-name: app-credentials\npassword.min-length: "12"\n');
    const found = await findings(code, RULE);
    expect(found.map((f) => textOf(code, f))).toEqual(['jwt.signingSecret', 'smtp-password']);
    for (const f of found) expect(f.message).not.toMatch(/Zm9v|hunter2/);
  });

  it('knows pointers and rules about secrets from secrets (argo-cd argocd-cm, tekton git-resolver-config)', async () => {
    expect(await findings(configMap('passwordPattern: "^.{8,32}$"\napi-token-secret-namespace: default\napi-token-secret-name: git-token\n'), RULE)).toEqual([]);
  });

  it('leaves config files alone unless they hold a credential-shaped value', async () => {
    expect(await findings(configMap('app.ini: |\n  password = changeit\n  admin_token = abc\n'), RULE)).toEqual([]);
    const key = configMap('tls.pem: |\n  -----BEGIN EC PRIVATE KEY-----\n  MHcCAQEE\n  -----END EC PRIVATE KEY-----\n');
    expect(await findings(key, RULE)).toHaveLength(1);
  });

  it('looks only at ConfigMaps', async () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  DB_PASSWORD: hunter2-prod\n';
    expect(await findings(secret, RULE)).toEqual([]);
  });
});

describe('k8s/rbac-public-group-binding', () => {
  const RULE = 'k8s/rbac-public-group-binding';
  const binding = (role: string, subject: string) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: b\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}\nsubjects:\n  - ${subject}\n`;

  it('reports anonymous users and unauthenticated groups at the subject name', async () => {
    const code = binding('viewer', '{kind: User, name: system:anonymous}');
    const [finding] = await findings(code, RULE);
    expect(textOf(code, finding)).toBe('system:anonymous');
    expect(finding.message).toContain('without credentials');
    expect(await findings(binding('viewer', '{kind: Group, name: system:unauthenticated}'), RULE)).toHaveLength(1);
  });

  it('accepts the bindings Kubernetes itself makes, and ordinary subjects', async () => {
    expect(await findings(binding('system:public-info-viewer', '{kind: Group, name: system:unauthenticated}'), RULE)).toEqual([]);
    expect(await findings(binding('viewer', '{kind: ServiceAccount, name: system:anonymous, namespace: x}'), RULE)).toEqual([]);
  });
});

describe('k8s/service-external-ips', () => {
  it('is quiet for an empty list', async () => {
    const code = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 80}]\n  externalIPs: []\n';
    expect(await findings(code, 'k8s/service-external-ips')).toEqual([]);
  });
});

describe('k8s/run-as-root-group', () => {
  const RULE = 'k8s/run-as-root-group';

  it('reports the pod group once, only when some container inherits it', async () => {
    const code = pod('securityContext: {runAsGroup: 0}\ncontainers:\n  - {name: a, image: app:1.0}\n  - {name: b, image: app:1.0}\n');
    expect(await findings(code, RULE)).toHaveLength(1);
  });

  it('reports a container\'s own group 0 and fsGroup 0', async () => {
    const code = pod('securityContext: {runAsGroup: 1000, fsGroup: 0}\ncontainers:\n  - {name: a, image: app:1.0, securityContext: {runAsGroup: 0}}\n');
    const found = await findings(code, RULE);
    expect(found.map((f) => f.message)).toEqual([expect.stringContaining('fsGroup 0'), expect.stringContaining('Container "a"')]);
  });

  it('says nothing when no group is set', async () => {
    expect(await findings(pod('containers:\n  - {name: a, image: app:1.0}\n'), RULE)).toEqual([]);
  });
});

describe('k8s/cronjob-schedule', () => {
  const RULE = 'k8s/cronjob-schedule';
  const cronJob = (spec: string) =>
    `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n${spec}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: c, image: c:1.0}]\n`;

  it('quotes a plain schedule that would start with * once the prefix is gone', async () => {
    const code = cronJob('  schedule: CRON_TZ=UTC */5 * * * *\n');
    expect(await fixed(code, RULE)).toBe(cronJob('  schedule: "*/5 * * * *"\n') + '  timeZone: UTC\n');
  });

  it('follows the Kubernetes version: silent before 1.25, a suggestion before 1.27', async () => {
    const code = cronJob("  schedule: 'TZ=Asia/Tokyo 0 9 * * 1-5'\n");
    expect(await findings(code, RULE, '1.24')).toEqual([]);
    const [beta] = await findings(code, RULE, '1.26');
    expect(beta.fix).toBeUndefined();
    expect(beta.suggestions).toHaveLength(1);
    const [ga] = await findings(code, RULE, '1.30');
    expect(ga.fix?.edits).toHaveLength(2);
  });

  it('has no fix when timeZone is already set', async () => {
    const [finding] = await findings(cronJob('  schedule: "CRON_TZ=UTC 0 3 * * *"\n  timeZone: Europe/Paris\n'), RULE);
    expect(finding.message).toContain('rejects');
    expect(finding.fix).toBeUndefined();
  });

  it('reports a six-field schedule (with seconds) and accepts descriptors', async () => {
    const [finding] = await findings(cronJob('  schedule: "0 0 */5 * * *"\n'), RULE);
    expect(finding.message).toContain('6 fields, which the API server rejects');
    expect(finding.fix).toBeUndefined();
    expect(await findings(cronJob('  schedule: "@every 1h"\n'), RULE)).toEqual([]);
  });
});

describe('k8s/hpa-target-replicas', () => {
  const RULE = 'k8s/hpa-target-replicas';
  const hpa = (kind: string, name: string) =>
    `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: ${kind}, name: ${name}}\n  maxReplicas: 5\n`;
  const statefulSet = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replicas: 3\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: db, image: db:1.0}]\n';

  async function lintFiles(files: Record<string, string>) {
    const config = configWith([RULE]);
    const results = await lintProjectTexts(linter, Object.entries(files).map(([file, text]) => ({ file, text, language: 'k8s' as const, config })));
    return results.flatMap((r) => r.findings.filter((f) => f.ruleId === RULE));
  }

  it('reports the target in another file at its replicas, with the HPA as related location', async () => {
    const [finding, ...rest] = await lintFiles({ 'hpa.yaml': hpa('StatefulSet', 'db'), 'db.yaml': statefulSet });
    expect(rest).toEqual([]);
    expect(finding.file).toBe('db.yaml');
    expect(finding.range.start.line).toBe(6);
    expect(finding.related?.[0].file).toBe('hpa.yaml');
  });

  it('pairs objects without a namespace only within one folder, and makes one finding for several HPAs', async () => {
    expect(await lintFiles({ 'a/hpa.yaml': hpa('StatefulSet', 'db'), 'b/db.yaml': statefulSet })).toEqual([]);
    const [finding, ...rest] = await lintFiles({ 'a/hpa.yaml': hpa('StatefulSet', 'db'), 'a/hpa-gpu.yaml': hpa('StatefulSet', 'db'), 'a/db.yaml': statefulSet });
    expect(rest).toEqual([]);
    expect(finding.related?.map((r) => r.file)).toEqual(['a/hpa.yaml', 'a/hpa-gpu.yaml']);
  });

  it('ignores HPAs of other objects', async () => {
    expect(await lintFiles({ 'hpa.yaml': hpa('StatefulSet', 'cache'), 'db.yaml': statefulSet })).toEqual([]);
    expect(await lintFiles({ 'hpa.yaml': hpa('Deployment', 'db'), 'db.yaml': statefulSet })).toEqual([]);
  });

  it('lints a single file too', async () => {
    const result = await lintSnippet(`${hpa('StatefulSet', 'db')}---\n${statefulSet}`, { filename: 'm.yaml', rules: [RULE] });
    expect(result.findings).toHaveLength(1);
  });
});

describe('false positives found by the corpus review (docs/quality/k8s-review.md)', () => {
  async function serviceFindings(files: Record<string, string>) {
    const config = configWith(['k8s/service-selector-no-match', 'k8s/service-target-port']);
    const results = await lintProjectTexts(linter, Object.entries(files).map(([file, text]) => ({ file, text, language: 'k8s' as const, config })));
    return results.flatMap((r) => r.findings);
  }
  const service = (selector: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: ${selector}\n  ports: [{port: 6379, targetPort: 6379}]\n`;
  const statefulSet = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: redis\nspec:\n  replicas: 3\n  serviceName: redis\n  selector: {matchLabels: {app: redis}}\n  template:\n    metadata: {labels: {app: redis}}\n    spec:\n      containers: [{name: redis, image: redis:7, ports: [{containerPort: 6379}]}]\n';
  const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: train\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: t, image: t:1.0, ports: [{containerPort: 6379}]}]\n';

  it('a Service per StatefulSet pod selects on the pod-name label the controller adds (argo-cd redis-ha announce Services)', async () => {
    expect(await serviceFindings({ 'svc.yaml': service('{app: redis, statefulset.kubernetes.io/pod-name: redis-2}'), 'sts.yaml': statefulSet })).toEqual([]);
    const beyond = await serviceFindings({ 'svc.yaml': service('{app: redis, statefulset.kubernetes.io/pod-name: redis-3}'), 'sts.yaml': statefulSet });
    expect(beyond.map((f) => f.ruleId)).toEqual(['k8s/service-selector-no-match']);
  });

  it('a headless Service of a Job selects on the job-name label (GKE TPU samples)', async () => {
    expect(await serviceFindings({ 'svc.yaml': service('{job-name: train}'), 'job.yaml': job })).toEqual([]);
    expect(await serviceFindings({ 'svc.yaml': service('{batch.kubernetes.io/job-name: train}'), 'job.yaml': job })).toEqual([]);
    expect(await serviceFindings({ 'svc.yaml': service('{job-name: other}'), 'job.yaml': job })).toHaveLength(1);
  });
});
