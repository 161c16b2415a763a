/**
 * The label index of the checks across objects (src/rules/k8s/cross/common.ts):
 * a selector must find exactly the pod templates a scan of all of them finds,
 * in the same order, whatever its kind (label map, matchLabels, expressions).
 */
import { describe, expect, it } from 'vitest';
import { sameNamespace, type PodTemplate, type ProjectIndex } from '../src/core/project.js';
import type { K8sObject } from '../src/k8s/model.js';
import { labelMapSelector, labelSelector, matchesLabelMap, matchesLabelSelector, podLabelSets, podsMatching, selectsAnything, type PodSelector } from '../src/rules/k8s/cross/common.js';

function template(name: string, namespace: string | null, labels: Record<string, string>, kind = 'Deployment', replicas?: number): PodTemplate {
  const object = { file: `${name}.yaml`, kind, apiVersion: 'apps/v1', name, namespace, value: { spec: replicas === undefined ? {} : { replicas } } } as unknown as K8sObject;
  return { object, pod: {} as PodTemplate['pod'], labels };
}

const pods: PodTemplate[] = [
  template('web', null, { app: 'web', tier: 'front' }),
  template('api', 'shop', { app: 'api', tier: 'back' }),
  template('db', 'shop', { app: 'db' }, 'StatefulSet', 3),
  template('web2', 'blog', { app: 'web', tier: 'front', 'a=b': 'c' }),
  template('bare', 'shop', {}),
  template('cache', null, { app: 'cache', tier: 'back' }),
];
const index = { podTemplates: pods, objects: [] as K8sObject[] } as unknown as ProjectIndex;

function scan(namespace: string | null, selector: PodSelector): string[] {
  return pods
    .filter((pod) => sameNamespace(pod.object.namespace, namespace) && podLabelSets(pod).some((labels) => selector.matches(labels) === true))
    .map((pod) => pod.object.name!);
}

const selectors: Array<[string, PodSelector]> = [
  ['map app=web', labelMapSelector({ app: 'web' })],
  ['map app=web tier=front', labelMapSelector({ app: 'web', tier: 'front' })],
  ['map a=b=c (key with "=")', labelMapSelector({ a: 'b=c' })],
  ['map key "a=b" value c', labelMapSelector({ 'a=b': 'c' })],
  ['map unknown label', labelMapSelector({ app: 'nothing' })],
  ['statefulset pod name', labelMapSelector({ 'statefulset.kubernetes.io/pod-name': 'db-2' })],
  ['empty selector', labelSelector({})],
  ['matchLabels', labelSelector({ matchLabels: { tier: 'back' } })],
  ['In, two values', labelSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'db'] }] })],
  ['In, one value', labelSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['cache'] }] })],
  ['Exists', labelSelector({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] })],
  ['NotIn only', labelSelector({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] })],
  ['DoesNotExist only', labelSelector({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] })],
  ['matchLabels and NotIn', labelSelector({ matchLabels: { tier: 'front' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['x'] }] })],
  ['malformed expression', labelSelector({ matchExpressions: [{ operator: 'In' }] })],
  ['not a mapping', labelSelector('app=web')],
];

describe('pod templates looked up by label', () => {
  for (const [name, selector] of selectors) {
    it(`${name}: the same pods, in the same order, as a scan`, () => {
      for (const namespace of [null, 'shop', 'blog', 'none']) {
        const expected = scan(namespace, selector);
        expect(podsMatching(index, namespace, selector).map((pod) => pod.object.name)).toEqual(expected);
        expect(selectsAnything(index, namespace, selector)).toBe(expected.length > 0);
      }
    });
  }

  it('the selectors decide as the plain matchers do', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(labelMapSelector({ app: 'web' }).matches(labels)).toBe(matchesLabelMap({ app: 'web' }, labels));
    const selector = { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] };
    expect(labelSelector(selector).matches(labels)).toBe(matchesLabelSelector(selector, labels));
  });
});
