/**
 * Inline suppressions: comments and annotations in a linted file that take
 * findings out of `LintResult.findings` and into `LintResult.suppressed`.
 *
 * Every form (drydock's own, hadolint pragmas, BuildKit `check` comments,
 * kube-linter and Polaris annotations) is read into one `InlineSuppression`
 * with a scope (a span of the file) and the rules it names; the engine calls
 * `applySuppressions` once per file after the rules ran. The compat readers
 * live in `src/core/compat/`.
 */
import type { Dockerfile } from '../dockerfile/ast.js';
import type { K8sFile, K8sObject, YamlNode } from '../k8s/model.js';
import { buildkitSuppressions } from './compat/buildkit.js';
import { hadolintSuppressions } from './compat/hadolint.js';
import { kubeLinterSuppressions } from './compat/kube-linter.js';
import { polarisSuppressions } from './compat/polaris.js';
import type { Range, SourceText, Span } from './source.js';
import { editDistance, type RuleRegistry } from './registry.js';
import type { AliasTool, Finding, Severity } from './types.js';

/** How inline suppressions are treated (`settings:` in the config, `--report-unused-suppressions`). */
export interface SuppressionSettings {
  /** Report suppressions that suppressed nothing (`drydock/unused-suppression`). */
  reportUnused?: boolean;
  /** A suppression without a reason is reported and not honoured. */
  requireReason?: boolean;
  /** Inline suppressions are reported (`drydock/inline-suppression-forbidden`) instead of honoured. */
  noInline?: boolean;
}

/**
 * Findings about suppressions themselves. They are not rules of the registry:
 * they cannot be suppressed or configured per rule, only through the settings above.
 */
export const SUPPRESSION_RULES = {
  unused: {
    id: 'drydock/unused-suppression',
    severity: 'warning',
    title: 'A suppression that suppressed nothing',
  },
  forbidden: {
    id: 'drydock/inline-suppression-forbidden',
    severity: 'error',
    title: 'An inline suppression where `noInlineSuppressions` forbids them',
  },
  reasonMissing: {
    id: 'drydock/suppression-reason-missing',
    severity: 'error',
    title: 'A suppression without a reason where `requireReason` asks for one',
  },
  unknownRule: {
    id: 'drydock/unknown-rule-in-suppression',
    severity: 'warning',
    title: 'A suppression names a rule drydock does not know',
  },
} as const satisfies Record<string, { id: string; severity: Severity; title: string }>;

/** One rule id as written in a suppression, and the drydock rules it names (empty when unknown). */
export interface RuleReference {
  written: string;
  ruleIds: string[];
}

export interface InlineSuppression {
  /** What it is, as users write it: `# drydock-ignore`, `# hadolint ignore`, `kube-linter.io/ignore-all`… */
  origin: string;
  /** The rules named, or `all`. */
  rules: RuleReference[] | 'all';
  /** For `all`: which rules it covers (BuildKit's `skip=all` covers BuildKit's checks only). */
  covers?: (ruleId: string) => boolean;
  /** Findings that start in this span are suppressed. */
  scope: Span;
  justification?: string;
  /** Where the comment or annotation is. */
  location: Range;
  /**
   * Ids of the other tool's shape that drydock does not implement (`DL3042`
   * with no drydock equivalent) are valid there: they are skipped silently.
   * Ids that do not have the shape are reported with a did-you-mean.
   */
  foreignIdShape?: RegExp;
  /** The tool whose ids it takes: its aliases come first in did-you-mean. */
  tool?: AliasTool;
  /** False for forms that are configuration more than exceptions (BuildKit's file-level `check=skip`). */
  reportUnused?: boolean;
}

export interface SuppressionOutcome {
  findings: Finding[];
  suppressed: Finding[];
}

export interface SuppressionInput {
  file: string;
  source: SourceText;
  findings: Finding[];
  dockerfile?: Dockerfile;
  k8s?: K8sFile;
  registry: RuleRegistry;
  settings: SuppressionSettings;
  /** Rules that ran on the file: a suppression of a rule that did not run is not "unused". */
  enabledRuleIds: ReadonlySet<string>;
}

