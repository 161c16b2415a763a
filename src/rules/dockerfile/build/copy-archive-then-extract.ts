import { findCommands } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { isArchive, isUrl } from './copy-util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/copy-archive-then-extract',
    title: 'Archive copied in, then extracted by RUN',
    severity: 'info',
    category: 'efficiency',
    rationale:
      '`COPY app.tar.gz /tmp/` followed by `RUN tar -xzf /tmp/app.tar.gz` stores the archive in one layer and its contents in another, so the image carries both (deleting the archive later does not shrink it). `ADD app.tar.gz /opt/` extracts a local tar archive in one step.',
    aliases: { hadolint: ['DL3010'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM alpine:3.20\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\n' }],
      good: [{ code: 'FROM alpine:3.20\nADD app.tar.gz /opt/\n' }, { code: 'FROM alpine:3.20\nCOPY app.tar.gz /srv/downloads/\n' }],
    },
  },
  usesShell: true,
  check(context) {
    for (const stage of context.dockerfile.stages) {
      stage.instructions.forEach((instruction, index) => {
        if (instruction.kind !== 'COPY' || instruction.flags.some((flag) => flag.name === 'from')) return;
        for (const source of instruction.sources) {
          if (!isArchive(source.value) || isUrl(source.value) || /\.zip$/i.test(source.value)) continue;
          const base = source.value.split('/').pop() ?? '';
          const extracted = stage.instructions.slice(index + 1).some(
            (later) =>
              later.kind === 'RUN' &&
              context.shellScripts(later).some((script) =>
                findCommands(script, 'tar').some((tar) => tar.args.some((word) => (word.value ?? '').endsWith(base)) && tar.args.some((word) => /^-?[a-wyz]*x/.test(word.value ?? '') || word.value === '--extract')),
              ),
          );
          if (!extracted) continue;
          context.report({ message: `"${source.value}" is copied in and then extracted by a RUN, so the image keeps both: use ADD ${source.value} <dir> to extract it in one layer.`, range: source.range });
        }
      });
    }
  },
});
