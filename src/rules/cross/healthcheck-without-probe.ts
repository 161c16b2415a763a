import { defineCrossRule } from '../../cross/rule.js';
import type { HealthcheckFact } from '../../cross/image-facts.js';
import { setPath, type EditValue } from '../../k8s/edit.js';
import { containerName, example, imageName, pod, where } from './common.js';

/** The exec liveness probe that does what the HEALTHCHECK does. */
export function probeFor(healthcheck: HealthcheckFact): { [key: string]: EditValue } {
  const whole = (seconds: number) => Math.max(1, Math.ceil(seconds));
  const probe: { [key: string]: EditValue } = {
    exec: { command: healthcheck.command },
    periodSeconds: whole(healthcheck.intervalSeconds),
    timeoutSeconds: whole(healthcheck.timeoutSeconds),
    failureThreshold: healthcheck.retries,
  };
  if (healthcheck.startPeriodSeconds > 0) probe.initialDelaySeconds = whole(healthcheck.startPeriodSeconds);
  return probe;
}

const DOCKERFILE = 'FROM node:22\nHEALTHCHECK --interval=10s --timeout=3s --retries=5 --start-period=20s CMD ["curl", "-f", "http://localhost:8080/health"]\nCMD ["node", "server.js"]\n';

export default defineCrossRule({
  meta: {
    id: 'cross/healthcheck-without-probe',
    title: 'HEALTHCHECK that Kubernetes ignores, with no probe in the manifest',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'Kubernetes does not run an image\'s HEALTHCHECK: only the container\'s probes count. A Dockerfile with a HEALTHCHECK says how to tell the app is healthy, and a container without any probe throws that away, so a hung process keeps receiving traffic and is never restarted. The suggestion adds the equivalent exec livenessProbe (interval → periodSeconds, timeout → timeoutSeconds, retries → failureThreshold, start period → initialDelaySeconds); it is offered, not applied by --fix, since a liveness probe restarts containers. An HTTP or TCP probe is usually cheaper than running a command.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [example(DOCKERFILE, pod())],
      good: [
        example(DOCKERFILE, pod({ container: '      livenessProbe:\n        httpGet: {path: /health, port: 8080}\n' })),
        example('FROM node:22\nHEALTHCHECK NONE\nCMD ["node", "server.js"]\n', pod()),
      ],
    },
  },
  checkCross(context) {
    for (const { object, container, image } of context.containers) {
      const { healthcheck } = image.facts;
      if (!healthcheck || container.kind !== 'containers') continue;
      if (['livenessProbe', 'readinessProbe', 'startupProbe'].some((key) => container.value[key] !== undefined && container.value[key] !== null)) continue;
      const edit = setPath(context.editTarget(object), object, [...container.path, 'livenessProbe'], probeFor(healthcheck));
      context.reportAt(object, [...container.path, 'image'], {
        message: `Image ${imageName(image)} has a HEALTHCHECK (${where(image, healthcheck.range)}) that Kubernetes ignores, and container ${containerName(container)} has no probe: nothing restarts it when it hangs. Add a livenessProbe (the suggestion maps the HEALTHCHECK to an exec probe).`,
        related: [context.inDockerfile(image, healthcheck.range, 'the HEALTHCHECK Kubernetes does not run')],
        ...(edit ? { suggestions: [{ description: 'Add the HEALTHCHECK as an exec livenessProbe', edits: [edit] }] } : {}),
      });
    }
  },
});
