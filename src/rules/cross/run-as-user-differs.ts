import { defineCrossRule } from '../../cross/rule.js';
import { effectiveSecurity, example, imageName, pod, where } from './common.js';

const DOCKERFILE = 'FROM debian:12\nRUN useradd -u 10001 app && mkdir /data && chown 10001 /data\nUSER 10001:10001\n';

export default defineCrossRule({
  meta: {
    id: 'cross/run-as-user-differs',
    title: 'runAsUser or runAsGroup differs from the image\'s numeric USER',
    severity: 'info',
    category: 'correctness',
    rationale:
      'The Dockerfile gives files to the user it names (`chown 10001`, `USER 10001`). A runAsUser or runAsGroup that names another id runs the process as someone who may not own those files: writes to the app\'s own folders fail with "permission denied" only at run time. Often deliberate (a platform-wide uid, with fsGroup), so this is information: check that the image works as that user, or align the two.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [example(DOCKERFILE, pod({ pod: '  securityContext:\n    runAsUser: 1000\n' }))],
      good: [example(DOCKERFILE, pod({ pod: '  securityContext:\n    runAsUser: 10001\n    runAsGroup: 10001\n' })), example('FROM debian:12\nUSER app\n', pod({ pod: '  securityContext:\n    runAsUser: 1000\n' }))],
    },
  },
  checkCross(context) {
    for (const { object, container, image } of context.containers) {
      const { user } = image.facts;
      if (user.kind !== 'set') continue;
      const checks = [
        { key: 'runAsUser', image: user.uid, label: 'uid' },
        { key: 'runAsGroup', image: user.gid, label: 'gid' },
      ] as const;
      for (const check of checks) {
        if (check.image === null) continue;
        const set = effectiveSecurity(container, check.key);
        if (!set || typeof set.value !== 'number' || set.value === check.image) continue;
        context.reportAt(object, set.path, {
          message: `${check.key} ${set.value} differs from the ${check.label} ${check.image} that image ${imageName(image)} runs as (USER at ${where(image, user.range)}): files the image gave to ${check.image} may not be writable. Check that this is intended.`,
          related: [context.inDockerfile(image, user.range, `the image's USER (${check.label} ${check.image})`)],
        });
      }
    }
  },
});
