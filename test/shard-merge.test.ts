/** `--shard i/n` splits the files so that cross-object checks still see each other, and `drydock merge` rebuilds one report. */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { namespacesIn, parseShard, selectShard } from '../src/cli/shard.js';
import type { Target } from '../src/cli/discover.js';
import { runCli, tempTree } from './support/cli.js';
import { corpusDir, corpusPresent } from './support/corpus.js';
import { sarifValidator } from './support/sarif.js';

const deployment = (name: string, namespace: string | null, app: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}}
    spec:
      containers:
        - name: app
          image: registry.example.com/${app}:1.0.0
`;

const service = (name: string, namespace: string | null, app: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  selector: {app: ${app}}
  ports: [{port: 80, targetPort: 8080}]
`;

/** Services and the Deployments they select live in different folders; a wrong split would report "selects no pod". */
const TREE: Record<string, string> = {
  'apps/shop/deploy.yaml': deployment('shop', 'shop', 'shop'),
  'network/shop-svc.yaml': service('shop', 'shop', 'shop'),
  'apps/blog/deploy.yaml': deployment('blog', 'blog', 'blog'),
  'network/blog-svc.yaml': service('blog', 'blog', 'blog'),
  'apps/wiki/deploy.yaml': deployment('wiki', 'wiki', 'wiki'),
  'network/wiki-svc.yaml': service('wiki', 'wiki', 'wiki'),
  'base/deploy.yaml': deployment('api', null, 'api'),
  'base/svc.yaml': service('api', null, 'api'),
  'services/api/Dockerfile': 'FROM alpine:3.20\nRUN apk add curl\n',
  'services/web/Dockerfile': 'FROM node:22\nCOPY . .\n',
  'broken/bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: x, namespace: shop}\nspec: [\n',
};

type JsonReport = {
  summary: Record<string, number>;
  files: Array<{ filePath: string; findings: Array<{ ruleId: string; line: number; column: number; message: string }> }>;
};

function findingKeys(report: JsonReport): string[] {
  return report.files.flatMap((file) => file.findings.map((f) => `${file.filePath}:${f.line}:${f.column} ${f.ruleId} ${f.message}`)).sort();
}

function target(absolute: string, language: Target['language']): Target {
  return { absolute, display: absolute, language, explicit: false };
}

