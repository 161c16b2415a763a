import type { CopyInstruction, Instruction, RunInstruction, Stage } from '../../../dockerfile/ast.js';
import { effectiveCommands, hasFlag, positionalArgs, type ShellCommand, type ShellScript } from '../../../dockerfile/shell.js';
import { defineDockerfileRule, type DockerfileRuleContext } from '../../../core/rule.js';
import type { Fix } from '../../../core/types.js';
import { unquotedShellText } from '../run/support.js';
import { lineSpanOf, textOf } from './util.js';

interface Install {
  /** What the install is, for messages: `npm ci`. */
  label: string;
  /** The files to copy before it. */
  manifests: string[];
}

/** The commands installOf knows (checked first: most commands are none of them). */
const INSTALLERS = new Set(['npm', 'yarn', 'pnpm', 'pip', 'pip3', 'poetry', 'pipenv', 'uv', 'bundle', 'bundler', 'go', 'mvn', 'mvnw', 'gradle', 'gradlew', 'composer', 'cargo', 'dotnet']);

const NAMES_INSTALLER = new RegExp(`\\b(${[...INSTALLERS].join('|')})\\b`);

/** A dependency install that needs only manifest files, or null. */
function installOf(command: ShellCommand): Install | null {
  const name = command.baseName;
  if (name === null || !INSTALLERS.has(name)) return null;
  const words = positionalArgs(command).map((word) => word.value ?? '');
  const sub = words[0] ?? '';
  switch (name) {
    case 'npm':
      if (sub === 'ci' || ((sub === 'install' || sub === 'i') && words.length === 1)) return { label: `npm ${sub}`, manifests: ['package.json', 'package-lock.json'] };
      return null;
    case 'yarn':
      if (words.length === 0 || (sub === 'install' && words.length === 1)) return { label: words.length ? 'yarn install' : 'yarn', manifests: ['package.json', 'yarn.lock'] };
      return null;
    case 'pnpm':
      if ((sub === 'install' || sub === 'i') && words.length === 1) return { label: 'pnpm install', manifests: ['package.json', 'pnpm-lock.yaml'] };
      return null;
    case 'pip':
    case 'pip3': {
      if (sub !== 'install') return null;
      const requirement = command.args.find((word, i) => i > 0 && ['-r', '--requirement'].includes(command.args[i - 1].value ?? ''));
      const inline = command.args.map((word) => /^--requirement=(.+)$/.exec(word.value ?? '')?.[1]).find(Boolean);
      const file = requirement?.value ?? inline;
      return file ? { label: `pip install -r ${file}`, manifests: [file] } : null;
    }
    case 'poetry':
      return sub === 'install' ? { label: 'poetry install', manifests: ['pyproject.toml', 'poetry.lock'] } : null;
    case 'pipenv':
      return sub === 'install' || sub === 'sync' ? { label: `pipenv ${sub}`, manifests: ['Pipfile', 'Pipfile.lock'] } : null;
    case 'uv':
      return sub === 'sync' ? { label: 'uv sync', manifests: ['pyproject.toml', 'uv.lock'] } : null;
    case 'bundle':
    case 'bundler':
      return sub === 'install' || words.length === 0 ? { label: 'bundle install', manifests: ['Gemfile', 'Gemfile.lock'] } : null;
    case 'go':
      return sub === 'mod' && words[1] === 'download' ? { label: 'go mod download', manifests: ['go.mod', 'go.sum'] } : null;
    case 'mvn':
    case 'mvnw':
      return words.some((w) => /^dependency:(go-offline|resolve|resolve-plugins)$/.test(w)) ? { label: 'mvn dependency:go-offline', manifests: ['pom.xml'] } : null;
    case 'gradle':
    case 'gradlew':
      return words.includes('dependencies') || hasFlag(command, '--refresh-dependencies') ? { label: 'gradle dependencies', manifests: ['build.gradle*', 'settings.gradle*', 'gradle/'] } : null;
    case 'composer':
      return sub === 'install' ? { label: 'composer install', manifests: ['composer.json', 'composer.lock'] } : null;
    case 'cargo':
      return sub === 'fetch' ? { label: 'cargo fetch', manifests: ['Cargo.toml', 'Cargo.lock'] } : null;
    case 'dotnet':
      return sub === 'restore' ? { label: 'dotnet restore', manifests: ['*.csproj'] } : null;
    default:
      return null;
  }
}

