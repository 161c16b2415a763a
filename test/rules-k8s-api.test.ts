/**
 * k8s/deprecated-api-version: the removal table agrees with the shipped
 * OpenAPI specs, versions gate the findings, and the fix is a minimal edit of
 * the apiVersion value where the schema did not change.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/core/types.js';
import { kindDefinition, sameKindSchema, schemaVersions } from '../src/k8s/schema/data.js';
import { API_DEPRECATIONS } from '../src/rules/k8s/api/deprecated-api-version.js';
import { configWith, fixSnippet, linter } from './support/lint.js';

const RULE = 'k8s/deprecated-api-version';

async function findings(code: string, kubernetesVersion?: string, options: Record<string, unknown> = {}): Promise<Finding[]> {
  const config = { ...configWith([RULE], { [RULE]: options }), settings: kubernetesVersion ? { kubernetesVersion } : {} };
  const result = await linter.lint({ file: 'm.yaml', text: code, language: 'k8s', config });
  return result.findings.filter((f) => f.ruleId === RULE);
}

const object = (apiVersion: string, kind: string) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n`;

describe('the deprecation table', () => {
  const shipped = schemaVersions().map((v) => Number(v.split('.')[1]));

  it.each(API_DEPRECATIONS.flatMap((entry) => entry.kinds.map((kind) => [entry.apiVersion, kind, entry.removedIn] as const)))(
    '%s %s: not served by the shipped specs from 1.%i on, served just before',
    (apiVersion, kind, removedIn) => {
      for (const minor of shipped.filter((m) => m >= removedIn)) expect(kindDefinition(`1.${minor}`, apiVersion, kind), `1.${minor}`).toBeNull();
      if (shipped.includes(removedIn - 1)) expect(kindDefinition(`1.${removedIn - 1}`, apiVersion, kind)).not.toBeNull();
    },
  );

  // Same schema in both versions, but a field means something else in the new one.
  const SEMANTICS_CHANGED = ['flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration'];

  it('marks a move as a rename only where the specs hold both versions with the same schema', () => {
    for (const entry of API_DEPRECATIONS) {
      if (!entry.replacement) continue;
      for (const kind of entry.kinds) {
        const same = sameKindSchema(entry.apiVersion, entry.replacement, kind);
        const name = `${entry.apiVersion} ${kind}`;
        if (same !== null) expect(same && !SEMANTICS_CHANGED.includes(name), name).toBe(entry.sameSchema);
      }
    }
  });
});

describe('k8s/deprecated-api-version', () => {
  it('reports a removed apiVersion at its value as an error with the versions and the replacement', async () => {
    const code = object('batch/v1beta1', 'CronJob');
    const [finding] = await findings(code);
    expect(code.slice(finding.range.start.offset, finding.range.end.offset)).toBe('batch/v1beta1');
    expect(finding.severity).toBe('error');
    expect(finding.message).toBe('CronJob batch/v1beta1 was removed in Kubernetes 1.25 (deprecated since 1.21); use batch/v1.');
    expect(finding.fix).toBeUndefined();
  });

  it('follows the target version: deprecated (a warning) before removal, nothing before deprecation', async () => {
    const code = object('autoscaling/v2beta2', 'HorizontalPodAutoscaler');
    expect((await findings(code, '1.22')).length).toBe(0);
    const [deprecated] = await findings(code, '1.24');
    expect(deprecated.severity).toBe('warning');
    expect(deprecated.message).toBe('HorizontalPodAutoscaler autoscaling/v2beta2 is deprecated since Kubernetes 1.23 and removed in 1.26; use autoscaling/v2.');
    expect((await findings(code, '1.24', { reportDeprecated: false })).length).toBe(0);
    expect((await findings(code, '1.26'))[0].severity).toBe('error');
  });

  it('derives removals the table does not list from the specs (beta versions only)', async () => {
    const [finding] = await findings(object('admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicy'), '1.36');
    expect(finding.message).toBe('ValidatingAdmissionPolicy admissionregistration.k8s.io/v1beta1 was removed in Kubernetes 1.34; use admissionregistration.k8s.io/v1.');
    expect(await findings(object('resource.k8s.io/v1alpha2', 'ResourceClaim'), '1.36')).toEqual([]);
  });

  it('fixes a rename by editing only the apiVersion value, keeping quotes and comments around it', async () => {
    const code = `# budget\napiVersion: "policy/v1beta1" # old\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n`;
    const fixed = await fixSnippet(code, { filename: 'pdb.yaml', rules: [RULE] });
    expect(fixed.output).toBe(code.replace('"policy/v1beta1"', 'policy/v1'));
    const again = await fixSnippet(fixed.output, { filename: 'pdb.yaml', rules: [RULE] });
    expect(again.output).toBe(fixed.output);
  });

  it('offers no fix where the schema changed (extensions/v1beta1 Ingress → networking.k8s.io/v1)', async () => {
    const [finding] = await findings(object('extensions/v1beta1', 'Ingress'));
    expect(finding.message).toBe('Ingress extensions/v1beta1 was removed in Kubernetes 1.22 (deprecated since 1.14); use networking.k8s.io/v1.');
    expect(finding.fix).toBeUndefined();
  });

  it('says PodSecurityPolicy has no replacement', async () => {
    const [finding] = await findings(object('policy/v1beta1', 'PodSecurityPolicy'));
    expect(finding.message).toMatch(/removed in Kubernetes 1\.25 .*; it has no replacement \(use Pod Security Admission\)\.$/);
  });
});
