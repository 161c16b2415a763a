/**
 * The rule engine: parse a file once, run every enabled rule of its language
 * over the model, collect findings; and the fix loop on top of it.
 */
import type { Dockerfile, Instruction } from '../dockerfile/ast.js';
import { parseDockerfile } from '../dockerfile/parser.js';
import { analyzeShell, effectiveCommands, loadShellParser, shellFor, ShellParserNotLoaded, shellParserReady, shellScriptsOf, type ShellScript } from '../dockerfile/shell.js';
import type { K8sFile } from '../k8s/model.js';
import type { EffectiveConfig } from './config.js';
import type { Language } from './detect.js';
import { nonPosixShellByPragma } from './compat/hadolint.js';
import { applyFixes } from './fix.js';
import { redactFindings } from './secrets.js';
import { isProjectRule, runProjectRules } from './project.js';
import type { RuleRegistry } from './registry.js';
import type { AnyRule, BuildContext, DockerfileRule, DockerfileRuleContext, K8sRule, K8sRuleContext } from './rule.js';
import { detectEol, SourceText, type Range, type Span } from './source.js';
import { applySuppressions } from './suppressions.js';
import type { FindingCounts } from './finding-counts.js';
import type { Finding, ReportDescriptor, Severity } from './types.js';

export interface LintInput {
  file: string;
  text: string;
  language: Language;
  config: EffectiveConfig;
  /** For Dockerfiles: the build context beside the file, given to rules as `context.buildContext`. */
  buildContext?: BuildContext;
  /**
   * Leave the rules across files (src/core/project.ts) to a later
   * `lintProject` over the whole run. Without it, a Kubernetes file is
   * checked by them as a project of its own.
   */
  deferProjectRules?: boolean;
  /** Benchmarks (scripts/bench.mjs): adds this lint's time per phase to the object given. Absent, nothing is timed. */
  timings?: LintTimings;
}

/** Milliseconds per phase, added up over every lint given the same object. */
export interface LintTimings {
  /** Dockerfile parser, YAML loader (with its first import). */
  parse: number;
  /** Loading the shell parser and each shell script's first analysis (later rules read the cache). */
  shell: number;
  /** Each rule's `check` by rule id, without the shell analysis it triggered. */
  rules: Map<string, number>;
  /** Project rules of a Kubernetes file linted alone (not deferred). */
  project: number;
  /** Inline suppressions, sorting and masking of the findings. */
  suppressions: number;
}

export interface LintResult {
  file: string;
  language: Language;
  source: SourceText;
  findings: Finding[];
  /** Findings that a suppression (comment, annotation, config, baseline) took out of `findings`. */
  suppressed: Finding[];
  /** Parser errors, counted whatever rules are enabled (fixes must not add any). */
  parseErrorCount: number;
  /** Why parts of the file were not linted (for `--verbose`). */
  notes: string[];
  /** Rules that crashed on this file: a bug in drydock, reported as an internal error. */
  internalErrors: string[];
  /** The parsed Kubernetes file, kept for the rules across files (src/core/project.ts). */
  model?: K8sFile;
  /** The findings counted without reading them, for results that hold them as text (src/cli/results.ts). */
  findingCounts?(): FindingCounts;
}

export interface FixOutcome {
  output: string;
  result: LintResult;
  /** Number of fixes applied over all passes. */
  fixesApplied: number;
  /** Set when a pass was rolled back because its output had new parse errors. */
  rolledBack: boolean;
}

const MAX_FIX_PASSES = 10;

/** The YAML loader once imported: a dynamic import per file still goes through the module loader. */
let k8sLoader: typeof import('../k8s/loader.js') | undefined;

export class Linter {
  constructor(readonly registry: RuleRegistry) {}

  async lint(input: LintInput): Promise<LintResult> {
    const source = new SourceText(input.text);
    return input.language === 'dockerfile' ? this.lintDockerfile(input, source) : this.lintK8s(input, source);
  }

