/**
 * The command line: options → discovery → lint or fix each file → report → exit code.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { applyBaseline, BaselineError, baselineEntries, readBaseline, writeBaseline } from '../core/baseline.js';
import { CONFIG_FILE_NAMES, ConfigError, ConfigResolver, describeEffectiveConfig, starterConfig, type RuleSetting } from '../core/config.js';
import { detectLanguage } from '../core/detect.js';
import { Linter, type LintResult } from '../core/engine.js';
import { RuleRegistry } from '../core/registry.js';
import { SEVERITIES, severityRank, type Severity } from '../core/types.js';
import { findingCountsOf } from '../core/finding-counts.js';
import { reporters, writeReport, type FileError, type Report } from '../reporters/index.js';
import { VERSION } from '../version.js';
import { discover, displayPath, type Target } from './discover.js';
import { formatRuleList } from './rules-command.js';
import { changedFiles, ChangedSinceError } from './changed.js';
import { configChoice } from './config-choice.js';
import { explainRule } from './explain.js';
import { parseShard, selectShard, ShardError, type Shard } from './shard.js';
import { lintFile, type FileTask, type LintMode } from './lint-file.js';
import { defaultJobs, EarlyWorkers, MIN_FILES_FOR_WORKERS } from './parallel.js';
import { lintTargets } from './pipeline.js';
import { resolveCacheLocation } from './cache.js';
import { ReportedResult } from './results.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<Buffer>;
  cwd: string;
  /** Whether stdout is a terminal that takes colour. */
  colorDefault: boolean;
}

/** Report formats that show each finding's fingerprint (src/core/fingerprint.ts). */
const FORMATS_WITH_FINGERPRINTS = new Set(['json', 'sarif', 'gitlab']);

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
  failureLevel: Severity | 'none';
  outputFile?: string;
  includeSuppressed?: boolean;
  changedSince?: string;
  shard?: Shard;
  color?: boolean;
  verbose?: boolean;
  debug?: boolean;
  maxFileSize: number;
  reportUnusedSuppressions?: boolean;
  baseline?: string;
  writeBaseline?: string;
  updateBaseline?: boolean;
  /** True when --failure-level was given: it then wins over a config's failure level (hadolint's failure-threshold). */
  failureLevelGiven?: boolean;
  jobs: number;
  cache?: boolean;
  cacheLocation?: string;
}

