/**
 * BuildKit's build-check controls: the `# check=skip=A,B;error=true` parser
 * directive at the top of a Dockerfile, and `# check=skip=Rule // reason`
 * comments above an instruction (or above a FROM, for its stage).
 */
import type { Dockerfile } from '../../dockerfile/ast.js';
import type { RuleRegistry } from '../registry.js';
import type { InlineSuppression, RuleReference } from '../suppressions.js';
import { dockerfileScope, ruleReferences } from '../suppressions.js';

/** BuildKit's check names are PascalCase (`JSONArgsRecommended`). */
export const BUILDKIT_ID_SHAPE = /^[A-Z][A-Za-z0-9]+$/;

export interface BuildkitControls {
  suppressions: InlineSuppression[];
  /** Set by `error=true`: BuildKit's checks fail the build, so their findings become errors. */
  raiseToError: ((ruleId: string) => boolean) | null;
}

interface CheckValue {
  skip: RuleReference[] | 'all' | null;
  error: boolean;
  justification?: string;
}

/** `skip=A,B;error=true // reason`. */
export function parseCheckValue(value: string, registry: RuleRegistry): CheckValue {
  const reasonAt = value.indexOf('//');
  const justification = reasonAt >= 0 ? value.slice(reasonAt + 2).trim() : '';
  const result: CheckValue = { skip: null, error: false, ...(justification ? { justification } : {}) };
  for (const part of (reasonAt >= 0 ? value.slice(0, reasonAt) : value).split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const setting = part.slice(eq + 1).trim();
    if (key === 'skip') result.skip = setting.toLowerCase() === 'all' ? 'all' : ruleReferences(setting, registry);
    else if (key === 'error') result.error = setting.toLowerCase() === 'true';
  }
  return result;
}

export function buildkitSuppressions(dockerfile: Dockerfile, registry: RuleRegistry): BuildkitControls {
  const isBuildkitCheck = (ruleId: string) => (registry.get(ruleId)?.meta.aliases.buildkit?.length ?? 0) > 0;
  const suppressions: InlineSuppression[] = [];
  let raiseToError: BuildkitControls['raiseToError'] = null;
  const wholeFile = { start: 0, end: dockerfile.source.text.length };

  const directive = dockerfile.directives.find((d) => d.name === 'check');
  if (directive) {
    const check = parseCheckValue(directive.value, registry);
    if (check.error) raiseToError = isBuildkitCheck;
    if (check.skip) {
      suppressions.push({
        origin: '# check=skip',
        rules: check.skip,
        covers: isBuildkitCheck,
        scope: wholeFile,
        ...(check.justification ? { justification: check.justification } : {}),
        location: directive.range,
        foreignIdShape: BUILDKIT_ID_SHAPE,
        tool: 'buildkit',
        reportUnused: false,
      });
    }
  }

  for (const comment of dockerfile.comments) {
    if (comment.inContinuation) continue;
    const match = /^\s*check\s*=(.*)$/i.exec(comment.text);
    if (!match) continue;
    const check = parseCheckValue(match[1], registry);
    if (!check.skip) continue;
    const next = dockerfile.instructions.find((instruction) => instruction.span.start >= comment.span.end);
    suppressions.push({
      origin: '# check=skip',
      rules: check.skip,
      covers: isBuildkitCheck,
      scope: dockerfileScope(dockerfile, comment.span.end, next?.kind === 'FROM' ? 'stage' : 'instruction'),
      ...(check.justification ? { justification: check.justification } : {}),
      location: comment.range,
      foreignIdShape: BUILDKIT_ID_SHAPE,
      tool: 'buildkit',
    });
  }
  return { suppressions, raiseToError };
}
