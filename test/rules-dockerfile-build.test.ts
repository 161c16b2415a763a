/** Instruction-level Dockerfile rules (src/rules/dockerfile/build): fixes and the edge cases that matter. */
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigResolver } from '../src/core/config.js';
import type { Finding } from '../src/core/types.js';
import { buildRules } from '../src/rules/dockerfile/build/index.js';
import { referenceProblem } from '../src/rules/dockerfile/build/util.js';
import { redact, secretValue } from '../src/rules/dockerfile/build/secret-util.js';
import { runCli, tempTree } from './support/cli.js';
import { configWith, fixSnippet, linter, lintSnippet, registry } from './support/lint.js';

const at = (findings: Finding[]) => findings.map((f) => `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`);
const lint = async (code: string, rule: string, options?: Record<string, unknown>) =>
  (await lintSnippet(code, { rules: [rule], options: options ? { [rule]: options } : {} })).findings.filter((f) => f.ruleId === rule);
const fix = async (code: string, rule: string) => (await fixSnippet(code, { rules: [rule] })).output;

/** Counts of findings by rule id. */
function byRule(findings: Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
  return counts;
}

describe('fixes of the instruction rules', () => {
  const cases = buildRules
    .filter((rule) => rule.meta.fixable)
    .flatMap((rule) => rule.meta.examples.bad.filter((example) => example.output !== undefined).map((example, i) => [rule.meta.id, i, example.code] as const));

  it('covers at least 15 fixable rules', () => {
    expect(new Set(cases.map(([id]) => id)).size).toBeGreaterThanOrEqual(15);
  });

  it.each(cases)('%s, bad example %i: the finding goes, no other appears, a second fix changes nothing', async (id, _, code) => {
    const before = await lintSnippet(code, { rules: 'all' });
    const fixed = await fixSnippet(code, { rules: [id] });
    expect(fixed.output).not.toBe(code);
    const after = await lintSnippet(fixed.output, { rules: 'all' });
    expect(after.findings.filter((f) => f.ruleId === id)).toEqual([]);
    expect(after.parseErrorCount).toBe(0);
    const counts = byRule(before.findings);
    for (const [rule, count] of byRule(after.findings)) expect(count, `${rule} appeared after fixing ${id}`).toBeLessThanOrEqual(counts.get(rule) ?? 0);
    expect((await fixSnippet(fixed.output, { rules: [id] })).output).toBe(fixed.output);
  });
});

describe('casing', () => {
  it('reports the keyword exactly and follows the majority, upper case on a tie', async () => {
    const rule = 'dockerfile/consistent-instruction-casing';
    expect(at(await lint('from a:1\nrun x\nRUN y\n', rule))).toEqual(['3:1-3:4']);
    expect(at(await lint('FROM a:1\nrun x\n', rule))).toEqual(['2:1-2:4']);
    expect(await fix('FROM a:1\nOnBuild run x\n', rule)).toBe('FROM a:1\nONBUILD RUN x\n');
  });
  it('re-cases AS only when FROM has one case', async () => {
    expect(await lint('From a:1 as b\n', 'dockerfile/from-as-casing')).toEqual([]);
  });
  it('lower-cases stage names and their references (buildah, unlike BuildKit, matches them case-sensitively)', async () => {
    const code = 'FROM a:1 AS Build\nFROM b:1\nCOPY --from=Build /x /x\n';
    expect(await fix(code, 'dockerfile/stage-name-casing')).toBe('FROM a:1 AS build\nFROM b:1\nCOPY --from=build /x /x\n');
    expect(await lint('FROM a:1 AS build\nFROM b:1\nCOPY --from=Build /x /x\n', 'dockerfile/copy-from-unknown-stage')).toEqual([]);
  });
});

