/**
 * The command line: options → discovery → lint or fix each file → report → exit code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, ConfigResolver, type RuleSetting } from '../core/config.js';
import { detectLanguage, type Language } from '../core/detect.js';
import { Linter, type LintResult } from '../core/engine.js';
import { RuleRegistry } from '../core/registry.js';
import { decodeText, encodeText } from '../core/source.js';
import { SEVERITIES, severityRank, type Severity } from '../core/types.js';
import { reporters, type FileError } from '../reporters/index.js';
import { allRules } from '../rules/index.js';
import { VERSION } from '../version.js';
import { discover, displayPath, type Target } from './discover.js';
import { formatRuleList } from './rules-command.js';
import { writeFileAtomic } from './write.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<Buffer>;
  cwd: string;
  /** Whether stdout is a terminal that takes colour. */
  colorDefault: boolean;
}

const defaultIO = (): CliIO => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  },
  cwd: process.cwd(),
  colorDefault: Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb',
});

interface LintOptions {
  format: string;
  fix?: boolean;
  fixDryRun?: boolean;
  maxWarnings?: number;
  rule: string[];
  disable: string[];
  config?: string | false;
  quiet?: boolean;
  stdinFilename?: string;
  failureLevel: Severity;
  color?: boolean;
  verbose?: boolean;
  debug?: boolean;
}

export async function run(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const registry = new RuleRegistry(allRules);
  let exitCode = 0;
  const program = new Command('drydock')
    .description('Lint Dockerfiles and Kubernetes manifests: exact ranges, safe fixes.')
    .version(VERSION, '-v, --version')
    .argument('[paths...]', 'files and folders to lint ("-" reads standard input)', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(reporters)).default('stylish'))
    .option('--fix', 'apply safe fixes to the files')
    .option('--fix-dry-run', 'print the fixes as a unified diff instead of writing them')
    .option('--max-warnings <n>', 'exit with 1 when there are more warnings than this', parseCount)
    .option('--rule <id[:severity]>', 'enable a rule, or set its severity (repeatable)', collect, [])
    .option('--disable <id>', 'disable a rule by id or alias (repeatable, comma-separated)', collect, [])
    .option('-c, --config <path>', 'use this config file instead of looking for .drydock.yaml')
    .option('--no-config', 'use no config file')
    .option('-q, --quiet', 'report errors only')
    .option('--stdin-filename <name>', 'file name for input read from standard input (decides its language)')
    .addOption(new Option('--failure-level <severity>', 'lowest severity that makes the exit code 1').choices(SEVERITIES).default('error'))
    .option('--color', 'force colour')
    .option('--no-color', 'no colour')
    .option('--verbose', 'say which files and documents were skipped and why')
    .option('--debug', 'print stack traces of internal errors')
    .showHelpAfterError()
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action(async (paths: string[], options: LintOptions) => {
      exitCode = await lintCommand(paths, options, registry, io);
    });

  program
    .command('rules')
    .description('list every rule with its id, aliases, severity and whether it is fixable')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((options: { format: 'text' | 'json' }) => {
      io.stdout(formatRuleList(registry, options.format));
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return exitCode;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

async function lintCommand(paths: string[], options: LintOptions, registry: RuleRegistry, io: CliIO): Promise<number> {
  if (options.debug) process.env.DRYDOCK_DEBUG = '1';
  const cliRules = new Map<string, RuleSetting>();
  for (const spec of options.rule) {
    const [id, severity = undefined] = spec.split(':');
    if (severity !== undefined && !['off', ...SEVERITIES].includes(severity)) {
      io.stderr(`drydock: --rule ${spec}: severity must be one of off, error, warning, info\n`);
      return 2;
    }
    if (!applyCliRule(registry, id, (severity as Severity | 'off' | undefined) ?? null, cliRules, io)) return 2;
  }
  for (const id of options.disable) if (!applyCliRule(registry, id, 'off', cliRules, io)) return 2;

  let resolver: ConfigResolver;
  try {
    resolver = new ConfigResolver({
      registry,
      configPath: typeof options.config === 'string' ? path.resolve(io.cwd, options.config) : undefined,
      noConfig: options.config === false,
      cliRules,
    });
  } catch (error) {
    return reportConfigError(error, io);
  }
  const linter = new Linter(registry);
  const results: LintResult[] = [];
  const fileErrors: FileError[] = [];
  const diffs: string[] = [];

  const stdinIndex = paths.indexOf('-');
  if (stdinIndex >= 0) {
    if (paths.length > 1) {
      io.stderr('drydock: "-" (standard input) cannot be combined with other paths\n');
      return 2;
    }
    const name = options.stdinFilename ?? 'Dockerfile';
    const absolute = path.resolve(io.cwd, name);
    const target: Target = { absolute, display: displayPath(absolute, io.cwd), language: detectLanguage(name) ?? 'dockerfile', explicit: true };
    const outcome = await lintOne(target, await io.readStdin(), options, linter, resolver, io);
    if ('error' in outcome) fileErrors.push({ file: target.display, message: outcome.error });
    else {
      results.push(outcome.result);
      if (options.fix && !options.fixDryRun) io.stdout(outcome.fixed ?? outcome.original);
      if (outcome.diff) diffs.push(outcome.diff);
    }
  } else {
    const { targets, missing } = discover(paths, io.cwd);
    for (const m of missing) fileErrors.push({ file: m.path, message: m.message });
    for (const target of targets) {
      let outcome;
      try {
        if (!target.explicit && resolver.isIgnored(target.absolute)) continue;
        outcome = await lintOne(target, null, options, linter, resolver, io);
      } catch (error) {
        if (error instanceof ConfigError) return reportConfigError(error, io);
        throw error;
      }
      if ('error' in outcome) fileErrors.push({ file: target.display, message: outcome.error });
      else {
        results.push(outcome.result);
        if (outcome.diff) diffs.push(outcome.diff);
      }
    }
  }

  if (options.quiet) for (const result of results) result.findings = result.findings.filter((f) => f.severity === 'error');
  const color = options.color ?? io.colorDefault;
  const report = { results, fileErrors, registry, verbose: Boolean(options.verbose), color };
  const write = stdinIndex >= 0 && options.fix && !options.fixDryRun ? io.stderr : io.stdout;
  if (options.fixDryRun) io.stdout(diffs.join(''));
  else {
    const text = reporters[options.format](report);
    if (text) write(text.endsWith('\n') ? text : `${text}\n`);
  }

  if (fileErrors.length > 0 || results.some((r) => r.internalErrors.length > 0)) return 2;
  const threshold = severityRank[options.failureLevel];
  const failing = results.some((r) => r.findings.some((f) => severityRank[f.severity] >= threshold));
  const warnings = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'warning').length, 0);
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`drydock: too many warnings (${warnings}); the maximum is ${options.maxWarnings}.\n`);
    return 1;
  }
  return failing ? 1 : 0;
}

