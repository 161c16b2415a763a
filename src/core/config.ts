/**
 * `.drydock.yaml` discovery, validation and per-file resolution.
 *
 * Config files are found upward from each linted file; the nearest wins, and
 * `root: true` stops the search. Errors point at the config's own line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { Node as YNode } from 'yaml';
import { detectLanguage } from './detect.js';
import { HADOLINT_CONFIG_FILE_NAMES, parseHadolintConfig } from './compat/hadolint.js';
import { KUBE_LINTER_CONFIG_FILE_NAMES, parseKubeLinterConfig } from './compat/kube-linter.js';
import type { ForeignConfig } from './compat/foreign-config.js';
import type { ConfigImageMapping } from '../cross/links.js';
import type { RuleRegistry } from './registry.js';
import type { SuppressionSettings } from './suppressions.js';
import type { RuleDomain, RuleSettings, Severity } from './types.js';

export const CONFIG_FILE_NAMES = ['.drydock.yaml', '.drydock.yml'];
/** Every file name whose change can change a config (for watchers such as the language server). */
// Spelled out: the compat modules import this one, so their constants are not initialised yet here.
export const WATCHED_CONFIG_FILE_NAMES = ['.drydock.yaml', '.drydock.yml', 'package.json', '.hadolint.yaml', '.hadolint.yml', '.kube-linter.yaml', '.kube-linter.yml'];
/** The key of a drydock config inside package.json. */
export const PACKAGE_JSON_KEY = 'drydock';

export interface RuleSetting {
  /** Absent when a setting only changes options and keeps the severity. */
  severity?: Severity | 'off';
  options?: Record<string, unknown>;
}

export interface ConfigOverride {
  matches(relativePath: string): boolean;
  rules: Map<string, RuleSetting>;
}

export interface ConfigFile {
  path: string;
  dir: string;
  root: boolean;
  /** Presets named by `extends`, in order; null when the file has no `extends`. */
  extends: PresetName[] | null;
  rules: Map<string, RuleSetting>;
  ignore: Ignore | null;
  overrides: ConfigOverride[];
  settings: RuleSettings;
  suppressions: SuppressionSettings;
  /** `compat:` — whether `.hadolint.yaml` / `.kube-linter.yaml` files are read. */
  compat: Partial<Record<'hadolint' | 'kube-linter', boolean>>;
  /** hadolint's failure-threshold / no-fail, for files this config applies to. */
  failureLevel?: Severity | 'none';
  /** `images:` — which Dockerfile builds an image (src/cross/links.ts), paths made absolute. */
  images: ConfigImageMapping[];
  /** Set on a layer read from another tool's file: it only touches rules of this domain. */
  foreign?: { tool: 'hadolint' | 'kube-linter'; domain: RuleDomain; onlyListed: boolean; allRules: boolean };
}

/** A rule as it runs on one file: its severity and merged options. */
export interface ActiveRule {
  severity: Severity;
  options: Record<string, unknown>;
}

