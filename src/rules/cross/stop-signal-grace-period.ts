import { defineCrossRule } from '../../cross/rule.js';
import { asRecord } from '../../k8s/values.js';
import { containerName, example, imageName, pod, where } from './common.js';

interface Options {
  /** Grace periods below this many seconds count as short. */
  minGracePeriodSeconds: number;
}

const TERM = new Set(['SIGTERM', 'TERM', '15']);
const DOCKERFILE = 'FROM nginx:1.27\nSTOPSIGNAL SIGQUIT\n';

export default defineCrossRule<Options>({
  meta: {
    id: 'cross/stop-signal-grace-period',
    title: 'STOPSIGNAL other than SIGTERM with a short terminationGracePeriodSeconds',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'The container runtime stops a container with the image\'s STOPSIGNAL, and SIGKILL after the pod\'s terminationGracePeriodSeconds. An image that asks for another signal (SIGQUIT for nginx, SIGWINCH for Apache, SIGINT for many language runtimes) usually means "drain gracefully", which takes time; a grace period shorter than that drain kills requests in flight at every rollout. Raise terminationGracePeriodSeconds (the default is 30), or check that the shutdown fits.',
    aliases: {},
    fixable: false,
    defaultOptions: { minGracePeriodSeconds: 30 },
    examples: {
      bad: [example(DOCKERFILE, pod({ pod: '  terminationGracePeriodSeconds: 5\n' }))],
      good: [example(DOCKERFILE, pod({ pod: '  terminationGracePeriodSeconds: 60\n' })), example('FROM nginx:1.27\n', pod({ pod: '  terminationGracePeriodSeconds: 5\n' }))],
    },
  },
  checkCross(context) {
    for (const { object, container, image } of context.containers) {
      const { stopSignal } = image.facts;
      if (!stopSignal || TERM.has(stopSignal.signal.toUpperCase()) || container.kind !== 'containers') continue;
      // A container's own lifecycle.stopSignal (Kubernetes 1.33+) overrides the image's.
      if (asRecord(container.value.lifecycle)?.stopSignal !== undefined) continue;
      const grace = container.pod.spec.terminationGracePeriodSeconds;
      if (typeof grace !== 'number' || grace >= context.options.minGracePeriodSeconds) continue;
      context.reportAt(object, [...container.pod.path, 'terminationGracePeriodSeconds'], {
        message: `Image ${imageName(image)} (container ${containerName(container)}) stops on ${stopSignal.signal} (${where(image, stopSignal.range)}), usually a graceful drain, but the pod allows only ${grace}s before SIGKILL. Raise terminationGracePeriodSeconds to at least ${context.options.minGracePeriodSeconds}, or make sure the shutdown fits.`,
        related: [context.inDockerfile(image, stopSignal.range, `STOPSIGNAL ${stopSignal.signal}`)],
      });
    }
  },
});
