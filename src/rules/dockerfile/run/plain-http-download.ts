import { findCommands, parseArgs, type ParsedArgs, type ShellCommand, type ShellWord } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { pipArgs, PIP_NAMES } from './pip.js';
import { runsMentioning } from './support.js';

const PLAIN_HTTP = /^http:\/\/(?!(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0|host\.docker\.internal)([:/]|$))/i;
/** Commands that verify what was downloaded: then the transport does not matter. */
const VERIFIERS = ['sha256sum', 'sha512sum', 'sha384sum', 'shasum', 'gpg', 'gpgv', 'cosign', 'minisign', 'signify'];

interface Url {
  word: ShellWord;
  url: string;
}

function flagUrls(args: ParsedArgs, names: readonly string[]): Url[] {
  return args.flags.filter((f) => names.includes(f.name) && f.value !== null).map((f) => ({ word: f.valueWord ?? f.word, url: f.value! }));
}

function positionalUrls(words: readonly ShellWord[]): Url[] {
  return words.map((word) => ({ word, url: word.value ?? word.raw.replace(/^["']/, '') }));
}

/** The URLs a command downloads from. */
function downloadUrls(command: ShellCommand, args: ParsedArgs): Url[] {
  switch (command.baseName) {
    case 'curl':
    case 'wget':
      return [...positionalUrls(args.positionals), ...flagUrls(args, ['--url'])];
    case 'git':
      return ['clone', 'fetch', 'pull', 'submodule', 'remote'].includes(args.positionals[0]?.value ?? '') ? positionalUrls(args.positionals.slice(1)) : [];
    case 'npm':
    case 'yarn':
    case 'pnpm':
      return flagUrls(args, ['--registry']);
    default: {
      const pip = pipArgs(command);
      if (!pip) return [];
      const indexes = flagUrls(pip, ['-i', '--index-url', '--extra-index-url', '-f', '--find-links']);
      return ['install', 'download'].includes(pip.positionals[0]?.value ?? '') ? [...indexes, ...positionalUrls(pip.positionals.slice(1))] : indexes;
    }
  }
}

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/plain-http-download',
    title: 'Download over plain http://',
    severity: 'warning',
    category: 'security',
    rationale:
      'What is fetched over plain HTTP can be read and replaced by anyone on the network path, and downloads in a Dockerfile usually end up executed: binaries, scripts, packages. Use https://, or verify the download (`sha256sum -c`, `gpg --verify`) in the same RUN; a RUN that does so is not reported. Local addresses (localhost, 127.0.0.1, host.docker.internal) are not reported either. Package repositories of apt, apk and yum are not checked: those package managers verify signatures themselves.',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM debian:12\nRUN curl -fsSLo /usr/local/bin/tool http://example.com/tool && chmod +x /usr/local/bin/tool\n' },
        { code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -i http://pypi.internal/simple -r requirements.txt\n' },
      ],
      good: [
        { code: 'FROM debian:12\nRUN curl -fsSLo /usr/local/bin/tool https://example.com/tool && chmod +x /usr/local/bin/tool\n' },
        { code: 'FROM debian:12\nRUN curl -fsSLo /tmp/tool.tgz http://example.com/tool.tgz \\\n && echo "9f2c…  /tmp/tool.tgz" | sha256sum -c -\n' },
        { code: 'FROM debian:12\nRUN curl -fsS http://localhost:8080/health\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const instruction of runsMentioning(context, ['http://'])) {
      for (const script of context.shellScripts(instruction)) {
        if (findCommands(script, VERIFIERS).length > 0) continue;
        for (const command of findCommands(script, ['curl', 'wget', 'git', 'npm', 'yarn', 'pnpm', ...PIP_NAMES, 'python', 'python3'])) {
          for (const { word, url } of downloadUrls(command, parseArgs(command))) {
            if (!PLAIN_HTTP.test(url)) continue;
            context.report({ message: `\`${url.length > 60 ? url.slice(0, 57) + '…' : url}\` is fetched over plain HTTP and can be replaced in transit: use https:// or verify a checksum.`, range: word.range });
          }
        }
      }
    }
  },
});
