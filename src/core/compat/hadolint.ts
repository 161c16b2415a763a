/**
 * hadolint compatibility: its ignore pragmas in Dockerfiles
 * (`# hadolint ignore=DL3006,SC2086`, `global ignore=`, `stage ignore=`,
 * `shell=powershell`) and its config file (`.hadolint.yaml`).
 */
import type { Dockerfile, Instruction } from '../../dockerfile/ast.js';
import type { RuleRegistry } from '../registry.js';
import type { InlineSuppression } from '../suppressions.js';
import { dockerfileScope, ruleReferences } from '../suppressions.js';
import type { Severity } from '../types.js';
import { foreignRuleSettings, readYamlMapping, type ForeignConfig } from './foreign-config.js';

export const HADOLINT_CONFIG_FILE_NAMES = ['.hadolint.yaml', '.hadolint.yml'];

/** hadolint's own rules (DL…) and the ShellCheck codes it relays (SC…). */
export const HADOLINT_ID_SHAPE = /^(DL|SC)\d{4}$/i;

// The ids run to the first space that is not next to a comma; anything after is not read.
const IGNORE_PRAGMA = /^\s*hadolint\s+(?:(global|stage)\s+)?ignore\s*=\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)/;
const SHELL_PRAGMA = /^\s*hadolint\s+shell\s*=\s*(\S+)\s*$/;

export function hadolintSuppressions(dockerfile: Dockerfile, registry: RuleRegistry): InlineSuppression[] {
  const out: InlineSuppression[] = [];
  for (const comment of dockerfile.comments) {
    if (comment.inContinuation) continue;
    const match = IGNORE_PRAGMA.exec(comment.text);
    if (!match) continue;
    const extent = match[1] as 'global' | 'stage' | undefined;
    const scope =
      extent === 'global' ? { start: 0, end: dockerfile.source.text.length } : dockerfileScope(dockerfile, comment.span.end, extent === 'stage' ? 'stage' : 'instruction');
    out.push({
      origin: extent ? `# hadolint ${extent} ignore` : '# hadolint ignore',
      rules: ruleReferences(match[2], registry),
      scope,
      location: comment.range,
      foreignIdShape: HADOLINT_ID_SHAPE,
      tool: 'hadolint',
    });
  }
  return out;
}

const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'zsh', 'busybox']);

/**
 * Instructions that a `# hadolint shell=…` pragma puts under a non-POSIX shell
 * (powershell, pwsh, cmd): their scripts are not analysed as POSIX shell. A
 * pragma holds from where it is to the next one.
 */
export function nonPosixShellByPragma(dockerfile: Dockerfile): Set<Instruction> {
  const pragmas = dockerfile.comments
    .filter((comment) => !comment.inContinuation)
    .flatMap((comment) => {
      const match = SHELL_PRAGMA.exec(comment.text);
      return match ? [{ at: comment.span.end, shell: match[1].toLowerCase().replace(/\.exe$/, '').replace(/^.*[\\/]/, '') }] : [];
    });
  const affected = new Set<Instruction>();
  if (pragmas.length === 0) return affected;
  for (const instruction of dockerfile.instructions) {
    const active = pragmas.filter((pragma) => pragma.at <= instruction.span.start).pop();
    if (active && !POSIX_SHELLS.has(active.shell)) {
      affected.add(instruction);
      if (instruction.kind === 'ONBUILD' && instruction.trigger) affected.add(instruction.trigger);
    }
  }
  return affected;
}

const HADOLINT_SEVERITY: Record<string, Severity | 'off'> = { error: 'error', warning: 'warning', info: 'info', style: 'info', ignore: 'off', none: 'off' };

/**
 * `.hadolint.yaml`: `ignored`, `override`, `trustedRegistries`,
 * `label-schema`, `strict-labels`, `failure-threshold`, `no-fail`. Other keys
 * (format, no-color, disable-ignore-pragma) are reported as not honoured.
 */
export function parseHadolintConfig(file: string, text: string, registry: RuleRegistry): ForeignConfig {
  const { data, locate } = readYamlMapping(file, text);
  const config: ForeignConfig = { rules: new Map(), warnings: [], domain: 'dockerfile' };
  const settings = foreignRuleSettings(registry, config, HADOLINT_ID_SHAPE, 'hadolint', locate);
  let noFail = false;
  for (const [key, value] of Object.entries(data)) {
    switch (key) {
      case 'ignored':
        settings.setMany(value, key, { severity: 'off' });
        break;
      case 'override':
        if (!isMapping(value)) throw locate.error(key, '`override` must be a mapping of error/warning/info/style to rule lists');
        for (const [level, ids] of Object.entries(value)) {
          const severity = HADOLINT_SEVERITY[level];
          if (!severity || severity === 'off') throw locate.error(`${key}.${level}`, `unknown override level "${level}"; use error, warning, info or style`);
          settings.setMany(ids, `${key}.${level}`, { severity });
        }
        break;
      case 'trustedRegistries':
        settings.setOption('trustedRegistries', stringList(value, key, locate));
        break;
      case 'label-schema':
        if (!isMapping(value)) throw locate.error(key, '`label-schema` must be a mapping of label names to types');
        settings.setOption('labelSchema', value);
        break;
      case 'strict-labels':
        settings.setOption('strictLabels', value === true);
        break;
      case 'failure-threshold': {
        const level = String(value).toLowerCase();
        if (!(level in HADOLINT_SEVERITY)) throw locate.error(key, `failure-threshold must be one of error, warning, info, style, ignore, none`);
        config.failureLevel = level === 'style' ? 'info' : HADOLINT_SEVERITY[level] === 'off' ? 'none' : (HADOLINT_SEVERITY[level] as Severity);
        break;
      }
      case 'no-fail':
        noFail = value === true;
        break;
      default:
        config.warnings.push(`${locate.where(key)}: hadolint setting "${key}" is not used by drydock`);
    }
  }
  if (noFail) config.failureLevel = 'none';
  return config;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, key: string, locate: { error(path: string, message: string): Error }): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw locate.error(key, `\`${key}\` must be a list of strings`);
  return value as string[];
}
