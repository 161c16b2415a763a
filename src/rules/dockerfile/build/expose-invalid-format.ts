import { defineDockerfileRule } from '../../../core/rule.js';
import { exposedPorts } from './expose-util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/expose-invalid-format',
    title: 'EXPOSE with an IP address or host port',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'EXPOSE documents the container\'s ports; which host address and port they are published on is decided at `docker run -p`. The builder drops the IP and host part of `EXPOSE 127.0.0.1:8080:80` (and warns that it will become an error), so the line only misleads. Write the container port alone.',
    aliases: { buildkit: ['ExposeInvalidFormat'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM nginx:1.27\nEXPOSE 8080:80\n', output: 'FROM nginx:1.27\nEXPOSE 80\n' },
        { code: 'FROM nginx:1.27\nEXPOSE 127.0.0.1:8080:80/tcp\n', output: 'FROM nginx:1.27\nEXPOSE 80/tcp\n' },
      ],
      good: [{ code: 'FROM nginx:1.27\nEXPOSE 80/tcp\n' }],
    },
  },
  check(context) {
    for (const { word, host, port, protocol } of exposedPorts(context.dockerfile)) {
      if (host === null) continue;
      const replacement = port + (protocol !== null ? `/${protocol}` : '');
      context.report({
        message: `EXPOSE "${word.value}" names a host ${/[.:\[]/.test(host) ? 'address' : 'port'}, which the builder ignores: expose the container port only ("${replacement}") and publish it with docker run -p.`,
        range: word.range,
        fix: word.raw === word.value && port ? { description: `Write ${replacement}`, edits: [{ span: word.span, text: replacement }] } : undefined,
      });
    }
  },
});
