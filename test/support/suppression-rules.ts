/** Made-up rules with aliases of every tool, for the suppression and compatibility tests. */
import type { EffectiveConfig } from '../../src/core/config.js';
import { Linter } from '../../src/core/engine.js';
import { RuleRegistry } from '../../src/core/registry.js';
import { defineDockerfileRule, defineK8sRule } from '../../src/core/rule.js';
import type { SuppressionSettings } from '../../src/core/suppressions.js';
import { containersOf } from '../../src/k8s/workloads.js';

const meta = {
  title: 'test rule',
  severity: 'warning' as const,
  category: 'correctness' as const,
  rationale: 'A rule made up for a suppression test.',
  fixable: false,
  defaultOptions: {},
  examples: { bad: [], good: [] },
};

/** Fires at the keyword of every instruction. */
export const everyInstruction = defineDockerfileRule({
  meta: { ...meta, id: 'dockerfile/test-every-instruction', aliases: { hadolint: ['DL9001'], buildkit: ['TestCheck'] } },
  check(context) {
    for (const instruction of context.dockerfile.instructions) context.report({ message: `${instruction.kind} seen`, range: instruction.keywordNode.range });
  },
});

/** Fires at every RUN, like a second rule on the same instructions. */
export const everyRun = defineDockerfileRule({
  meta: { ...meta, id: 'dockerfile/test-every-run', aliases: { hadolint: ['DL9002'] } },
  check(context) {
    for (const instruction of context.dockerfile.instructions) if (instruction.kind === 'RUN') context.report({ message: 'RUN seen', range: instruction.range });
  },
});

/** Fires at every container's image, every env var's name and the object's name. */
export const k8sFields = defineK8sRule({
  meta: { ...meta, id: 'k8s/test-fields', aliases: { 'kube-linter': ['test-fields'], polaris: ['testFields'] } },
  check(context) {
    for (const object of context.k8s.objects) {
      context.reportAt(object, 'metadata.name', { message: 'name seen' });
      for (const container of containersOf(object)) {
        context.reportAt(object, [...container.path, 'image'], { message: 'image seen' });
        const env = (container.value.env as unknown[] | undefined) ?? [];
        env.forEach((_, i) => context.reportAt(object, [...container.path, 'env', i, 'name'], { message: 'env seen' }));
      }
    }
  },
});

export const k8sOther = defineK8sRule({
  meta: { ...meta, id: 'k8s/test-other', aliases: { 'kube-linter': ['test-other'] } },
  check(context) {
    for (const object of context.k8s.objects) context.reportAt(object, 'kind', { message: 'kind seen' });
  },
});

/** Reports every POSIX shell command it is given: the shell pragma test's probe. */
export const shellCommands = defineDockerfileRule({
  meta: { ...meta, id: 'dockerfile/test-shell-commands', aliases: {} },
  usesShell: true,
  check(context) {
    for (const instruction of context.dockerfile.instructions) {
      if (context.shellScripts(instruction).length > 0) context.report({ message: 'shell analysed', range: instruction.keywordNode.range });
    }
  },
});

export const testRules = [everyInstruction, everyRun, k8sFields, k8sOther, shellCommands];
/** Enabled unless a test names its rules. */
const defaultIds = [everyInstruction, everyRun, k8sFields, k8sOther].map((rule) => rule.meta.id);
export const testRegistry = new RuleRegistry(testRules);
export const testLinter = new Linter(testRegistry);

export function config(suppressions: SuppressionSettings = {}, only?: string[]): EffectiveConfig {
  const rules = new Map(testRules.filter((r) => (only ?? defaultIds).includes(r.meta.id)).map((r) => [r.meta.id, { severity: 'warning' as const, options: {} }]));
  return { rules, settings: {}, suppressions };
}

export function lintDockerfile(text: string, suppressions: SuppressionSettings = {}, only?: string[]) {
  return testLinter.lint({ file: 'Dockerfile', text, language: 'dockerfile', config: config(suppressions, only) });
}

export function lintYaml(text: string, suppressions: SuppressionSettings = {}, only?: string[]) {
  return testLinter.lint({ file: 'deploy.yaml', text, language: 'k8s', config: config(suppressions, only) });
}

