import { parseArgs, type ShellCommand } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runMounts, runsMentioning } from './support.js';

interface Tool {
  /** hadolint's id for this tool. */
  id: string;
  names: readonly string[];
  /** Subcommands that download or build (any when empty). */
  verbs: readonly string[];
  /** Mount targets containing one of these hold the tool's cache. */
  cacheHints: readonly string[];
  /** The targets the suggestion mounts. */
  targets: readonly string[];
}

const TOOLS: readonly Tool[] = [
  { id: 'DL3068', names: ['npm'], verbs: ['install', 'ci', 'install-ci-test', 'it', 'i'], cacheHints: ['.npm'], targets: ['/root/.npm'] },
  { id: 'DL3069', names: ['cargo'], verbs: ['build', 'install', 'fetch', 'test', 'check', 'clippy'], cacheHints: ['.cargo'], targets: ['/usr/local/cargo/registry', '/usr/local/cargo/git'] },
  { id: 'DL3070', names: ['go'], verbs: ['build', 'get', 'install', 'test', 'mod'], cacheHints: ['.cache/go-build', 'go/pkg/mod'], targets: ['/root/.cache/go-build', '/go/pkg/mod'] },
  { id: 'DL3071', names: ['mvn', 'mvnw'], verbs: ['install', 'compile', 'package', 'test', 'verify', 'deploy', 'dependency:resolve', 'dependency:go-offline'], cacheHints: ['.m2'], targets: ['/root/.m2'] },
  { id: 'DL3072', names: ['gradle', 'gradlew'], verbs: [], cacheHints: ['.gradle'], targets: ['/root/.gradle'] },
  { id: 'DL3073', names: ['composer'], verbs: ['install', 'update', 'require'], cacheHints: ['composer'], targets: ['/root/.composer/cache'] },
  { id: 'DL3074', names: ['dotnet', 'nuget'], verbs: ['restore', 'build', 'publish', 'test'], cacheHints: ['.nuget'], targets: ['/root/.nuget/packages'] },
  { id: 'DL3075', names: ['pnpm'], verbs: ['install', 'add', 'fetch', 'i'], cacheHints: ['pnpm'], targets: ['/root/.local/share/pnpm/store'] },
  { id: 'DL3076', names: ['mix'], verbs: ['deps.get', 'deps.compile', 'compile'], cacheHints: ['.hex', '.mix'], targets: ['/root/.hex', '/root/.mix'] },
];

function usesTool(command: ShellCommand, tool: Tool): boolean {
  if (!command.baseName || !tool.names.includes(command.baseName)) return false;
  return tool.verbs.length === 0 || tool.verbs.includes(parseArgs(command).positionals[0]?.value ?? '');
}

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/use-cache-mount',
    title: 'Dependency download without a BuildKit cache mount',
    severity: 'info',
    category: 'efficiency',
    rationale:
      'npm, cargo, go, Maven, Gradle, Composer, NuGet, pnpm and Mix download every dependency again whenever their layer is rebuilt. A cache mount (`RUN --mount=type=cache,target=/root/.npm npm ci`) keeps their download cache on the builder between builds and out of the image. This is an optimisation for BuildKit builds, off in the recommended preset; the suggestion adds the mount, and is not applied by --fix because it changes how the build runs. hadolint\'s DL3077 (a cache mount on /usr/local/bundle for gem and bundler) is deliberately not included: in the official Ruby images that directory is GEM_HOME, where the gems themselves are installed, so the mount would leave them out of the image.',
    aliases: { hadolint: TOOLS.map((tool) => tool.id) },
    fixable: false,
    recommended: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM node:22\nCOPY package*.json ./\nRUN npm ci\n' },
        { code: 'FROM golang:1.23\nCOPY . .\nRUN go build -o /app .\n' },
      ],
      good: [
        { code: 'FROM node:22\nCOPY package*.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\n' },
        { code: 'FROM golang:1.23\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod go build -o /app .\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    const names = TOOLS.flatMap((tool) => tool.names);
    for (const instruction of runsMentioning(context, new RegExp(`\\b(${names.join('|')})\\b`))) {
      const targets = runMounts(instruction).flatMap((m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target ? [m.target] : []);
      const commands = context.shellScripts(instruction).flatMap((script) => script.commands);
      for (const tool of TOOLS) {
        const command = commands.find((c) => usesTool(c, tool));
        if (!command || targets.some((target) => tool.cacheHints.some((hint) => target.includes(hint)))) continue;
        const mounts = tool.targets.map((target) => `--mount=type=cache,target=${target}`).join(' ');
        context.report({
          message: `\`${command.baseName}\` downloads its dependencies again on every rebuild of this layer: add \`${mounts}\` to the RUN.`,
          range: command.range,
          suggestions: instruction.onbuild ? undefined : [{ description: `Add ${mounts}`, edits: [{ span: { start: instruction.keywordNode.span.end, end: instruction.keywordNode.span.end }, text: ` ${mounts}` }] }],
        });
      }
    }
  },
});
