import { defineCrossRule } from '../../cross/rule.js';
import { runsAsRoot } from '../../cross/image-facts.js';
import { containerName, effectiveSecurity, example, imageName, pod, where } from './common.js';

interface Options {
  /** Report (as info) when the image's user cannot be known: set by a base image outside the file, or by a build argument. */
  reportUnknownUser: boolean;
}

const NON_ROOT = '  securityContext:\n    runAsNonRoot: true\n';

export default defineCrossRule<Options>({
  meta: {
    id: 'cross/run-as-non-root-image-user',
    title: 'runAsNonRoot on an image that runs as root or as a user name',
    severity: 'error',
    category: 'correctness',
    rationale:
      'With `runAsNonRoot: true` and no `runAsUser`, the kubelet checks the user the image names before it starts the container. When that user is root (USER root, USER 0, or no USER on scratch) it refuses with CreateContainerConfigError ("container has runAsNonRoot and image will run as root"); when it is a name (USER app) it cannot tell whether the name is root and refuses too ("image has non-numeric user"). The pod never starts, although each file passes its own linter. Set `runAsUser` to a non-zero uid in the pod, or end the Dockerfile with a numeric non-root USER. When the Dockerfile sets no USER and its base image is outside the file, drydock does not guess the base image\'s user: it says so as info (turn that off with `reportUnknownUser: false`).',
    aliases: {},
    fixable: false,
    defaultOptions: { reportUnknownUser: true },
    examples: {
      bad: [
        example('FROM debian:12\nRUN useradd -u 10001 app\nUSER root\nCMD ["/app"]\n', pod({ pod: NON_ROOT })),
        example('FROM debian:12\nRUN useradd -u 10001 app\nUSER app\nCMD ["/app"]\n', pod({ pod: NON_ROOT })),
      ],
      good: [
        example('FROM debian:12\nRUN useradd -u 10001 app\nUSER 10001\nCMD ["/app"]\n', pod({ pod: NON_ROOT })),
        example('FROM debian:12\nRUN useradd -u 10001 app\nUSER app\nCMD ["/app"]\n', pod({ pod: '  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001\n' })),
      ],
    },
  },
  checkCross(context) {
    for (const { object, container, image } of context.containers) {
      const nonRoot = effectiveSecurity(container, 'runAsNonRoot');
      if (nonRoot?.value !== true) continue;
      // A runAsUser wins over the image's USER: the kubelet checks that one instead (k8s/run-as-non-root reports uid 0).
      if (effectiveSecurity(container, 'runAsUser')) continue;
      const { user } = image.facts;
      const name = `${imageName(image)} (container ${containerName(container)})`;
      if (runsAsRoot(user)) {
        const what = user.kind === 'set' ? `USER ${user.user} at ${where(image, user.range)}` : `no USER on scratch, ${where(image, user.range)}`;
        context.reportAt(object, nonRoot.path, {
          message: `runAsNonRoot is true but image ${name} runs as root (${what}) and no runAsUser is set: the kubelet refuses to start the container (CreateContainerConfigError). Set a non-zero runAsUser, or end the Dockerfile with a numeric non-root USER.`,
          related: [context.inDockerfile(image, user.range, user.kind === 'set' ? 'the image runs as root here' : 'the image starts from scratch and sets no USER: root')],
        });
      } else if (user.kind === 'set' && user.uid === null) {
        context.reportAt(object, nonRoot.path, {
          message: `runAsNonRoot is true but image ${name} runs as user "${user.user}" (${where(image, user.range)}), a name the kubelet cannot check: it refuses to start the container ("image has non-numeric user"). Set runAsUser to that user's uid, or use a numeric USER in the Dockerfile.`,
          related: [context.inDockerfile(image, user.range, `USER ${user.user} is not numeric`)],
        });
      } else if (user.kind === 'unknown' && context.options.reportUnknownUser) {
        context.reportAt(object, nonRoot.path, {
          severity: 'info',
          message: `runAsNonRoot is true and image ${name} gets its user from outside its Dockerfile (${user.reason}), which drydock cannot see: if that user is root or a name, the container will not start. Set runAsUser, or a numeric USER in ${image.dockerfile}.`,
          related: [context.inDockerfile(image, user.range, 'the user comes from here')],
        });
      }
    }
  },
});