export async function run(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  // The rules (half of the command's code) load before a command runs, not for --version or --help.
  let registry!: RuleRegistry;
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
    .addOption(new Option('--failure-level <severity>', 'lowest severity that makes the exit code 1 ("none": findings never do)').choices([...SEVERITIES, 'none']).default('error'))
    .option('-o, --output-file <file>', 'write the --format output to this file; the terminal still gets the stylish report')
    .option('--include-suppressed', 'also report suppressed findings, marked as such (json, sarif)')
    .option('--changed-since <ref>', 'lint only files changed since this git ref, plus untracked files')
    .option('--shard <i/n>', 'lint only part i of n (for CI matrices; files that cross-object checks relate stay together); combine the reports with drydock merge', parseShardOption)
    .option('--color', 'force colour')
    .option('--no-color', 'no colour')
    .option('--max-file-size <MB>', 'skip files larger than this, with a message', parseMegabytes, 10)
    .option('--verbose', 'say which files and documents were skipped and why')
    .option('--debug', 'print stack traces of internal errors')
    .option('--report-unused-suppressions', 'report suppression comments and annotations that suppressed nothing')
    .option('--baseline <file>', 'findings recorded in this baseline are suppressed: only new ones fail the run')
    .option('--write-baseline <file>', "record this run's findings as a baseline and exit 0")
    .option('--update-baseline', 'with --baseline: remove the findings that were fixed from the baseline')
    .option('-j, --jobs <n>', 'lint on this many threads (1: the main thread only)', parseJobs, defaultJobs())
    .option('--cache', 'keep results of unchanged files between runs (in .drydockcache)')
    .option('--cache-location <path>', 'with --cache: the cache file, or a folder to hold .drydockcache')
    .hook('preAction', async () => {
      registry ??= new RuleRegistry((await import('../rules/index.js')).allRules);
    })
    .showHelpAfterError()
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action(async (paths: string[], options: LintOptions) => {
      options.failureLevelGiven = program.getOptionValueSource('failureLevel') === 'cli';
      exitCode = await lintCommand(paths, options, registry, io);
    });

  program
    .command('explain')
    .description("print a rule's documentation: what it flags, why, examples, fix, options, aliases")
    .argument('<rule>', 'rule id or alias (DL3006, run-as-non-root, …)')
    .action((rule: string) => {
      const explained = explainRule(registry, rule);
      if (explained.ok) io.stdout(explained.text);
      else {
        io.stderr(explained.message);
        exitCode = 2;
      }
    });

  program
    .command('init')
    .description('write a starter .drydock.yaml in the current folder')
    .option('--force', 'overwrite an existing .drydock.yaml')
    .action((options: { force?: boolean }) => {
      exitCode = initCommand(Boolean(options.force), io);
    });

  program
    .command('print-config')
    .description('print the effective configuration for a file: config files read, presets, settings, every rule')
    .argument('<file>', 'the file whose configuration to show (it need not exist)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('-c, --config <path>', 'use this config file instead of looking for .drydock.yaml')
    .option('--no-config', 'use no config file')
    .action((file: string, options: { format: 'yaml' | 'json'; config?: string | false }) => {
      try {
        const resolver = new ConfigResolver({
          registry,
          ...configChoice(options.config, io.cwd),
        });
        io.stdout(describeEffectiveConfig(resolver, registry, path.resolve(io.cwd, file), options.format));
        for (const warning of resolver.warnings) io.stderr(`drydock: warning: ${warning}\n`);
      } catch (error) {
        exitCode = reportConfigError(error, io);
      }
    });

  program
    .command('links')
    .description('print which Dockerfile builds each image the manifests run, and why (config, skaffold, compose, kustomize, folder convention)')
    .argument('[paths...]', 'files and folders whose manifests to resolve', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-c, --config <path>', 'use this config file instead of looking for .drydock.yaml')
    .option('--no-config', 'use no config file')
    .action(async (paths: string[], options: { format: 'text' | 'json'; config?: string | false }) => {
      try {
        const resolver = new ConfigResolver({
          registry,
          ...configChoice(options.config, io.cwd),
        });
        const { linksCommand } = await import('./links.js');
        exitCode = await linksCommand(paths, options, resolver, io);
      } catch (error) {
        exitCode = reportConfigError(error, io);
      }
    });

  program
    .command('rules')
    .description('list every rule with its id, aliases, severity and whether it is fixable')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((options: { format: 'text' | 'json' }) => {
      io.stdout(formatRuleList(registry, options.format));
    });

  program
    .command('merge')
    .description('combine the SARIF or JSON reports of --shard runs into one report')
    .argument('<reports...>', 'report files written with --format sarif or --format json')
    .option('-o, --output-file <path>', 'write the merged report to this file instead of standard output')
    .action(async (reports: string[], options: { outputFile?: string }) => {
      const { mergeCommand } = await import('./merge-command.js');
      exitCode = await mergeCommand(reports, options, io);
    });

  program
    .command('lsp')
    .description('run the language server (LSP over standard input and output) for editors')
    .option('--stdio', 'talk LSP over standard input and output (the only transport)')
    // vscode-languageclient passes this when it starts the server as a Node module; vscode-languageserver reads it from argv and exits when the editor does.
    .option('--clientProcessId <pid>', "the editor's process id: the server exits when that process does")
    .action(async () => {
      // Loaded only here, so lint runs never load the server.
      const { runStdioServer } = await import('../lsp/index.js');
      runStdioServer();
    });

  program
    .command('verify')
    .description('build and run the original and the fixed file on a real container engine, and check that each fix keeps behaviour and does what its rule promises')
    .argument('<paths...>', 'Dockerfiles and Kubernetes manifests')
    .addOption(new Option('--engine <engine>', 'container engine (default: podman, else docker)').choices(['podman', 'docker']))
    .option('--context <dir>', 'build context (default: the Dockerfile\'s folder)')
    .option('--smoke <command>', 'shell command to run in both images instead of their CMD/ENTRYPOINT')
    .option('--dockerfile <file>', 'play each manifest with the image built from this Dockerfile, and check the pair as a kubelet would (runAsNonRoot against the image\'s USER)')
    .option('--image <name>', 'with --dockerfile: the image in the manifests that it builds (default: their only image)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'sarif']).default('table'))
    .option('--write', 'write the fixed file when every check passed')
    .option('--build-network', 'give RUN steps network access (package installs)')
    .option('--allow-pull', 'let the engine pull missing images')
    .option('-c, --config <path>', 'use this config file instead of looking for .drydock.yaml')
    .option('--no-config', 'use no config file')
    .option('--memory <size>', 'memory limit of each container', '256m')
    .option('--cpus <n>', 'CPU limit of each container', '1')
    .option('--pids <n>', 'process limit of each container', Number, 256)
    .option('--build-timeout <seconds>', 'time limit of each build', Number, 600)
    .option('--run-timeout <seconds>', 'time a container may run before it counts as a service and is stopped', Number, 10)
    .option('--stop-timeout <seconds>', 'grace between SIGTERM and SIGKILL when stopping', Number, 10)
    .option('-q, --quiet', 'no progress lines')
    .action(async (paths: string[], options) => {
      // Loaded only here, so lint runs never load the conformance runner.
      const { verifyCommand } = await import('../conformance/command.js');
      exitCode = await verifyCommand(paths, options, registry, io);
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

function parseMegabytes(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a size in MB greater than 0');
  return n;
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
      ...configChoice(options.config, io.cwd),
      cliRules,
      ...(options.reportUnusedSuppressions ? { cliSuppressions: { reportUnused: true } } : {}),
    });
  } catch (error) {
    return reportConfigError(error, io);
  }
  if (options.updateBaseline && options.baseline === undefined) {
    io.stderr('drydock: --update-baseline needs --baseline <file> (the baseline to update)\n');
    return 2;
  }
  const linter = new Linter(registry);
  const results: LintResult[] = [];
  const fileErrors: FileError[] = [];
  const diffs: string[] = [];
  let configOf = (result: LintResult) => resolver.resolve(path.resolve(io.cwd, result.file));

  const stdinIndex = paths.indexOf('-');
  if (stdinIndex >= 0) {
    if (paths.length > 1) {
      io.stderr('drydock: "-" (standard input) cannot be combined with other paths\n');
      return 2;
    }
    const name = options.stdinFilename ?? 'Dockerfile';
    const absolute = path.resolve(io.cwd, name);
    const target: Target = { absolute, display: displayPath(absolute, io.cwd), language: detectLanguage(name) ?? 'dockerfile', explicit: true };
    const task: FileTask = { absolute, display: target.display, language: target.language, bytes: await io.readStdin(), mode: lintMode(options), maxFileSize: options.maxFileSize, cwd: io.cwd };
    const outcome = await lintFile(task, resolver.resolve(absolute), linter, { fromStdin: true });
    if ('error' in outcome) fileErrors.push({ file: target.display, message: outcome.error });
    else {
      results.push(new ReportedResult(outcome.report, absolute));
      if (options.fix && !options.fixDryRun) io.stdout(outcome.fixed ?? outcome.report.text ?? '');
      if (outcome.diff) diffs.push(outcome.diff);
    }
  } else {
    // Workers start as soon as discovery has found enough files to use them, while the main
    // thread walks on (not when a cache is there to answer: most runs with one lint few files).
    let earlyWorkers: EarlyWorkers | undefined;
    const startWorkersEarly = options.jobs > 1 && !(options.cache && existsSync(resolveCacheLocation(options.cacheLocation, io.cwd)));
    const whenFound = startWorkersEarly ? { count: MIN_FILES_FOR_WORKERS, then: () => (earlyWorkers = new EarlyWorkers(options.jobs - 1)) } : undefined;
    try {
      const { targets, missing, walks, listed } = discover(paths, io.cwd, 'dockerfile', { whenFound });
      for (const m of missing) fileErrors.push({ file: m.path, message: m.message });
      let changed: Set<string> | null = null;
      try {
        if (options.changedSince !== undefined) changed = changedFiles(options.changedSince, io.cwd);
        if (options.shard) {
          // Other shards' manifests are still read, as unchanged ones are, so the checks across files see everything.
          const mine = selectShard(targets, options.shard, readTargetText).map((target) => target.absolute);
          changed = new Set(changed ? mine.filter((file) => changed!.has(file)) : mine);
        }
      } catch (error) {
        if (!(error instanceof ChangedSinceError)) throw error;
        io.stderr(`drydock: ${error.message}\n`);
        return 2;
      }
      try {
        const linted = await lintTargets(targets, linter, resolver, {
          mode: lintMode(options),
          maxFileSize: options.maxFileSize,
          jobs: options.jobs,
          cache: options.cache ? { location: options.cacheLocation } : undefined,
          changed,
          walks,
          listed,
          cwd: io.cwd,
          version: VERSION,
          warn: (message) => io.stderr(`drydock: warning: ${message}\n`),
          fingerprints: FORMATS_WITH_FINGERPRINTS.has(options.format),
          earlyWorkers,
        });
        results.push(...linted.results);
        fileErrors.push(...linted.fileErrors);
        diffs.push(...linted.diffs);
        configOf = linted.configOf;
        if (options.verbose) {
          const { linted: count, threads, fromCache } = linted.stats;
          io.stderr(`drydock: linted ${count} file${count === 1 ? '' : 's'} on ${threads} thread${threads === 1 ? '' : 's'}${options.cache ? `; ${fromCache} result${fromCache === 1 ? '' : 's'} from the cache` : ''}\n`);
        }
      } catch (error) {
        if (error instanceof ConfigError) return reportConfigError(error, io);
        throw error;
      }
    } finally {
      await earlyWorkers?.stop();
    }
  }

  for (const warning of resolver.warnings) io.stderr(`drydock: warning: ${warning}\n`);
  const baselineDone = baselineStep(results, options, io);
  if (baselineDone !== null) return fileErrors.length > 0 ? 2 : baselineDone;
  if (options.quiet) for (const result of results) result.findings = result.findings.filter((f) => f.severity === 'error');
  const color = options.color ?? io.colorDefault;
  const report: Report = {
    results,
    fileErrors,
    registry,
    verbose: Boolean(options.verbose),
    color,
    toolVersion: VERSION,
    cwd: io.cwd,
    includeSuppressed: Boolean(options.includeSuppressed),
  };
  const write = stdinIndex >= 0 && options.fix && !options.fixDryRun ? io.stderr : io.stdout;
  if (options.outputFile !== undefined) {
    const outputPath = path.resolve(io.cwd, options.outputFile);
    try {
      mkdirSync(path.dirname(outputPath), { recursive: true });
      const fd = openSync(outputPath, 'w');
      try {
        writeReport(options.format, { ...report, color: false }, (text) => {
          const bytes = Buffer.from(text);
          for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
        });
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      io.stderr(`drydock: could not write the report to ${options.outputFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
      return 2;
    }
  }
  if (options.fixDryRun) io.stdout(diffs.join(''));
  else writeReport(options.outputFile !== undefined ? 'stylish' : options.format, report, write, true);

  if (fileErrors.length > 0 || results.some((r) => r.internalErrors.length > 0)) return 2;
  const failureLevelOf = (result: LintResult) =>
    options.failureLevelGiven ? options.failureLevel : (configOf(result).failureLevel ?? options.failureLevel);
  // From the counts: a large run's results hold their findings as text (src/cli/results.ts).
  const counts = results.map(findingCountsOf);
  const failing = results.some((r, i) => {
    const failureLevel = failureLevelOf(r);
    return failureLevel !== 'none' && SEVERITIES.some((severity) => severityRank[severity] >= severityRank[failureLevel] && counts[i][severity] > 0);
  });
  const warnings = counts.reduce((n, count) => n + count.warning, 0);
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`drydock: too many warnings (${warnings}); the maximum is ${options.maxWarnings}.\n`);
    return 1;
  }
  return failing ? 1 : 0;
}

/**
 * `--write-baseline` (records and ends the run: returns the exit code) and
 * `--baseline` / `--update-baseline` (suppress known findings; returns null to go on).
 */
function baselineStep(results: LintResult[], options: LintOptions, io: CliIO): number | null {
  try {
    if (options.writeBaseline !== undefined) {
      const file = path.resolve(io.cwd, options.writeBaseline);
      const entries = baselineEntries(results, path.dirname(file), io.cwd);
      writeBaseline(file, entries);
      io.stderr(`drydock: wrote ${entries.length} finding${entries.length === 1 ? '' : 's'} to the baseline ${options.writeBaseline}\n`);
      return 0;
    }
    if (options.baseline === undefined) return null;
    const file = path.resolve(io.cwd, options.baseline);
    const outcome = applyBaseline(results, readBaseline(file), path.dirname(file), io.cwd);
    if (options.updateBaseline && outcome.fixed.length > 0) {
      writeBaseline(file, [...outcome.untouched, ...outcome.matched]);
      io.stderr(`drydock: removed ${outcome.fixed.length} fixed finding${outcome.fixed.length === 1 ? '' : 's'} from the baseline ${options.baseline}\n`);
    }
    return null;
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    io.stderr(`drydock: ${error.message}\n`);
    return 2;
  }
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

function initCommand(force: boolean, io: CliIO): number {
  const target = path.join(io.cwd, CONFIG_FILE_NAMES[0]);
  const existing = CONFIG_FILE_NAMES.map((name) => path.join(io.cwd, name)).find((file) => existsSync(file));
  if (existing && !force) {
    io.stderr(`drydock: ${path.basename(existing)} already exists; run \`drydock init --force\` to overwrite it\n`);
    return 2;
  }
  writeFileSync(existing ?? target, starterConfig());
  io.stdout(`wrote ${path.basename(existing ?? target)}\n`);
  return 0;
}

function reportConfigError(error: unknown, io: CliIO): number {
  if (error instanceof ConfigError) {
    io.stderr(`drydock: config error: ${error.message}\n`);
    return 2;
  }
  throw error;
}

function lintMode(options: LintOptions): LintMode {
  return options.fixDryRun ? 'fix-dry-run' : options.fix ? 'fix' : 'lint';
}

function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

function parseShardOption(value: string): Shard {
  try {
    return parseShard(value);
  } catch (error) {
    if (error instanceof ShardError) throw new InvalidArgumentError(error.message.replace(/^--shard expects /, 'expected '));
    throw error;
  }
}

/** A manifest's text for shard grouping; null when unreadable (the shard that gets it reports that). */
function readTargetText(target: Target): string | null {
  try {
    return readFileSync(target.absolute, 'utf8');
  } catch {
    return null;
  }
}
