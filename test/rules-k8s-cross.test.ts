/**
 * Checks across objects: project rules over several files linted together,
 * findings at the exact field with related locations in the other file,
 * namespaces, and the partial-input guard.
 */
import { describe, expect, it } from 'vitest';
import { lintProject, lintProjectTexts } from '../src/core/project.js';
import type { Finding } from '../src/core/types.js';
import { configWith, linter, registry } from './support/lint.js';

type Files = Record<string, string>;

async function lintFiles(files: Files, rules: string[], options: Record<string, Record<string, unknown>> = {}): Promise<Record<string, Finding[]>> {
  const config = configWith(rules, options);
  const results = await lintProjectTexts(
    linter,
    Object.entries(files).map(([file, text]) => ({ file, text, language: 'k8s' as const, config })),
  );
  const out: Record<string, Finding[]> = {};
  for (const result of results) {
    expect(result.internalErrors).toEqual([]);
    out[result.file] = result.findings;
  }
  return out;
}

function textAt(files: Files, finding: Finding): string {
  return files[finding.file].slice(finding.range.start.offset, finding.range.end.offset);
}

const deployment = (name: string, labels: string, extra = '', namespace = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  selector:\n    matchLabels: ${labels}\n  template:\n    metadata:\n      labels: ${labels}\n    spec:\n      containers:\n        - name: ${name}\n          image: nginx:1.27\n          ports: [{containerPort: 8080, name: http}]\n${extra}`;
const service = (name: string, selector: string, ports = '[{port: 80, targetPort: http}]', namespace = '') =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  selector: ${selector}\n  ports: ${ports}\n`;

describe('k8s/service-selector-no-match', () => {
  const RULE = 'k8s/service-selector-no-match';

  it('reports a Service whose selector matches no pod template in another file, at the selector key', async () => {
    const files = { 'svc.yaml': service('web', '{app: wbe}'), 'deploy.yaml': deployment('web', '{app: web}') };
    const found = await lintFiles(files, [RULE]);
    expect(found['deploy.yaml']).toEqual([]);
    expect(found['svc.yaml']).toHaveLength(1);
    expect(textAt(files, found['svc.yaml'][0])).toBe('selector');
    expect(found['svc.yaml'][0].message).toBe('Service "web" selects no pod: no pod template has the labels app=wbe.');
  });

  it('matches within a namespace only (an unset namespace may be any)', async () => {
    const files = {
      'svc.yaml': service('web', '{app: web}', undefined, 'shop'),
      'deploy.yaml': deployment('web', '{app: web}', '', 'billing'),
      'other.yaml': deployment('api', '{app: api}', '', 'shop'),
    };
    expect((await lintFiles(files, [RULE]))['svc.yaml']).toHaveLength(1);
    const unset = { 'svc.yaml': service('web', '{app: web}', undefined, 'shop'), 'deploy.yaml': deployment('web', '{app: web}') };
    expect((await lintFiles(unset, [RULE]))['svc.yaml']).toEqual([]);
  });

  it('stays quiet when the input holds no pod template (a Service linted alone), unless told the input is complete', async () => {
    const files = { 'svc.yaml': service('web', '{app: web}') };
    expect((await lintFiles(files, [RULE]))['svc.yaml']).toEqual([]);
    expect((await lintFiles(files, [RULE], { [RULE]: { assumeCompleteInput: true } }))['svc.yaml']).toHaveLength(1);
  });

  it('skips ExternalName Services and Services without a selector', async () => {
    const files = {
      'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  type: ExternalName\n  externalName: db.example.com\n  selector: {app: db}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: manual\nspec:\n  ports: [{port: 80}]\n',
      'deploy.yaml': deployment('web', '{app: web}'),
    };
    expect((await lintFiles(files, [RULE]))['svc.yaml']).toEqual([]);
  });

  it('lets lintProject merge findings into results linted with deferProjectRules, sorted', async () => {
    const config = configWith([RULE, 'k8s/schema']);
    const text = `${service('web', '{app: nope}')}---\n${deployment('web', '{app: web}')}`.replace('image: nginx:1.27', 'image: nginx:1.27\n          imagePullPolicy: Sometimes');
    const result = await linter.lint({ file: 'app.yaml', text, language: 'k8s', config, deferProjectRules: true });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['k8s/schema']);
    lintProject(registry, [{ result, config }]);
    expect(result.findings.map((f) => f.ruleId)).toEqual([RULE, 'k8s/schema']);
  });
});