  /** Lints, applies fixes, re-lints; repeats until nothing changes (at most 10 passes). */
  async fix(input: LintInput): Promise<FixOutcome> {
    let result = await this.lint(input);
    const baselineErrors = result.parseErrorCount;
    let text = input.text;
    let fixesApplied = 0;
    let rolledBack = false;
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const fixes = result.findings.flatMap((finding) => (finding.fix ? [finding.fix] : []));
      if (fixes.length === 0) break;
      const { text: next, applied } = applyFixes(text, fixes);
      if (applied.length === 0 || next === text) break;
      const nextResult = await this.lint({ ...input, text: next });
      if (nextResult.parseErrorCount > baselineErrors) {
        rolledBack = true;
        break;
      }
      text = next;
      result = nextResult;
      fixesApplied += applied.length;
    }
    return { output: text, result, fixesApplied, rolledBack };
  }

  private async lintDockerfile(input: LintInput, source: SourceText): Promise<LintResult> {
    const timings = input.timings;
    let mark = timings ? performance.now() : 0;
    const dockerfile = parseDockerfile(source);
    if (timings) timings.parse += performance.now() - mark;
    const rules = this.enabledRules<DockerfileRule<object>>(input.config, 'dockerfile');
    // `# hadolint shell=powershell`: those instructions' scripts are not POSIX shell.
    const nonPosix = nonPosixShellByPragma(dockerfile);
    let shellAvailable = shellParserReady();
    if (!shellAvailable && rules.some(([rule]) => rule.usesShell) && hasShellForm(dockerfile)) {
      if (timings) mark = performance.now();
      // tree-sitter (tens of milliseconds to load) only when a script is not common shell: a
      // pre-commit run over a few Dockerfiles often needs none.
      if (!analysedWithoutTreeSitter(dockerfile, nonPosix, source)) await loadShellParser();
      shellAvailable = true;
      if (timings) timings.shell += performance.now() - mark;
    }
    const findings: Finding[] = [];
    const internalErrors: string[] = [];
    const scriptCache = new Map<Instruction, ShellScript[]>();
    const eol = detectEol(source.text);
    // One for all rules: each instruction's scripts are analysed once per file.
    const shellScripts = (instruction: Instruction): ShellScript[] => {
      let scripts = scriptCache.get(instruction);
      if (!scripts) {
        const start = timings ? performance.now() : 0;
        scripts = shellAvailable && !nonPosix.has(instruction) ? scriptsFor(dockerfile, instruction, source) : [];
        if (timings) timings.shell += performance.now() - start;
        scriptCache.set(instruction, scripts);
      }
      return scripts;
    };
    // One context for every rule of the file, pointed at the rule that runs (rules run one
    // at a time and report synchronously), as for Kubernetes files below.
    const running: RunningRule = { id: '', severity: 'error' };
    const context: Mutable<DockerfileRuleContext<object>> = {
      file: input.file,
      options: {},
      settings: input.config.settings,
      dockerfile,
      source,
      eol,
      buildContext: input.buildContext,
      report: (descriptor) => findings.push(toFinding(running.id, running.severity, input.file, source, descriptor)),
      shellScripts,
    };
    runRules(rules, context, running, internalErrors, timings);
    if (timings) mark = performance.now();
    const outcome = this.suppress(input, source, findings, rules, { dockerfile });
    if (timings) timings.suppressions += performance.now() - mark;
    return {
      file: input.file,
      language: 'dockerfile',
      source,
      findings: outcome.findings,
      suppressed: outcome.suppressed,
      parseErrorCount: dockerfile.errors.length,
      notes: [],
      internalErrors,
    };
  }

  private async lintK8s(input: LintInput, source: SourceText): Promise<LintResult> {
    // Loaded on first use, so Dockerfile-only runs never load the YAML parser.
    const timings = input.timings;
    let mark = timings ? performance.now() : 0;
    const { loadK8sFile } = (k8sLoader ??= await import('../k8s/loader.js'));
    const k8s: K8sFile = loadK8sFile(input.file, source);
    if (timings) timings.parse += performance.now() - mark;
    const rules = this.enabledRules<K8sRule<object>>(input.config, 'k8s');
    const findings: Finding[] = [];
    const internalErrors: string[] = [];
    // One context for every rule of the file, pointed at the rule that runs (rules run one
    // at a time and report synchronously): a file costs two closures, not two per rule.
    const running: RunningRule = { id: '', severity: 'error' };
    const report = (descriptor: ReportDescriptor) => findings.push(toFinding(running.id, running.severity, input.file, source, descriptor));
    const context: Mutable<K8sRuleContext<object>> = {
      file: input.file,
      options: {},
      settings: input.config.settings,
      k8s,
      source,
      eol: detectEol(source.text),
      report,
      reportAt: (object, path, descriptor) => report({ ...descriptor, range: object.locate(path, descriptor.part ?? 'value').range }),
    };
    runRules(rules, context, running, internalErrors, timings);
    if (!input.deferProjectRules) {
      if (timings) mark = performance.now();
      runProjectRules(rules.map(([rule]) => rule), [{ file: input.file, model: k8s, config: input.config }], (_, finding) => findings.push(finding), internalErrors);
      if (timings) timings.project += performance.now() - mark;
    }
    // Deferred project rules report later: their suppressions cannot be judged unused yet.
    const judged = input.deferProjectRules ? (rule: AnyRule) => !isProjectRule(rule) : undefined;
    if (timings) mark = performance.now();
    const outcome = this.suppress(input, source, findings, rules, { k8s }, judged);
    if (timings) timings.suppressions += performance.now() - mark;
    return {
      file: input.file,
      language: 'k8s',
      source,
      findings: outcome.findings,
      suppressed: outcome.suppressed,
      parseErrorCount: k8s.issues.filter((issue) => issue.severity === 'error').length,
      notes: k8s.skipped.map((skip) => `document ${skip.documentIndex + 1} skipped: ${skip.reason}`),
      internalErrors,
      model: k8s,
    };
  }

  /** Inline suppressions (comments, annotations) move findings to `suppressed`. */
  private suppress(
    input: LintInput,
    source: SourceText,
    findings: Finding[],
    rules: Array<[AnyRule, Severity, Record<string, unknown>]>,
    model: { dockerfile?: Dockerfile; k8s?: K8sFile },
    /** Which of `rules` count for unused suppressions (default: all). */
    judged?: (rule: AnyRule) => boolean,
  ) {
    // Only unused-suppression reports read the set, and most files have no suppression: built on demand.
    let enabledRuleIds: Set<string> | undefined;
    return applySuppressions({
      file: input.file,
      source,
      findings: sortFindings(redactFindings(findings, source)),
      ...model,
      registry: this.registry,
      settings: input.config.suppressions ?? {},
      get enabledRuleIds() {
        return (enabledRuleIds ??= new Set(rules.flatMap(([rule]) => (judged && !judged(rule) ? [] : [rule.meta.id]))));
      },
    });
  }

  /** Enabled rules per config and domain: a run lints many files with one config, which is never changed once resolved. */
  private readonly enabledByConfig = new WeakMap<EffectiveConfig, Map<string, Array<[AnyRule, Severity, Record<string, unknown>]>>>();

  private enabledRules<R extends DockerfileRule<object> | K8sRule<object>>(
    config: EffectiveConfig,
    domain: R['meta']['domain'],
  ): Array<[R, Severity, Record<string, unknown>]> {
    let byDomain = this.enabledByConfig.get(config);
    if (!byDomain) this.enabledByConfig.set(config, (byDomain = new Map()));
    let list = byDomain.get(domain) as Array<[R, Severity, Record<string, unknown>]> | undefined;
    if (!list) {
      list = [];
      for (const { id, rule } of this.rulesOf(domain)) {
        const active = config.rules.get(id);
        if (active) list.push([rule as R, active.severity, active.options]);
      }
      byDomain.set(domain, list);
    }
    return list;
  }

  /** The registry's rules of a domain with their ids, listed once: this runs for every file. */
  private readonly domainRules = new Map<string, Array<{ id: string; rule: AnyRule }>>();

  private rulesOf(domain: string): Array<{ id: string; rule: AnyRule }> {
    let rules = this.domainRules.get(domain);
    if (!rules) {
      rules = this.registry.rules.filter((rule) => rule.meta.domain === domain).map((rule) => ({ id: rule.meta.id, rule }));
      this.domainRules.set(domain, rules);
    }
    return rules;
  }
}

