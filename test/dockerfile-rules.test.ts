/** Edge cases of the Dockerfile rules beyond their documented examples. */
import { describe, expect, it } from 'vitest';
import { repairJsonArray } from '../src/rules/dockerfile/malformed-exec-form.js';
import { looksSecret } from '../src/rules/dockerfile/secret-in-env-arg.js';
import { fixSnippet, lintSnippet } from './support/lint.js';

const ids = async (code: string, rule: string) => (await lintSnippet(code, { rules: [rule] })).findings.map((f) => `${f.range.start.line}:${f.range.start.column}`);

describe('dockerfile/unpinned-base-image', () => {
  const rule = 'dockerfile/unpinned-base-image';
  it('resolves global ARGs in FROM and judges the result', async () => {
    expect(await ids('ARG TAG=latest\nFROM ghcr.io/acme/app:${TAG}\n', rule)).toEqual(['2:6']);
    expect(await ids('ARG TAG=1.2.3\nFROM ghcr.io/acme/app:${TAG}\n', rule)).toEqual([]);
    expect(await ids('ARG REGISTRY=ghcr.io\nFROM ${REGISTRY}/acme/app\n', rule)).toEqual(['2:6']);
  });
  it('does not guess when a variable has no default (set by --build-arg)', async () => {
    expect(await ids('ARG BASE\nFROM ${BASE}\n', rule)).toEqual([]);
    expect(await ids('ARG TAG\nFROM node:${TAG}\n', rule)).toEqual([]);
  });
  it('knows stage names (case-insensitively), scratch, digests and registry ports', async () => {
    expect(await ids('FROM golang:1.23 AS Build\nFROM build\n', rule)).toEqual([]);
    expect(await ids('FROM localhost:5000/app\n', rule)).toEqual(['1:6']);
    expect(await ids('FROM localhost:5000/app:2\n', rule)).toEqual([]);
    expect(await ids('FROM app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n', rule)).toEqual([]);
  });
});

describe('dockerfile/final-user-root', () => {
  const rule = 'dockerfile/final-user-root';
  it('only looks at the final stage', async () => {
    expect(await ids('FROM a:1 AS build\nUSER root\nFROM b:1\nUSER 1000\n', rule)).toEqual([]);
    expect(await ids('FROM a:1 AS build\nUSER 1000\nFROM b:1\n', rule)).toEqual(['3:1']);
  });
  it('resolves USER variables and skips what it cannot know', async () => {
    expect(await ids('FROM a:1\nARG UID=0\nUSER ${UID}\n', rule)).toEqual(['3:1']);
    expect(await ids('FROM a:1\nARG UID=1000\nUSER ${UID}:${UID}\n', rule)).toEqual([]);
    expect(await ids('FROM a:1\nARG UID\nUSER ${UID}\n', rule)).toEqual([]);
    expect(await ids('FROM a:1\nUSER 0:0\n', rule)).toEqual(['2:1']);
  });
  it('leaves alone a scratch stage with no CMD or ENTRYPOINT: a `--output` file set, never run', async () => {
    expect(await ids('FROM golang:1.23 AS run\nRUN go vet ./... > /out/report.txt\nFROM scratch AS output\nCOPY --from=run /out /\n', rule)).toEqual([]);
    expect(await ids('FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM scratch AS base\nCOPY --from=build /app /app\nFROM base\nENTRYPOINT ["/app"]\n', rule)).toEqual(['5:1']);
    expect(await ids('FROM scratch\nCOPY app /app\nCMD ["/app"]\n', rule)).toEqual(['1:1']);
  });
  it('leaves Windows images alone when they set no USER', async () => {
    expect(await ids('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo hi\n', rule)).toEqual([]);
  });
});

