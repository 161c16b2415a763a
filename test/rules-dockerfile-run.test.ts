/** Edge cases of the RUN rules (package managers, shell hygiene, supply chain) and the contract of their fixes. */
import { describe, expect, it } from 'vitest';
import aptNoInstallRecommends from '../src/rules/dockerfile/apt-no-install-recommends.js';
import { roughCommandCount } from '../src/rules/dockerfile/run/consecutive-run.js';
import { runRules } from '../src/rules/dockerfile/run/index.js';
import { npmPackagePinned } from '../src/rules/dockerfile/run/npm-pin-versions.js';
import { rpmPackagePinned } from '../src/rules/dockerfile/run/rpm-pins.js';
import { parseDockerfile } from '../src/dockerfile/parser.js';
import { fixSnippet, lintSnippet } from './support/lint.js';

/** `line:column` of each finding of `rule`. */
const at = async (code: string, rule: string) =>
  (await lintSnippet(code, { rules: [rule] })).findings.filter((f) => f.ruleId === rule).map((f) => `${f.range.start.line}:${f.range.start.column}`);
const fixed = async (code: string, rule: string) => (await fixSnippet(code, { rules: [rule] })).output;

describe('fixes of the RUN rules', () => {
  const fixable = [...runRules, aptNoInstallRecommends].filter((rule) => rule.meta.fixable);

  it('include at least 15 fixable rules', () => {
    expect(fixable.length).toBeGreaterThanOrEqual(15);
  });

  const cases = fixable.flatMap((rule) =>
    rule.meta.examples.bad.filter((example) => example.output !== undefined).map((example, i) => [`${rule.meta.id} #${i}`, rule.meta.id, example.code] as const),
  );
  it.each(cases)('%s: the finding goes, no other finding comes, a second fix changes nothing', async (_, id, code) => {
    const before = await lintSnippet(code, { rules: 'all' });
    const once = await fixSnippet(code, { rules: [id] });
    expect(once.output).not.toBe(code);
    const after = await lintSnippet(once.output, { rules: 'all' });
    expect(after.findings.filter((f) => f.ruleId === id)).toEqual([]);
    expect(after.parseErrorCount).toBe(before.parseErrorCount);
    const beforeIds = new Set(before.findings.map((f) => f.ruleId));
    expect(after.findings.map((f) => f.ruleId).filter((ruleId) => !beforeIds.has(ruleId))).toEqual([]);
    expect((await fixSnippet(once.output, { rules: [id] })).output).toBe(once.output);
  });
});

describe('where RUN rules look', () => {
  it('sees ONBUILD triggers, and fixes them', async () => {
    const code = 'FROM debian:12\nONBUILD RUN apt-get install --no-install-recommends curl\n';
    expect(await at(code, 'dockerfile/apt-get-yes')).toEqual(['2:13']);
    expect(await fixed(code, 'dockerfile/apt-get-yes')).toBe('FROM debian:12\nONBUILD RUN apt-get install -y --no-install-recommends curl\n');
  });

  it('reads heredoc scripts but not heredocs that are data or run by another interpreter', async () => {
    expect(await at('FROM alpine:3.20\nRUN <<EOF\nset -e\napk add curl\nEOF\n', 'dockerfile/apk-no-cache')).toEqual(['4:1']);
    expect(await at('FROM alpine:3.20\nRUN cat <<EOF > /notes\napk add curl\nEOF\n', 'dockerfile/apk-no-cache')).toEqual([]);
    expect(await at('FROM python:3.12\nRUN <<EOF\n#!/usr/bin/env python3\nprint("pip install flask")\nEOF\n', 'dockerfile/pip-no-cache-dir')).toEqual([]);
    const heredoc = 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y --no-install-recommends curl\nEOF\n';
    expect(await fixed(heredoc, 'dockerfile/apt-lists-not-deleted')).toBe(
      'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nEOF\n',
    );
  });

  it('sees through sh -c strings and sudo, and fixes inside the string', async () => {
    const code = "FROM debian:12\nRUN sh -c 'apt-get install --no-install-recommends curl'\n";
    expect(await at(code, 'dockerfile/apt-get-yes')).toEqual(['2:12']);
    expect(await fixed(code, 'dockerfile/apt-get-yes')).toBe("FROM debian:12\nRUN sh -c 'apt-get install -y --no-install-recommends curl'\n");
    expect(await at('FROM debian:12\nRUN sudo -E pip install flask\n', 'dockerfile/pip-no-cache-dir')).toEqual(['2:13']);
  });

  it('skips exec form and non-POSIX shells', async () => {
    expect(await at('FROM debian:12\nRUN ["apt-get", "install", "curl"]\n', 'dockerfile/apt-get-yes')).toEqual([]);
    expect(await at('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN choco install git & cd C:\\app\n', 'dockerfile/cd-instead-of-workdir')).toEqual([]);
  });
});