describe('k8s/service-target-port', () => {
  const RULE = 'k8s/service-target-port';

  it('reports a named targetPort no selected container has, with the pods as related location', async () => {
    const files = { 'svc.yaml': service('web', '{app: web}', '[{port: 80, targetPort: metrics}]'), 'deploy.yaml': deployment('web', '{app: web}') };
    const [finding] = (await lintFiles(files, [RULE]))['svc.yaml'];
    expect(textAt(files, finding)).toBe('metrics');
    expect(finding.related?.[0]).toMatchObject({ file: 'deploy.yaml', range: { start: { line: 12 } } });
  });

  it('checks a port without targetPort as its own targetPort, and not when containers declare no ports', async () => {
    const files = { 'svc.yaml': service('web', '{app: web}', '[{port: 9090}]'), 'deploy.yaml': deployment('web', '{app: web}') };
    const [finding] = (await lintFiles(files, [RULE]))['svc.yaml'];
    expect(textAt(files, finding)).toBe('9090');
    const undeclared = { ...files, 'deploy.yaml': deployment('web', '{app: web}').replace('          ports: [{containerPort: 8080, name: http}]\n', '') };
    expect((await lintFiles(undeclared, [RULE]))['svc.yaml']).toEqual([]);
  });
});

describe('k8s/ingress-backend-missing', () => {
  const RULE = 'k8s/ingress-backend-missing';
  const ingress = (backend: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              ${backend}\n`;

  it('reports a missing Service at its name and a missing port at the port', async () => {
    const files = {
      'svc.yaml': service('web', '{app: web}', '[{name: http, port: 80}]'),
      'ing.yaml': `${ingress('service: {name: api, port: {number: 80}}')}---\n${ingress('service: {name: web, port: {name: https}}')}`,
    };
    const findings = (await lintFiles(files, [RULE]))['ing.yaml'];
    expect(findings.map((f) => [textAt(files, f), f.message])).toEqual([
      ['api', 'Backend Service "api" is not defined.'],
      ['https', 'Service "web" has no port "https"; it offers 80 (http).'],
    ]);
    expect(findings[1].related?.[0].file).toBe('svc.yaml');
  });

  it('checks the old serviceName/servicePort form and HTTPRoute backendRefs', async () => {
    const files = {
      'svc.yaml': service('web', '{app: web}', '[{port: 80}]'),
      'old.yaml': 'apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata:\n  name: old\nspec:\n  backend: {serviceName: web, servicePort: 8080}\n',
      'route.yaml':
        'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r\nspec:\n  rules:\n    - backendRefs:\n        - {name: web, port: 80}\n        - {name: gone, port: 80}\n        - {name: bucket, kind: Bucket, group: storage.example.com}\n',
    };
    const found = await lintFiles(files, [RULE]);
    expect(found['old.yaml'].map((f) => textAt(files, f))).toEqual(['8080']);
    expect(found['route.yaml'].map((f) => textAt(files, f))).toEqual(['gone']);
  });
});

describe('HPA rules', () => {
  const hpa = (target: string, metrics = '') =>
    `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}\n  minReplicas: 2\n  maxReplicas: 5\n${metrics}`;

  it('k8s/hpa-target-missing reports the target name', async () => {
    const files = { 'hpa.yaml': hpa('wbe'), 'deploy.yaml': deployment('web', '{app: web}') };
    const [finding] = (await lintFiles(files, ['k8s/hpa-target-missing']))['hpa.yaml'];
    expect(textAt(files, finding)).toBe('wbe');
  });

  it('k8s/hpa-target-without-requests: utilization needs a request; AverageValue does not; no metrics means CPU', async () => {
    const memory = '  metrics:\n    - type: Resource\n      resource:\n        name: memory\n        target: {type: Utilization, averageUtilization: 80}\n';
    const files = { 'hpa.yaml': hpa('web', memory), 'deploy.yaml': deployment('web', '{app: web}', '          resources: {requests: {cpu: 100m}}\n') };
    const [finding] = (await lintFiles(files, ['k8s/hpa-target-without-requests']))['hpa.yaml'];
    expect(textAt(files, finding)).toBe('memory');
    expect(finding.message).toBe('The HPA scales on memory utilization, but container "web" of Deployment "web" has no memory request.');
    expect(finding.related?.[0].file).toBe('deploy.yaml');
    const byValue = { ...files, 'hpa.yaml': hpa('web', memory.replace('{type: Utilization, averageUtilization: 80}', '{type: AverageValue, averageValue: 500Mi}')) };
    expect((await lintFiles(byValue, ['k8s/hpa-target-without-requests']))['hpa.yaml']).toEqual([]);
    const noMetrics = { 'hpa.yaml': hpa('web'), 'deploy.yaml': deployment('web', '{app: web}') };
    expect((await lintFiles(noMetrics, ['k8s/hpa-target-without-requests']))['hpa.yaml'].map((f) => f.message)[0]).toMatch(/cpu utilization/);
  });
});

describe('selectors that select nothing', () => {
  const netpol = (podSelector: string, peers = '') =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\nspec:\n  podSelector: ${podSelector}\n${peers}`;

  it('an empty NetworkPolicy podSelector selects every pod (kube-score #293)', async () => {
    const files = { 'np.yaml': netpol('{}'), 'deploy.yaml': deployment('web', '{app: web}') };
    expect((await lintFiles(files, ['k8s/networkpolicy-selects-nothing']))['np.yaml']).toEqual([]);
  });

  it('a selector matching the labels of a custom resource is taken to select the pods its operator creates', async () => {
    const files = {
      'np.yaml': netpol('{matchLabels: {app.kubernetes.io/name: alertmanager}}'),
      'am.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nmetadata:\n  name: main\n  labels: {app.kubernetes.io/name: alertmanager}\n',
      'deploy.yaml': deployment('web', '{app: web}'),
    };
    expect((await lintFiles(files, ['k8s/networkpolicy-selects-nothing']))['np.yaml']).toEqual([]);
  });

  it('matchExpressions are evaluated', async () => {
    const files = {
      'np.yaml': `${netpol('{matchExpressions: [{key: app, operator: In, values: [api, db]}]}')}---\n${netpol('{matchExpressions: [{key: app, operator: NotIn, values: [api]}]}')}`,
      'deploy.yaml': deployment('web', '{app: web}'),
    };
    const findings = (await lintFiles(files, ['k8s/networkpolicy-selects-nothing']))['np.yaml'];
    expect(findings.map((f) => f.range.start.line)).toEqual([6]);
  });

  it('peers with a namespaceSelector are not checked; pod-only peers are', async () => {
    const peers = '  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: front}}\n        - namespaceSelector: {}\n          podSelector: {matchLabels: {app: front}}\n';
    const files = { 'np.yaml': netpol('{}', peers), 'deploy.yaml': deployment('web', '{app: web}') };
    const findings = (await lintFiles(files, ['k8s/networkpolicy-peer-selects-nothing']))['np.yaml'];
    expect(findings.map((f) => [f.range.start.line, textAt(files, f)])).toEqual([[9, 'podSelector']]);
  });

  it('k8s/pdb-selects-nothing', async () => {
    const pdb = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: wbe}}\n';
    const files = { 'pdb.yaml': pdb, 'deploy.yaml': deployment('web', '{app: web}') };
    expect((await lintFiles(files, ['k8s/pdb-selects-nothing']))['pdb.yaml'].map((f) => textAt(files, f))).toEqual(['selector']);
  });
});

