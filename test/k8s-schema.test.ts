/**
 * Schema validation (k8s/schema): the shipped per-version schemas, Kubernetes'
 * decoding rules (int-or-string, quantities, null, preserve-unknown-fields),
 * CRDs in the same run, exact ranges, and the whole corpus.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintProjectTexts } from '../src/core/project.js';
import { decodeText } from '../src/core/source.js';
import type { Finding } from '../src/core/types.js';
import { loadK8sFile } from '../src/k8s/loader.js';
import { resolveSchemaVersion, schemaVersions } from '../src/k8s/schema/data.js';
import { schemasFor } from '../src/k8s/schema/validator.js';
import { corpusFiles, corpusPresent } from './support/corpus.js';
import { configWith, linter, lintSnippet } from './support/lint.js';

const RULE = 'k8s/schema';

async function schemaFindings(code: string, options: Record<string, unknown> = {}, kubernetesVersion?: string): Promise<Finding[]> {
  const config = { ...configWith([RULE], { [RULE]: options }), settings: kubernetesVersion ? { kubernetesVersion } : {} };
  const result = await linter.lint({ file: 'm.yaml', text: code, language: 'k8s', config });
  expect(result.internalErrors).toEqual([]);
  return result.findings.filter((f) => f.ruleId === RULE);
}

/** The text a finding's range covers. */
function textAt(code: string, finding: Finding): string {
  return code.slice(finding.range.start.offset, finding.range.end.offset);
}