describe('cache mounts', () => {
  it('take the cleanup findings away when they hold the cache (hadolint #943, #497)', async () => {
    const mounted = (target: string, run: string) => `FROM debian:12\nRUN --mount=type=cache,target=${target} ${run}\n`;
    expect(await at(mounted('/var/lib/apt', 'apt-get update && apt-get install -y --no-install-recommends curl'), 'dockerfile/apt-lists-not-deleted')).toEqual([]);
    expect(await at(mounted('/var/cache/apt', 'apt-get update && apt-get install -y --no-install-recommends curl'), 'dockerfile/apt-lists-not-deleted')).toEqual(['2:46']);
    expect(await at(mounted('/root/.cache/pip', 'pip install flask'), 'dockerfile/pip-no-cache-dir')).toEqual([]);
    expect(await at(mounted('/root/.cache', 'pip install flask'), 'dockerfile/pip-no-cache-dir')).toEqual([]);
    expect(await at(mounted('/home/app/.cache/pip', 'pip install flask'), 'dockerfile/pip-no-cache-dir')).toEqual([]);
    expect(await at(mounted('/etc/apk/cache', 'apk add curl'), 'dockerfile/apk-no-cache')).toEqual([]);
    expect(await at(mounted('/var/cache/dnf', 'dnf install -y httpd'), 'dockerfile/dnf-clean-all')).toEqual([]);
    expect(await at(mounted('/usr/local/share/.cache/yarn', 'yarn install'), 'dockerfile/yarn-cache-clean')).toEqual([]);
    expect(await at(mounted('/var/cache/zypp', 'zypper install -y httpd'), 'dockerfile/zypper-clean')).toEqual([]);
  });

  it('count tmpfs mounts, with dst= and $HOME spellings, but not bind mounts', async () => {
    expect(await at('FROM python:3.12\nRUN --mount=type=tmpfs,dst=/root/.cache/pip pip install flask\n', 'dockerfile/pip-no-cache-dir')).toEqual([]);
    expect(await at('FROM python:3.12\nRUN --mount=type=cache,target=$HOME/.cache/pip pip install flask\n', 'dockerfile/pip-no-cache-dir')).toEqual([]);
    expect(await at('FROM python:3.12\nRUN --mount=type=bind,target=/root/.cache/pip pip install flask\n', 'dockerfile/pip-no-cache-dir')).toHaveLength(1);
  });
});