describe('k8s/selector-template-mismatch', () => {
  it('reports at the selector with the template labels as related location; Jobs only with manualSelector', async () => {
    const files = {
      'd.yaml': deployment('web', '{app: web}').replace('labels: {app: web}', 'labels: {app: api}'),
      'job.yaml':
        'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  selector: {matchLabels: {x: y}}\n  template:\n    metadata:\n      labels: {a: b}\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox}]\n',
    };
    const found = await lintFiles(files, ['k8s/selector-template-mismatch']);
    expect(found['d.yaml'].map((f) => [textAt(files, f), f.related?.[0].range.start.line])).toEqual([['selector', 10]]);
    expect(found['job.yaml']).toEqual([]);
  });
});

describe('k8s/statefulset-service-not-headless', () => {
  it('reports a normal Service with a related location at it', async () => {
    const sts = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: [{name: db, image: postgres}]\n';
    const files = { 'sts.yaml': sts, 'svc.yaml': service('db', '{app: db}', '[{port: 5432}]') };
    const [finding] = (await lintFiles(files, ['k8s/statefulset-service-not-headless']))['sts.yaml'];
    expect(textAt(files, finding)).toBe('db');
    expect(finding.related?.[0]).toMatchObject({ file: 'svc.yaml' });
    const headless = { ...files, 'svc.yaml': service('db', '{app: db}', '[{port: 5432}]').replace('spec:\n', 'spec:\n  clusterIP: None\n') };
    expect((await lintFiles(headless, ['k8s/statefulset-service-not-headless']))['sts.yaml']).toEqual([]);
  });
});

