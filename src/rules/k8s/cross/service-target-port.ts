import { defineK8sProjectRule, type PodTemplate } from '../../../core/project.js';
import { containersOf } from '../../../k8s/workloads.js';
import { isPlainObject } from '../../../k8s/values.js';
import { COMPLETENESS_DEFAULTS, selectingServices, type CompletenessOptions } from './common.js';

const SVC = (targetPort: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: ${targetPort}}]\n`;
const DEPLOY =
  '---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          ports: [{containerPort: 8080, name: http}]\n';

/** The ports the containers (not init or ephemeral ones) of a pod template declare. */
function declaredPorts(pod: PodTemplate): Array<{ number: unknown; name: unknown; path: Array<string | number> }> {
  return containersOf(pod.object)
    .filter((container) => container.kind === 'containers')
    .flatMap((container) =>
      (Array.isArray(container.value.ports) ? container.value.ports : []).flatMap((port, i) =>
        isPlainObject(port) ? [{ number: port.containerPort, name: port.name, path: [...container.path, 'ports', i] }] : [],
      ),
    );
}

export default defineK8sProjectRule<CompletenessOptions>({
  meta: {
    id: 'k8s/service-target-port',
    title: 'Service targetPort not exposed by the pods it selects',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'A named targetPort must be the name of a container port in every pod the Service selects; where no selected pod has it, the Service gets no endpoints for that port. A numeric targetPort need not be declared by the container, so it is only reported when the selected containers declare their ports and none has that number. The targetPort defaults to the port.',
    aliases: {},
    fixable: false,
    defaultOptions: COMPLETENESS_DEFAULTS,
    examples: {
      bad: [{ filename: 'app.yaml', code: SVC('metrics') + DEPLOY }, { filename: 'app.yaml', code: SVC('9090') + DEPLOY }],
      good: [{ filename: 'app.yaml', code: SVC('http') + DEPLOY }, { filename: 'app.yaml', code: SVC('8080') + DEPLOY }],
    },
  },
  checkProject(context) {
    for (const { service, spec, pods } of selectingServices(context.index)) {
      if (pods.length === 0) continue;
      const declared = pods.map(declaredPorts);
      const ports = Array.isArray(spec?.ports) ? spec.ports : [];
      ports.forEach((port, i) => {
        if (!isPlainObject(port)) return;
        const target = port.targetPort ?? port.port;
        const path = ['spec', 'ports', i, port.targetPort === undefined ? 'port' : 'targetPort'];
        const related = [context.relatedAt(pods[0].object, pods[0].pod.path, `pods of ${pods[0].object.kind} "${pods[0].object.name}" selected by the Service`)];
        if (typeof target === 'string' && !/^\d+$/.test(target)) {
          if (declared.some((list) => list.some((p) => p.name === target))) return;
          context.reportAt(service, path, { message: `targetPort "${target}" is not the name of a port of any container the Service selects.`, related });
        } else if (typeof target === 'number' || typeof target === 'string') {
          const number = Number(target);
          // Containers may listen on ports they do not declare: only a pod that declares ports can miss one.
          if (declared.some((list) => list.length === 0 || list.some((p) => p.number === number))) return;
          context.reportAt(service, path, { message: `targetPort ${number} is not a containerPort of any container the Service selects (they declare ${[...new Set(declared.flat().map((p) => p.number))].join(', ')}).`, related });
        }
      });
    }
  },
});