const pod = (container: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n${container}`;

describe('shipped schemas', () => {
  it('ships every minor from 1.24 to 1.36 and resolves version settings to them', () => {
    expect(schemaVersions()).toEqual(['1.24', '1.25', '1.26', '1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
    expect(resolveSchemaVersion(undefined)).toBe('1.36');
    expect(resolveSchemaVersion('v1.30.2')).toBe('1.30');
    expect(resolveSchemaVersion('1.19')).toBe('1.24');
    expect(resolveSchemaVersion('1.40')).toBe('1.36');
  });

  it('compiles a validator per kind once and caches it', () => {
    const schemas = schemasFor('1.36');
    expect(schemas.forKind('apps/v1', 'Deployment')).toBe(schemas.forKind('apps/v1', 'Deployment'));
    expect(schemas.forKind('apps/v1beta1', 'Deployment')).toBeNull();
  });
});

describe('k8s/schema', () => {
  it('reports an unknown field at its key, with a did-you-mean', async () => {
    const code = pod('      resouces:\n        limits: {memory: 64Mi}\n');
    const [finding, ...rest] = await schemaFindings(code);
    expect(rest).toEqual([]);
    expect(textAt(code, finding)).toBe('resouces');
    expect(finding.message).toBe('Unknown field "resouces" in Container; did you mean "resources"?');
    expect(finding.range.start).toMatchObject({ line: 9, column: 7 });
  });

  it('lets unknown fields pass with strict: false', async () => {
    expect(await schemaFindings(pod('      resouces: {}\n'), { strict: false })).toEqual([]);
  });

  it('reports an invalid quantity at the value', async () => {
    const code = pod('      resources:\n        limits: {memory: 1GG, cpu: 500m}\n        requests: {cpu: 0.25, memory: 1e3}\n');
    const findings = await schemaFindings(code);
    expect(findings.map((f) => textAt(code, f))).toEqual(['1GG']);
    expect(findings[0].message).toMatch(/^Invalid quantity "1GG" for spec\.containers\[0\]\.resources\.limits\.memory/);
  });

  it('reports wrong types at the value and accepts int-or-string both ways', async () => {
    const code = `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: "80"\n      targetPort: http\n    - port: 81\n      targetPort: 8081\n`;
    const findings = await schemaFindings(code);
    expect(findings.map((f) => [textAt(code, f), f.message])).toEqual([['"80"', 'spec.ports[0].port must be an integer, not the string "80".']]);
  });

  it('reports a missing required field at the key of the object that lacks it', async () => {
    const code = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: nginx}]\n`;
    const [finding] = await schemaFindings(code);
    expect(finding.message).toBe('Missing required field "selector" in DeploymentSpec (at spec).');
    expect(textAt(code, finding)).toBe('spec');
  });

  it('reports an invalid enum value with a suggestion', async () => {
    const code = pod('      imagePullPolicy: always\n');
    const [finding] = await schemaFindings(code);
    expect(textAt(code, finding)).toBe('always');
    expect(finding.message).toContain('did you mean "Always"?');
  });

  it('accepts null for any field, as Kubernetes decodes it to the zero value', async () => {
    const code = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  creationTimestamp: null\nspec:\n  selector: {matchLabels: {app: d}}\n  strategy: {}\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      containers: [{name: c, image: nginx, resources: {}, env: null}]\nstatus: {}\n`;
    expect(await schemaFindings(code)).toEqual([]);
  });

  it('accepts anything in embedded objects and preserve-unknown-fields', async () => {
    const code = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          x-kubernetes-preserve-unknown-fields: true\n`;
    expect(await schemaFindings(code)).toEqual([]);
  });

  it('validates against the schema of the target version', async () => {
    // Pod-level resources (spec.resources) arrived in 1.32.
    const code = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  resources: {limits: {cpu: "1"}}\n  containers: [{name: c, image: nginx}]\n`;
    expect(await schemaFindings(code, {}, '1.36')).toEqual([]);
    const old = await schemaFindings(code, {}, '1.30');
    expect(old.map((f) => textAt(code, f))).toEqual(['resources']);
  });

  it('leaves built-in apiVersions the target does not serve to k8s/deprecated-api-version', async () => {
    expect(await schemaFindings('apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  bogus: 1\n')).toEqual([]);
  });

  const CRD = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              required: [size]\n              properties:\n                size: {type: integer, minimum: 1}\n                port: {x-kubernetes-int-or-string: true}\n                labels:\n                  type: object\n                  additionalProperties: {type: string}\n`;
  const WIDGET = (spec: string) => `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  labels: {a: b}\nspec:\n${spec}`;

  it('validates custom resources against a CRD in the same file', async () => {
    const code = `${CRD}---\n${WIDGET('  size: 0\n  port: http\n  colour: red\n')}`;
    const findings = await schemaFindings(code);
    expect(findings.map((f) => [textAt(code, f), f.message])).toEqual([
      ['0', 'spec.size must be >= 1.'],
      ['colour', 'Unknown field "colour"; known fields: labels, port, size.'],
    ]);
  });

  it('validates custom resources against a CRD in another file of the run, and says once per kind when there is no schema', async () => {
    const config = configWith([RULE]);
    const results = await lintProjectTexts(linter, [
      { file: 'crd.yaml', text: CRD, language: 'k8s', config },
      { file: 'widget.yaml', text: `${WIDGET('  labels: {x: 1}\n')}`, language: 'k8s', config },
      { file: 'gadgets.yaml', text: 'apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: a\n---\napiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: b\n', language: 'k8s', config },
    ]);
    const [crd, widget, gadgets] = results;
    expect(crd.findings).toEqual([]);
    expect(widget.findings.map((f) => f.message)).toEqual(['Missing required field "size" (at spec).', 'spec.labels.x must be a string, not the integer 1.']);
    expect(widget.findings[0].related?.[0]).toMatchObject({ file: 'crd.yaml', range: { start: { line: 7 } } });
    expect(gadgets.findings).toHaveLength(1);
    expect(gadgets.findings[0]).toMatchObject({ severity: 'info', range: { start: { line: 2, column: 7 } } });
    expect(gadgets.findings[0].message).toMatch(/^No schema for Gadget \(example\.com\/v1\): its 2 objects are not validated/);
  });

  it('validates custom resources against CRDs given as reference files (crdDirectories)', async () => {
    const config = configWith([RULE]);
    const results = await lintProjectTexts(linter, [{ file: 'widget.yaml', text: WIDGET('  size: -1\n'), language: 'k8s', config }], {
      referenceFiles: [loadK8sFile('crds/widget.yaml', CRD)],
    });
    expect(results[0].findings.map((f) => f.message)).toEqual(['spec.size must be >= 1.']);
  });

  it('reports through the plain snippet linter too (a file alone is a project)', async () => {
    const result = await lintSnippet(pod('      resouces: {}\n'), { filename: 'pod.yaml', rules: [RULE] });
    expect(result.findings.map((f) => f.ruleId)).toEqual([RULE]);
  });
});

/**
 * Documents in the corpus that the API server would reject, each checked by
 * hand, by file name (or a pattern of names) with the reason: upstream's
 * deliberately invalid examples, kustomize patches and bases (partial
 * objects), template placeholders, real mistakes in examples, and custom
 * resources newer than the only CRD of their kind in the corpus.
 */
