/** Ports: what the manifest declares and routes to, against what the image EXPOSEs. */
import { defineCrossRule, type LinkedContainer } from '../../cross/rule.js';
import type { PortFact } from '../../cross/image-facts.js';
import { isPlainObject } from '../../k8s/values.js';
import { selectingServices } from '../k8s/cross/common.js';
import { containerName, example, imageName, pod, where } from './common.js';

interface DeclaredPort {
  number: number;
  name: string | null;
  protocol: string;
  index: number;
}

function declaredPorts(entry: LinkedContainer): DeclaredPort[] {
  const ports = entry.container.value.ports;
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((port, index) =>
    isPlainObject(port) && typeof port.containerPort === 'number'
      ? [{ number: port.containerPort, name: typeof port.name === 'string' ? port.name : null, protocol: typeof port.protocol === 'string' ? port.protocol.toLowerCase() : 'tcp', index }]
      : [],
  );
}

function exposedList(exposed: readonly PortFact[]): string {
  return [...new Set(exposed.map((p) => (p.protocol === 'tcp' ? String(p.port) : `${p.port}/${p.protocol}`)))].join(', ');
}

const DOCKERFILE = 'FROM node:22\nEXPOSE 8080\nCMD ["node", "server.js"]\n';

export const containerPortNotExposed = defineCrossRule({
  meta: {
    id: 'cross/container-port-not-exposed',
    title: 'containerPort that the image does not EXPOSE',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'EXPOSE is the Dockerfile\'s record of the ports the application listens on. A containerPort that the image does not EXPOSE, while it EXPOSEs others, usually means the two drifted apart (the app moved to 8080, the manifest still says 3000): probes and Services aimed at that port then find nothing listening. Only images that EXPOSE at least one port are checked, since EXPOSE is optional; a base image outside the file may EXPOSE more.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [example(DOCKERFILE, pod({ container: '      ports:\n        - containerPort: 3000\n' }))],
      good: [example(DOCKERFILE, pod({ container: '      ports:\n        - containerPort: 8080\n' })), example('FROM node:22\nCMD ["node", "server.js"]\n', pod({ container: '      ports:\n        - containerPort: 3000\n' }))],
    },
  },
  checkCross(context) {
    for (const entry of context.containers) {
      const { exposed } = entry.image.facts;
      if (exposed.length === 0 || entry.container.kind === 'ephemeralContainers') continue;
      for (const port of declaredPorts(entry)) {
        if (exposed.some((e) => e.port === port.number && e.protocol === port.protocol)) continue;
        context.reportAt(entry.object, [...entry.container.path, 'ports', port.index, 'containerPort'], {
          message: `containerPort ${port.number}${port.protocol === 'tcp' ? '' : `/${port.protocol}`} of container ${containerName(entry.container)} is not EXPOSEd by image ${imageName(entry.image)}, which EXPOSEs ${exposedList(exposed)} (${where(entry.image, exposed[0].range)}): is the app listening there?`,
          related: exposed.filter((e, i) => exposed.findIndex((f) => f.range.start.offset === e.range.start.offset) === i).map((e) => context.inDockerfile(entry.image, e.range, 'the ports the image EXPOSEs')),
        });
      }
    }
  },
});

export const exposedPortNotDeclared = defineCrossRule({
  meta: {
    id: 'cross/exposed-port-not-declared',
    title: 'Port the image EXPOSEs but the container does not declare',
    severity: 'info',
    category: 'maintainability',
    rationale:
      'A port the image EXPOSEs and the container does not list under `ports` still works (containerPort is informational), but nothing in the manifest names it: a Service cannot refer to it by name, and readers of the manifest do not see it. Declare it with a name, or drop the EXPOSE if the app no longer listens there.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [example('FROM node:22\nEXPOSE 8080 9090\nCMD ["node", "server.js"]\n', pod({ container: '      ports:\n        - containerPort: 8080\n' }))],
      good: [example(DOCKERFILE, pod({ container: '      ports:\n        - containerPort: 8080\n          name: http\n' }))],
    },
  },
  checkCross(context) {
    for (const entry of context.containers) {
      if (entry.container.kind !== 'containers') continue;
      const declared = declaredPorts(entry);
      const reported = new Set<string>();
      for (const exposed of entry.image.facts.exposed) {
        const key = `${exposed.port}/${exposed.protocol}`;
        if (reported.has(key) || declared.some((port) => port.number === exposed.port && port.protocol === exposed.protocol)) continue;
        reported.add(key);
        if (reported.size > 20) break;
        const path = Array.isArray(entry.container.value.ports) ? [...entry.container.path, 'ports'] : [...entry.container.path, 'image'];
        context.reportAt(entry.object, path, {
          message: `Image ${imageName(entry.image)} EXPOSEs ${exposed.protocol === 'tcp' ? exposed.port : key} (${where(entry.image, exposed.range)}) but container ${containerName(entry.container)} does not declare it under ports.`,
          related: [context.inDockerfile(entry.image, exposed.range, `EXPOSE ${key}`)],
        });
      }
    }
  },
});