describe('continuations, CRLF and the escape directive', () => {
  it('removes an empty continuation line in a CRLF file and keeps CRLF', async () => {
    const code = 'FROM a:1\r\nRUN echo a && \\\r\n   \r\n    echo b\r\n';
    expect(at(await lint(code, 'dockerfile/no-empty-continuation'))).toEqual(['3:1-3:4']);
    expect(await fix(code, 'dockerfile/no-empty-continuation')).toBe('FROM a:1\r\nRUN echo a && \\\r\n    echo b\r\n');
  });
  it('replaces MAINTAINER in a CRLF file without touching the line end, escaping with the file\'s escape character', async () => {
    expect(await fix('FROM a:1\r\nMAINTAINER Jo "J" $HOME\r\n', 'dockerfile/maintainer-deprecated')).toBe('FROM a:1\r\nLABEL org.opencontainers.image.authors="Jo \\"J\\" \\$HOME"\r\n');
    expect(await fix('# escape=`\nFROM a:1\nMAINTAINER Jo "J"\n', 'dockerfile/maintainer-deprecated')).toBe('# escape=`\nFROM a:1\nLABEL org.opencontainers.image.authors="Jo `"J`""\n');
  });
  it('quotes a legacy ENV value that spans a continuation', async () => {
    expect(await fix('FROM a:1\nENV MSG hello \\\n  world\n', 'dockerfile/legacy-key-value-format')).toBe('FROM a:1\nENV MSG="hello \\\n  world"\n');
  });
  it('leaves a legacy value with quotes unfixed rather than guess', async () => {
    const findings = await lint('FROM a:1\nENV MSG "hello" world\n', 'dockerfile/legacy-key-value-format');
    expect(findings).toHaveLength(1);
    expect(findings[0].fix).toBeUndefined();
  });
  it('treats Windows paths as absolute under the backtick escape', async () => {
    expect(await lint('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\n', 'dockerfile/workdir-relative-path')).toEqual([]);
  });
  it('lower-cases a directive name', async () => {
    expect(await fix('# ESCAPE=`\nFROM a:1\n', 'dockerfile/directive-casing')).toBe('# escape=`\nFROM a:1\n');
  });
});

describe('ONBUILD triggers', () => {
  it('checks and fixes the trigger of an ONBUILD', async () => {
    const code = 'FROM a:1\nONBUILD ADD src /app/src\n';
    expect(at(await lint(code, 'dockerfile/prefer-copy-over-add'))).toEqual(['2:9-2:12']);
    expect(await fix(code, 'dockerfile/prefer-copy-over-add')).toBe('FROM a:1\nONBUILD COPY src /app/src\n');
  });
  it('offers exec form for an ONBUILD CMD only as a suggestion', async () => {
    const [finding] = await lint('FROM a:1\nONBUILD CMD node app.js\n', 'dockerfile/json-args-recommended');
    expect(finding.fix).toBeUndefined();
    expect(finding.suggestions?.[0].edits[0].text).toBe('["node", "app.js"]');
  });
  it('does not let an ONBUILD WORKDIR resolve a later relative WORKDIR', async () => {
    const [finding] = await lint('FROM a:1\nWORKDIR /srv\nONBUILD WORKDIR /other\nWORKDIR app\n', 'dockerfile/workdir-relative-path');
    expect(finding.fix?.edits[0].text).toBe('/srv/app');
  });
});

describe('exec form for CMD and ENTRYPOINT', () => {
  const rule = 'dockerfile/json-args-recommended';
  it('fixes only a plain split of words', async () => {
    for (const code of ['FROM a:1\nCMD node $APP\n', 'FROM a:1\nCMD node a.js | tee log\n', 'FROM a:1\nCMD node "a b.js"\n', 'FROM a:1\nCMD node \\\n  a.js\n']) {
      const [finding] = await lint(code, rule);
      expect(finding.fix, code).toBeUndefined();
    }
  });
  it('only suggests exec form when CMD and ENTRYPOINT would start combining', async () => {
    const [cmd] = await lint('FROM a:1\nENTRYPOINT ["/tini", "--"]\nCMD node a.js\n', rule);
    expect(cmd.fix).toBeUndefined();
    expect(cmd.suggestions).toHaveLength(1);
    const [entrypoint] = await lint('FROM a:1\nENTRYPOINT /app serve\nCMD ["--port", "80"]\n', rule);
    expect(entrypoint.fix).toBeUndefined();
  });
  it('leaves Windows images, a custom SHELL and `exec` commands alone', async () => {
    expect(await lint('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ping localhost\n', rule)).toEqual([]);
    expect(await lint('FROM a:1\nCMD exec node a.js\n', rule)).toEqual([]);
    expect(await lint('FROM a:1\nSHELL ["/bin/bash", "-c"]\nCMD echo hi\n', rule)).toEqual([]);
  });
});

