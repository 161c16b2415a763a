/**
 * Polaris exemption annotations on objects: `polaris.fairwinds.com/exempt: "true"`
 * (every check) and `polaris.fairwinds.com/<check>-exempt: "true"`.
 */
import type { K8sObject } from '../../k8s/model.js';
import type { RuleRegistry } from '../registry.js';
import type { InlineSuppression } from '../suppressions.js';
import { annotationsOf, ruleReferences } from '../suppressions.js';

/** Polaris check ids are camelCase (`runAsRootAllowed`). */
export const POLARIS_ID_SHAPE = /^[a-z][A-Za-z0-9]*$/;

const PREFIX = 'polaris.fairwinds.com/';

export function polarisSuppressions(object: K8sObject, registry: RuleRegistry): InlineSuppression[] {
  const out: InlineSuppression[] = [];
  for (const [key, value] of Object.entries(annotationsOf(object))) {
    if (!key.startsWith(PREFIX) || !key.endsWith('exempt')) continue;
    if (String(value).trim().toLowerCase() !== 'true') continue;
    const name = key.slice(PREFIX.length);
    const check = name === 'exempt' ? 'all' : name.endsWith('-exempt') ? name.slice(0, -'-exempt'.length) : null;
    if (!check) continue;
    out.push({
      origin: `${PREFIX}${name}`,
      rules: check === 'all' ? 'all' : ruleReferences(check, registry),
      scope: object.node.span,
      location: object.locate(['metadata', 'annotations', key], 'pair').range,
      foreignIdShape: POLARIS_ID_SHAPE,
      tool: 'polaris',
    });
  }
  return out;
}
