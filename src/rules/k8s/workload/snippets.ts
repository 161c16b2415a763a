/** Builders for the rules' example manifests, so each example shows only what matters. */

function indent(lines: string, by: string): string {
  return lines
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');
}

/** A Pod named `web` with the given spec body (written at column 0). */
export function pod(spec: string, metadata = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n${indent(metadata, '  ')}spec:\n${indent(spec, '  ')}`;
}

/** A Deployment named `web` whose pod template has the given spec body. */
export function deployment(podSpec: string, spec = ''): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n${indent(spec, '  ')}  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n${indent(podSpec, '      ')}`;
}

/** A container spec that meets the restricted profile. */
export const RESTRICTED_CONTAINER =
  '- name: web\n  image: nginx:1.27\n  securityContext:\n    allowPrivilegeEscalation: false\n    capabilities:\n      drop: [ALL]\n';

/** A pod securityContext that meets the restricted profile. */
export const RESTRICTED_POD_CONTEXT = 'securityContext:\n  runAsNonRoot: true\n  seccompProfile:\n    type: RuntimeDefault\n';
