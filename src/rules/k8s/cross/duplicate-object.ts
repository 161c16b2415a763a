import path from 'node:path';
import { defineK8sProjectRule } from '../../../core/project.js';
import type { K8sObject } from '../../../k8s/model.js';
import { builtinGroups, groupOf } from '../../../k8s/schema/data.js';

interface Options {
  /**
   * Where two definitions count as the same object: `file` (default: certain
   * mistakes), `directory` (files in one folder, as `kubectl apply -f folder/`
   * sends them; kustomize patches and alternative variants of an example then
   * clash), or `project` (every file linted; environments in sibling folders clash too).
   */
  scope: 'file' | 'directory' | 'project';
}

/** kind/namespace/name, with the group for custom resources (apps/v1 and extensions/v1beta1 Deployments are one resource). */
function identity(object: K8sObject, scope: Options['scope']): string | null {
  if (object.name === null) return null;
  const group = groupOf(object.apiVersion);
  const where = scope === 'file' ? object.file : scope === 'directory' ? path.dirname(object.file) : '';
  return `${where}\0${builtinGroups().has(group) ? '' : group}\0${object.kind}\0${object.namespace ?? ''}\0${object.name}`;
}

const CM = '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  level: info\n';

export default defineK8sProjectRule<Options>({
  meta: {
    id: 'k8s/duplicate-object',
    title: 'The same object is defined twice',
    severity: 'error',
    category: 'correctness',
    rationale:
      'Two definitions of the same kind, namespace and name are applied one over the other: the last one wins and the first one\'s settings are silently lost, or `kubectl apply` reports a conflict. Usually a copy-paste that kept the name.',
    aliases: {},
    fixable: false,
    defaultOptions: { scope: 'file' },
    examples: {
      bad: [{ filename: 'app.yaml', code: CM + CM }],
      good: [{ filename: 'app.yaml', code: CM + CM.replace('settings', 'settings-v2') }],
    },
  },
  checkProject(context) {
    const first = new Map<string, K8sObject>();
    for (const object of context.index.objects) {
      const key = identity(object, context.options.scope);
      if (key === null) continue;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, object);
        continue;
      }
      const where = earlier.file === object.file ? `line ${earlier.locate('metadata.name').range.start.line}` : `${earlier.file}:${earlier.locate('metadata.name').range.start.line}`;
      context.reportAt(object, ['metadata', 'name'], {
        message: `${object.kind} "${object.name}"${object.namespace ? ` in namespace "${object.namespace}"` : ''} is already defined at ${where}; one definition replaces the other.`,
        related: [context.relatedAt(earlier, ['metadata', 'name'], 'the first definition')],
      });
    }
  },
});
