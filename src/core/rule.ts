/**
 * Rule modules: metadata plus a check over one parsed file. Rules never read
 * files or print; they report through their context.
 */
import type { Dockerfile, Instruction } from '../dockerfile/ast.js';
import type { ShellScript } from '../dockerfile/shell.js';
import type { K8sFile, K8sObject, PathSegment } from '../k8s/model.js';
import type { CrossRule } from '../cross/rule.js';
import type { SourceText } from './source.js';
import type { BaseRuleContext, ReportDescriptor, RuleDomain, RuleMeta } from './types.js';

export interface DockerfileRuleContext<O> extends BaseRuleContext<O> {
  readonly dockerfile: Dockerfile;
  readonly source: SourceText;
  /** The line ending to use in inserted text. */
  readonly eol: string;
  /**
   * The POSIX shell scripts an instruction runs (shell form and heredoc
   * scripts), analysed. Empty for exec form and non-POSIX SHELLs.
   */
  shellScripts(instruction: Instruction): ShellScript[];
  /** What the caller knows of the build context (read-only; absent when linting text with no folder, e.g. stdin). */
  readonly buildContext?: BuildContext;
}

/** The build context beside a Dockerfile, read by the caller (rules never open files). */
export interface BuildContext {
  /** The patterns of the `.dockerignore` beside the Dockerfile (comments and blank lines removed), or null when there is none. */
  readonly dockerignore: readonly string[] | null;
}

export interface K8sRuleContext<O> extends BaseRuleContext<O> {
  readonly k8s: K8sFile;
  readonly source: SourceText;
  readonly eol: string;
  /** Reports at a field of an object; a missing field reports at its nearest parent. */
  reportAt(
    object: K8sObject,
    path: string | PathSegment[],
    descriptor: Omit<ReportDescriptor, 'range'> & { part?: 'value' | 'key' | 'pair' },
  ): void;
}

interface RuleBase<O extends object> {
  meta: RuleMeta<O> & { domain: RuleDomain };
}

export interface DockerfileRule<O extends object = Record<string, never>> extends RuleBase<O> {
  meta: RuleMeta<O> & { domain: 'dockerfile' };
  /** True when the rule reads shell scripts: the engine loads the shell parser first. */
  usesShell?: boolean;
  check(context: DockerfileRuleContext<O>): void;
}

export interface K8sRule<O extends object = Record<string, never>> extends RuleBase<O> {
  meta: RuleMeta<O> & { domain: 'k8s' };
  check(context: K8sRuleContext<O>): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = DockerfileRule<any> | K8sRule<any> | CrossRule<any>;

export function defineDockerfileRule<O extends object = Record<string, never>>(
  rule: Omit<DockerfileRule<O>, 'meta'> & { meta: Omit<RuleMeta<O>, never> },
): DockerfileRule<O> {
  return { ...rule, meta: { ...rule.meta, domain: 'dockerfile' } };
}

export function defineK8sRule<O extends object = Record<string, never>>(
  rule: Omit<K8sRule<O>, 'meta'> & { meta: RuleMeta<O> },
): K8sRule<O> {
  return { ...rule, meta: { ...rule.meta, domain: 'k8s' } };
}
