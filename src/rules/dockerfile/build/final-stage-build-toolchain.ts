import { effectiveCommands, findCommands, hasFlag, positionalArgs, type ShellWord } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { unquotedShellText } from '../run/support.js';
import { stageReferences } from './util.js';

/** Packages that compile software rather than run it. */
const TOOLCHAIN = /^(gcc|git|g\+\+|gcc-c\+\+|clang|llvm|make|cmake|build-essential|build-base|alpine-sdk|autoconf|automake|libtool|pkg-?config|pkgconf|golang(-go)?|go|rustc|cargo|maven|gradle|default-jdk(-headless)?|openjdk-?\d+-jdk(-headless)?|java-\d+-openjdk-devel|openjdk\d+-jdk|openjdk\d+|nodejs-dev|[\w.+-]+-dev|[\w.+-]+-devel)(=.*)?$/;
const INSTALLERS: Record<string, string[]> = { 'apt-get': ['install'], apt: ['install'], apk: ['add'], yum: ['install'], dnf: ['install'], microdnf: ['install'], zypper: ['install', 'in'] };
/** Text that each of INSTALLERS (and the removers looked for) needs. */
const INSTALLER_NAMES = /apt|apk|yum|dnf|zypper/;
const REMOVERS = /^(purge|remove|autoremove|del|erase)$/;
/** Base images that are build environments themselves: an image built on them is one too (an SDK, a CI runner, a dev container). */
const BUILD_ENVIRONMENT = /(^|\/)(buildpack-deps|golang|rust|gcc|maven|gradle|devcontainers|[\w-]*sdk[\w-]*)(:|@|$)|(^|\/)(openjdk|eclipse-temurin|amazoncorretto|sapmachine):[^@]*jdk|jdk[\w.-]*(:|$)/i;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/final-stage-build-toolchain',
    title: 'Final image installs a build toolchain',
    severity: 'info',
    category: 'efficiency',
    rationale:
      'Compilers, `make`, `-dev` headers, the JDK and the Go or Rust toolchains are needed to build the application, not to run it; shipped in the final image they add hundreds of megabytes and attack surface. Build in an earlier stage and `COPY --from` only the artefact into a slim final stage. The rule stays quiet when the final stage already copies from another stage or removes the packages again, and for images that are build environments themselves: built on an SDK or toolchain image (buildpack-deps, golang, rust, gcc, maven, gradle, a JDK, a dev container) or kept in `.devcontainer/`.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\\n && rm -rf /var/lib/apt/lists/*\nCOPY . /app\nRUN pip install --no-cache-dir /app\n' }],
      good: [
        { code: 'FROM python:3.12 AS build\nRUN apt-get update && apt-get install -y gcc libpq-dev\nRUN pip wheel -w /wheels psycopg\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*\n' },
        { code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && make && apk del .build-deps\n' },
        { code: 'FROM buildpack-deps:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends libbluetooth-dev tk-dev\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    const { dockerfile } = context;
    const final = dockerfile.stages[dockerfile.stages.length - 1];
    if (!final || stageReferences(final).length > 0 || final.image.stageRef !== null) return;
    if (BUILD_ENVIRONMENT.test(final.image.expanded) || /(^|[\\/])\.devcontainer[\\/]/.test(context.file)) return;
    const found: ShellWord[][] = [];
    let removes = false;
    for (const instruction of final.instructions) {
      if (instruction.kind !== 'RUN') continue;
      // Only installer commands count, found or removing: a RUN that names none is not parsed.
      const text = unquotedShellText(instruction);
      if (text !== null && !INSTALLER_NAMES.test(text)) continue;
      for (const script of context.shellScripts(instruction)) {
        for (const command of effectiveCommands(script)) {
          const name = command.baseName ?? '';
          // Own keys only: a command named `constructor` is not an installer.
          const verbs = Object.hasOwn(INSTALLERS, name) ? INSTALLERS[name] : undefined;
          if (!verbs) continue;
          const [verb, ...packages] = positionalArgs(command);
          if (!verb?.value) continue;
          if (REMOVERS.test(verb.value)) removes = true;
          if (!verbs.includes(verb.value) || hasFlag(command, '--virtual', '-t')) continue;
          const tools = packages.filter((word) => word.value && TOOLCHAIN.test(word.value));
          if (tools.length > 0) found.push(tools);
        }
        if (findCommands(script, ['apt-get', 'apk', 'yum', 'dnf']).some((c) => REMOVERS.test(positionalArgs(c)[0]?.value ?? ''))) removes = true;
      }
    }
    if (removes) return;
    for (const tools of found) {
      const names = tools.map((word) => word.value).join(', ');
      context.report({
        message: `The final image installs build tools (${names}): build in an earlier stage and copy only the result into the final one.`,
        range: tools[0].range,
      });
    }
  },
});