describe('variables', () => {
  it('suggests the declared ARG for a misspelt one in FROM and points at the reference', async () => {
    const [finding] = await lint('ARG NODE_VERSION=22\nFROM node:${NODE_VERSON}\n', 'dockerfile/undefined-arg-in-from');
    expect(finding.message).toContain('did you mean "NODE_VERSION"');
    expect(at([finding])).toEqual(['2:11-2:25']);
    expect(finding.suggestions?.[0].edits[0].text).toBe('${NODE_VERSION}');
  });
  it('knows the predefined platform args and a misspelling of them', async () => {
    expect(await lint('FROM --platform=$BUILDPLATFORM a:1\n', 'dockerfile/undefined-arg-in-from')).toEqual([]);
    const [finding] = await lint('FROM --platform=$BUILDPLATFROM a:1\n', 'dockerfile/undefined-arg-in-from');
    expect(finding.message).toContain('BUILDPLATFORM');
  });
  it('accepts an ARG without default when the reference stays valid (BuildKit\'s own example)', async () => {
    expect(await lint('ARG VARIANT\nFROM busybox:stable${VARIANT}\n', 'dockerfile/invalid-default-arg-in-from')).toEqual([]);
    expect(at(await lint('ARG TAG\nFROM busybox:${TAG}\n', 'dockerfile/invalid-default-arg-in-from'))).toEqual(['2:6-2:20']);
  });
  it('reports an undefined variable only with a likely typo or a scratch base', async () => {
    const rule = 'dockerfile/undefined-var';
    expect(await lint('FROM a:1\nCOPY x /opt/$UNKNOWN_DIR/\n', rule)).toEqual([]);
    expect(at(await lint('FROM scratch\nCOPY x /opt/$UNKNOWN_DIR/\n', rule))).toEqual(['2:13-2:25']);
    expect(await lint('FROM a:1 AS base\nARG DIR=/x\nFROM base\nWORKDIR $DIR\n', rule)).toEqual([]);
    expect(await lint('FROM scratch\nCOPY x /opt/${DIR:-x}/\n', rule)).toEqual([]);
  });
  it('reports a reference to a variable set earlier in the same ENV, not the variable\'s own old value', async () => {
    const rule = 'dockerfile/env-self-reference';
    expect(at(await lint('FROM a:1\nENV A=1 B=$A C=${A}\n', rule))).toEqual(['2:11-2:13', '2:16-2:20']);
    expect(await lint('FROM a:1\nENV PATH=/x:$PATH A=1\n', rule)).toEqual([]);
  });
  it('resolves a relative WORKDIR against the stage it builds on', async () => {
    expect(await fix('FROM a:1 AS base\nWORKDIR /srv\nFROM base\nWORKDIR app/../web\n', 'dockerfile/workdir-relative-path')).toBe(
      'FROM a:1 AS base\nWORKDIR /srv\nFROM base\nWORKDIR /srv/web\n',
    );
  });
});

