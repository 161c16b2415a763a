import { defineCrossRule } from '../../cross/rule.js';
import type { TextEdit } from '../../core/types.js';
import { appendToSequence, renderFlow, setPath, type EditTarget, type EditValue } from '../../k8s/edit.js';
import type { K8sObject, PathSegment } from '../../k8s/model.js';
import { isPlainObject } from '../../k8s/values.js';
import { containerName, example, imageName, pod, where } from './common.js';

interface Options {
  /** Also ask for a writable mount at the image's WORKDIR (for apps that write next to their code). */
  checkWorkdir: boolean;
}

/** Appends items to a sequence, or creates it (in flow style) when it is missing: one edit. */
function appendAll(target: EditTarget, object: K8sObject, path: PathSegment[], items: EditValue[], exists: boolean): TextEdit | null {
  if (!exists) return setPath(target, object, path, items);
  const first = appendToSequence(target, object, path, items[0]);
  if (!first) return null;
  const prefix = first.text.startsWith(target.eol) ? first.text.slice(0, first.text.indexOf('- ') + 2) : ', ';
  return { span: first.span, text: first.text + items.slice(1).map((item) => prefix + renderFlow(item)).join('') };
}

function volumeName(mountPath: string, taken: Set<string>): string {
  const base = mountPath.replace(/^\/+/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'root';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  taken.add(name);
  return name;
}

const DOCKERFILE = 'FROM nginx:1.27\nVOLUME /var/cache/nginx\n';
const READ_ONLY = '      securityContext:\n        readOnlyRootFilesystem: true\n';

export default defineCrossRule<Options>({
  meta: {
    id: 'cross/read-only-root-volume',
    title: 'readOnlyRootFilesystem while the image writes to a VOLUME path with nothing mounted there',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'A VOLUME in the Dockerfile says the image writes there at run time; Docker gives it an anonymous volume, Kubernetes does not. With `readOnlyRootFilesystem: true` and no volume mounted at that path, the writes fail (read-only file system) and the app crashes or misbehaves. Mount a volume there; the suggestion adds an emptyDir for each path. With `checkWorkdir: true` the WORKDIR is treated as written to as well.',
    aliases: {},
    fixable: false,
    defaultOptions: { checkWorkdir: false },
    examples: {
      bad: [example(DOCKERFILE, pod({ container: READ_ONLY }))],
      good: [
        example(DOCKERFILE, pod({ container: `${READ_ONLY}      volumeMounts:\n        - {name: cache, mountPath: /var/cache/nginx}\n`, pod: '  volumes:\n    - {name: cache, emptyDir: {}}\n' })),
        example(DOCKERFILE, pod()),
      ],
    },
  },
  checkCross(context) {
    for (const { object, container, image } of context.containers) {
      const security = container.value.securityContext;
      if (!isPlainObject(security) || security.readOnlyRootFilesystem !== true) continue;
      const mounts = (Array.isArray(container.value.volumeMounts) ? container.value.volumeMounts : []).flatMap((m) => (isPlainObject(m) && typeof m.mountPath === 'string' ? [m.mountPath.replace(/\/+$/, '') || '/'] : []));
      const covered = (p: string) => mounts.some((m) => m === '/' || p === m || p.startsWith(`${m}/`));
      const wanted = image.facts.volumes.map((v) => ({ ...v, why: 'VOLUME' }));
      if (context.options.checkWorkdir && image.facts.workdir && image.facts.workdir.path !== '/') wanted.push({ ...image.facts.workdir, why: 'WORKDIR' });
      const missing = wanted.filter((v, i) => !covered(v.path) && wanted.findIndex((w) => w.path === v.path) === i);
      if (missing.length === 0) continue;
      const target = context.editTarget(object);
      const podVolumes = Array.isArray(container.pod.spec.volumes) ? container.pod.spec.volumes : null;
      const taken = new Set((podVolumes ?? []).flatMap((v) => (isPlainObject(v) && typeof v.name === 'string' ? [v.name] : [])));
      const names = missing.map((v) => volumeName(v.path, taken));
      const mountEdit = appendAll(target, object, [...container.path, 'volumeMounts'], missing.map((v, i) => ({ name: names[i], mountPath: v.path })), Array.isArray(container.value.volumeMounts));
      const volumeEdit = appendAll(target, object, [...container.pod.path, 'volumes'], names.map((name) => ({ name, emptyDir: {} })), podVolumes !== null);
      let edits: TextEdit[] = [];
      if (mountEdit && volumeEdit) {
        // Both may insert at the same point (the container is the pod's last field): one edit keeps their order.
        edits = mountEdit.span.start === volumeEdit.span.start && mountEdit.span.end === volumeEdit.span.end ? [{ span: mountEdit.span, text: mountEdit.text + volumeEdit.text }] : [mountEdit, volumeEdit];
      }
      const list = missing.map((v) => `${v.path} (${v.why} at ${where(image, v.range)})`).join(', ');
      context.reportAt(object, [...container.path, 'securityContext', 'readOnlyRootFilesystem'], {
        message: `Container ${containerName(container)} has a read-only root filesystem, but image ${imageName(image)} writes to ${list} and no volume is mounted there: those writes fail. Mount a volume (an emptyDir) at ${missing.length === 1 ? 'that path' : 'each path'}.`,
        related: missing.map((v) => context.inDockerfile(image, v.range, `${v.why} ${v.path}`)),
        ...(edits.length > 0 ? { suggestions: [{ description: `Mount an emptyDir at ${missing.map((v) => v.path).join(', ')}`, edits }] } : {}),
      });
    }
  },
});
