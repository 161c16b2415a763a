/**
 * The vocabulary shared by parsers, rules, the engine and reporters:
 * findings, fixes and rule modules.
 */
import type { Range, Span } from './source.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const severityRank: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** A replacement of the text in `span` (offsets into the file text) by `text`. */
export interface TextEdit {
  span: Span;
  text: string;
}

/**
 * A set of edits that resolves a finding. A fix on a finding is safe: it keeps
 * the file's behaviour apart from what the rule asks for, and `--fix` applies it.
 * A suggestion changes behaviour and is only offered (editor quick fix, SARIF).
 */
export interface Fix {
  description: string;
  edits: TextEdit[];
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

/** Why a finding is not counted: an inline comment, an annotation, a config entry or a baseline. */
export interface Suppression {
  /** SARIF's kinds: `inSource` for comments and annotations in the file, `external` for config and baselines. */
  kind: 'inSource' | 'external';
  /** The reason given (`-- reason`), when there is one. */
  justification?: string;
  /** What suppressed it: `# drydock-ignore`, `# hadolint ignore`, `.drydock.yaml`, `baseline`… */
  origin: string;
  /** Where the suppressing comment or annotation is, for in-source suppressions. */
  location?: { file: string; range: Range };
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Path as given on the command line or discovered (relative to cwd when possible). */
  file: string;
  range: Range;
  fix?: Fix;
  suggestions?: Fix[];
  related?: RelatedLocation[];
  /** Where a credential the finding is about sits in the file: every output masks that text (src/core/secrets.ts). */
  secrets?: Range[];
  /** Set on suppressed findings (LintResult.suppressed), never on active ones. */
  suppression?: Suppression;
}

/** The tools whose ids a rule lists as aliases of the same check. */
export type AliasTool =
  | 'hadolint'
  | 'buildkit'
  | 'dockerfile-utils'
  | 'kube-linter'
  | 'kube-score'
  | 'polaris'
  | 'pss'
  | 'checkov'
  | 'trivy';

/** How each tool is named in docs and hovers. */
export const ALIAS_TOOL_NAMES: Record<AliasTool, string> = {
  hadolint: 'hadolint',
  buildkit: 'BuildKit',
  'dockerfile-utils': 'dockerfile-utils',
  'kube-linter': 'kube-linter',
  'kube-score': 'kube-score',
  polaris: 'Polaris',
  pss: 'Pod Security Standards',
  checkov: 'Checkov',
  trivy: 'Trivy',
};

/** `cross` rules check a manifest against the Dockerfile of the image it runs (src/cross/). */
export type RuleDomain = 'dockerfile' | 'k8s' | 'cross';

export interface RuleExample {
  /** File name used to detect the language (e.g. `Dockerfile`, `deploy.yaml`). */
  filename?: string;
  code: string;
  /** For a bad example with a fix: the text after `--fix`. */
  output?: string;
  /** Cross rules: the other files of the example by path (the Dockerfile the manifest's image is built from). */
  files?: Record<string, string>;
  options?: Record<string, unknown>;
}

export interface RuleMeta<O extends object = Record<string, never>> {
  /** Kebab-case with domain prefix: `dockerfile/…`, `k8s/…`, `cross/…`. */
  id: string;
  title: string;
  severity: Severity;
  category: 'security' | 'reliability' | 'efficiency' | 'maintainability' | 'correctness' | 'syntax';
  /** Why the rule exists, in a few sentences: the docs' "why". */
  rationale: string;
  aliases: Partial<Record<AliasTool, string[]>>;
  fixable: boolean;
  /**
   * False for rules that are off unless configured (contested or experimental
   * checks); the `drydock:recommended` preset leaves them out. Absent means true.
   */
  recommended?: boolean;
  /** Default options; a config's options are merged over them. */
  defaultOptions: O;
  examples: { bad: RuleExample[]; good: RuleExample[] };
}

/** What every rule context offers, whatever the domain. */
export interface BaseRuleContext<O> {
  readonly file: string;
  readonly options: Readonly<O>;
  /** Settings shared by rules (`settings:` in the config), e.g. the Kubernetes version. */
  readonly settings: Readonly<RuleSettings>;
  report(finding: ReportDescriptor): void;
}

export interface RuleSettings {
  /** `1.30`-style minor version the manifests target; rules default to the newest they know. */
  kubernetesVersion?: string;
}

export interface ReportDescriptor {
  message: string;
  /** Where: an exact range, or a span of offsets the context converts. */
  range: Range | Span;
  fix?: Fix;
  suggestions?: Fix[];
  related?: RelatedLocation[];
  /** The credential's text in the file (a range, or offsets): masked in every output. */
  secrets?: Array<Range | Span>;
  /** Overrides the configured severity (rarely wanted). */
  severity?: Severity;
}
