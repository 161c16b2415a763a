/**
 * What the other tools' config files (`.hadolint.yaml`, `.kube-linter.yaml`)
 * become: a layer of rule settings, like a `.drydock.yaml` of their domain.
 */
import { createRequire } from 'node:module';
import { ConfigError, type RuleSetting } from '../config.js';
import type { RuleRegistry } from '../registry.js';
import type { AnyRule } from '../rule.js';
import { suggestRule } from '../suppressions.js';
import type { RuleDomain, Severity } from '../types.js';

export interface ForeignConfig {
  rules: Map<string, RuleSetting>;
  /** Rules of this domain only are affected (a `.hadolint.yaml` says nothing about manifests). */
  domain: RuleDomain;
  /** Not errors: unknown ids and keys drydock does not use, each with file:line:col. */
  warnings: string[];
  /** hadolint's `failure-threshold` / `no-fail`. */
  failureLevel?: Severity | 'none';
  /** kube-linter's `checks.ignorePaths`, gitignore-style globs relative to the file's folder. */
  ignore?: string[];
  /** kube-linter's `doNotAutoAddDefaults`: every rule of the domain is off unless listed. */
  onlyListed?: boolean;
  /** kube-linter's `addAllBuiltIn`: every rule of the domain is on. */
  allRules?: boolean;
}

export interface YamlLocator {
  /** `file:line:col` of a dotted key path. */
  where(path: string): string;
  error(path: string, message: string): ConfigError;
}

const require = createRequire(import.meta.url);

/** Parses a YAML mapping; errors are ConfigErrors at the YAML's own position. */
export function readYamlMapping(file: string, text: string): { data: Record<string, unknown>; locate: YamlLocator } {
  const { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const pos = lineCounter.linePos(doc.errors[0].pos[0]);
    throw new ConfigError(file, pos.line, pos.col, `invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  }
  const data = doc.toJS() ?? {};
  const position = (path: string): [number, number] => {
    let node: unknown = doc.contents;
    let offset = (doc.contents as { range?: [number, number] } | null)?.range?.[0] ?? 0;
    for (const key of path.split('.')) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
        if (!pair) break;
        offset = (pair.key as { range?: [number, number] }).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(key)) {
        const item = node.items[Number(key)] as { range?: [number, number] } | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    const pos = lineCounter.linePos(offset);
    return [pos.line, pos.col];
  };
  if (typeof data !== 'object' || Array.isArray(data)) throw new ConfigError(file, 1, 1, 'the file must be a YAML mapping');
  return {
    data: data as Record<string, unknown>,
    locate: {
      where: (path) => `${file}:${position(path).join(':')}`,
      error: (path, message) => new ConfigError(file, ...position(path), message),
    },
  };
}

/** Sets rule settings by the other tool's ids, resolved through drydock's aliases. */
export function foreignRuleSettings(registry: RuleRegistry, config: ForeignConfig, idShape: RegExp, tool: 'hadolint' | 'kube-linter', locate: YamlLocator) {
  const merge = (ruleId: string, setting: RuleSetting) => {
    const previous = config.rules.get(ruleId) ?? {};
    config.rules.set(ruleId, {
      ...previous,
      ...(setting.severity ? { severity: setting.severity } : {}),
      ...(setting.options ? { options: { ...previous.options, ...setting.options } } : {}),
    });
  };
  return {
    /** A list of ids at `path`; unknown ids warn (did-you-mean unless they look like the tool's own ids). */
    setMany(ids: unknown, path: string, setting: RuleSetting | ((rule: AnyRule) => RuleSetting)): void {
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) throw locate.error(path, `\`${path}\` must be a list of rule ids`);
      (ids as string[]).forEach((id, index) => {
        const rules = registry.resolve(id).filter((rule) => rule.meta.domain === config.domain);
        if (rules.length === 0) {
          if (idShape.test(id)) return;
          const suggestion = suggestRule(registry, id, tool);
          config.warnings.push(`${locate.where(`${path}.${index}`)}: unknown ${tool} ${tool === 'kube-linter' ? 'check' : 'rule'} "${id}"${suggestion ? `; did you mean "${suggestion}"?` : ''}; ignored`);
          return;
        }
        for (const rule of rules) merge(rule.meta.id, typeof setting === 'function' ? setting(rule) : setting);
      });
    },
    /** Passes an option to every rule of the domain that takes it. */
    setOption(name: string, value: unknown): void {
      for (const rule of registry.rules) {
        if (rule.meta.domain === config.domain && name in (rule.meta.defaultOptions as object)) merge(rule.meta.id, { options: { [name]: value } });
      }
    },
  };
}
