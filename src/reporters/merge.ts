/**
 * `drydock merge`: one report from the reports of several shards (`--shard
 * i/n` runs of a CI matrix). SARIF logs become one run (rules by id, results
 * re-indexed, notifications kept, `executionSuccessful` only when every shard
 * succeeded, code scanning's result limit applied again); JSON reports become
 * one report (files concatenated, summaries added up). Reports of different
 * formats or drydock versions are not merged.
 */
import { SARIF_LIMITS } from './sarif.js';

export class MergeError extends Error {}

export interface MergeInput {
  /** Where the report came from, for messages. */
  name: string;
  text: string;
}

export type MergeFormat = 'sarif' | 'json';

/* eslint-disable @typescript-eslint/no-explicit-any -- SARIF and our JSON are read as plain data and checked as they are read. */
type Json = any;

export function mergeReports(inputs: readonly MergeInput[]): { format: MergeFormat; text: string } {
  if (inputs.length === 0) throw new MergeError('no reports to merge');
  const parsed = inputs.map((input) => ({ name: input.name, ...parse(input) }));
  const formats = new Set(parsed.map((input) => input.format));
  if (formats.size > 1) throw new MergeError(`cannot merge reports of different formats: ${parsed.map((p) => `${p.name} (${p.format})`).join(', ')}`);
  const versions = new Set(parsed.map((input) => input.version));
  if (versions.size > 1) {
    throw new MergeError(`cannot merge reports of different drydock versions: ${parsed.map((p) => `${p.name} (${p.version})`).join(', ')}; run every shard with the same version`);
  }
  const format = parsed[0].format;
  const data = parsed.map((input) => input.data);
  return { format, text: JSON.stringify(format === 'sarif' ? mergeSarif(data) : mergeJson(data), null, 2) + '\n' };
}

function parse(input: MergeInput): { format: MergeFormat; version: string; data: Json } {
  let data: Json;
  try {
    data = JSON.parse(input.text);
  } catch (error) {
    throw new MergeError(`${input.name}: not JSON (${error instanceof Error ? error.message : String(error)}); merge takes drydock's --format sarif or --format json output`);
  }
  if (data && data.version === '2.1.0' && Array.isArray(data.runs)) {
    const run = data.runs[0];
    if (data.runs.length !== 1 || run?.tool?.driver?.name !== 'drydock' || !Array.isArray(run.results)) {
      throw new MergeError(`${input.name}: a SARIF log, but not one drydock wrote (one run whose tool is drydock)`);
    }
    return { format: 'sarif', version: String(run.tool.driver.semanticVersion ?? run.tool.driver.version), data };
  }
  if (data && typeof data.schemaVersion === 'number' && Array.isArray(data.files) && data.tool?.name === 'drydock') {
    return { format: 'json', version: `${data.tool.version} (JSON format ${data.schemaVersion})`, data };
  }
  throw new MergeError(`${input.name}: neither drydock SARIF nor drydock JSON; merge takes --format sarif or --format json output`);
}

const LEVEL_ORDER: Record<string, number> = { error: 0, warning: 1, note: 2, none: 3 };

function mergeSarif(logs: Json[]): Json {
  const runs = logs.map((log) => log.runs[0]);
  const first = runs[0];
  const rules: Json[] = [];
  const ruleIndex = new Map<string, number>();
  for (const run of runs) {
    for (const rule of run.tool.driver.rules ?? []) {
      if (!ruleIndex.has(rule.id)) {
        ruleIndex.set(rule.id, rules.length);
        rules.push(rule);
      }
    }
  }
  const notifications: Json[] = [];
  let results: Json[] = [];
  for (const run of runs) {
    for (const invocation of run.invocations ?? []) notifications.push(...(invocation.toolExecutionNotifications ?? []));
    for (const result of run.results) {
      const index = typeof result.ruleId === 'string' ? ruleIndex.get(result.ruleId) : undefined;
      const { ruleIndex: _old, ...rest } = result;
      results.push(index === undefined ? rest : { ...rest, ruleIndex: index });
    }
  }
  // Each shard kept within the limit; together they may not.
  if (results.length > SARIF_LIMITS.resultsPerRun) {
    const total = results.length;
    results = results
      .map((result, order) => ({ result, order }))
      .sort((a, b) => (LEVEL_ORDER[a.result.level ?? 'warning'] ?? 1) - (LEVEL_ORDER[b.result.level ?? 'warning'] ?? 1) || a.order - b.order)
      .slice(0, SARIF_LIMITS.resultsPerRun)
      .sort((a, b) => a.order - b.order)
      .map((entry) => entry.result);
    const descriptors: Json[] = first.tool.driver.notifications ?? [];
    notifications.push({
      level: 'warning',
      message: { text: `${total} results from the merged shards, more than the ${SARIF_LIMITS.resultsPerRun} code scanning accepts in one run: the ${total - results.length} least severe were left out.` },
      descriptor: { id: 'results-truncated', index: descriptors.findIndex((d) => d.id === 'results-truncated') },
    });
  }
  const executionSuccessful = runs.every((run) => (run.invocations ?? []).every((invocation: Json) => invocation.executionSuccessful !== false));
  return {
    ...logs[0],
    runs: [
      {
        ...first,
        tool: { ...first.tool, driver: { ...first.tool.driver, rules } },
        invocations: [{ executionSuccessful, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

const SUMMARY_COUNTS = ['fileCount', 'errorCount', 'warningCount', 'infoCount', 'fixableCount', 'suppressedCount'] as const;

function mergeJson(reports: Json[]): Json {
  const summary: Record<string, number> = {};
  for (const key of SUMMARY_COUNTS) summary[key] = reports.reduce((sum, report) => sum + (Number(report.summary?.[key]) || 0), 0);
  return { ...reports[0], summary, files: reports.flatMap((report) => report.files) };
}
