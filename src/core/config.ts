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
import type { RuleRegistry } from './registry.js';
import type { RuleSettings, Severity } from './types.js';

export const CONFIG_FILE_NAMES = ['.drydock.yaml', '.drydock.yml'];

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
  rules: Map<string, RuleSetting>;
  ignore: Ignore | null;
  overrides: ConfigOverride[];
  settings: RuleSettings;
}

/** A rule as it runs on one file: its severity and merged options. */
export interface ActiveRule {
  severity: Severity;
  options: Record<string, unknown>;
}

export interface EffectiveConfig {
  rules: Map<string, ActiveRule>;
  settings: RuleSettings;
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

/** Parses and validates one config file's text. Throws ConfigError. */
export function parseConfig(file: string, text: string, registry: RuleRegistry): ConfigFile {
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
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  const nodeAt = (pointer: string): YNode | null => {
    let node: unknown = doc.contents;
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

  if (typeof data !== 'object' || Array.isArray(data)) fail(doc.contents as YNode, 'a config file must be a mapping');
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
  return {
    path: file,
    dir,
    root: data.root === true,
    rules: readRules(data.rules, '/rules'),
    ignore: ignoreGlobs.length > 0 ? ignore().add(ignoreGlobs) : null,
    overrides,
    settings: (data.settings as ConfigFile['settings'] | undefined) ?? {},
  };
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
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'the config';
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
}

/** Finds and caches config files, and resolves the effective config of a file. */
export class ConfigResolver {
  private readonly dirChains = new Map<string, ConfigFile[]>();
  private readonly explicit: ConfigFile | null;

  constructor(private readonly options: ConfigResolverOptions) {
    this.explicit = options.configPath ? this.load(path.resolve(options.configPath)) : null;
  }

  private load(file: string): ConfigFile {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(file, 1, 1, `cannot read config file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    return parseConfig(file, text, this.options.registry);
  }

  /** Config files that apply in a folder, outermost first. */
  chain(dir: string): ConfigFile[] {
    if (this.options.noConfig) return [];
    if (this.explicit) return [this.explicit];
    const cached = this.dirChains.get(dir);
    if (cached) return cached;
    let own: ConfigFile | null = null;
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) {
        own = this.load(candidate);
        break;
      }
    }
    const parent = path.dirname(dir);
    const chain = own?.root || parent === dir ? (own ? [own] : []) : [...this.chain(parent), ...(own ? [own] : [])];
    this.dirChains.set(dir, chain);
    return chain;
  }

  /** True when a config's `ignore` globs exclude the file. */
  isIgnored(absolutePath: string): boolean {
    for (const config of this.chain(path.dirname(absolutePath))) {
      const relative = path.relative(config.dir, absolutePath);
      if (config.ignore && relative && !relative.startsWith('..') && config.ignore.ignores(relative.split(path.sep).join('/'))) return true;
    }
    return false;
  }

  /** Rules that run on the file, with severities and options. */
  resolve(absolutePath: string): EffectiveConfig {
    const settings: EffectiveConfig['settings'] = {};
    const layered = new Map<string, RuleSetting[]>();
    const apply = (rules: Map<string, RuleSetting>) => {
      for (const [id, setting] of rules) layered.set(id, [...(layered.get(id) ?? []), setting]);
    };
    for (const config of this.chain(path.dirname(absolutePath))) {
      Object.assign(settings, config.settings);
      apply(config.rules);
      const relative = path.relative(config.dir, absolutePath).split(path.sep).join('/');
      for (const override of config.overrides) if (override.matches(relative)) apply(override.rules);
    }
    if (this.options.cliRules) apply(this.options.cliRules);

    const active = new Map<string, ActiveRule>();
    for (const rule of this.options.registry.rules) {
      let severity: Severity | 'off' = rule.meta.severity;
      let options: Record<string, unknown> = { ...(rule.meta.defaultOptions as Record<string, unknown>) };
      for (const setting of layered.get(rule.meta.id) ?? []) {
        if (setting.severity) severity = setting.severity;
        if (setting.options) options = { ...options, ...setting.options };
      }
      if (severity !== 'off') active.set(rule.meta.id, { severity, options });
    }
    return { rules: active, settings };
  }
}