/** Takes suppressed findings out, and adds findings about the suppressions themselves. */
export function applySuppressions(input: SuppressionInput): SuppressionOutcome {
  const { registry } = input;
  let directives: InlineSuppression[] = [];
  let findings = input.findings;
  if (input.dockerfile) {
    directives.push(...dockerfileSuppressions(input.dockerfile, input.source, registry), ...hadolintSuppressions(input.dockerfile, registry));
    const buildkit = buildkitSuppressions(input.dockerfile, registry);
    directives.push(...buildkit.suppressions);
    if (buildkit.raiseToError) findings = findings.map((f) => (buildkit.raiseToError!(f.ruleId) && f.severity !== 'error' ? { ...f, severity: 'error' } : f));
  }
  if (input.k8s) {
    directives.push(...yamlCommentSuppressions(input.k8s, input.source, registry));
    for (const object of input.k8s.objects) {
      directives.push(...annotationSuppressions(object, registry), ...kubeLinterSuppressions(object, registry), ...polarisSuppressions(object, registry));
    }
  }
  if (directives.length === 0) return { findings, suppressed: [] };

  const meta: Finding[] = [];
  const report = (kind: keyof typeof SUPPRESSION_RULES, directive: InlineSuppression, message: string) => {
    const rule = SUPPRESSION_RULES[kind];
    meta.push({ ruleId: rule.id, severity: rule.severity, message, file: input.file, range: directive.location });
  };

  for (const directive of directives) {
    if (directive.rules === 'all') continue;
    for (const reference of directive.rules) {
      if (reference.ruleIds.length > 0 || directive.foreignIdShape?.test(reference.written)) continue;
      const suggestion = suggestRule(registry, reference.written, directive.tool);
      report(
        'unknownRule',
        directive,
        `${directive.origin} names "${reference.written}", which is not a drydock rule or alias${suggestion ? `; did you mean "${suggestion}"?` : ''} (run \`drydock rules\` to list them)`,
      );
    }
  }
  if (input.settings.noInline) {
    for (const directive of directives) report('forbidden', directive, `${directive.origin}: inline suppressions are not allowed here (noInlineSuppressions); fix the finding or change the configuration`);
    return { findings: sortByPosition([...findings, ...meta]), suppressed: [] };
  }
  if (input.settings.requireReason) {
    directives = directives.filter((directive) => {
      if (directive.justification) return true;
      report('reasonMissing', directive, `${directive.origin} gives no reason, and requireReason is set: ${reasonHint(directive.origin)}; it is not honoured without one`);
      return false;
    });
  }

  // The narrowest scope claims a finding first, so a field's comment wins over its object's annotation.
  directives.sort((a, b) => a.scope.end - a.scope.start - (b.scope.end - b.scope.start));
  const used = new Map<InlineSuppression, Set<string>>();
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of findings) {
    const offset = finding.range.start.offset;
    const directive = directives.find((d) => offset >= d.scope.start && offset <= d.scope.end && names(d, finding.ruleId));
    if (!directive) {
      kept.push(finding);
      continue;
    }
    const usedIds = used.get(directive) ?? new Set<string>();
    usedIds.add(finding.ruleId);
    used.set(directive, usedIds);
    suppressed.push({
      ...finding,
      suppression: {
        kind: 'inSource',
        origin: directive.origin,
        ...(directive.justification ? { justification: directive.justification } : {}),
        location: { file: input.file, range: directive.location },
      },
    });
  }

  if (input.settings.reportUnused) {
    for (const directive of directives) {
      if (directive.reportUnused === false) continue;
      const usedIds = used.get(directive);
      if (directive.rules === 'all') {
        if (!usedIds) report('unused', directive, `${directive.origin} suppressed nothing: remove it`);
        continue;
      }
      for (const reference of directive.rules) {
        const ran = reference.ruleIds.filter((id) => input.enabledRuleIds.has(id));
        if (ran.length === 0 || ran.some((id) => usedIds?.has(id))) continue;
        report('unused', directive, `${directive.origin} of "${reference.written}" suppressed nothing: remove it`);
      }
    }
  }
  return { findings: sortByPosition([...kept, ...meta]), suppressed };
}

/** Did-you-mean for an unknown id; when it was written for another tool, that tool's ids first. */
export function suggestRule(registry: RuleRegistry, unknown: string, tool?: AliasTool): string | null {
  if (tool) {
    const needle = unknown.toLowerCase();
    let best: string | null = null;
    let bestDistance = Infinity;
    for (const rule of registry.rules) {
      for (const alias of rule.meta.aliases[tool] ?? []) {
        const distance = editDistance(needle, alias.toLowerCase());
        if (distance < bestDistance) [best, bestDistance] = [alias, distance];
      }
    }
    if (best !== null && bestDistance <= Math.max(2, Math.floor(needle.length / 3))) return best;
  }
  return registry.suggest(unknown);
}