describe('dockerfile/secret-in-env-arg', () => {
  it('matches whole words in any naming style, with an allow-list', () => {
    for (const name of ['API_KEY', 'apiKey', 'GITHUB_TOKEN', 'db-password', 'AWS_SECRET_ACCESS_KEY', 'auth', 'npm.token']) expect(looksSecret(name), name).toBe(true);
    for (const name of ['GPG_KEY', 'KEYCLOAK_VERSION', 'MONKEY', 'TOKEN_URL', 'PASSWORD_FILE', 'AUTH_MODE', 'AUTHOR', 'TOKENIZERS_PARALLELISM', 'PUBLIC_KEY']) {
      expect(looksSecret(name), name).toBe(false);
    }
  });
  it('reports at the key of each pair, also in ONBUILD, and honours allowNames', async () => {
    const code = 'FROM a:1\nENV A=1 DB_PASSWORD=x\nONBUILD ARG NPM_TOKEN\n';
    expect(await ids(code, 'dockerfile/secret-in-env-arg')).toEqual(['2:9', '3:13']);
    const allowed = await lintSnippet(code, { rules: ['dockerfile/secret-in-env-arg'], options: { 'dockerfile/secret-in-env-arg': { allowNames: ['npm_token'] } } });
    expect(allowed.findings).toHaveLength(1);
  });
});

describe('dockerfile/apt-no-install-recommends', () => {
  const rule = 'dockerfile/apt-no-install-recommends';
  it('finds apt-get inside sh -c strings, through sudo and env, and in ONBUILD', async () => {
    expect(await ids("FROM a:1\nRUN sh -c 'apt-get update && apt-get install -y curl'\n", rule)).toEqual(['2:30']);
    expect(await ids('FROM a:1\nRUN env DEBIAN_FRONTEND=noninteractive apt-get install -y curl\n', rule)).toHaveLength(1);
    expect(await ids('FROM a:1\nONBUILD RUN apt-get install -y curl\n', rule)).toHaveLength(1);
  });
  it('skips exec form, heredocs run by another interpreter, and apt-get as data', async () => {
    expect(await ids('FROM a:1\nRUN ["apt-get", "install", "-y", "curl"]\n', rule)).toEqual([]);
    expect(await ids('FROM a:1\nRUN <<EOF\n#!/usr/bin/env python3\nprint("apt-get install curl")\nEOF\n', rule)).toEqual([]);
    expect(await ids('FROM a:1\nRUN cat <<EOF > /notes\napt-get install curl\nEOF\n', rule)).toEqual([]);
  });
  it('fixes across continuations and in CRLF files, and the fix is stable', async () => {
    const code = 'FROM a:1\r\nRUN apt-get update && \\\r\n    apt-get install -y \\\r\n      curl\r\n';
    const fixed = await fixSnippet(code, { rules: [rule] });
    expect(fixed.output).toBe('FROM a:1\r\nRUN apt-get update && \\\r\n    apt-get install --no-install-recommends -y \\\r\n      curl\r\n');
    expect((await fixSnippet(fixed.output, { rules: [rule] })).output).toBe(fixed.output);
  });
});

describe('dockerfile/malformed-exec-form', () => {
  it('offers valid JSON as a suggestion that --fix does not apply', async () => {
    const code = "FROM a:1\nENTRYPOINT ['/bin/glide', \"run\",]\n";
    const result = await lintSnippet(code, { rules: ['dockerfile/malformed-exec-form'] });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0].fix).toBeUndefined();
    expect(result.findings[0].suggestions?.[0].edits[0].text).toBe('["/bin/glide", "run"]');
    expect((await fixSnippet(code, { rules: ['dockerfile/malformed-exec-form'] })).output).toBe(code);
  });
  it('repairs only what is a quoting or comma slip', () => {
    expect(repairJsonArray("['a', 'b c']")).toBe('["a", "b c"]');
    expect(repairJsonArray('["a\\"b",]')).toBe('["a\\"b"]');
    expect(repairJsonArray('[a, b]')).toBeNull();
    expect(repairJsonArray("['unterminated]")).toBeNull();
  });
});
