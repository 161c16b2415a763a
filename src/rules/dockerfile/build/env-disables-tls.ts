import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction, expandAt } from './util.js';

interface Setting {
  /** True when this value turns verification off. */
  disables(value: string): boolean;
  tool: string;
  checkov?: string;
}

const FALSY = (value: string) => /^(0|false|no|off)$/i.test(value.trim());
const SET = (value: string) => value.trim() !== '' && !FALSY(value);

/** Environment variables that switch TLS or signature verification off. */
const SETTINGS: Record<string, Setting> = {
  NODE_TLS_REJECT_UNAUTHORIZED: { disables: (v) => v.trim() === '0', tool: 'Node.js', checkov: 'CKV2_DOCKER_6' },
  PYTHONHTTPSVERIFY: { disables: (v) => v.trim() === '0', tool: 'Python', checkov: 'CKV2_DOCKER_5' },
  NPM_CONFIG_STRICT_SSL: { disables: FALSY, tool: 'npm', checkov: 'CKV2_DOCKER_12' },
  YARN_STRICT_SSL: { disables: FALSY, tool: 'yarn' },
  YARN_ENABLE_STRICT_SSL: { disables: FALSY, tool: 'yarn' },
  GIT_SSL_NO_VERIFY: { disables: SET, tool: 'git', checkov: 'CKV2_DOCKER_14' },
  PIP_TRUSTED_HOST: { disables: (v) => v.trim() !== '', tool: 'pip', checkov: 'CKV2_DOCKER_16' },
  CURL_INSECURE: { disables: SET, tool: 'curl' },
  GOINSECURE: { disables: (v) => v.trim() !== '', tool: 'Go' },
  GONOSUMDB: { disables: (v) => v.trim() !== '', tool: 'Go' },
  GONOSUMCHECK: { disables: SET, tool: 'Go' },
  GOFLAGS: { disables: (v) => /-insecure\b/.test(v), tool: 'Go' },
  GOSUMDB: { disables: (v) => v.trim() === 'off', tool: 'Go' },
  COMPOSER_DISABLE_TLS: { disables: SET, tool: 'Composer' },
  BUNDLE_SSL_VERIFY_MODE: { disables: (v) => v.trim() === '0', tool: 'Bundler' },
  CARGO_HTTP_CHECK_REVOKE: { disables: FALSY, tool: 'Cargo' },
};

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/env-disables-tls',
    title: 'ENV or ARG turns off TLS or checksum verification',
    severity: 'error',
    category: 'security',
    rationale:
      'Variables such as `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `GIT_SSL_NO_VERIFY=1`, `PIP_TRUSTED_HOST` or `NPM_CONFIG_STRICT_SSL=false` make every later download (and, for ENV, the running application) accept any certificate, so a man in the middle can serve code into the image. Install the CA certificate the proxy needs instead.',
    aliases: { checkov: ['CKV2_DOCKER_5', 'CKV2_DOCKER_6', 'CKV2_DOCKER_12', 'CKV2_DOCKER_14', 'CKV2_DOCKER_16'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM node:22-slim\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n' },
        { code: 'FROM python:3.12-slim\nENV PYTHONHTTPSVERIFY=0 PIP_TRUSTED_HOST=pypi.org\n' },
        { code: 'FROM alpine:3.20\nARG GIT_SSL_NO_VERIFY=true\n' },
      ],
      good: [{ code: 'FROM node:22-slim\nENV NODE_TLS_REJECT_UNAUTHORIZED=1 NODE_EXTRA_CA_CERTS=/etc/ssl/certs/corp.pem\n' }, { code: 'FROM alpine:3.20\nENV GIT_SSL_NO_VERIFY=\n' }],
    },
  },
  check(context) {
    const { dockerfile } = context;
    for (const instruction of eachInstruction(dockerfile)) {
      if (instruction.kind !== 'ENV' && instruction.kind !== 'ARG') continue;
      for (const pair of instruction.pairs) {
        const setting = SETTINGS[pair.key.value.toUpperCase()];
        if (!setting || !pair.value) continue;
        const { value, unresolved } = expandAt(dockerfile, instruction, pair.value.raw, dockerfile.escapeChar);
        if (unresolved.length > 0 || !setting.disables(value)) continue;
        context.report({
          message: `${instruction.kind} ${pair.key.value}=${value} turns off certificate or checksum verification for ${setting.tool}: remove it and trust the needed CA certificate instead.`,
          range: pair.range,
        });
      }
    }
  },
});