function names(directive: InlineSuppression, ruleId: string): boolean {
  if (directive.rules === 'all') return directive.covers ? directive.covers(ruleId) : true;
  return directive.rules.some((reference) => reference.ruleIds.includes(ruleId));
}

function reasonHint(origin: string): string {
  if (origin.startsWith('# drydock')) return 'add one after ` -- `';
  if (origin.startsWith('# check')) return 'add one after `//` (`# check=skip=Rule // reason`)';
  if (origin.includes('kube-linter')) return 'put it in the annotation value';
  if (origin.startsWith('#')) return 'use `# drydock-ignore rule -- reason` instead';
  return 'use the annotation `drydock.io/ignore: "rule -- reason"` instead';
}

function sortByPosition(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset || a.ruleId.localeCompare(b.ruleId));
}

/** `a,b, c` → references resolved through the registry (ids and aliases). */
export function ruleReferences(list: string, registry: RuleRegistry): RuleReference[] {
  return list
    .split(/[,\s]+/)
    .map((id) => id.trim())
    .filter(Boolean)
    .map((written) => ({ written, ruleIds: registry.resolve(written).map((rule) => rule.meta.id) }));
}

/** `rule-a,rule-b -- reason`: the ids (or `all` when none) and the reason. */
export function parseDrydockIgnore(text: string, registry: RuleRegistry): { rules: RuleReference[] | 'all'; justification?: string } {
  const separator = text.indexOf('--');
  const ids = (separator >= 0 ? text.slice(0, separator) : text).trim();
  const reason = separator >= 0 ? text.slice(separator + 2).trim() : '';
  const rules = ids === '' || ids === 'all' || ids === '*' ? 'all' : ruleReferences(ids, registry);
  return reason ? { rules, justification: reason } : { rules };
}

const DRYDOCK_COMMENT = /^\s*drydock-ignore(-stage|-file)?(?=\s|$)(.*)$/;

/** `# drydock-ignore`, `# drydock-ignore-stage`, `# drydock-ignore-file` in a Dockerfile. */
function dockerfileSuppressions(dockerfile: Dockerfile, source: SourceText, registry: RuleRegistry): InlineSuppression[] {
  const out: InlineSuppression[] = [];
  for (const comment of dockerfile.comments) {
    if (comment.inContinuation) continue;
    const match = DRYDOCK_COMMENT.exec(comment.text);
    if (!match) continue;
    const variant = match[1] ?? '';
    const scope = variant === '-file' ? { start: 0, end: source.text.length } : dockerfileScope(dockerfile, comment.span.end, variant === '-stage' ? 'stage' : 'instruction');
    out.push({ origin: `# drydock-ignore${variant}`, ...parseDrydockIgnore(match[2], registry), scope, location: comment.range });
  }
  return out;
}

/**
 * The span a comment ending at `after` governs: the next instruction, or the
 * rest of the next instruction's stage. Empty (at the end of the file) when
 * no instruction follows.
 */
export function dockerfileScope(dockerfile: Dockerfile, after: number, extent: 'instruction' | 'stage'): Span {
  const next = dockerfile.instructions.find((instruction) => instruction.span.start >= after);
  if (!next) return { start: dockerfile.source.text.length + 1, end: dockerfile.source.text.length + 1 };
  if (extent === 'instruction') return { start: next.span.start, end: next.span.end };
  const sameStage = dockerfile.instructions.filter((instruction) => instruction.stageIndex === next.stageIndex && instruction.span.start >= next.span.start);
  return { start: next.span.start, end: sameStage[sameStage.length - 1].span.end };
}

const YAML_COMMENT = /(^|[ \t])#\s*drydock-ignore(-file)?(?=\s|$)(.*)$/;

/**
 * `# drydock-ignore rule -- reason` in YAML, on a line or on its own line
 * above one: suppresses in the node that starts on that line (a container, an
 * env var, a field; above `apiVersion:` the whole object). Comments are not in
 * the YAML model, so they are found in the text; one inside a scalar is not a comment.
 */
