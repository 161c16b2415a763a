import { PSS_CONTROLS, definePssRule } from '../../../k8s/pss.js';
import { pod } from './snippets.js';

export default definePssRule(PSS_CONTROLS.volumeTypes, {
  id: 'k8s/pss-volume-types',
  title: 'Volume type outside the restricted allow-list',
  severity: 'warning',
  rationale:
    'Volume types that mount node paths or network storage directly (hostPath, nfs, iscsi, rbd, cephfs, gitRepo, the in-tree cloud disks…) bypass the PersistentVolume layer and its access control. The restricted Pod Security Standard allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret.',
  aliases: { pss: ['restrictedVolumes', 'Volume Types'], trivy: ['KSV-0028', 'KSV028'] },
  fixable: false,
  examples: {
    bad: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\nvolumes:\n  - name: data\n    nfs:\n      server: nfs.example.com\n      path: /exports/web\n') }],
    good: [{ filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: nginx:1.27\nvolumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: web-data\n  - name: config\n    configMap:\n      name: web\n') }],
  },
});