describe('stages', () => {
  it('reports a duplicate stage name at the later one, case-insensitively', async () => {
    expect(at(await lint('FROM a:1 AS build\nFROM b:1 AS BUILD\n', 'dockerfile/duplicate-stage-name'))).toEqual(['2:13-2:18']);
  });
  it('tells a stage defined later from a typo in COPY --from', async () => {
    const [later] = await lint('FROM a:1 AS one\nCOPY --from=two /x /x\nFROM b:1 AS two\n', 'dockerfile/copy-from-unknown-stage');
    expect(later.message).toContain('defined later');
    expect(await lint('FROM a:1\nCOPY --from=$IMAGE /x /x\n', 'dockerfile/copy-from-unknown-stage')).toEqual([]);
  });
  it('follows FROM, COPY --from and RUN --mount=from to find the stages in use', async () => {
    const code = 'FROM a:1 AS deps\nFROM a:1 AS tools\nFROM a:1 AS base\nCOPY --from=deps /d /d\nFROM base\nRUN --mount=from=tools,target=/t true\n';
    expect(await lint(code, 'dockerfile/unused-stage', { includeNamed: true })).toEqual([]);
    expect(await lint('FROM a:1 AS x\nFROM b:1 AS y\nFROM c:1\n', 'dockerfile/unused-stage', { includeNamed: true, targets: ['y'] })).toHaveLength(1);
    expect(await lint('FROM a:1 AS binary-linux\nFROM binary-$TARGETOS\n', 'dockerfile/unused-stage', { includeNamed: true })).toEqual([]);
    expect(at(await lint('FROM a:1\nFROM b:1\n', 'dockerfile/unused-stage'))).toEqual(['1:1-1:5']);
  });
  it('stays quiet about build tools when the final stage copies from a build stage', async () => {
    const code = 'FROM a:1 AS build\nRUN make\nFROM debian:12\nCOPY --from=build /app /app\nRUN apt-get install -y gcc\n';
    expect(await lint(code, 'dockerfile/final-stage-build-toolchain')).toEqual([]);
    const [finding] = await lint('FROM debian:12\nRUN apt-get install -y --no-install-recommends git libssl-dev curl\n', 'dockerfile/final-stage-build-toolchain');
    expect(finding.message).toContain('(git, libssl-dev)');
    expect(at([finding])).toEqual(['2:48-2:51']);
    expect(await lint('FROM golang:1.23\nRUN apt-get install -y gcc\n', 'dockerfile/final-stage-build-toolchain')).toEqual([]);
  });
});

describe('layer order', () => {
  const rule = 'dockerfile/layer-order-dependency-install';
  it('names the manifests and offers the reordering as a suggestion only', async () => {
    const code = 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n';
    const [finding] = await lint(code, rule);
    expect(finding.message).toContain('package.json and package-lock.json');
    expect(finding.fix).toBeUndefined();
    expect(at([finding])).toEqual(['4:5-4:11']);
    const suggestion = finding.suggestions?.[0];
    expect(suggestion).toBeDefined();
    let text = code;
    for (const edit of [...suggestion!.edits].sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, edit.span.start) + edit.text + text.slice(edit.span.end);
    expect(text).toBe('FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n');
    expect(await lint(text, rule)).toEqual([]);
  });
  it('reads the requirements file of pip and sees through sudo/sh -c', async () => {
    const [finding] = await lint('FROM python:3\nCOPY . /app\nRUN sh -c "pip install -r /app/req/base.txt"\n', rule);
    expect(finding.message).toContain('/app/req/base.txt');
  });
  it('is quiet when the install is of named packages or the copy is partial', async () => {
    expect(await lint('FROM node:22\nCOPY . .\nRUN npm install -g pm2\n', rule)).toEqual([]);
    expect(await lint('FROM node:22\nCOPY src ./src\nRUN npm ci\n', rule)).toEqual([]);
  });
});

describe('secrets by value', () => {
  it('never shows the whole secret', async () => {
    const token = 'ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    const [env] = await lint(`FROM a:1\nENV GH=${token}\n`, 'dockerfile/hardcoded-secret-value');
    expect(env.message).toContain('"ghp_****"');
    expect(env.message).not.toContain(token.slice(4, 10));
    const [run] = await lint('FROM a:1\nRUN curl -u deploy:Sup3rS3cretPass https://x.example.com/\n', 'dockerfile/secret-in-run');
    expect(run.message).not.toContain('Sup3rS3cretPass');
    expect(at([run])).toEqual(['2:13-2:35']);
  });
  it('tells random-looking values from ordinary ones', () => {
    expect(secretValue('API_SECRET', '9f8Kq2LmZx7Rt4Vb1Nc6Hs3Jd')?.kind).toBe('a hard-coded credential');
    expect(secretValue('API_SECRET', 'my-secret-name')).toBeNull();
    expect(secretValue('APP_VERSION', '9f8Kq2LmZx7Rt4Vb1Nc6Hs3Jd')).toBeNull();
    expect(secretValue('X', 'https://user:pass@host/')).toBeNull();
    expect(secretValue('X', 'https://user:t0ps3cret@host/')?.secret).toBe('t0ps3cret');
    expect(redact('abc')).toBe('****');
  });
  it('finds credentials in RUN lines of ONBUILD and heredocs, and ignores variables', async () => {
    const rule = 'dockerfile/secret-in-run';
    expect(await lint('FROM a:1\nONBUILD RUN mysql --password=hunter22 -e "select 1"\n', rule)).toHaveLength(1);
    expect(await lint('FROM a:1\nRUN <<EOF\nTOKEN=abcdef123456 ./publish.sh\nEOF\n', rule)).toHaveLength(1);
    expect(await lint('FROM a:1\nRUN mysql --password="$DB_PASSWORD" -e "select 1"\n', rule)).toEqual([]);
  });
  it('judges copied secret files by their names', async () => {
    const rule = 'dockerfile/secret-file-copied';
    expect(await lint('FROM a:1\nCOPY .aws/credentials kubeconfig deploy/id_ed25519 /x/\n', rule)).toHaveLength(3);
    expect(await lint('FROM a:1\nCOPY id_rsa.pub .env.sample tls/fullchain.pem /x/\n', rule)).toEqual([]);
    expect(await lint('FROM a:1 AS b\nFROM c:1\nCOPY --from=b /root/.ssh/id_rsa /x\n', rule)).toEqual([]);
  });
});