function scriptsFor(dockerfile: Dockerfile, instruction: Instruction, source: SourceText): ShellScript[] {
  return shellScriptsOf(instruction, shellFor(dockerfile, instruction)).map((script) => analyzeShell(script, source));
}

/**
 * Analyses every script of the file, with the `sh -c` strings inside them, as the rules
 * will ask for them (the analyses are cached); false as soon as one needs tree-sitter.
 */
function analysedWithoutTreeSitter(dockerfile: Dockerfile, nonPosix: ReadonlySet<Instruction>, source: SourceText): boolean {
  try {
    const visit = (instruction: Instruction): void => {
      if (instruction.kind === 'ONBUILD') {
        if (instruction.trigger) visit(instruction.trigger);
        return;
      }
      if (nonPosix.has(instruction)) return;
      for (const script of scriptsFor(dockerfile, instruction, source)) effectiveCommands(script);
    };
    for (const instruction of dockerfile.instructions) visit(instruction);
    return true;
  } catch (error) {
    if (error instanceof ShellParserNotLoaded) return false;
    throw error;
  }
}

function hasShellForm(dockerfile: Dockerfile): boolean {
  const visit = (instruction: Instruction): boolean =>
    instruction.kind === 'ONBUILD' ? (instruction.trigger ? visit(instruction.trigger) : false) : 'shell' in instruction && instruction.shell !== null;
  return dockerfile.instructions.some(visit);
}

