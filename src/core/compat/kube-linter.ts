/**
 * kube-linter compatibility: its annotations on objects
 * (`ignore-check.kube-linter.io/<check>: "reason"`, `kube-linter.io/ignore-all`)
 * and its config file (`.kube-linter.yaml`: `checks.include`, `exclude`,
 * `addAllBuiltIn`, `doNotAutoAddDefaults`, `ignorePaths`).
 */
import type { K8sObject } from '../../k8s/model.js';
import type { RuleRegistry } from '../registry.js';
import type { InlineSuppression } from '../suppressions.js';
import { annotationsOf, ruleReferences } from '../suppressions.js';
import { foreignRuleSettings, readYamlMapping, type ForeignConfig } from './foreign-config.js';

export const KUBE_LINTER_CONFIG_FILE_NAMES = ['.kube-linter.yaml', '.kube-linter.yml'];

/** kube-linter's check names are kebab-case. */
export const KUBE_LINTER_ID_SHAPE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const IGNORE_CHECK_PREFIX = 'ignore-check.kube-linter.io/';
const IGNORE_ALL = 'kube-linter.io/ignore-all';

export function kubeLinterSuppressions(object: K8sObject, registry: RuleRegistry): InlineSuppression[] {
  const out: InlineSuppression[] = [];
  for (const [key, value] of Object.entries(annotationsOf(object))) {
    const check = key.startsWith(IGNORE_CHECK_PREFIX) ? key.slice(IGNORE_CHECK_PREFIX.length) : key === IGNORE_ALL ? 'all' : null;
    if (check === null) continue;
    const reason = typeof value === 'string' ? value.trim() : '';
    out.push({
      origin: check === 'all' ? IGNORE_ALL : `${IGNORE_CHECK_PREFIX}${check}`,
      rules: check === 'all' ? 'all' : ruleReferences(check, registry),
      scope: object.node.span,
      ...(reason ? { justification: reason } : {}),
      location: object.locate(['metadata', 'annotations', key], 'pair').range,
      foreignIdShape: KUBE_LINTER_ID_SHAPE,
      tool: 'kube-linter',
    });
  }
  return out;
}

export function parseKubeLinterConfig(file: string, text: string, registry: RuleRegistry): ForeignConfig {
  const { data, locate } = readYamlMapping(file, text);
  const config: ForeignConfig = { rules: new Map(), warnings: [], domain: 'k8s' };
  const settings = foreignRuleSettings(registry, config, KUBE_LINTER_ID_SHAPE, 'kube-linter', locate);
  for (const key of Object.keys(data)) {
    if (key !== 'checks') config.warnings.push(`${locate.where(key)}: kube-linter setting "${key}" is not used by drydock`);
  }
  const checks = data.checks ?? {};
  if (typeof checks !== 'object' || checks === null || Array.isArray(checks)) throw locate.error('checks', '`checks` must be a mapping');
  const entries = checks as Record<string, unknown>;
  for (const [key, value] of Object.entries(entries)) {
    switch (key) {
      case 'addAllBuiltIn':
        config.allRules = value === true;
        break;
      case 'doNotAutoAddDefaults':
        config.onlyListed = value === true;
        break;
      case 'include':
      case 'exclude':
        break;
      case 'ignorePaths':
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw locate.error(`checks.${key}`, '`checks.ignorePaths` must be a list of globs');
        config.ignore = value as string[];
        break;
      default:
        config.warnings.push(`${locate.where(`checks.${key}`)}: kube-linter setting "checks.${key}" is not used by drydock`);
    }
  }
  // Exclusions win over inclusions, as in kube-linter.
  if (entries.include !== undefined) settings.setMany(entries.include, 'checks.include', (rule) => ({ severity: rule.meta.severity }));
  if (entries.exclude !== undefined) settings.setMany(entries.exclude, 'checks.exclude', { severity: 'off' });
  return config;
}
