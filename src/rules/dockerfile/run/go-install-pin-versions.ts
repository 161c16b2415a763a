import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { packageWords } from './packages.js';
import { runCommands } from './support.js';

/** Version queries that move: they name no release. */
const MOVING = new Set(['latest', 'master', 'main', 'HEAD', 'upgrade', 'patch']);

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/go-install-pin-versions',
    title: 'go install without a version',
    severity: 'warning',
    category: 'reliability',
    rationale:
      '`go install example.com/tool@latest` (or `@master`, `@main`) builds whatever is newest on each build, so a rebuild can pull a breaking change or a compromised release. Name the version: `go install example.com/tool@v1.2.3`. A package without `@` is not reported: since Go 1.16 it is resolved through the go.mod of the current module (which pins it), and outside a module the command fails.',
    aliases: { hadolint: ['DL3062'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM golang:1.23\nRUN go install github.com/go-delve/delve/cmd/dlv@latest\n' },
        { code: 'FROM golang:1.23\nRUN go install golang.org/x/tools/cmd/goimports@master\n' },
      ],
      good: [
        { code: 'FROM golang:1.23\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1\n' },
        { code: 'FROM golang:1.23\nCOPY . .\nRUN go install -ldflags "-s -w" ./cmd/... github.com/acme/app/tools/gen\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const { command } of runCommands(context, ['go'], /\bgo\s+install\b/)) {
      const args = parseArgs(command);
      if (args.positionals[0]?.value !== 'install') continue;
      for (const word of packageWords(args)) {
        const name = word.value!;
        const at = name.lastIndexOf('@');
        const query = at > 0 ? name.slice(at + 1) : null;
        if (query === null || !MOVING.has(query)) continue;
        context.report({ message: `\`${name}\` builds whatever is newest: name a version instead of @${query}.`, range: word.range });
      }
    }
  },
});