describe('continuations, escape characters and line endings in fixes', () => {
  it('appends a cleanup command in the leading-&& style with the next line indentation', async () => {
    const code = 'FROM centos:7\nRUN yum -y install httpd \\\n\t&& echo done\n';
    expect(await fixed(code, 'dockerfile/yum-clean-all')).toBe('FROM centos:7\nRUN yum -y install httpd \\\n\t&& yum clean all \\\n\t&& echo done\n');
  });

  it('uses the backtick of `# escape=`', async () => {
    const code = '# escape=`\nFROM debian:12\nRUN apt-get update `\n && apt-get install -y --no-install-recommends curl\n';
    expect(await fixed(code, 'dockerfile/apt-lists-not-deleted')).toBe(
      '# escape=`\nFROM debian:12\nRUN apt-get update `\n && apt-get install -y --no-install-recommends curl `\n && rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('keeps CRLF line endings', async () => {
    const code = 'FROM debian:12\r\nRUN apt-get update && \\\r\n    apt-get install -y --no-install-recommends curl && \\\r\n    curl --version\r\n';
    expect(await fixed(code, 'dockerfile/apt-lists-not-deleted')).toBe(
      'FROM debian:12\r\nRUN apt-get update && \\\r\n    apt-get install -y --no-install-recommends curl && \\\r\n    rm -rf /var/lib/apt/lists/* && \\\r\n    curl --version\r\n',
    );
  });

  it('inserts flags after the subcommand even when its arguments continue on the next lines', async () => {
    const code = 'FROM alpine:3.20\nRUN apk --update add \\\n      curl\n';
    expect(await fixed(code, 'dockerfile/apk-no-cache')).toBe('FROM alpine:3.20\nRUN apk --update add --no-cache \\\n      curl\n');
  });

  it('offers no cleanup fix where appending would change what runs', async () => {
    const noFix = async (code: string, rule: string) => {
      const findings = (await lintSnippet(code, { rules: [rule] })).findings;
      expect(findings).toHaveLength(1);
      expect(findings[0].fix).toBeUndefined();
    };
    await noFix('FROM centos:7\nRUN yum install -y httpd || true\n', 'dockerfile/yum-clean-all');
    await noFix('FROM centos:7\nRUN if true; then yum install -y httpd; fi\n', 'dockerfile/yum-clean-all');
    await noFix('FROM centos:7\nRUN sudo yum install -y httpd\n', 'dockerfile/yum-clean-all');
    // A later RUN installs from the lists without updating them.
    await noFix('FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n', 'dockerfile/apt-lists-not-deleted');
    // Yarn 2+ signs: `yarn cache clean` may delete the Plug'n'Play cache.
    await noFix('FROM node:22\nCOPY .yarnrc.yml package.json yarn.lock ./\nRUN yarn install --immutable\n', 'dockerfile/yarn-cache-clean');
  });
});

describe('stages', () => {
  it('checks cleanup only in stages that reach the final image', async () => {
    const code = 'FROM fedora:40 AS base\nRUN dnf install -y gcc\nFROM base AS build\nRUN dnf install -y make\nFROM fedora:40\nRUN dnf install -y httpd\n';
    expect(await at(code, 'dockerfile/dnf-clean-all')).toEqual(['6:5']);
    const derived = 'FROM fedora:40 AS base\nRUN dnf install -y gcc\nFROM base\nRUN echo hi\n';
    expect(await at(derived, 'dockerfile/dnf-clean-all')).toEqual(['2:5']);
  });

  it('judges wget and curl per stage', async () => {
    const code = 'FROM debian:12 AS a\nRUN wget -q https://e.com/a\nFROM debian:12\nRUN curl -fsS https://e.com/b && wget -q https://e.com/c\n';
    expect(await at(code, 'dockerfile/wget-and-curl')).toEqual(['4:34']);
  });

  it('suggests -q instead of fixing wget in BusyBox stages, also through FROM <stage>', async () => {
    const result = await lintSnippet('FROM alpine:3.20 AS base\nFROM base\nRUN wget https://e.com/a\n', { rules: ['dockerfile/wget-progress'] });
    expect(result.findings[0].fix).toBeUndefined();
    expect(result.findings[0].suggestions?.[0].edits[0].text).toBe(' -q');
  });
});

describe('package managers', () => {
  it('answers prompts through -qq, -o APT::Get::Assume-Yes and yes |', async () => {
    for (const run of ['apt-get -qq install curl', 'apt-get -o APT::Get::Assume-Yes=true install curl', 'yes | apt-get install curl', 'apt-get --yes install curl']) {
      expect(await at(`FROM debian:12\nRUN ${run}\n`, 'dockerfile/apt-get-yes'), run).toEqual([]);
    }
    expect(await at('FROM debian:12\nRUN apt-get -q install curl\n', 'dockerfile/apt-get-yes')).toEqual(['2:5']);
    expect(await at('FROM opensuse/leap:15.6\nRUN zypper -n install curl\n', 'dockerfile/zypper-non-interactive')).toEqual([]);
  });

  it('pins: variables are not judged; ranges point at the package', async () => {
    expect(await at('FROM debian:12\nRUN apt-get install -y $PKGS curl=1.0 git\n', 'dockerfile/apt-pin-versions')).toEqual(['2:39']);
    expect(await at('FROM alpine:3.20\nRUN apk add --no-cache -X https://e.com/repo --virtual .deps curl\n', 'dockerfile/apk-pin-versions')).toEqual(['2:62']);
    expect(await at('FROM python:3.12\nRUN pip install --no-cache-dir -i https://e.com/simple flask[async]==3.0 "requests>=2" ./local\n', 'dockerfile/pip-pin-versions')).toEqual([]);
    expect(await at('FROM python:3.12\nRUN python3 -m pip install --no-cache-dir flask\n', 'dockerfile/pip-pin-versions')).toEqual(['2:43']);
  });

  it('knows package spellings of rpm and npm', () => {
    expect(['httpd-2.4.6', 'nodejs:18', 'https://e.com/a.rpm', 'java-*', '@development-tools'].map(rpmPackagePinned)).toEqual([true, false, true, true, true]);
    expect(rpmPackagePinned('python3-devel')).toBe(false);
    expect(['@angular/cli', '@angular/cli@18', 'left-pad@1.3.0', 'git+https://github.com/a/b.git', 'git+https://github.com/a/b.git#v1', './pkg', 'a.tgz'].map(npmPackagePinned)).toEqual([
      false,
      true,
      true,
      false,
      true,
      true,
      true,
    ]);
  });

  it('finds pip under python -m and keeps PIP_NO_CACHE_DIR from ENV, the command and parent stages', async () => {
    expect(await at('FROM python:3.12\nRUN python3.12 -m pip install flask\n', 'dockerfile/pip-no-cache-dir')).toEqual(['2:5']);
    expect(await at('FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install flask\n', 'dockerfile/pip-no-cache-dir')).toEqual([]);
    expect(await at('FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install flask\n', 'dockerfile/pip-no-cache-dir')).toEqual([]);
    expect(await at('FROM python:3.12\nRUN pipx install black\n', 'dockerfile/pip-no-cache-dir')).toEqual([]);
  });

  it('renames apt only for subcommands apt-get runs the same way', async () => {
    const result = await lintSnippet('FROM debian:12\nRUN apt upgrade -y && apt search curl\n', { rules: ['dockerfile/use-apt-get'] });
    expect(result.findings.map((f) => [f.range.start.column, f.fix === undefined])).toEqual([
      [5, true],
      [23, true],
    ]);
    expect(result.findings[1].message).toContain('apt-cache');
  });

  it('reads apt.conf settings written by an earlier RUN of the stage lineage', async () => {
    const code = "FROM debian:12 AS base\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/99\nFROM base\nRUN apt-get install -y curl\n";
    expect(await at(code, 'dockerfile/apt-no-install-recommends')).toEqual([]);
    expect(await at('FROM debian:12\nRUN apt-get install -y curl\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99\n', 'dockerfile/apt-no-install-recommends')).toEqual(['2:5']);
  });

  it('reports update alone only when nothing else of the package manager runs', async () => {
    expect(await at('FROM debian:12\nRUN apt-get update && apt-get install -y curl\n', 'dockerfile/package-update-alone')).toEqual([]);
    expect(await at('FROM debian:12\nRUN apt-get update || true\n', 'dockerfile/package-update-alone')).toEqual(['2:5']);
  });
});

describe('shell hygiene', () => {
  it('cd: WORKDIR advice skips subshells and sh -c', async () => {
    expect(await at('FROM debian:12\nRUN (cd /tmp && make) && cd /src && make\n', 'dockerfile/cd-instead-of-workdir')).toEqual(['2:26']);
    expect(await at("FROM debian:12\nRUN sh -c 'cd /tmp && make'\n", 'dockerfile/cd-instead-of-workdir')).toEqual([]);
  });

  it('cd: one finding per RUN, at the first cd (review of the corpus: later ones cannot become a WORKDIR)', async () => {
    const code = 'FROM debian:12\nRUN cd /opt/build && wget -q https://e.com/a.tgz && tar xf a.tgz && cd a-1.0 && make; \\\n  cd /\nRUN cd /src && make\n';
    expect(await at(code, 'dockerfile/cd-instead-of-workdir')).toEqual(['2:5', '4:5']);
  });

  it('cd without &&: keeps `||` semantics, honours set -e and SHELL -e', async () => {
    expect(await fixed('FROM debian:12\nRUN cd /src; make || echo failed\n', 'dockerfile/cd-without-and')).toBe('FROM debian:12\nRUN cd /src || exit; make || echo failed\n');
    expect(await fixed('FROM debian:12\nRUN cd /src ; make; make install\n', 'dockerfile/cd-without-and')).toBe('FROM debian:12\nRUN cd /src && make; make install\n');
    expect(await at('FROM debian:12\nRUN set -eux; cd /src; make\n', 'dockerfile/cd-without-and')).toEqual([]);
    expect(await at('FROM debian:12\nSHELL ["/bin/sh", "-ec"]\nRUN cd /src; make\n', 'dockerfile/cd-without-and')).toEqual([]);
    expect(await at('FROM debian:12\nRUN cd /src || exit 1; make\n', 'dockerfile/cd-without-and')).toEqual([]);
  });

  it('pipefail: SHELL with -o pipefail, set -o pipefail before the pipe, and pipes that cannot lose a failure', async () => {
    const rule = 'dockerfile/pipefail';
    expect(await at('FROM debian:12\nSHELL ["/bin/bash", "-euxo", "pipefail", "-c"]\nRUN a | b\n', rule)).toEqual([]);
    expect(await at('FROM debian:12 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN a | b\n', rule)).toEqual([]);
    expect(await at('FROM debian:12\nRUN a | b; set -o pipefail\n', rule)).toEqual(['2:5']);
    expect(await at('FROM debian:12\nRUN echo "$SUM  f" | sha256sum -c -\n', rule)).toEqual([]);
    expect(await at("FROM debian:12\nRUN { echo '[global]'; echo 'x = 1'; } | tee /etc/x.conf\n", rule)).toEqual([]);
    // echo's status is its own: pipefail would not see the substitution fail (review of the corpus, moby/buildkit).
    expect(await at('FROM debian:12\nRUN echo "$(curl -fsS https://e.com/v)" | tee /v\n', rule)).toEqual([]);
    expect(await at('FROM debian:12\nRUN { echo start; curl -fsS https://e.com/v; } | tee /v\n', rule)).toEqual(['2:5']);
    const result = await lintSnippet('FROM alpine:3.20\n  RUN wget -qO- https://e.com/x.tgz | tar -xz\n', { rules: [rule] });
    expect(result.findings[0].suggestions?.[0].edits[0]).toEqual({ span: { start: 17, end: 17 }, text: 'SHELL ["/bin/ash", "-o", "pipefail", "-c"]\n' });
  });

  it('unquoted variables: known plain values and mktemp directories are fine', async () => {
    const rule = 'dockerfile/unquoted-path-variable';
    expect(await at('FROM debian:12\nARG DIR="/opt/my app"\nRUN rm -rf $DIR\n', rule)).toEqual(['3:12']);
    expect(await at('FROM debian:12\nRUN tmp="$(mktemp -d)" && cd $tmp && rm -rf ${tmp}\n', rule)).toEqual([]);
    expect(await at('FROM debian:12\nRUN rm -rf "$DIR" $1 ${DIR:?}/x\n', rule)).toEqual(['2:22']);
    expect(await at('FROM debian:12\nRUN for d in /a /b; do mkdir -p $d; done && for f in $(ls); do rm $f; done && rm -rf /src/app-$APP_VERSION\n', rule)).toEqual(['2:67']);
  });

  it('sudo: suggests removing it, never fixes', async () => {
    const result = await lintSnippet('FROM debian:12\nRUN sudo -u app make\n', { rules: ['dockerfile/no-sudo'] });
    expect(result.findings[0].fix).toBeUndefined();
    expect(result.findings[0].suggestions?.[0].edits[0]).toEqual({ span: { start: 19, end: 31 }, text: '' });
  });

  it('useless cat: suggestion rewrites to a redirect', async () => {
    const result = await lintSnippet('FROM debian:12\nRUN cat /tmp/pkgs | xargs echo > /out\n', { rules: ['dockerfile/useless-cat'] });
    expect(result.findings[0].suggestions?.[0].edits).toEqual([
      { span: { start: 19, end: 35 }, text: '' },
      { span: { start: 52, end: 52 }, text: ' < /tmp/pkgs' },
    ]);
  });

  it('counts commands of consecutive RUNs from the text', () => {
    const count = (code: string) => roughCommandCount(parseDockerfile(`FROM a\n${code}\n`).instructions[1]);
    expect(count('RUN a && b')).toBe(2);
    expect(count('RUN echo "a && b; c"')).toBe(1);
    expect(count('RUN a | b || c; d')).toBe(4);
  });
});

describe('supply chain', () => {
  it('curl | sh: only when the download goes to the interpreter as its program', async () => {
    const rule = 'dockerfile/remote-script-piped-to-shell';
    expect(await at('FROM debian:12\nRUN curl -fsSL https://e.com/i.sh | sudo -E bash -\n', rule)).toEqual(['2:5']);
    expect(await at('FROM debian:12\nRUN curl -fsSL https://e.com/v.json | python3 -c "import json,sys; print(json.load(sys.stdin))"\n', rule)).toEqual([]);
    expect(await at('FROM debian:12\nRUN curl -fsSLo /tmp/i.sh https://e.com/i.sh | sh\n', rule)).toEqual([]);
    expect(await at('FROM debian:12\nRUN bash <(curl -fsSL https://e.com/i.sh)\n', rule)).toEqual(['2:5']);
  });

  it('plain http: verified downloads and local addresses are fine', async () => {
    const rule = 'dockerfile/plain-http-download';
    expect(await at('FROM debian:12\nRUN curl -fsS http://127.0.0.1:8080/ && git clone http://git.e.com/a.git\n', rule)).toEqual(['2:51']);
    expect(await at('FROM alpine:3.20\nRUN apk add --no-cache -X http://dl-cdn.alpinelinux.org/alpine/edge/testing foo\n', rule)).toEqual([]);
    expect(await at('FROM node:22\nRUN npm ci --registry=http://registry.internal/\n', rule)).toEqual(['2:12']);
  });

  it('TLS and signature switches point at the flag', async () => {
    expect(await at('FROM debian:12\nRUN curl -fsSLk https://e.com/a\n', 'dockerfile/curl-insecure')).toEqual(['2:10']);
    expect(await at('FROM fedora:40\nRUN dnf install -y --setopt=gpgcheck=0 a && dnf clean all\n', 'dockerfile/rpm-signature-check-disabled')).toEqual(['2:20']);
    expect(await at('FROM node:22\nRUN yarn config set strict-ssl false\n', 'dockerfile/npm-strict-ssl-disabled')).toEqual(['2:21']);
    expect(await at('FROM python:3.12\nRUN PIP_TRUSTED_HOST=pypi.internal pip install --no-cache-dir -r r.txt\n', 'dockerfile/pip-trusted-host')).toEqual(['2:5']);
  });

  it('apk --allow-untrusted: installs, not `apk index` of local packages that are signed afterwards', async () => {
    const rule = 'dockerfile/apk-allow-untrusted';
    const code =
      'FROM alpine:3.20\nRUN apk index --allow-untrusted -o /tmp/pkgs/APKINDEX.tar.gz /tmp/pkgs/*.apk && abuild-sign -k /tmp/k.rsa /tmp/pkgs/APKINDEX.tar.gz \\\n && apk add --no-cache --allow-untrusted -X /tmp/pkgs acme\n';
    expect(await at(code, rule)).toEqual(['3:24']);
  });

  it('ssh: servers, not clients', async () => {
    expect(await at('FROM alpine:3.20\nRUN apk add --no-cache openssh-client openssh dropbear\n', 'dockerfile/ssh-server-installed')).toEqual(['2:39', '2:47']);
  });
});
