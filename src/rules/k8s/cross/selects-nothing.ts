import { defineK8sProjectRule } from '../../../core/project.js';
import type { K8sObject, PathSegment } from '../../../k8s/model.js';
import { asRecord, isPlainObject } from '../../../k8s/values.js';
import { COMPLETENESS_DEFAULTS, COMPLETENESS_NOTE, describeObject, labelSelector, selectsAnything, shouldCheckPods, type CompletenessOptions } from './common.js';

const DEPLOY =
  '---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';
const PDB = (selector: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector: ${selector}\n`;
const NETPOL = (podSelector: string, peer = '{app: web}') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector: ${podSelector}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: ${peer}\n`;

export const pdbSelectsNothing = defineK8sProjectRule<CompletenessOptions>({
  meta: {
    id: 'k8s/pdb-selects-nothing',
    title: 'PodDisruptionBudget selects no pod',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'A PodDisruptionBudget whose selector matches no pod template protects nothing: node drains evict the pods it was meant for all at once. (In policy/v1 an empty selector selects every pod of the namespace.)' + COMPLETENESS_NOTE,
    aliases: {},
    fixable: false,
    defaultOptions: COMPLETENESS_DEFAULTS,
    examples: {
      bad: [{ filename: 'app.yaml', code: PDB('{matchLabels: {app: api}}') + DEPLOY }],
      good: [{ filename: 'app.yaml', code: PDB('{matchLabels: {app: web}}') + DEPLOY }, { filename: 'app.yaml', code: PDB('{}') + DEPLOY }],
    },
  },
  checkProject(context) {
    const { index } = context;
    for (const pdb of index.objects) {
      if (pdb.kind !== 'PodDisruptionBudget' || !pdb.apiVersion.startsWith('policy/')) continue;
      const selector = asRecord(pdb.value.spec)?.selector;
      // policy/v1beta1 selects nothing without a selector; that is the deprecated-api rule's concern.
      if (!isPlainObject(selector) || !shouldCheckPods(index, pdb, pdb.namespace, context.options)) continue;
      if (selectsAnything(index, pdb.namespace, labelSelector(selector))) continue;
      context.reportAt(pdb, ['spec', 'selector'], { part: 'key', message: `${describeObject(pdb)} selects no pod template in the input.` });
    }
  },
});

function isNetworkPolicy(object: K8sObject): boolean {
  return object.kind === 'NetworkPolicy' && (object.apiVersion === 'networking.k8s.io/v1' || object.apiVersion === 'extensions/v1beta1');
}

export const networkPolicySelectsNothing = defineK8sProjectRule<CompletenessOptions>({
  meta: {
    id: 'k8s/networkpolicy-selects-nothing',
    title: 'NetworkPolicy selects no pod',
    severity: 'warning',
    category: 'security',
    rationale:
      'A NetworkPolicy whose podSelector matches no pod isolates nothing; the pods it was written for stay open. An empty podSelector (`{}`) selects every pod in the namespace and is never reported (unlike kube-score, zegl/kube-score#293).' + COMPLETENESS_NOTE,
    aliases: { 'kube-linter': ['dangling-networkpolicy'], 'kube-score': ['networkpolicy-targets-pod'] },
    fixable: false,
    defaultOptions: COMPLETENESS_DEFAULTS,
    examples: {
      bad: [{ filename: 'app.yaml', code: NETPOL('{matchLabels: {app: api}}') + DEPLOY }],
      good: [{ filename: 'app.yaml', code: NETPOL('{matchLabels: {app: web}}') + DEPLOY }, { filename: 'app.yaml', code: NETPOL('{}') + DEPLOY }],
    },
  },
  checkProject(context) {
    const { index } = context;
    for (const policy of index.objects) {
      if (!isNetworkPolicy(policy)) continue;
      const selector = asRecord(policy.value.spec)?.podSelector;
      if (!isPlainObject(selector) || !shouldCheckPods(index, policy, policy.namespace, context.options)) continue;
      if (selectsAnything(index, policy.namespace, labelSelector(selector))) continue;
      context.reportAt(policy, ['spec', 'podSelector'], { part: 'key', message: `${describeObject(policy)} selects no pod template in the input: it isolates nothing.` });
    }
  },
});

export const networkPolicyPeerSelectsNothing = defineK8sProjectRule<CompletenessOptions>({
  meta: {
    id: 'k8s/networkpolicy-peer-selects-nothing',
    title: 'NetworkPolicy peer podSelector selects no pod',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'An ingress `from` or egress `to` peer whose podSelector matches no pod of the policy\'s namespace allows nothing, so the traffic it was meant to allow is blocked. Peers with a namespaceSelector select pods in other namespaces and are not checked; an empty podSelector selects every pod.' + COMPLETENESS_NOTE,
    aliases: { 'kube-linter': ['dangling-networkpolicypeer-podselector'] },
    fixable: false,
    defaultOptions: COMPLETENESS_DEFAULTS,
    examples: {
      bad: [{ filename: 'app.yaml', code: NETPOL('{}', '{app: frontend}') + DEPLOY }],
      good: [{ filename: 'app.yaml', code: NETPOL('{}', '{app: web}') + DEPLOY }],
    },
  },
  checkProject(context) {
    const { index } = context;
    for (const policy of index.objects) {
      if (!isNetworkPolicy(policy) || !shouldCheckPods(index, policy, policy.namespace, context.options)) continue;
      const spec = asRecord(policy.value.spec) ?? {};
      for (const [direction, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
        const rules = Array.isArray(spec[direction]) ? spec[direction] : [];
        rules.forEach((rule, i) => {
          const peers = asRecord(rule)?.[peersKey];
          (Array.isArray(peers) ? peers : []).forEach((peer, j) => {
            if (!isPlainObject(peer) || peer.namespaceSelector !== undefined || !isPlainObject(peer.podSelector)) return;
            const selector = peer.podSelector;
            if (selectsAnything(index, policy.namespace, labelSelector(selector))) return;
            const path: PathSegment[] = ['spec', direction, i, peersKey, j, 'podSelector'];
            context.reportAt(policy, path, { part: 'key', message: `This ${direction} peer selects no pod template of the namespace in the input: it allows no traffic.` });
          });
        });
      }
    }
  },
});
