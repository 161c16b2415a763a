import { defineK8sProjectRule } from '../../../core/project.js';
import { asRecord } from '../../../k8s/values.js';
import { COMPLETENESS_DEFAULTS, COMPLETENESS_NOTE, isCoreService, shouldCheck, type CompletenessOptions } from './common.js';

const STS = (serviceName: string) =>
  `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: ${serviceName}\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n        - name: db\n          image: postgres:17\n`;
const SVC = (clusterIP: string) => `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: ${clusterIP}\n  selector: {app: db}\n  ports: [{port: 5432}]\n`;

export default defineK8sProjectRule<CompletenessOptions>({
  meta: {
    id: 'k8s/statefulset-service-not-headless',
    title: 'StatefulSet serviceName is not a headless Service',
    severity: 'warning',
    category: 'correctness',
    rationale:
      "A StatefulSet's pods get stable DNS names (db-0.db…) only from the headless Service (`clusterIP: None`) named by serviceName. With a missing or normal Service the names do not resolve, and peers that find each other by them (databases, brokers) fail to form a cluster." +
      COMPLETENESS_NOTE,
    aliases: { 'kube-score': ['statefulset-has-servicename'] },
    fixable: false,
    defaultOptions: COMPLETENESS_DEFAULTS,
    examples: {
      bad: [{ filename: 'db.yaml', code: STS('db') + SVC('10.0.0.12') }, { filename: 'db.yaml', code: STS('db-headless') + SVC('None') }],
      good: [{ filename: 'db.yaml', code: STS('db') + SVC('None') }, { filename: 'db.yaml', code: STS('db') }],
    },
  },
  checkProject(context) {
    const { index } = context;
    for (const sts of index.objects) {
      if (sts.kind !== 'StatefulSet' || !sts.apiVersion.startsWith('apps/')) continue;
      const serviceName = asRecord(sts.value.spec)?.serviceName;
      if (typeof serviceName !== 'string' || serviceName === '') continue;
      if (!shouldCheck(index, 'Service', sts, sts.namespace, context.options)) continue;
      const service = index.find('Service', serviceName, sts.namespace).find(isCoreService);
      if (!service) {
        context.reportAt(sts, ['spec', 'serviceName'], { message: `serviceName "${serviceName}" names no Service${sts.namespace ? ` in namespace "${sts.namespace}"` : ''}; add a headless Service (clusterIP: None) of that name.` });
        continue;
      }
      const clusterIP = asRecord(service.value.spec)?.clusterIP;
      if (clusterIP === 'None') continue;
      context.reportAt(sts, ['spec', 'serviceName'], {
        message: `Service "${serviceName}" is not headless: set \`clusterIP: None\` on it (or point serviceName at a headless Service) so the pods get stable DNS names.`,
        related: [context.relatedAt(service, clusterIP === undefined ? ['spec'] : ['spec', 'clusterIP'], `Service "${serviceName}"`, clusterIP === undefined ? 'key' : 'value')],
      });
    }
  },
});