describe('COPY and ADD', () => {
  it('relative destination: scratch starts in `/`, so only other bases need a WORKDIR', async () => {
    const rule = 'dockerfile/copy-relative-dest-without-workdir';
    expect(await lint('FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app app\nENTRYPOINT ["/app"]\n', rule)).toEqual([]);
    expect(await lint('FROM scratch AS base\nCOPY a /a\nFROM base\nCOPY b b\n', rule)).toEqual([]);
    expect(at(await lint('FROM debian:12\nCOPY app app\n', rule))).toEqual(['2:10-2:13']);
  });

  it('keeps ADD for archives, URLs, variables and ADD-only flags', async () => {
    const rule = 'dockerfile/prefer-copy-over-add';
    expect(await lint('FROM a:1\nADD https://example.com/x /x\nADD x.tar.xz /\nADD --keep-git-dir=true git@github.com:a/b.git /src\n', rule)).toEqual([]);
    expect(await lint('FROM a:1\nADD ${BASE_URL}/tool /x\n', rule)).toEqual([]);
    const [finding] = await lint('FROM a:1\nADD src/${FILE} /x\n', rule);
    expect(finding.fix).toBeUndefined();
  });
  it('treats heredoc sources as contents, not paths', async () => {
    const code = 'FROM a:1\nADD <<id_rsa /etc/motd\nhello\nid_rsa\n';
    expect(await lint(code, 'dockerfile/secret-file-copied')).toEqual([]);
    expect(await fix(code, 'dockerfile/prefer-copy-over-add')).toBe('FROM a:1\nCOPY <<id_rsa /etc/motd\nhello\nid_rsa\n');
    expect(await fix('FROM a:1\nCOPY <<a <<b /dir\nx\na\ny\nb\n', 'dockerfile/copy-multiple-sources-dest-dir')).toBe('FROM a:1\nCOPY <<a <<b /dir/\nx\na\ny\nb\n');
  });
  it('adds the trailing slash inside the JSON string', async () => {
    expect(await fix('FROM a:1\nCOPY ["a", "b", "/x"]\n', 'dockerfile/copy-multiple-sources-dest-dir')).toBe('FROM a:1\nCOPY ["a", "b", "/x/"]\n');
  });
  it('reads .dockerignore through the build context the caller passes, with exceptions', async () => {
    const run = (code: string, dockerignore: string[] | null) =>
      linter.lint({ file: 'Dockerfile', text: code, language: 'dockerfile', config: configWith(['dockerfile/copy-ignored-file']), buildContext: { dockerignore } });
    const code = 'FROM a:1\nCOPY secrets/app.json docs/README.md dist /x/\n';
    expect(at((await run(code, ['secrets', '**/*.md', '!docs/README.md', 'dist/**'])).findings)).toEqual(['2:6-2:22']);
    expect((await run(code, null)).findings).toEqual([]);
    expect((await run('FROM a:1\nCOPY dist /x/\n', ['dist'])).findings).toHaveLength(1);
  });
  it('gets the .dockerignore beside the Dockerfile from the command line, <name>.dockerignore first', async () => {
    const root = tempTree({
      'svc/Dockerfile': 'FROM a:1\nCOPY secrets.json /x/\n',
      'svc/.dockerignore': '# local files\nsecrets.json\r\n',
      'web/Dockerfile.prod': 'FROM a:1\nCOPY secrets.json /x/\n',
      'web/.dockerignore': 'secrets.json\n',
      'web/Dockerfile.prod.dockerignore': '*.md\n',
    });
    const svc = await runCli(['--rule', 'dockerfile/copy-ignored-file', '--format', 'json', 'svc/Dockerfile'], root);
    expect(svc.stdout).toContain('excluded by the .dockerignore pattern \\"secrets.json\\"');
    const web = await runCli(['--rule', 'dockerfile/copy-ignored-file', '--format', 'json', 'web/Dockerfile.prod'], root);
    expect(web.stdout).not.toContain('copy-ignored-file');
  });
  it('finds a tar extraction of a copied archive', async () => {
    expect(await lint('FROM a:1\nCOPY x.tgz /tmp/\nRUN tar -C /opt -xf /tmp/x.tgz\n', 'dockerfile/copy-archive-then-extract')).toHaveLength(1);
    expect(await lint('FROM a:1\nCOPY x.tgz /tmp/\nRUN tar -czf /tmp/y.tgz /tmp/x.tgz\n', 'dockerfile/copy-archive-then-extract')).toEqual([]);
  });
});

