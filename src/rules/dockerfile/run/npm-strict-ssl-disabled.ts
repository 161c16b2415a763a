import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runCommands } from './support.js';

const OFF = /^(false|0|no|off)$/i;
const KEYS = /^(strict-ssl|strict_ssl|enableStrictSsl)$/;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/npm-strict-ssl-disabled',
    title: 'npm or yarn with strict-ssl disabled',
    severity: 'error',
    category: 'security',
    rationale:
      '`strict-ssl false` (`npm config set strict-ssl false`, `--strict-ssl=false`, `yarn config set strict-ssl false`, `enableStrictSsl: false`) makes npm, yarn and pnpm accept any certificate from the registry, so anyone on the network path can serve the packages — and their install scripts run during the build. Trust the registry\'s CA with `npm config set cafile` instead. `NODE_TLS_REJECT_UNAUTHORIZED=0` on the command line is reported too.',
    aliases: { checkov: ['CKV2_DOCKER_13'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM node:22-slim\nRUN npm config set strict-ssl false && npm ci\n' },
        { code: 'FROM node:22-slim\nRUN yarn install --frozen-lockfile --strict-ssl=false\n' },
        { code: 'FROM node:22-slim\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci\n' },
      ],
      good: [{ code: 'FROM node:22-slim\nRUN npm config set cafile /etc/ssl/certs/internal-ca.pem && npm ci\n' }],
    },
  },
  usesShell: true,
  check(context) {
    const message = 'strict-ssl off makes the package manager accept any registry certificate: trust the registry\'s CA (`cafile`) instead.';
    for (const { command } of runCommands(context, ['npm', 'yarn', 'pnpm', 'npx'], /strict|Strict|TLS_REJECT/)) {
      const args = parseArgs(command);
      for (const flag of args.flags) {
        if ((flag.name === '--strict-ssl' && flag.value !== null && OFF.test(flag.value)) || flag.name === '--no-strict-ssl') context.report({ message, range: flag.word.range });
      }
      const words = args.positionals;
      for (let i = 0; i < words.length; i++) {
        const value = words[i].value ?? '';
        const [key, inline] = value.includes('=') ? value.split('=', 2) : [value, words[i + 1]?.value ?? ''];
        if (KEYS.test(key) && OFF.test(inline) && words.slice(0, i).some((w) => w.value === 'set')) context.report({ message, range: words[i].range });
      }
      for (const assignment of command.assignments) {
        if (assignment.name === 'NODE_TLS_REJECT_UNAUTHORIZED' && assignment.value?.value === '0') {
          context.report({ message: '`NODE_TLS_REJECT_UNAUTHORIZED=0` turns off certificate checks for every TLS connection Node makes: trust the CA with `NODE_EXTRA_CA_CERTS` instead.', range: assignment.range });
        }
        if (/^(npm_config_strict_ssl|NPM_CONFIG_STRICT_SSL)$/.test(assignment.name) && OFF.test(assignment.value?.value ?? '')) context.report({ message, range: assignment.range });
      }
    }
  },
});