function yamlCommentSuppressions(k8s: K8sFile, source: SourceText, registry: RuleRegistry): InlineSuppression[] {
  const out: InlineSuppression[] = [];
  if (!source.text.includes('drydock-ignore')) return out;
  const scalars = scalarSpans(k8s);
  for (let line = 1; line <= source.lineCount; line++) {
    const text = source.lineText(line);
    const match = YAML_COMMENT.exec(text);
    if (!match) continue;
    const hashOffset = source.lineStarts[line - 1] + match.index + match[1].length;
    if (scalars.some((span) => hashOffset > span.start && hashOffset < span.end)) continue;
    const location = source.range(hashOffset, source.lineEnd(line));
    const parsed = parseDrydockIgnore(match[3], registry);
    if (match[2]) {
      out.push({ origin: '# drydock-ignore-file', ...parsed, scope: { start: 0, end: source.text.length }, location });
      continue;
    }
    const ownLine = text.slice(0, match.index + match[1].length).trim() === '';
    const targetLine = ownLine ? nextContentLine(source, line) : line;
    const node = targetLine === null ? null : nodeStartingOn(k8s.objects, targetLine);
    const scope = node ?? { start: source.text.length + 1, end: source.text.length + 1 };
    out.push({ origin: '# drydock-ignore', ...parsed, scope, location });
  }
  return out;
}

function nextContentLine(source: SourceText, after: number): number | null {
  for (let line = after + 1; line <= source.lineCount; line++) {
    const text = source.lineText(line).trim();
    if (text !== '' && !text.startsWith('#')) return line;
  }
  return null;
}

/**
 * The outermost node a comment on `line` is about: a mapping pair, a sequence
 * item, or an object's root mapping. A block mapping or sequence that is a
 * pair's value starts on its first entry's line, but the comment is about that entry.
 */
function nodeStartingOn(objects: readonly K8sObject[], line: number): Span | null {
  type Parent = 'root' | 'pair' | 'seq';
  const visit = (node: YamlNode | null, parent: Parent): Span | null => {
    if (!node || node.alias) return null;
    if (node.range.start.line > line || node.range.end.line < line) return null;
    const startsHere = node.range.start.line === line;
    if (startsHere && (parent === 'root' || (parent === 'seq' && node.kind !== 'seq'))) return node.span;
    if (node.kind === 'map') {
      for (const pair of node.pairs) {
        if (pair.range.start.line === line) return pair.span;
        const inside = visit(pair.value, 'pair');
        if (inside) return inside;
      }
    } else if (node.kind === 'seq') {
      for (const item of node.items) {
        const inside = visit(item, 'seq');
        if (inside) return inside;
      }
    }
    return null;
  };
  for (const object of objects) {
    const found = visit(object.node, 'root');
    if (found) return found;
  }
  return null;
}

function scalarSpans(k8s: K8sFile): Span[] {
  const spans: Span[] = [];
  const visit = (node: YamlNode | null) => {
    if (!node || node.alias) return;
    if (node.kind === 'scalar') {
      if (node.range.end.line > node.range.start.line || /^["']/.test(node.source)) spans.push(node.span);
    } else if (node.kind === 'map') {
      for (const pair of node.pairs) visit(pair.value);
    } else for (const item of node.items) visit(item);
  };
  for (const object of k8s.objects) visit(object.node);
  return spans;
}

export const DRYDOCK_IGNORE_ANNOTATION = 'drydock.io/ignore';

/** `drydock.io/ignore: "rule-a,rule-b -- reason"` on an object: the whole object. */
function annotationSuppressions(object: K8sObject, registry: RuleRegistry): InlineSuppression[] {
  const value = annotationsOf(object)[DRYDOCK_IGNORE_ANNOTATION];
  if (typeof value !== 'string') return [];
  return [
    {
      origin: DRYDOCK_IGNORE_ANNOTATION,
      ...parseDrydockIgnore(value, registry),
      scope: object.node.span,
      location: object.locate(['metadata', 'annotations', DRYDOCK_IGNORE_ANNOTATION], 'pair').range,
    },
  ];
}

export function annotationsOf(object: K8sObject): Record<string, unknown> {
  const metadata = object.value.metadata;
  if (!metadata || typeof metadata !== 'object') return {};
  const annotations = (metadata as Record<string, unknown>).annotations;
  return annotations && typeof annotations === 'object' && !Array.isArray(annotations) ? (annotations as Record<string, unknown>) : {};
}
