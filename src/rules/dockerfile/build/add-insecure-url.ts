import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction } from './util.js';
import { pathSources } from './copy-util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/add-insecure-url',
    title: 'ADD downloads over plain HTTP',
    severity: 'warning',
    category: 'security',
    rationale:
      'A download over `http://` can be read and replaced by anyone on the network path between the builder and the server. Use `https://` (and `--checksum`).',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM alpine:3.20\nADD http://example.com/tool.tar.gz /opt/\n' }],
      good: [{ code: 'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/\n' }],
    },
  },
  check(context) {
    for (const instruction of eachInstruction(context.dockerfile)) {
      if (instruction.kind !== 'ADD') continue;
      for (const source of pathSources(instruction)) {
        if (!/^(http|ftp):\/\//i.test(source.value) || /^http:\/\/(localhost|127\.0\.0\.1)[:/]/i.test(source.value)) continue;
        const checksum = instruction.flags.some((flag) => flag.name === 'checksum');
        context.report({
          message: `ADD downloads "${source.value}" over an unencrypted connection${checksum ? '' : ' and without --checksum'}: use https://.`,
          range: source.range,
        });
      }
    }
  },
});