const KNOWN_INVALID: Array<[RegExp | string, string]> = [
  [/^hack__invalid-examples__/, 'gateway-api: examples kept to test that the CRD rejects them'],
  [/^ai-ml__llm-serving-gemma__.*__patch\.yaml$/, 'kustomize patches (no selector)'],
  ['ai-ml__gke-slurm__autopilot__pv-pvc.yaml', 'placeholder FILESTORE_CAPACITY as a quantity'],
  ['autoscaling__custom-compute-classes__reservations__deployment-gpu.yaml', 'placeholder ${ACCELERATOR_QUANTITY} as a quantity'],
  ['databases__redis-enterprise-operator__manifests__01-basic-cluster__webhook.yaml', 'caBundle "CRT" placeholder is not base64'],
  ['networking__sctp__sctp-deployment.yaml', 'placeholder PORT as a port number'],
  ['workloads__migrate-x86-app-to-multi-arch__k8s__overlays__arm__add_arm_support.yaml', 'kustomize patch (no selector, no containers)'],
  ['workloads__migrate-x86-app-to-multi-arch__k8s__overlays__multiarch__add_multiarch_support.yaml', 'kustomize patch'],
  ['workloads__migrate-x86-app-to-multi-arch__k8s__overlays__multiarch__increase_replicas.yaml', 'kustomize patch'],
  ['kustomize__components__without-loadgenerator__delete-loadgenerator.patch.yaml', 'kustomize $patch: delete directive'],
  ['docs__operator-manual__argocd-repo-creds.yaml', 'stringData values written as integers (1, 2): rejected, they must be strings'],
  ['examples__known-hosts__argocd-known-hosts-mounts.yaml', 'kustomize patch (no selector)'],
  [/^manifests__ha__base__overlays__argocd-/, 'kustomize patches'],
  ['_archived__volumes__aws_ebs__aws-ebs-web.yaml', 'protocol "tcp" (must be TCP)'],
  ['_archived__volumes__cinder__cinder-web.yaml', 'protocol "tcp" (must be TCP)'],
  ['_archived__volumes__fibre_channel__fc.yaml', 'placeholder "<ADD LUN ID Here>" as an integer'],
  ['_archived__volumes__rbd__rbd.yaml', 'rbd.imageformat / imagefeatures are not fields of RBDVolumeSource'],
  ['_archived__volumes__scaleio__pod.yaml', 'typo protectionDoamin'],
  ['_archived__volumes__storageos__storageos-pod.yaml', 'storageos.pool is not a field'],
  ['_archived__volumes__storageos__storageos-pv.yaml', 'storageos.secretName is not a field'],
  ['deploy__grafana__deployment.yaml', 'kustomize base without selector'],
  ['deploy__prometheus__deployment.yaml', 'kustomize base without selector'],
  ['docs__examples__auth__oauth-external-auth__vouch-proxy.yaml', 'env value true (a boolean) must be a string'],
  ['docs__examples__customization__ssl-dh-param__ssl-dh-param.yaml', 'Secret data "...base64 encoded data..." is not base64'],
  ['content__en__examples__pods__probe__grpc-liveness.yaml', 'gRPC: instead of grpc:'],
  ['other__block-ephemeral-containers__.kyverno-test__resource.yaml', 'Pods without containers (a policy test input)'],
  ['conformance__tests__gatewayclass-observed-generation-bump.yaml', 'placeholder "{GATEWAY_CONTROLLER_NAME}" as controllerName'],
  [/^applicationset__examples__/, 'argo-cd: ApplicationSets of HEAD; the only ApplicationSet CRD in the corpus is v2.7.0\'s'],
  ['docs__operator-manual__project.yaml', 'argo-cd: AppProject of HEAD; the only AppProject CRD in the corpus is v2.7.0\'s'],
  [/^ai-ml__infw-gw__examples__getting-started__inference-model/, 'InferenceModel of another release than the CRD in manifests.yaml'],
  ['samples__security__spire-trust-domain-federation__cluster-federated-trust-domain.yaml', 'istio: className is newer than the SPIRE CRD in spire-quickstart.yaml'],
  ['examples__v1__pipelineruns__optional-workspaces.yaml', 'tekton: steps without name; the CRD requires one (Tekton\'s webhook may fill it in before validation, which drydock cannot see)'],
];

function knownInvalid(name: string): string | null {
  const entry = KNOWN_INVALID.find(([pattern]) => (typeof pattern === 'string' ? pattern === name : pattern.test(name)));
  return entry ? String(entry[0]) : null;
}

describe.skipIf(!corpusPresent)('k8s/schema on the corpus', () => {
  it('reports errors only on the documents known to be invalid', async () => {
    const config = configWith([RULE]);
    const files = corpusFiles().filter((t) => t.language === 'k8s');
    const inputs = files.flatMap((target) => {
      const decoded = decodeText(readFileSync(target.absolute));
      return decoded.ok ? [{ file: target.display, text: decoded.text, language: 'k8s' as const, config }] : [];
    });
    // Each repository is one project: CRDs validate the custom resources of their own repository.
    const byRepo = new Map<string, typeof inputs>();
    for (const input of inputs) {
      const repo = input.file.split('/')[1];
      byRepo.set(repo, [...(byRepo.get(repo) ?? []), input]);
    }
    const results = [];
    for (const repoInputs of byRepo.values()) results.push(...(await lintProjectTexts(linter, repoInputs)));
    const unexpected: string[] = [];
    const flagged = new Set<string>();
    for (const result of results) {
      expect(result.internalErrors).toEqual([]);
      const name = result.file.slice(result.file.lastIndexOf('/') + 1);
      for (const finding of result.findings.filter((f) => f.severity === 'error')) {
        const known = knownInvalid(name);
        if (known) flagged.add(known);
        else unexpected.push(`${result.file}:${finding.range.start.line}: ${finding.message}`);
      }
    }
    expect(unexpected).toEqual([]);
    expect([...flagged].sort()).toEqual(KNOWN_INVALID.map(([pattern]) => String(pattern)).sort());
  });
});
