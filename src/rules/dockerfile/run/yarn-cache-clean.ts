import { defineDockerfileRule } from '../../../core/rule.js';
import { checkCleanup, removesUnder } from './packages.js';

const INSTALLING = new Set(['install', 'add']);
/** Bare `yarn` installs, unless it only prints something. */
const INFO_FLAGS = new Set(['--version', '-v', '--help', '-h']);
/** Signs of Yarn 2+ (berry), whose `yarn cache clean` may delete a project cache that Plug'n'Play reads at run time. */
const BERRY = /\.yarnrc\.yml|\.yarn\/|corepack|yarn set version|--immutable|yarnPath|pnp/i;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/yarn-cache-clean',
    title: 'yarn install without yarn cache clean',
    severity: 'info',
    category: 'efficiency',
    rationale:
      'Yarn keeps a copy of every package it fetches in its global cache (/usr/local/share/.cache/yarn in the node images), which stays in the layer next to node_modules and can double its size. End the RUN with `yarn cache clean`, or use a cache mount on the cache folder. Only stages that end up in the final image are checked. The fix is not offered when the Dockerfile shows signs of Yarn 2+ (`.yarnrc.yml`, corepack, `--immutable`), where cleaning may delete a project cache that Plug\'n\'Play needs.',
    aliases: { hadolint: ['DL3060'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM node:22-slim\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\n', output: 'FROM node:22-slim\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile && yarn cache clean\n' },
      ],
      good: [
        { code: 'FROM node:22-slim\nRUN yarn install --frozen-lockfile && yarn cache clean\n' },
        { code: 'FROM node:22-slim\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile\n' },
        { code: 'FROM node:22-slim AS build\nRUN yarn install --frozen-lockfile && yarn build\nFROM nginx:1.27\nCOPY --from=build /dist /usr/share/nginx/html\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    const berry = BERRY.test(context.source.text);
    checkCleanup(context, {
      managers: ['yarn'],
      needles: ['yarn'],
      leavesCache: (command, args) =>
        INSTALLING.has(args.positionals[0]?.value ?? '') ||
        (args.positionals.length === 0 && command.args.length === args.flags.length && !args.flags.some((f) => INFO_FLAGS.has(f.name))),
      cleans: (command, args) =>
        removesUnder(command, args, /\.cache\/yarn(\/.*)?$|\/\.yarn\/(berry\/)?cache(\/.*)?$/) || (command.baseName === 'yarn' && args.positionals[0]?.value === 'cache' && args.positionals[1]?.value === 'clean'),
      cacheDirs: ['/usr/local/share/.cache/yarn', '/root/.cache/yarn', '/root/.yarn/berry/cache', '/home/node/.cache/yarn'],
      cleanupCommand: () => 'yarn cache clean',
      message: () => '`yarn install` leaves the package cache in the layer: end the RUN with `yarn cache clean` (or use a cache mount).',
      fixAllowed: () => !berry,
    });
  },
});