describe('--shard', () => {
  it('parses i/n and rejects what is not a shard', async () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '1/0', 'a/b', '2']) expect(() => parseShard(bad)).toThrow(/i\/n/);
    const root = tempTree(TREE);
    const { code, stderr } = await runCli(['--shard', '3/2', '.'], root);
    expect(code).toBe(2);
    expect(stderr).toContain('--shard');
    expect(stderr).toContain('3/2');
  });

  it('finds the namespaces a manifest names, wherever they are', () => {
    expect(namespacesIn('metadata:\n  namespace: shop\nsubjects:\n  - kind: ServiceAccount\n    namespace: "ops" # who\n')).toEqual(['shop', 'ops']);
    expect(namespacesIn('metadata:\n  name: x\n')).toEqual([]);
  });

  it('keeps a namespace, a folder, and the namespaces one file names in one shard', () => {
    const texts: Record<string, string> = {
      '/r/a/1.yaml': 'metadata:\n  namespace: a\n',
      '/r/b/2.yaml': 'metadata:\n  namespace: a\n',
      '/r/c/3.yaml': 'metadata:\n  namespace: b\n',
      '/r/c/4.yaml': 'metadata:\n  namespace: c\nsubjects:\n  - namespace: b\n',
      '/r/d/5.yaml': 'metadata:\n  name: x\n',
      '/r/d/Dockerfile': 'FROM x\n',
      '/r/e/6.yaml': 'metadata:\n  name: y\n',
      '/r/e/7.yaml': 'metadata:\n  namespace: e\n',
      '/r/f/8.yaml': 'metadata:\n  namespace: e\n',
      '/r/g/9.yaml': 'metadata:\n  name: z\n',
    };
    const targets = Object.keys(texts).map((file) => target(file, file.endsWith('Dockerfile') ? 'dockerfile' : 'k8s'));
    const read = (t: Target) => texts[t.absolute];
    for (const count of [1, 2, 3, 5, 9]) {
      const shards = Array.from({ length: count }, (_, i) => selectShard(targets, { index: i + 1, count }, read).map((t) => t.absolute));
      // Every file in exactly one shard, in the original order.
      expect(shards.flat().sort()).toEqual(Object.keys(texts).sort());
      for (const shard of shards) expect(shard).toEqual(Object.keys(texts).filter((file) => shard.includes(file)));
      const shardOf = (file: string) => shards.findIndex((shard) => shard.includes(file));
      expect(shardOf('/r/a/1.yaml')).toBe(shardOf('/r/b/2.yaml'));
      expect(shardOf('/r/c/3.yaml')).toBe(shardOf('/r/c/4.yaml'));
      expect(shardOf('/r/d/5.yaml')).toBe(shardOf('/r/d/Dockerfile'));
      // An object without a namespace may belong with the namespaced ones of its folder, and they with their namespace.
      expect(shardOf('/r/e/6.yaml')).toBe(shardOf('/r/f/8.yaml'));
      // Balanced: the groups here are 5 (a+b, c, d, e+f, g), so no shard is empty while there are groups to deal.
      expect(shards.filter((shard) => shard.length === 0)).toHaveLength(Math.max(0, count - 5));
      // The same split whatever the order the files were found in.
      const reversed = Array.from({ length: count }, (_, i) => selectShard([...targets].reverse(), { index: i + 1, count }, read).map((t) => t.absolute).sort());
      expect(reversed).toEqual(shards.map((shard) => [...shard].sort()));
    }
  });

  it('shards together report exactly what one run reports, and merge rebuilds the JSON report', async () => {
    const root = tempTree(TREE);
    const whole = JSON.parse((await runCli(['--format', 'json', '.'], root)).stdout) as JsonReport;
    expect(findingKeys(whole).some((key) => key.includes('service-selector-no-match'))).toBe(false);
    const parts: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const { stdout } = await runCli(['--format', 'json', '--shard', `${i}/3`, '.'], root);
      writeFileSync(path.join(root, `part-${i}.json`), stdout);
      parts.push(`part-${i}.json`);
      expect((JSON.parse(stdout) as JsonReport).files.length).toBeGreaterThan(0);
    }
    const merged = await runCli(['merge', ...parts], root);
    expect(merged.code).toBe(0);
    const report = JSON.parse(merged.stdout) as JsonReport;
    expect(findingKeys(report)).toEqual(findingKeys(whole));
    expect(report.summary).toEqual(whole.summary);
  });

  it('merges SARIF from shards into one valid run with the same results, and says when a shard failed', async () => {
    const root = tempTree(TREE);
    const whole = JSON.parse((await runCli(['--format', 'sarif', '.'], root)).stdout);
    const parts: string[] = [];
    for (let i = 1; i <= 3; i++) {
      await runCli(['--format', 'sarif', '--shard', `${i}/3`, '--output-file', `part-${i}.sarif`, '.'], root);
      parts.push(`part-${i}.sarif`);
    }
    const { code } = await runCli(['merge', ...parts, '-o', 'out/merged.sarif'], root);
    expect(code).toBe(0);
    const merged = JSON.parse(readFileSync(path.join(root, 'out', 'merged.sarif'), 'utf8'));
    const validate = sarifValidator();
    expect(validate(merged), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(merged.runs).toHaveLength(1);
    const run = merged.runs[0];
    const key = (r: { ruleId: string; ruleIndex: number; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: object } }> }) =>
      `${r.ruleId}#${run.tool.driver.rules[r.ruleIndex].id} ${r.locations[0].physicalLocation.artifactLocation.uri} ${JSON.stringify(r.locations[0].physicalLocation.region)}`;
    const wholeKey = (r: { ruleId: string; ruleIndex: number; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: object } }> }) =>
      `${r.ruleId}#${whole.runs[0].tool.driver.rules[r.ruleIndex].id} ${r.locations[0].physicalLocation.artifactLocation.uri} ${JSON.stringify(r.locations[0].physicalLocation.region)}`;
    expect(run.results.map(key).sort()).toEqual(whole.runs[0].results.map(wholeKey).sort());
    // broken/bad.yaml has a syntax error: its shard's notification survives the merge.
    const notifications = run.invocations[0].toolExecutionNotifications.map((n: { message: { text: string } }) => n.message.text).join('\n');
    expect(notifications).toContain('bad.yaml');
  });

  it('refuses to merge reports of different formats, versions, or tools, with the reason', async () => {
    const root = tempTree(TREE);
    await runCli(['--format', 'sarif', '--output-file', 'a.sarif', '.'], root);
    await runCli(['--format', 'json', '--output-file', 'a.json', '.'], root);
    const other = JSON.parse(readFileSync(path.join(root, 'a.json'), 'utf8'));
    other.tool.version = '9.9.9';
    writeFileSync(path.join(root, 'b.json'), JSON.stringify(other));
    writeFileSync(path.join(root, 'c.txt'), 'hello');
    const cases: Array<[string[], RegExp]> = [
      [['a.sarif', 'a.json'], /different formats/],
      [['a.json', 'b.json'], /different drydock versions/],
      [['a.json', 'c.txt'], /c\.txt: not JSON/],
      [['a.json', 'missing.json'], /cannot read missing\.json/],
    ];
    for (const [files, message] of cases) {
      const { code, stderr } = await runCli(['merge', ...files], root);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
    }
  });

  it.skipIf(!corpusPresent)('on a slice of the corpus, four shards report what one run reports', async () => {
    const root = tempTree({});
    // Two upstream projects with many cross-referencing manifests, in their original folders (`a__b__c.yaml` → a/b/c.yaml).
    for (const repo of ['GoogleCloudPlatform__microservices-demo', 'kubernetes__examples']) {
      for (const name of readdirSync(path.join(corpusDir, 'k8s', repo))) {
        const destination = path.join(root, repo, ...name.split('__'));
        mkdirSync(path.dirname(destination), { recursive: true });
        cpSync(path.join(corpusDir, 'k8s', repo, name), destination, { dereference: true });
      }
    }
    const whole = findingKeys(JSON.parse((await runCli(['--format', 'json', '--jobs', '1', '.'], root)).stdout));
    const sharded: string[] = [];
    const shardSizes: number[] = [];
    for (let i = 1; i <= 4; i++) {
      const report = JSON.parse((await runCli(['--format', 'json', '--jobs', '1', '--shard', `${i}/4`, '.'], root)).stdout) as JsonReport;
      shardSizes.push(report.files.length);
      sharded.push(...findingKeys(report));
    }
    expect(whole.length).toBeGreaterThan(100);
    expect(shardSizes.filter((size) => size > 0).length).toBe(4);
    // k8s/schema sums up, once per kind and run, the objects it has no schema for: each shard sums up its own.
    const summary = /k8s\/schema No schema for (\S+)/;
    const summed = (keys: string[]) => [...new Set(keys.flatMap((key) => summary.exec(key)?.[1] ?? []))].sort();
    expect(summed(sharded)).toEqual(summed(whole));
    expect(sharded.filter((key) => !summary.test(key)).sort()).toEqual(whole.filter((key) => !summary.test(key)));
  }, 300_000);
});
