/** The conformance report as a table (terminal), JSON or SARIF 2.1.0. */
import { PROJECT_URL } from '../reporters/common.js';
import { VERSION } from '../version.js';
import type { ResourceLimits } from './engine.js';
import type { FixResult, SideResult, TargetResult, VerifyReport } from './types.js';
import { formatBytes } from './verifiers/support.js';

export type VerifyFormat = 'table' | 'json' | 'sarif';

export function formatVerifyReport(report: VerifyReport, format: VerifyFormat, limits: ResourceLimits): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'sarif') return `${JSON.stringify(toSarif(report), null, 2)}\n`;
  return formatTable(report, limits);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function side(result: SideResult | undefined): string {
  if (!result) return 'not built';
  return result.built ? `yes (${seconds(result.buildMs)})` : `NO (${seconds(result.buildMs)})`;
}

function fixLine(fix: FixResult): string {
  const outcome = fix.broke
    ? `BROKE THE ${fix.broke === 'build' ? 'BUILD' : 'BEHAVIOUR'}`
    : fix.verdict
      ? fix.verdict.status
      : fix.verifier
        ? 'not verified'
        : 'no verifier';
  const detail = fix.verdict ? ` — ${fix.verdict.detail}` : '';
  return `    ${fix.ruleId}: ${outcome}${fix.verifier ? ` [${fix.verifier}]` : ''}${detail}`;
}

function formatTable(report: VerifyReport, limits: ResourceLimits): string {
  const lines = [
    `drydock verify: ${report.engine.name} ${report.engine.version}; containers run with --network none, memory ${limits.memory}, ${limits.cpus} CPU, ${limits.pids} pids, no host mounts, not privileged`,
    '',
  ];
  for (const target of report.targets) {
    lines.push(`${target.file}: ${target.status.toUpperCase()} (${seconds(target.durationMs)})${target.reason ? ` — ${target.reason}` : ''}`);
    if (target.before || target.after) {
      const sizes = target.before?.imageSize !== undefined && target.after?.imageSize !== undefined ? `; image size ${formatBytes(target.before.imageSize)} → ${formatBytes(target.after.imageSize)}` : '';
      lines.push(`  built: before ${side(target.before)}, after ${side(target.after)}${sizes}`);
      if (target.after?.buildError) lines.push(...target.after.buildError.split('\n').map((l) => `    | ${l}`));
      if (target.before?.buildError) lines.push(...target.before.buildError.split('\n').map((l) => `    | ${l}`));
    }
    if (target.behaviour) lines.push(`  behaviour: ${target.behaviour.preserved ? 'preserved' : 'CHANGED'} — ${target.behaviour.detail}`);
    if (target.fixes.length > 0) {
      lines.push('  fixes:');
      lines.push(...target.fixes.map(fixLine));
    }
    for (const note of target.notes) lines.push(`  note: ${note}`);
    lines.push('');
  }
  const count = (status: TargetResult['status']) => report.targets.filter((t) => t.status === status).length;
  lines.push(
    `${report.targets.length} file${report.targets.length === 1 ? '' : 's'}: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped, ${count('error')} not verifiable; conformance run took ${seconds(report.durationMs)}`,
  );
  return `${lines.join('\n')}\n`;
}

function toSarif(report: VerifyReport): object {
  const ruleIds = [...new Set(report.targets.flatMap((t) => t.fixes.map((f) => f.ruleId)))];
  const results: object[] = [];
  for (const target of report.targets) {
    const location = [{ physicalLocation: { artifactLocation: { uri: target.file.split('\\').join('/') } } }];
    for (const fix of target.fixes) {
      const kind = fix.broke || fix.verdict?.status === 'failed' ? 'fail' : fix.verdict?.status === 'verified' ? 'pass' : 'review';
      const text = fix.broke
        ? `The fix of ${fix.ruleId} ${fix.broke === 'build' ? 'breaks the build' : 'changes the behaviour'} of ${target.file}: ${target.reason ?? ''}`
        : fix.verdict
          ? `${fix.verifier}: ${fix.verdict.status} — ${fix.verdict.detail}`
          : `The fix of ${fix.ruleId} was applied; ${fix.verifier ? `its verifier did not run (${target.reason ?? target.status})` : 'no verifier exists for this rule'}.`;
      results.push({
        ruleId: fix.ruleId,
        ruleIndex: ruleIds.indexOf(fix.ruleId),
        kind,
        level: kind === 'fail' ? 'error' : 'none',
        message: { text },
        locations: location,
      });
    }
    if (target.status === 'failed' && target.fixes.every((f) => !f.broke && f.verdict?.status !== 'failed')) {
      results.push({ kind: 'fail', level: 'error', message: { text: `${target.file}: ${target.reason ?? 'failed'}` }, locations: location });
    }
  }
  const notifications = report.targets
    .filter((t) => t.status === 'error' || t.status === 'skipped')
    .map((t) => ({ level: t.status === 'error' ? 'error' : 'note', message: { text: `${t.file}: ${t.reason ?? t.status}` } }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'drydock verify',
            version: VERSION,
            informationUri: PROJECT_URL,
            rules: ruleIds.map((id) => ({ id, shortDescription: { text: `Fix of ${id}, verified on ${report.engine.name}` } })),
          },
        },
        invocations: [{ executionSuccessful: report.targets.every((t) => t.status !== 'error'), toolExecutionNotifications: notifications }],
        results,
        properties: { engine: report.engine, durationMs: report.durationMs },
      },
    ],
  };
}