export interface EffectiveConfig {
  rules: Map<string, ActiveRule>;
  settings: RuleSettings;
  /** How inline suppressions are treated; absent means honoured, not reported when unused. */
  suppressions?: SuppressionSettings;
  /** Lowest severity that fails the run for this file, when a config sets one (hadolint's failure-threshold). */
  failureLevel?: Severity | 'none';
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}:${column}: ${detail}`);
    this.name = 'ConfigError';
  }
}

// ajv and yaml load only when a config file exists: most runs of a pre-commit hook have none to read.
const require = createRequire(import.meta.url);
let validateSchema: ValidateFunction | null = null;

function schemaValidator(): ValidateFunction {
  if (!validateSchema) {
    const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
    const schema = require('../../schema/drydock.schema.json') as object;
    validateSchema = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validateSchema;
}

/**
 * Parses and validates one config file's text. Throws ConfigError. With
 * `key`, the config is that key's value (`drydock` in package.json).
 */
export function parseConfig(file: string, text: string, registry: RuleRegistry, key?: string): ConfigFile {
  const { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return [pos.line, pos.col] as const;
  };
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const [line, col] = where(error.pos[0]);
    throw new ConfigError(file, line, col, `invalid YAML: ${error.message.split('\n')[0]}`);
  }
  const rootNode: unknown = key !== undefined && isMap(doc.contents) ? doc.contents.get(key, true) : doc.contents;
  const data = ((rootNode as YNode | null)?.toJS(doc) ?? {}) as Record<string, unknown>;
  // `rules:` with only commented entries under it (as `drydock init` writes) means none.
  if (typeof data === 'object' && data !== null) for (const key of Object.keys(data)) if (data[key] === null) delete data[key];
  const nodeAt = (pointer: string): YNode | null => {
    let node: unknown = rootNode;
    for (const raw of pointer.split('/').slice(1)) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
        node = pair?.value ?? pair?.key ?? node;
        if (!pair) break;
      } else if (isSeq(node)) {
        node = node.items[Number(key)] ?? node;
      } else break;
    }
    return (node as YNode | null) ?? null;
  };
  const keyNodeAt = (pointer: string): YNode | null => {
    const parent = nodeAt(pointer.slice(0, pointer.lastIndexOf('/')));
    const key = pointer.slice(pointer.lastIndexOf('/') + 1).replace(/~1/g, '/').replace(/~0/g, '~');
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
      if (pair && isScalar(pair.key)) return pair.key;
    }
    return nodeAt(pointer);
  };
  const fail = (node: YNode | null, message: string): never => {
    const [line, col] = where(node?.range?.[0] ?? 0);
    throw new ConfigError(file, line, col, message);
  };

  if (typeof data !== 'object' || Array.isArray(data)) fail(rootNode as YNode, key ? `"${key}" must be a mapping` : 'a config file must be a mapping');
  const validate = schemaValidator();
  if (!validate(data)) {
    fail(nodeAt(bestError(validate.errors ?? []).instancePath), describeSchemaError(bestError(validate.errors ?? [])));
  }

  const readRules = (value: unknown, pointer: string): Map<string, RuleSetting> => {
    const rules = new Map<string, RuleSetting>();
    for (const [key, setting] of Object.entries((value ?? {}) as Record<string, unknown>)) {
      const keyPointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const targets = registry.resolve(key);
      if (targets.length === 0) {
        const suggestion = registry.suggest(key);
        fail(keyNodeAt(keyPointer), `unknown rule "${key}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (run \`drydock rules\` to list them)`);
      }
      const normalized = normalizeSetting(setting);
      for (const rule of targets) rules.set(rule.meta.id, normalized);
    }
    return rules;
  };

  const dir = path.dirname(file);
  const ignoreGlobs = (data.ignore as string[] | undefined) ?? [];
  const overrides = ((data.overrides as Array<Record<string, unknown>> | undefined) ?? []).map((override, i) => {
    const files = toArray(override.files as string | string[]);
    const excluded = toArray(override.excludedFiles as string | string[] | undefined);
    const include = picomatch(files, { dot: true, basename: files.every((f) => !f.includes('/')) });
    const exclude = excluded.length > 0 ? picomatch(excluded, { dot: true, basename: excluded.every((f) => !f.includes('/')) }) : () => false;
    return {
      matches: (relative: string) => include(relative) && !exclude(relative),
      rules: readRules(override.rules, `/overrides/${i}/rules`),
    };
  });
  const { requireReason, noInlineSuppressions, reportUnusedSuppressions, ...ruleSettings } = (data.settings as Record<string, unknown> | undefined) ?? {};
  const suppressions: SuppressionSettings = {};
  if (typeof requireReason === 'boolean') suppressions.requireReason = requireReason;
  if (typeof noInlineSuppressions === 'boolean') suppressions.noInline = noInlineSuppressions;
  if (typeof reportUnusedSuppressions === 'boolean') suppressions.reportUnused = reportUnusedSuppressions;
  const presets = data.extends === undefined ? null : toArray(data.extends as string | string[]);
  for (const [i, name] of (presets ?? []).entries()) {
    if (!isPresetName(name)) fail(nodeAt(Array.isArray(data.extends) ? `/extends/${i}` : '/extends'), `unknown preset "${name}"`);
  }
  return {
    path: file,
    dir,
    root: data.root === true,
    extends: presets as PresetName[] | null,
    rules: readRules(data.rules, '/rules'),
    ignore: ignoreGlobs.length > 0 ? ignore().add(ignoreGlobs) : null,
    overrides,
    settings: ruleSettings as RuleSettings,
    suppressions,
    compat: readCompat(data.compat as Record<string, boolean> | undefined),
    images: Object.entries((data.images ?? {}) as Record<string, string | { dockerfile: string; target?: string }>).map(([image, value]) => {
      const pointer = `/images/${image.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const keyNode = keyNodeAt(pointer);
      const line = keyNode?.range ? where(keyNode.range[0])[0] : 1;
      const entry = typeof value === 'string' ? { dockerfile: value } : value;
      return { image, dockerfile: path.resolve(dir, entry.dockerfile), target: entry.target ?? null, file, line };
    }),
  };
}

export const PRESET_NAMES = ['drydock:recommended', 'drydock:strict', 'drydock:all', 'drydock:pss-baseline', 'drydock:pss-restricted'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];
export const DEFAULT_PRESET: PresetName = 'drydock:recommended';

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/**
 * The Pod Security Admission checks of the baseline profile
 * (kubernetes/pod-security-admission policy/check_*.go ids, which PSS rules
 * list as their `pss` aliases). Every other PSS check is restricted-only.
 */
const PSS_BASELINE_CHECKS = new Set(
  [
    'hostProcess',
    'windowsHostProcess',
    'hostNamespaces',
    'privileged',
    'capabilities_baseline',
    'hostPathVolumes',
    'hostPorts',
    'hostProbesAndHostLifecycle',
    'appArmorProfile',
    'seLinuxOptions',
    'procMount',
    'seccompProfile_baseline',
    'sysctls',
  ].map((id) => id.toLowerCase()),
);

const STRICT_CATEGORIES = new Set(['security', 'reliability', 'correctness']);

/**
 * The rules a preset turns on, with their severity, chosen by rule metadata so
 * that new rules join the presets they belong to:
 * - recommended: every rule not marked `recommended: false`, at its severity;
 * - strict: recommended, plus off-by-default rules of the security, reliability
 *   and correctness categories, with warnings raised to errors;
 * - all: every rule at its severity;
 * - pss-baseline / pss-restricted: the rules of that Pod Security Standards
 *   profile (by their `pss` aliases), as errors, with a `profile` option set
 *   on rules that take one.
 */
export function presetRules(preset: PresetName, registry: RuleRegistry): Map<string, RuleSetting> {
  const rules = new Map<string, RuleSetting>();
  for (const rule of registry.rules) {
    const meta = rule.meta;
    const recommended = (meta as { recommended?: boolean }).recommended !== false;
    switch (preset) {
      case 'drydock:recommended':
        if (recommended) rules.set(meta.id, { severity: meta.severity });
        break;
      case 'drydock:strict':
        if (recommended || STRICT_CATEGORIES.has(meta.category)) rules.set(meta.id, { severity: meta.severity === 'warning' ? 'error' : meta.severity });
        break;
      case 'drydock:all':
        rules.set(meta.id, { severity: meta.severity });
        break;
      case 'drydock:pss-baseline':
      case 'drydock:pss-restricted': {
        const checks = (meta.aliases.pss ?? []).map((id) => id.toLowerCase());
        if (checks.length === 0) break;
        const profile = preset === 'drydock:pss-baseline' ? 'baseline' : 'restricted';
        if (profile === 'baseline' && !checks.some((id) => PSS_BASELINE_CHECKS.has(id) || id.includes('baseline'))) break;
        const takesProfile = 'profile' in (meta.defaultOptions as object);
        rules.set(meta.id, { severity: 'error', ...(takesProfile ? { options: { profile } } : {}) });
        break;
      }
    }
  }
  return rules;
}

/** A `.hadolint.yaml` or `.kube-linter.yaml` as a config layer of its domain. */
function foreignLayer(file: string, tool: 'hadolint' | 'kube-linter', foreign: ForeignConfig): ConfigFile {
  return {
    path: file,
    dir: path.dirname(file),
    root: false,
    extends: null,
    rules: foreign.rules,
    ignore: foreign.ignore?.length ? ignore().add(foreign.ignore) : null,
    overrides: [],
    settings: {},
    suppressions: {},
    compat: {},
    images: [],
    ...(foreign.failureLevel ? { failureLevel: foreign.failureLevel } : {}),
    foreign: { tool, domain: foreign.domain, onlyListed: foreign.onlyListed === true, allRules: foreign.allRules === true },
  };
}

/** kube-linter's `doNotAutoAddDefaults` (all of the domain off) and `addAllBuiltIn` (all on). */
function foreignBase(foreign: NonNullable<ConfigFile['foreign']>, registry: RuleRegistry): Map<string, RuleSetting> {
  const base = new Map<string, RuleSetting>();
  for (const rule of registry.rules) {
    if (rule.meta.domain !== foreign.domain) continue;
    if (foreign.allRules) base.set(rule.meta.id, { severity: rule.meta.severity });
    else if (foreign.onlyListed) base.set(rule.meta.id, { severity: 'off' });
  }
  return base;
}

function readCompat(compat: Record<string, boolean> | undefined): ConfigFile['compat'] {
  const out: ConfigFile['compat'] = {};
  if (compat?.hadolint !== undefined) out.hadolint = compat.hadolint;
  if (compat?.kubeLinter !== undefined) out['kube-linter'] = compat.kubeLinter;
  return out;
}

function toArray(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function normalizeSetting(setting: unknown): RuleSetting {
  if (typeof setting === 'string') return { severity: setting as RuleSetting['severity'] };
  if (Array.isArray(setting)) return { severity: setting[0], options: setting[1] as Record<string, unknown> | undefined };
  const object = setting as RuleSetting;
  return { severity: object.severity, options: object.options };
}

/** The deepest error is usually the most helpful one among `oneOf` alternatives. */
function bestError(errors: ErrorObject[]): ErrorObject {
  const specific = errors.filter((e) => e.keyword !== 'oneOf');
  const pool = specific.length > 0 ? specific : errors;
  return pool.reduce((best, e) => (e.instancePath.length > best.instancePath.length ? e : best), pool[0]);
}

function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath
    ? error.instancePath.slice(1).split('/').map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~')).join('.')
    : 'the config';
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key "${(error.params as { additionalProperty: string }).additionalProperty}" in ${where}`;
    case 'enum':
      return `${where} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `${where} must be ${(error.params as { type: string }).type === 'object' ? 'a mapping' : `a ${(error.params as { type: string }).type}`}`;
    case 'required':
      return `${where} needs "${(error.params as { missingProperty: string }).missingProperty}"`;
    default:
      return `${where} ${error.message ?? 'is invalid'}`;
  }
}

export interface ConfigResolverOptions {
  registry: RuleRegistry;
  /** Use only this config file, no discovery. */
  configPath?: string;
  /** Use no config file at all. */
  noConfig?: boolean;
  /** Settings from the command line, applied last. */
  cliRules?: Map<string, RuleSetting>;
  /** Suppression settings from the command line (`--report-unused-suppressions`), applied last. */
  cliSuppressions?: SuppressionSettings;
  /** Do not read `.hadolint.yaml` and `.kube-linter.yaml`. */
  noForeignConfigs?: boolean;
}

/** Finds and caches config files, and resolves the effective config of a file. */
export class ConfigResolver {
  private readonly dirChains = new Map<string, ConfigFile[]>();
  private readonly explicit: ConfigFile | null;
  /** Things worth telling but not failing for (unknown ids in another tool's config), each once. */
  readonly warnings: string[] = [];
  private readonly presets = new Map<PresetName | 'off', Map<string, RuleSetting>>();

  constructor(private readonly options: ConfigResolverOptions) {
    this.explicit = options.configPath ? this.loadExplicit(path.resolve(options.configPath)) : null;
  }

  private read(file: string): string {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(file, 1, 1, `cannot read config file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }

  /** `--config FILE`: a drydock config, or a hadolint / kube-linter config recognised by name. */
  private loadExplicit(file: string): ConfigFile {
    const name = path.basename(file);
    if (HADOLINT_CONFIG_FILE_NAMES.includes(name)) return this.loadForeign(file, 'hadolint');
    if (KUBE_LINTER_CONFIG_FILE_NAMES.includes(name)) return this.loadForeign(file, 'kube-linter');
    if (name === 'package.json') return parseConfig(file, this.read(file), this.options.registry, PACKAGE_JSON_KEY);
    return parseConfig(file, this.read(file), this.options.registry);
  }

  private loadForeign(file: string, tool: 'hadolint' | 'kube-linter'): ConfigFile {
    const parse = tool === 'hadolint' ? parseHadolintConfig : parseKubeLinterConfig;
    const foreign = parse(file, this.read(file), this.options.registry);
    for (const warning of foreign.warnings) if (!this.warnings.includes(warning)) this.warnings.push(warning);
    return foreignLayer(file, tool, foreign);
  }

  /**
   * The configs a folder itself holds, weakest first: the `.hadolint.yaml` and
   * `.kube-linter.yaml` there, then `.drydock.yaml` (else a `drydock` key in package.json).
   */
  private configsIn(dir: string): ConfigFile[] {
    const found = this.foreignConfigsIn(dir);
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return [...found, parseConfig(candidate, this.read(candidate), this.options.registry)];
    }
    const packageJson = path.join(dir, 'package.json');
    if (existsSync(packageJson)) {
      const text = this.read(packageJson);
      if (new RegExp(`"${PACKAGE_JSON_KEY}"\\s*:`).test(text)) {
        let hasKey = false;
        try {
          hasKey = PACKAGE_JSON_KEY in (JSON.parse(text) as object);
        } catch {
          // npm reports a broken package.json; here it only means no drydock key.
        }
        if (hasKey) return [...found, parseConfig(packageJson, text, this.options.registry, PACKAGE_JSON_KEY)];
      }
    }
    return found;
  }

  private foreignConfigsIn(dir: string): ConfigFile[] {
    if (this.options.noForeignConfigs) return [];
    const found: ConfigFile[] = [];
    for (const [names, tool] of [
      [HADOLINT_CONFIG_FILE_NAMES, 'hadolint'],
      [KUBE_LINTER_CONFIG_FILE_NAMES, 'kube-linter'],
    ] as const) {
      const name = names.find((n) => existsSync(path.join(dir, n)));
      if (name) found.push(this.loadForeign(path.join(dir, name), tool));
    }
    return found;
  }

  /** Config files that apply in a folder, outermost first. */
  chain(dir: string): ConfigFile[] {
    if (this.options.noConfig) return [];
    if (this.explicit) return [this.explicit];
    const cached = this.dirChains.get(dir);
    if (cached) return cached;
    const own = this.configsIn(dir);
    const parent = path.dirname(dir);
    const chain = own.some((config) => config.root) || parent === dir ? own : [...this.chain(parent), ...own];
    this.dirChains.set(dir, chain);
    return chain;
  }

  /**
   * The `images:` entries of the configs that apply to these files, nearest
   * config first (a nearer config's entry for the same image wins).
   */
  imageMappings(absolutePaths: readonly string[]): ConfigImageMapping[] {
    const configs: ConfigFile[] = [];
    for (const file of absolutePaths) {
      for (const config of [...this.applicableChain(file)].reverse()) if (!configs.includes(config)) configs.push(config);
    }
    return configs.flatMap((config) => config.images);
  }

  /** True when a config's `ignore` globs exclude the file. */
  isIgnored(absolutePath: string): boolean {
    const language = detectLanguage(absolutePath);
    for (const config of this.applicableChain(absolutePath)) {
      // kube-linter's ignorePaths are about manifests; they do not hide Dockerfiles.
      if (config.foreign && language !== null && config.foreign.domain !== language) continue;
      const relative = path.relative(config.dir, absolutePath);
      if (config.ignore && relative && !relative.startsWith('..') && config.ignore.ignores(relative.split(path.sep).join('/'))) return true;
    }
    return false;
  }

  /** A preset's rule settings (`off`: every rule off), computed once per resolver. */
  private preset(name: PresetName | 'off'): Map<string, RuleSetting> {
    let rules = this.presets.get(name);
    if (!rules) {
      const { registry } = this.options;
      rules = name === 'off' ? new Map(registry.rules.map((rule) => [rule.meta.id, { severity: 'off' }])) : presetRules(name, registry);
      this.presets.set(name, rules);
    }
    return rules;
  }

  /** The chain of a file without the other tools' configs that a drydock config's `compat` turns off. */
  private applicableChain(absolutePath: string): ConfigFile[] {
    const chain = this.chain(path.dirname(absolutePath));
    const compat = { hadolint: true, 'kube-linter': true };
    for (const config of chain) Object.assign(compat, config.compat);
    return chain.filter((config) => !config.foreign || compat[config.foreign.tool]);
  }

  /** Rules that run on the file, with severities and options. */
  resolve(absolutePath: string): EffectiveConfig {
    return this.explain(absolutePath).config;
  }

  /** The effective config of a file and the files it comes from (`drydock print-config`). */
  explain(absolutePath: string): { config: EffectiveConfig; files: string[]; presets: PresetName[] } {
    const { registry } = this.options;
    const settings: EffectiveConfig['settings'] = {};
    const suppressions: SuppressionSettings = {};
    let failureLevel: EffectiveConfig['failureLevel'];
    const layered = new Map<string, RuleSetting[]>();
    const apply = (rules: Map<string, RuleSetting>) => {
      for (const [id, setting] of rules) layered.set(id, [...(layered.get(id) ?? []), setting]);
    };
    const chain = this.applicableChain(absolutePath);
    // The base: the presets every applicable config names, outermost first; drydock:recommended when none does.
    const named = chain.flatMap((config) => config.extends ?? []);
    const presets: PresetName[] = named.length > 0 ? named : [DEFAULT_PRESET];
    apply(this.preset('off'));
    for (const preset of presets) apply(this.preset(preset));
    for (const config of chain) {
      if (config.foreign) apply(foreignBase(config.foreign, registry));
      Object.assign(settings, config.settings);
      Object.assign(suppressions, config.suppressions);
      if (config.failureLevel) failureLevel = config.failureLevel;
      apply(config.rules);
      const relative = path.relative(config.dir, absolutePath).split(path.sep).join('/');
      for (const override of config.overrides) if (override.matches(relative)) apply(override.rules);
    }
    if (this.options.cliRules) apply(this.options.cliRules);
    Object.assign(suppressions, this.options.cliSuppressions);

    const active = new Map<string, ActiveRule>();
    for (const rule of registry.rules) {
      let severity: Severity | 'off' = rule.meta.severity;
      let options: Record<string, unknown> = { ...(rule.meta.defaultOptions as Record<string, unknown>) };
      for (const setting of layered.get(rule.meta.id) ?? []) {
        if (setting.severity) severity = setting.severity;
        if (setting.options) options = { ...options, ...setting.options };
      }
      if (severity !== 'off') active.set(rule.meta.id, { severity, options });
    }
    const config: EffectiveConfig = { rules: active, settings, suppressions };
    if (failureLevel) config.failureLevel = failureLevel;
    return { config, files: chain.map((c) => c.path), presets };
  }
}