/** `severity` null enables the rule at its default severity (`--rule id`). */
function applyCliRule(registry: RuleRegistry, id: string, severity: Severity | 'off' | null, into: Map<string, RuleSetting>, io: CliIO): boolean {
  const rules = registry.resolve(id);
  if (rules.length === 0) {
    const suggestion = registry.suggest(id);
    io.stderr(`drydock: unknown rule "${id}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (run \`drydock rules\` to list them)\n`);
    return false;
  }
  for (const rule of rules) into.set(rule.meta.id, { severity: severity ?? rule.meta.severity });
  return true;
}

function reportConfigError(error: unknown, io: CliIO): number {
  if (error instanceof ConfigError) {
    io.stderr(`drydock: config error: ${error.file}:${error.line}:${error.column}: ${error.detail}\n`);
    return 2;
  }
  throw error;
}

type LintOutcome = { error: string } | { result: LintResult; original: string; fixed?: string; diff?: string };

const MAX_FILE_BYTES = 10 * 1024 * 1024;

async function lintOne(
  target: Target,
  stdinBytes: Buffer | null,
  options: LintOptions,
  linter: Linter,
  resolver: ConfigResolver,
  io: CliIO,
): Promise<LintOutcome> {
  const fromStdin = stdinBytes !== null;
  let bytes: Buffer;
  if (stdinBytes !== null) bytes = stdinBytes;
  else {
    try {
      bytes = readFileSync(target.absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { error: code === 'EACCES' ? 'cannot read the file: permission denied' : `cannot read the file (${code ?? String(error)})` };
    }
  }
  if (bytes.length > MAX_FILE_BYTES) return { error: `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; not linted` };
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { error: `${decoded.reason}; not linted` };
  const config = resolver.resolve(target.absolute);
  const input = { file: target.display, text: decoded.text, language: target.language as Language, config };
  if (!options.fix && !options.fixDryRun) return { result: await linter.lint(input), original: decoded.text };

  const outcome = await linter.fix(input);
  if (outcome.rolledBack) outcome.result.notes.push('a fix was not applied because the fixed text no longer parsed');
  if (outcome.output === decoded.text) return { result: outcome.result, original: decoded.text };
  if (options.fixDryRun) {
    const { createTwoFilesPatch } = await import('diff');
    const diff = createTwoFilesPatch(`a/${target.display}`, `b/${target.display}`, decoded.text, outcome.output, '', '', { context: 3 });
    return { result: outcome.result, original: decoded.text, fixed: outcome.output, diff: diff.replace(/^=+\n/, '') };
  }
  if (fromStdin) return { result: outcome.result, original: decoded.text, fixed: outcome.output };
  try {
    writeFileAtomic(target.absolute, encodeText(outcome.output, decoded.encoding));
  } catch (error) {
    io.stderr(`drydock: could not write ${target.display}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return { error: `fixes could not be written (${(error as NodeJS.ErrnoException).code ?? String(error)}); the file is unchanged` };
  }
  return { result: outcome.result, original: decoded.text, fixed: outcome.output };
}