describe('builder parity', () => {
  it('validates image references like distribution/reference', () => {
    expect(referenceProblem('docker.io/library/ubuntu:24.04')).toBeNull();
    expect(referenceProblem('localhost:5000/a/b')).toBeNull();
    expect(referenceProblem('[::1]:5000/a')).toBeNull();
    expect(referenceProblem('Ubuntu')).toBe('the repository name must be lower case');
    expect(referenceProblem('a:')).toBe('the tag is empty');
    expect(referenceProblem('a@sha256:xyz')).toBe('the digest is not `algorithm:hex`');
    expect(referenceProblem('a b')).not.toBeNull();
  });
  it('lets --mount and --exclude repeat but no other flag, and fixes only identical copies', async () => {
    const rule = 'dockerfile/duplicate-flag';
    expect(await lint('FROM a:1\nCOPY --exclude=*.md --exclude=*.txt . /x\n', rule)).toEqual([]);
    const [different] = await lint('FROM a:1\nCOPY --chmod=644 --chmod=600 x /x\n', rule);
    expect(different.fix).toBeUndefined();
  });
  it('suggests the closest flag and lists the accepted ones otherwise', async () => {
    const [typo] = await lint('FROM a:1\nADD --chekcsum=sha256:00 x /x\n', 'dockerfile/unknown-flag');
    expect(typo.message).toContain('did you mean "--checksum"');
    expect(at([typo])).toEqual(['2:5-2:15']);
    const [none] = await lint('FROM a:1\nENV --x=1 A=1\n', 'dockerfile/unknown-flag');
    expect(none.message).toContain('accepts none');
  });
  it('accepts signal names in any case, real-time signals and numbers', async () => {
    for (const signal of ['sigterm', 'TERM', 'SIGRTMAX-2', '9']) expect(await lint(`FROM a:1\nSTOPSIGNAL ${signal}\n`, 'dockerfile/stopsignal-invalid'), signal).toEqual([]);
    expect(await lint('FROM a:1\nSTOPSIGNAL SIGRTMIN+16\n', 'dockerfile/stopsignal-invalid')).toHaveLength(1);
  });
});

describe('base images and users', () => {
  it('matches trusted registries with wildcards and treats unqualified names as Docker Hub', async () => {
    const options = { trustedRegistries: ['*.example.com', 'docker.io'] };
    const code = 'FROM ghcr.io/a/b:1\nFROM registry.example.com/a:1\nFROM library/node:22\nFROM localhost:5000/x:1\n';
    expect(at(await lint(code, 'dockerfile/trusted-registries', options))).toEqual(['1:6-1:19', '4:6-4:24']);
  });
  it('resolves a scratch stage through the stages it builds on when judging USER names', async () => {
    const rule = 'dockerfile/scratch-user-name';
    expect(await lint('FROM scratch AS base\nFROM base\nUSER app\n', rule)).toHaveLength(1);
    expect(await lint('FROM scratch AS base\nCOPY passwd /etc/passwd\nFROM base\nUSER app\n', rule)).toEqual([]);
  });
  it('accepts a PATH that extends itself through another variable', async () => {
    expect(await lint('FROM a:1\nENV ORIGINAL_PATH=$PATH\nENV PATH=/opt/bin:${ORIGINAL_PATH}\n', 'dockerfile/env-path-overwrite')).toEqual([]);
  });
});

