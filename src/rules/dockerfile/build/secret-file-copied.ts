import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction } from './util.js';
import { isUrl, pathSources } from './copy-util.js';

/** Basenames (or path tails) of files that hold credentials. */
const SECRET_FILES: { pattern: RegExp; what: string }[] = [
  { pattern: /(^|\/)id_(rsa|dsa|ecdsa|ed25519)$/, what: 'an SSH private key' },
  { pattern: /(^|\/)\.ssh(\/|$)/, what: 'an SSH folder' },
  { pattern: /\.key$/i, what: 'a private key' },
  { pattern: /\.(p12|pfx|jks|keystore)$/i, what: 'a key store' },
  { pattern: /(^|\/)\.env(\.(?!example$|sample$|template$|dist$|defaults?$)[\w.-]+)?$/, what: 'a .env file' },
  { pattern: /(^|\/)\.(npmrc|pypirc|netrc|git-credentials|dockercfg)$/, what: 'a file that usually holds registry or git credentials' },
  { pattern: /(^|\/)(\.kube\/config|kubeconfig(\.ya?ml)?)$/, what: 'a kubeconfig' },
  { pattern: /(^|\/)\.aws\/credentials$|(^|\/)\.aws\/?$/, what: 'AWS credentials' },
  { pattern: /(^|\/)\.docker\/config\.json$/, what: 'Docker registry credentials' },
  { pattern: /(^|\/)(credentials|service-account|gcp-key|secrets?)\.json$/i, what: 'a credentials file' },
  { pattern: /(^|\/)\.htpasswd$/, what: 'a password file' },
];

/** Any of SECRET_FILES (case-insensitively, so it may say yes where none does): one test for the many sources that are none. */
const ANY_SECRET_FILE = new RegExp(SECRET_FILES.map(({ pattern }) => `(?:${pattern.source})`).join('|'), 'i');

/** A `.pem` is a secret when its name does not say it is a certificate. */
const PRIVATE_PEM = /\.pem$/i;
const CERTIFICATE_NAME = /(cert|crt|ca|chain|bundle|root|pub|public|trust|fullchain)/i;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/secret-file-copied',
    title: 'Secret file copied into the image',
    severity: 'error',
    category: 'security',
    rationale:
      'A private key, `.env`, `.npmrc`, `.pypirc`, kubeconfig or cloud credentials file copied into a layer stays in the image for anyone who pulls it, even when a later RUN deletes it. Mount it only for the step that needs it (`RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci`) and list it in .dockerignore. The judgement is made from the source names.',
    aliases: { trivy: ['DS-0031', 'DS031'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM node:22-slim\nCOPY .npmrc package.json /app/\n' },
        { code: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\n' },
        { code: 'FROM alpine:3.20\nADD certs/server.key /etc/ssl/private/\n' },
        { code: 'FROM node:22-slim\nCOPY .env /app/.env\n' },
      ],
      good: [
        { code: 'FROM node:22-slim\nCOPY package.json .env.example /app/\n' },
        { code: 'FROM alpine:3.20\nCOPY certs/ca-bundle.pem /usr/local/share/ca-certificates/\n' },
        { code: 'FROM node:22-slim\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n' },
      ],
    },
  },
  check(context) {
    for (const instruction of eachInstruction(context.dockerfile)) {
      if ((instruction.kind !== 'COPY' && instruction.kind !== 'ADD') || instruction.flags.some((flag) => flag.name === 'from')) continue;
      for (const source of pathSources(instruction)) {
        const value = source.value.replace(/\/+$/, '');
        if (isUrl(value)) continue;
        let what = ANY_SECRET_FILE.test(value) ? SECRET_FILES.find((entry) => entry.pattern.test(value))?.what : undefined;
        if (!what && PRIVATE_PEM.test(value) && !CERTIFICATE_NAME.test(value.split('/').pop() ?? '')) what = 'a PEM file that may hold a private key';
        if (!what) continue;
        context.report({
          message: `"${source.value}" looks like ${what}: a copied secret stays in the image layers; mount it with RUN --mount=type=secret for the step that needs it.`,
          range: source.range,
        });
      }
    }
  },
});