describe('k8s/missing-referenced-object', () => {
  const RULE = 'k8s/missing-referenced-object';
  const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  serviceAccountName: shop-sa\n  volumes:\n    - name: cfg\n      configMap: {name: shop-config}\n    - name: opt\n      secret: {secretName: maybe, optional: true}\n    - name: data\n      persistentVolumeClaim: {claimName: shop-data}\n  containers:\n    - name: c\n      image: nginx\n      env:\n        - name: PASSWORD\n          valueFrom:\n            secretKeyRef: {name: shop-secret, key: password}\n`;

  it('reports only the kinds the input defines in that namespace', async () => {
    const files = {
      'pod.yaml': pod,
      'objects.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: shop\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: shop-secret\n  namespace: shop\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n  namespace: billing\n',
    };
    const findings = (await lintFiles(files, [RULE], { [RULE]: { kinds: ['ServiceAccount', 'ConfigMap', 'Secret', 'PersistentVolumeClaim'] } }))['pod.yaml'];
    expect(findings.map((f) => [textAt(files, f), f.message])).toEqual([
      ['shop-config', 'ConfigMap "shop-config" is not defined in namespace "shop", though the input defines other ConfigMaps there.'],
    ]);
  });

  it('checks every reference with assumeCompleteInput, except optional ones', async () => {
    const files = { 'pod.yaml': pod };
    const findings = (await lintFiles(files, [RULE], { [RULE]: { assumeCompleteInput: true } }))['pod.yaml'];
    expect(findings.map((f) => textAt(files, f))).toEqual(['shop-sa', 'shop-config', 'shop-data']);
    const withSecrets = (await lintFiles(files, [RULE], { [RULE]: { assumeCompleteInput: true, kinds: ['Secret'] } }))['pod.yaml'];
    expect(withSecrets.map((f) => textAt(files, f))).toEqual(['shop-secret']);
  });
});

describe('k8s/duplicate-object', () => {
  const RULE = 'k8s/duplicate-object';
  const cm = (name: string, namespace?: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}`;

  it('reports a second definition in the same file by default', async () => {
    const files = { 'a.yaml': `${cm('settings')}---\n${cm('settings', 'other')}---\n${cm('settings')}`, 'b.yaml': cm('settings') };
    const found = await lintFiles(files, [RULE]);
    expect(found['b.yaml']).toEqual([]);
    expect(found['a.yaml'].map((f) => [f.range.start.line, f.message])).toEqual([[15, 'ConfigMap "settings" is already defined at line 4; one definition replaces the other.']]);
  });

  it('with scope: directory, reports the second definition in the same folder, pointing at the first', async () => {
    const files = { 'k8s/a.yaml': cm('settings'), 'k8s/b.yaml': `${cm('settings', 'other')}---\n${cm('settings')}`, 'prod/a.yaml': cm('settings') };
    const found = await lintFiles(files, [RULE], { [RULE]: { scope: 'directory' } });
    expect(found['k8s/a.yaml']).toEqual([]);
    expect(found['prod/a.yaml']).toEqual([]);
    expect(found['k8s/b.yaml']).toHaveLength(1);
    expect(found['k8s/b.yaml'][0]).toMatchObject({ range: { start: { line: 10 } }, related: [{ file: 'k8s/a.yaml' }] });
    expect(found['k8s/b.yaml'][0].message).toBe('ConfigMap "settings" is already defined at k8s/a.yaml:4; one definition replaces the other.');
  });

  it('with scope: project, sibling folders clash too', async () => {
    const files = { 'dev/a.yaml': cm('settings'), 'prod/a.yaml': cm('settings') };
    expect((await lintFiles(files, [RULE], { [RULE]: { scope: 'project' } }))['prod/a.yaml']).toHaveLength(1);
  });
});