/** What `drydock init` writes: the default preset, the settings worth knowing, commented examples. */
export function starterConfig(): string {
  return `# drydock configuration: docs/configuration.md
# yaml-language-server: $schema=https://raw.githubusercontent.com/drydock-lint/drydock/main/schema/drydock.schema.json
root: true
extends: drydock:recommended   # or drydock:strict, drydock:all, drydock:pss-baseline, drydock:pss-restricted

# Files not to lint (gitignore syntax, relative to this file).
ignore: []

# Rule ids or aliases (DL3008, run-as-non-root…): error | warning | info | off, with options.
rules:
  # dockerfile/unpinned-base-image: error
  # DL3015: off

# overrides:
#   - files: ["test/**"]
#     rules:
#       dockerfile/final-user-root: off

settings:
  # kubernetesVersion: "1.30"
  requireReason: false          # suppressions must say why: # drydock-ignore rule -- reason
  noInlineSuppressions: false   # report inline suppressions instead of honouring them
  reportUnusedSuppressions: false
`;
}

/** `drydock print-config`: the effective config of a file, as YAML or JSON. */
export function describeEffectiveConfig(resolver: ConfigResolver, registry: RuleRegistry, absolutePath: string, format: 'yaml' | 'json'): string {
  const { config, files, presets } = resolver.explain(absolutePath);
  const rules: Record<string, unknown> = {};
  for (const rule of [...registry.rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    const active = config.rules.get(rule.meta.id);
    if (!active) rules[rule.meta.id] = 'off';
    else rules[rule.meta.id] = Object.keys(active.options).length > 0 ? [active.severity, active.options] : active.severity;
  }
  const description = {
    file: absolutePath,
    configFiles: files,
    extends: presets,
    settings: config.settings,
    suppressions: config.suppressions ?? {},
    ...(config.failureLevel ? { failureLevel: config.failureLevel } : {}),
    rules,
  };
  if (format === 'json') return `${JSON.stringify(description, null, 2)}\n`;
  const { stringify } = require('yaml') as typeof import('yaml');
  return stringify(description, { lineWidth: 0, flowCollectionPadding: false, collectionStyle: 'any' });
}