describe('EXPOSE', () => {
  it('reports the protocol alone for casing and fixes host mappings to the container port', async () => {
    expect(at(await lint('FROM a:1\nEXPOSE 80/TCP\n', 'dockerfile/expose-proto-casing'))).toEqual(['2:11-2:14']);
    expect(await fix('FROM a:1\nEXPOSE 0.0.0.0:8000-8010:80-90/udp\n', 'dockerfile/expose-invalid-format')).toBe('FROM a:1\nEXPOSE 80-90/udp\n');
  });
  it('skips ports built from variables', async () => {
    expect(await lint('FROM a:1\nEXPOSE ${PORT}/TCP 22${X}\n', 'dockerfile/expose-invalid-port')).toEqual([]);
    expect(await lint('FROM a:1\nEXPOSE ${PORT}\n', 'dockerfile/expose-ssh-port')).toEqual([]);
  });
});

describe('labels', () => {
  it('checks required labels on the final image, including those of the stage it builds on', async () => {
    const options = { labelSchema: { team: 'text', 'org.opencontainers.image.source': 'url' } };
    const code = 'FROM a:1 AS base\nLABEL team=payments\nFROM base\nLABEL extra=1\n';
    const findings = await lint(code, 'dockerfile/label-required', options);
    expect(findings.map((f) => f.message)).toEqual(['The image has no label "org.opencontainers.image.source", which the label schema requires (url).']);
    expect(await lint(code, 'dockerfile/label-required', { ...options, strictLabels: true })).toHaveLength(2);
  });
  it('validates SPDX expressions and RFC 3339 times', async () => {
    const rule = 'dockerfile/label-value-format';
    expect(await lint('FROM a:1\nLABEL org.opencontainers.image.licenses="(MIT OR Apache-2.0) AND BSD-3-Clause"\n', rule)).toEqual([]);
    expect(await lint('FROM a:1\nLABEL org.opencontainers.image.licenses="MIT OR"\n', rule)).toHaveLength(1);
    expect(await lint('FROM a:1\nLABEL org.opencontainers.image.created="2024-02-30T25:00:00Z"\n', rule)).toHaveLength(1);
  });
});

describe('rules that are off by default', () => {
  it('marks InvalidDefinitionDescription as not recommended', () => {
    const rule = buildRules.find((r) => r.meta.id === 'dockerfile/invalid-definition-description');
    expect(rule?.meta.recommended).toBe(false);
    expect(buildRules.filter((r) => r.meta.recommended === false).map((r) => r.meta.id).sort()).toEqual([
      'dockerfile/healthcheck-missing',
      'dockerfile/invalid-definition-description',
      'dockerfile/no-inline-ignore-pragma',
    ]);
  });
  it('leaves them out of the default configuration until a config turns them on', () => {
    const resolver = new ConfigResolver({ registry, noConfig: true });
    const active = resolver.resolve(path.join(os.tmpdir(), 'Dockerfile')).rules;
    expect(active.has('dockerfile/invalid-definition-description')).toBe(false);
    expect(active.has('dockerfile/healthcheck-missing')).toBe(false);
    expect(active.has('dockerfile/legacy-key-value-format')).toBe(true);
    const configured = new ConfigResolver({ registry, noConfig: true, cliRules: new Map([['dockerfile/healthcheck-missing', { severity: 'warning' as const }]]) });
    expect(configured.resolve(path.join(os.tmpdir(), 'Dockerfile')).rules.get('dockerfile/healthcheck-missing')?.severity).toBe('warning');
  });
  it('skips tool pragmas above a stage', async () => {
    expect(await lint('# hadolint ignore=DL3006\nFROM a AS b\n', 'dockerfile/invalid-definition-description')).toEqual([]);
  });
});
