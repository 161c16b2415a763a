import { defineDockerfileRule } from '../../../core/rule.js';

const PRAGMA = /^\s*(hadolint\s+(?:global\s+|stage\s+)?ignore=|drydock-ignore(?:-stage|-file)?(?=\s|$)|checkov:skip=|check=skip=)/;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/no-inline-ignore-pragma',
    title: 'Inline ignore comment',
    severity: 'info',
    category: 'maintainability',
    rationale:
      'Teams that want every exception reviewed in one place (the config file or a baseline) can forbid ignore comments in Dockerfiles: `# hadolint ignore=…`, `# drydock-ignore …`, `# checkov:skip=…` and `# check=skip=…`. Off by default, like hadolint\'s DL1001.',
    aliases: { hadolint: ['DL1001'] },
    fixable: false,
    recommended: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM alpine:3.20\n# hadolint ignore=DL3018\nRUN apk add --no-cache curl\n' }],
      good: [{ code: 'FROM alpine:3.20\n# curl for the health check\nRUN apk add --no-cache curl\n' }],
    },
  },
  check(context) {
    for (const comment of context.dockerfile.comments) {
      if (!PRAGMA.test(comment.text)) continue;
      context.report({ message: 'Inline ignore comments are not allowed here: record the exception in the config file instead.', range: comment.range });
    }
  },
});
