import { defineK8sRule } from '../../../core/rule.js';
import { hostPathVolumes } from './host-mounts.js';
import { pod } from './snippets.js';

const RUNTIME_SOCKETS = /(^|\/)(docker|containerd|crio|cri-dockerd|podman)\.sock$/;

export default defineK8sRule({
  meta: {
    id: 'k8s/container-runtime-socket',
    title: 'Container runtime socket mounted',
    severity: 'error',
    category: 'security',
    rationale:
      'Whoever can talk to the Docker, containerd or CRI-O socket can start a privileged container on the node and mount its root filesystem: mounting the socket hands out root on the node. Build images with a rootless builder (BuildKit rootless, kaniko) instead.',
    aliases: { 'kube-linter': ['docker-sock'], checkov: ['CKV_K8S_27'], trivy: ['KSV-0006', 'KSV006'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: ci\n    image: docker:27\nvolumes:\n  - name: docker\n    hostPath:\n      path: /var/run/docker.sock\n') }],
      good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: ci\n    image: docker:27\nvolumes:\n  - name: cache\n    emptyDir: {}\n') }],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const volume of hostPathVolumes(object)) {
        if (!RUNTIME_SOCKETS.test(volume.hostPath)) continue;
        context.reportAt(object, volume.pathField, {
          message: `Volume "${volume.name}" mounts the container runtime socket ${volume.hostPath}, which gives root on the node: remove it.`,
        });
      }
    }
  },
});