export const servicePortNotExposed = defineCrossRule({
  meta: {
    id: 'cross/service-port-not-exposed',
    title: 'Service targetPort that the selected images do not EXPOSE',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'A Service forwards to its targetPort on the pods it selects. When every container of those pods runs an image built here that EXPOSEs its ports, and none EXPOSEs (or declares) the targetPort, the Service most likely points at a port nothing listens on: requests are refused. The check needs that evidence for every container of the selected pods; a pod with a container whose image is not linked is left alone.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [example(DOCKERFILE, `${pod({ container: '      ports:\n        - containerPort: 8080\n' }).replace('  name: api\n', '  name: api\n  labels: {app: api}\n')}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector: {app: api}\n  ports:\n    - port: 80\n      targetPort: 3000\n`)],
      good: [example(DOCKERFILE, `${pod({ container: '      ports:\n        - containerPort: 8080\n' }).replace('  name: api\n', '  name: api\n  labels: {app: api}\n')}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector: {app: api}\n  ports:\n    - port: 80\n      targetPort: 8080\n`)],
    },
  },
  checkCross(context) {
    for (const { service, spec, pods } of selectingServices(context.index)) {
      const containers = context.containers.filter((entry) => entry.container.kind === 'containers' && pods.some((p) => p.object === entry.object));
      if (containers.length === 0) continue;
      // Every container of every selected pod must be linked and EXPOSE something: otherwise the evidence is incomplete.
      const complete = pods.every((p) => {
        const list = Array.isArray(p.pod.spec.containers) ? p.pod.spec.containers : [];
        return list.every((value) => containers.some((entry) => entry.container.value === value && entry.image.facts.exposed.length > 0));
      });
      if (!complete) continue;
      const ports = Array.isArray(spec?.ports) ? spec.ports : [];
      ports.forEach((port, i) => {
        if (!isPlainObject(port)) return;
        const target = port.targetPort ?? port.port;
        const protocol = typeof port.protocol === 'string' ? port.protocol.toLowerCase() : 'tcp';
        let number: number | null = null;
        if (typeof target === 'number' || (typeof target === 'string' && /^\d+$/.test(target))) number = Number(target);
        else if (typeof target === 'string') {
          const named = containers.flatMap(declaredPorts).find((p) => p.name === target);
          if (!named) return; // an unknown name is k8s/service-target-port's finding
          number = named.number;
        }
        if (number === null) return;
        if (containers.some((entry) => entry.image.facts.exposed.some((e) => e.port === number && e.protocol === protocol))) return;
        const first = containers[0];
        context.reportAt(service, ['spec', 'ports', i, port.targetPort === undefined ? 'port' : 'targetPort'], {
          message: `The Service sends port ${port.port} to ${number}${typeof target === 'string' && !/^\d+$/.test(target) ? ` ("${target}")` : ''}, which no selected image EXPOSEs (image ${imageName(first.image)} EXPOSEs ${exposedList(first.image.facts.exposed)}, ${where(first.image, first.image.facts.exposed[0].range)}): requests would find nothing listening.`,
          related: [
            context.relatedAt(first.object, first.container.path, `container ${containerName(first.container)} selected by the Service`),
            context.inDockerfile(first.image, first.image.facts.exposed[0].range, 'the ports the image EXPOSEs'),
          ],
        });
      });
    }
  },
});