function isWholeContextCopy(instruction: Instruction): instruction is CopyInstruction {
  return (
    (instruction.kind === 'COPY' || instruction.kind === 'ADD') &&
    !instruction.flags.some((flag) => flag.name === 'from') &&
    instruction.sources.some((source) => /^(\.|\.\/|\.\/\*|\*)$/.test(source.value))
  );
}

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/layer-order-dependency-install',
    title: 'Whole build context copied before the dependency install',
    severity: 'warning',
    category: 'efficiency',
    rationale:
      'Each instruction\'s cache depends on everything before it. With `COPY . .` before `npm ci` (or `pip install -r`, `go mod download`, `bundle install`…), any change to any source file invalidates the install layer, and every build downloads all dependencies again. Copy the manifest and lock files first, install, then copy the rest: the install then reruns only when dependencies change. The reordering is offered as a suggestion, since it moves instructions.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n' },
        { code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install --no-cache-dir -r requirements.txt\n' },
        { code: 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go mod download && go build -o /app\n' },
      ],
      good: [
        { code: 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n' },
        { code: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm run build\n' },
        { code: 'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go mod download && go build -o /app\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const stage of context.dockerfile.stages) checkStage(context, stage);
  },
});

function checkStage(context: DockerfileRuleContext<Record<string, never>>, stage: Stage): void {
  // Without a whole-context copy there is nothing to report (installs before it only deduplicate).
  if (!stage.instructions.some(isWholeContextCopy)) return;
  const installedBefore = new Set<string>();
  let copy: CopyInstruction | null = null;
  for (const instruction of stage.instructions) {
    if (!copy && isWholeContextCopy(instruction)) {
      copy = instruction;
      continue;
    }
    if (instruction.kind !== 'RUN') continue;
    // A command name is a whole word of the RUN's unquoted text: a RUN without any of INSTALLERS is not parsed.
    const text = unquotedShellText(instruction);
    if (text !== null && !NAMES_INSTALLER.test(text)) continue;
    const scripts = context.shellScripts(instruction);
    for (const script of scripts) {
      for (const command of effectiveCommands(script)) {
        const install = installOf(command);
        if (!install) continue;
        if (!copy) {
          installedBefore.add(install.label);
          continue;
        }
        if (installedBefore.has(install.label)) continue;
        installedBefore.add(install.label);
        const copied = textOf(context.source, copy.sources.find((s) => /^(\.|\.\/|\.\/\*|\*)$/.test(s.value)) ?? copy.sources[0]);
        context.report({
          message: `${copy.kind} ${copied} (line ${copy.range.start.line}) copies the whole build context before ${install.label}, so any source change re-runs the install: copy ${install.manifests.join(' and ')} first, run ${install.label}, then copy the rest.`,
          range: command.range,
          related: [{ file: context.file, range: copy.range, message: 'the whole context is copied here' }],
          suggestions: reorder(context, stage, copy, instruction, scripts, install),
        });
      }
    }
  }
}

/** Copy the manifests and move the install before the whole-context copy, when the RUN follows it directly and does nothing else. */
function reorder(
  context: DockerfileRuleContext<Record<string, never>>,
  stage: Stage,
  copy: CopyInstruction,
  run: RunInstruction,
  scripts: ShellScript[],
  install: Install,
): Fix[] | undefined {
  const index = stage.instructions.indexOf(copy);
  if (stage.instructions[index + 1] !== run || !copy.destination || run.heredocs.length > 0) return undefined;
  if (scripts.length !== 1 || scripts[0].commands.filter((c) => !c.inSubshell && !c.inCommandSubstitution).some((c) => !installOf(c))) return undefined;
  const destination = copy.destination.value;
  const target = destination.endsWith('/') ? destination : `${destination}/`;
  const eol = context.eol;
  const copyLine = lineSpanOf(context.source, copy);
  const runLine = lineSpanOf(context.source, run);
  const runText = context.source.text.slice(runLine.start, runLine.end).replace(/\r?\n$/, '');
  const indent = /^[ \t]*/.exec(context.source.text.slice(copyLine.start))?.[0] ?? '';
  const manifests = install.manifests.filter((file) => !file.endsWith('/'));
  return [
    {
      description: `Copy ${manifests.join(', ')} and run ${install.label} before copying the whole context`,
      edits: [
        { span: { start: copyLine.start, end: copyLine.start }, text: `${indent}COPY ${manifests.join(' ')} ${target}${eol}${runText}${eol}` },
        { span: runLine, text: '' },
      ],
    },
  ];
}
