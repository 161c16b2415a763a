import { defineK8sRule } from '../../../core/rule.js';
import { containersOf } from '../../../k8s/workloads.js';
import { pod } from './snippets.js';
import { containerLabel, recordsOf } from './support.js';

/** Names that say the value is a credential. */
const SECRET_NAME = /(passw(or)?d|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth[_-]?key|client[_-]?secret)/i;
/** Names that hold a pointer to a secret, not the secret itself. */
const NOT_A_SECRET = /(_|^)(file|path|dir|url|uri|endpoint|name|names|ref|id|enabled|enable|disabled|required|header|type|mode|length|ttl|expiry|expiration|timeout|host|port|user|username|policy|location|mount|key_?id|version|tokens|provider|count|size|limit|format|algorithm|namespace|pattern|regex|regexp)$/i;
/** Values that are credentials whatever the variable is called. */
const CREDENTIAL_VALUE = [
  /^AKIA[0-9A-Z]{16}$/, // AWS access key id
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /^gh[pousr]_[A-Za-z0-9]{36,}$/, // GitHub tokens
  /^xox[abprs]-[A-Za-z0-9-]{10,}$/, // Slack tokens
  /^sk_live_[A-Za-z0-9]{16,}$/, // Stripe
  /^glpat-[A-Za-z0-9_-]{20,}$/, // GitLab
];

/** Values that are clearly not a literal credential: references, placeholders, flags, paths. */
function isPlaceholder(value: string, name: string): boolean {
  const v = value.trim();
  return (
    v.toLowerCase() === name.toLowerCase() ||
    /^[A-Z][A-Z0-9_]*$/.test(v) || // an ENV-style placeholder such as API_KEY_VAL
    /(^|[^a-z])(your|insert|replace|placeholder)([^a-z]|$)/i.test(v) ||
    v === '' ||
    /^(true|false|yes|no|on|off|none|null|changeme|change-me|todo|xxx+|\*+|<.*>|\$\(.*\)|\$\{.*\}|\{\{.*\}\})$/i.test(v) ||
    /^\d{1,6}$/.test(v) ||
    v.startsWith('/') ||
    /^[a-z]+:\/\/[^:@]*$/i.test(v)
  );
}

/**
 * Whether `name: value` writes a secret down: `credential` when the value has the shape of a known
 * credential whatever it is called, `named` when the name says secret and the value is not a placeholder.
 */
export function literalSecret(name: string, value: string): 'credential' | 'named' | null {
  if (CREDENTIAL_VALUE.some((pattern) => pattern.test(value.trim()))) return 'credential';
  if (isPlaceholder(value, name)) return null;
  return SECRET_NAME.test(name) && !NOT_A_SECRET.test(name) ? 'named' : null;
}

export default defineK8sRule({
  meta: {
    id: 'k8s/secret-in-env-value',
    title: 'Credential written into an environment variable',
    severity: 'error',
    category: 'security',
    rationale:
      'A password, token or key written as a literal `value:` is in the manifest, in version control, in every copy of the pod spec the API serves, and in `kubectl describe`. Put it in a Secret and reference it with `valueFrom.secretKeyRef` (or mount it as a file). The finding never repeats the value.',
    aliases: { 'kube-linter': ['env-var-secret'], polaris: ['sensitiveContainerEnvVar'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    env:\n      - name: DB_PASSWORD\n        value: hunter2-prod\n') },
        { filename: 'pod.yaml', code: pod('containers:\n  - name: web\n    image: app:1.0\n    env:\n      - name: UPLOAD_ID\n        value: AKIAIOSFODNN7EXAMPLE\n') },
      ],
      good: [
        {
          filename: 'pod.yaml',
          code: pod('containers:\n  - name: web\n    image: app:1.0\n    env:\n      - name: DB_PASSWORD\n        valueFrom:\n          secretKeyRef: {name: db, key: password}\n      - name: DB_PASSWORD_FILE\n        value: /run/secrets/db\n      - name: TOKEN_URL\n        value: https://auth.example.com/token\n'),
        },
      ],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      for (const container of containersOf(object)) {
        for (const { item, index } of recordsOf(container.value.env)) {
          const { name, value } = item;
          if (typeof name !== 'string' || typeof value !== 'string') continue;
          const kind = literalSecret(name, value);
          if (kind === null) continue;
          const path = [...container.path, 'env', index, 'value'];
          context.reportAt(object, path, {
            secrets: [object.locate(path, 'value').range],
            message: `${containerLabel(container)} sets ${name} to a literal ${kind === 'credential' ? 'credential' : 'secret value'} (redacted): store it in a Secret and use valueFrom.secretKeyRef.`,
          });
        }
      }
    }
  },
});
