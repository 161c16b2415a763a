import { defineDockerfileRule } from '../../../core/rule.js';
import { eachInstruction } from './util.js';
import { hasFlag, isGitSource, isUrl, pathSources } from './copy-util.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/add-url-without-checksum',
    title: 'ADD downloads a URL without --checksum',
    severity: 'warning',
    category: 'security',
    rationale:
      'Whatever the server returns on the day of the build goes into the image: a compromised or changed download is not noticed. `ADD --checksum=sha256:…` makes the build fail when the content differs. For git sources, pin a commit (`#<sha>`) or pass `--checksum` with the commit.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM alpine:3.20\nADD https://example.com/tool-1.2.tar.gz /opt/\n' }, { code: 'FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#v0.15.0 /src\n' }],
      good: [
        { code: 'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.2.tar.gz /opt/\n' },
        { code: 'FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#1f10b7f1d1dcd0f45d3dfa3ef4d3cb6d55e4c0f7 /src\n' },
      ],
    },
  },
  check(context) {
    for (const instruction of eachInstruction(context.dockerfile)) {
      if (instruction.kind !== 'ADD' || hasFlag(instruction, 'checksum')) continue;
      for (const source of pathSources(instruction)) {
        if (!isUrl(source.value)) continue;
        if (isGitSource(source.value)) {
          if (/#[0-9a-f]{40}(:|$)/.test(source.value)) continue;
          context.report({ message: `ADD fetches the git repository "${source.value}" at a moving ref: pin a commit (#<sha>) or pass --checksum.`, range: source.range });
          continue;
        }
        context.report({ message: `ADD downloads "${source.value}" without --checksum, so a changed or tampered file goes unnoticed: add --checksum=sha256:<digest>.`, range: source.range });
      }
    }
  },
});