/** The rule whose check runs: what the file's one `report` closure files findings under. */
interface RunningRule {
  id: string;
  severity: Severity;
}

/** Runs the file's rules in turn with one shared context, pointed at each rule's options. */
function runRules<C extends { options: object }>(
  rules: Array<[{ meta: { id: string }; check(context: C): void }, Severity, Record<string, unknown>]>,
  context: C,
  running: RunningRule,
  internalErrors: string[],
  timings: LintTimings | undefined,
): void {
  // Indexed, not `for (const [rule, …] of rules)`: until V8 optimizes this function, that
  // allocates an iterator and its results for every rule of every file.
  for (let i = 0; i < rules.length; i++) {
    const entry = rules[i];
    running.id = entry[0].meta.id;
    running.severity = entry[1];
    context.options = entry[2];
    runGuarded(entry[0], context, internalErrors, timings);
  }
}

/** Runs one rule's check; a rule that throws is a bug in drydock, kept as an internal error of the file. */
function runGuarded<C>(rule: { meta: { id: string }; check(context: C): void }, context: C, internalErrors: string[], timings?: LintTimings): void {
  const start = timings ? performance.now() : 0;
  const shellBefore = timings ? timings.shell : 0;
  try {
    rule.check(context);
  } catch (error) {
    const detail = error instanceof Error ? (process.env.DRYDOCK_DEBUG ? error.stack ?? error.message : error.message) : String(error);
    internalErrors.push(`rule ${rule.meta.id} failed: ${detail}`);
  }
  if (timings) {
    const spent = performance.now() - start - (timings.shell - shellBefore);
    timings.rules.set(rule.meta.id, (timings.rules.get(rule.meta.id) ?? 0) + spent);
  }
}

function toFinding(ruleId: string, severity: Severity, file: string, source: SourceText, descriptor: ReportDescriptor): Finding {
  const range = isSpan(descriptor.range) ? source.range(descriptor.range.start, descriptor.range.end) : descriptor.range;
  const finding: Finding = { ruleId, severity: descriptor.severity ?? severity, message: descriptor.message, file, range };
  if (descriptor.fix) finding.fix = descriptor.fix;
  if (descriptor.suggestions?.length) finding.suggestions = descriptor.suggestions;
  if (descriptor.related?.length) finding.related = descriptor.related;
  if (descriptor.secrets?.length) finding.secrets = descriptor.secrets.map((secret) => (isSpan(secret) ? source.range(secret.start, secret.end) : secret));
  return finding;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function isSpan(range: Range | Span): range is Span {
  return typeof (range as Span).start === 'number';
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset || a.ruleId.localeCompare(b.ruleId),
  );
}
