import { defineK8sRule } from '../../../core/rule.js';
import { asRecord } from '../../../k8s/values.js';
import { literalSecret } from './secret-in-env-value.js';

/** `jwt.signingSecret` → `jwt_signing_Secret`: ConfigMap keys in the env-var shape the secret heuristics read. */
function asVariableName(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[.-]/g, '_');
}

export default defineK8sRule({
  meta: {
    id: 'k8s/secret-in-configmap',
    title: 'Credential stored in a ConfigMap',
    severity: 'warning',
    category: 'security',
    rationale:
      'ConfigMaps are meant for configuration anyone with read access to the namespace may see: RBAC roles commonly grant `get` on ConfigMaps but not on Secrets, encryption at rest is usually configured for Secrets only, and ConfigMaps show up in plain text in dashboards and `kubectl describe`. A password, token or private key belongs in a Secret. The rule looks at keys whose name says secret and whose value is a single literal line (not a placeholder, path or URL), and at values shaped like a known credential (private key blocks, AWS, GitHub, GitLab, Slack and Stripe keys) anywhere in the data. The finding never repeats the value.',
    aliases: { polaris: ['sensitiveConfigmapContent'], trivy: ['KSV-01010', 'KSV01010', 'KSV-0109', 'KSV109'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { filename: 'cm.yaml', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  LOG_LEVEL: info\n  DB_PASSWORD: s3cr3t-prod\n' },
        { filename: 'cm.yaml', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tls\ndata:\n  server.key: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEowIBAAKCAQEA7\n    -----END RSA PRIVATE KEY-----\n' },
      ],
      good: [
        {
          filename: 'cm.yaml',
          code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  DB_PASSWORD_FILE: /run/secrets/db\n  tokenUrl: https://auth.example.com/token\n  auth.secret-name: app-credentials\n  app.properties: |\n    password.min-length=12\n',
        },
      ],
    },
  },
  check(context) {
    for (const object of context.k8s.objects) {
      if (object.kind !== 'ConfigMap' || object.apiVersion !== 'v1') continue;
      for (const [key, value] of Object.entries(asRecord(object.value.data) ?? {})) {
        if (typeof value !== 'string') continue;
        const kind = literalSecret(asVariableName(key), value);
        // A multi-line value is a config file: only a credential's own shape counts there, not the key's name.
        if (kind === null || (kind === 'named' && value.trim().includes('\n'))) continue;
        const path = ['data', key];
        context.reportAt(object, path, {
          part: 'key',
          secrets: [object.locate(path, 'value').range],
          message: `ConfigMap${object.name ? ` "${object.name}"` : ''} holds ${kind === 'credential' ? 'a credential' : 'what looks like a secret'} under "${key}" (redacted): move it to a Secret and mount or reference that instead.`,
        });
      }
    }
  },
});
