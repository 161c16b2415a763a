import { defineK8sProjectRule } from '../../../core/project.js';
import { asRecord } from '../../../k8s/values.js';
import { COMPLETENESS_DEFAULTS, COMPLETENESS_NOTE, formatLabels, isCoreService, labelMapSelector, selectsAnything, shouldCheckPods, type CompletenessOptions } from './common.js';

const SVC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n';
const DEPLOY = (label: string) =>
  `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: ${label}}\n  template:\n    metadata:\n      labels: {app: ${label}}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          ports: [{containerPort: 8080}]\n`;

export default defineK8sProjectRule<CompletenessOptions>({
  meta: {
    id: 'k8s/service-selector-no-match',
    title: 'Service selector matches no pod',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'A Service whose selector matches no pod template has no endpoints: every connection to it fails. Usually a label was renamed on one side only. ExternalName Services and Services without a selector (endpoints managed by hand) are not checked, nor selectors that match the labels of a custom resource (operators label the pods they create after it).' +
      COMPLETENESS_NOTE,
    aliases: { 'kube-linter': ['dangling-service'], 'kube-score': ['service-targets-pod'] },
    fixable: false,
    defaultOptions: COMPLETENESS_DEFAULTS,
    examples: { bad: [{ filename: 'app.yaml', code: SVC + DEPLOY('api') }], good: [{ filename: 'app.yaml', code: SVC + DEPLOY('web') }, { filename: 'svc.yaml', code: SVC }] },
  },
  checkProject(context) {
    const { index } = context;
    for (const service of index.objects) {
      if (!isCoreService(service)) continue;
      const spec = asRecord(service.value.spec);
      const selector = asRecord(spec?.selector);
      if (!selector || Object.keys(selector).length === 0 || spec?.type === 'ExternalName') continue;
      if (!shouldCheckPods(index, service, service.namespace, context.options)) continue;
      if (selectsAnything(index, service.namespace, labelMapSelector(selector))) continue;
      context.reportAt(service, ['spec', 'selector'], {
        part: 'key',
        message: `Service "${service.name}" selects no pod: no pod template${service.namespace ? ` in namespace "${service.namespace}"` : ''} has the labels ${formatLabels(selector)}.`,
      });
    }
  },
});
