/**
 * Lint results rebuilt on the main thread from plain-data reports (a worker's,
 * the cache's), holding no parsed model: the text is read again only when a
 * reporter or a check across files asks for it, and a Kubernetes file's YAML
 * nodes only when a check across files reports into it (`LazyK8sFile`).
 */
import { readFileSync } from 'node:fs';
import type { Language } from '../core/detect.js';
import type { LintResult } from '../core/engine.js';
import { countFindingList, type FindingCounts } from '../core/finding-counts.js';
import { rememberFingerprintBases } from '../core/fingerprint.js';
import { decodeText, SourceText } from '../core/source.js';
import type { Finding } from '../core/types.js';
import type { K8sFile, K8sObject, PathSegment } from '../k8s/model.js';
import { projectObjectsOf, type FileReport, type ProjectObject } from './lint-file.js';

/** The text of a file on disk as it was linted; empty when it can no longer be read. */
export function readTextQuietly(absolute: string): string {
  try {
    const decoded = decodeText(readFileSync(absolute));
    return decoded.ok ? decoded.text : '';
  } catch {
    return '';
  }
}

/**
 * Texts read again after linting, kept up to a budget, one store per run: the
 * checks across files and then the report each read a file with findings
 * again (a corpus run read a quarter of its manifests four times). Within the
 * budget a file is read again once; beyond it, every time, so that a large
 * run's memory stays flat.
 */
export class RetainedTexts {
  private readonly texts = new Map<string, string>();
  private chars = 0;

  constructor(private readonly budgetChars = 32 * 1024 * 1024) {}

  read(absolute: string): string {
    let text = this.texts.get(absolute);
    if (text === undefined) {
      text = readTextQuietly(absolute);
      if (this.chars + text.length <= this.budgetChars) {
        this.texts.set(absolute, text);
        this.chars += text.length;
      }
    }
    return text;
  }
}

export class ReportedResult implements LintResult {
  readonly file: string;
  readonly language: Language;
  readonly parseErrorCount: number;
  readonly notes: string[];
  readonly internalErrors: string[];
  private text: string | undefined;
  private sourceText: SourceText | undefined;
  private readonly lists: { findings: FindingList; suppressed: FindingList };

  constructor(
    report: FileReport,
    /** The file on disk, read when the text is needed and the report does not hold it. */
    readonly absolute: string,
    /** Hold the findings as JSON text between reads (large runs: see `FindingList`). */
    compact = false,
    /** The run's store of texts read again; without it, each read goes to the disk. */
    private readonly texts?: RetainedTexts,
  ) {
    this.file = report.file;
    this.language = report.language;
    // Bases remembered by finding object are lost when compact lists are parsed again: the report then reads the text.
    if (report.fingerprints && !compact) rememberFingerprintBases([...report.findings, ...report.suppressed], report.fingerprints);
    this.lists = { findings: new FindingList(report.findings, compact), suppressed: new FindingList(report.suppressed, compact) };
    this.parseErrorCount = report.parseErrorCount;
    // Copies: the checks across files add to them, and the report may be the cache's.
    this.notes = [...report.notes];
    this.internalErrors = [...report.internalErrors];
    this.text = report.text;
  }

  get findings(): Finding[] {
    return this.open().findings.read();
  }

  set findings(list: Finding[]) {
    this.open().findings.assign(list);
  }

  get suppressed(): Finding[] {
    return this.open().suppressed.read();
  }

  set suppressed(list: Finding[]) {
    this.open().suppressed.assign(list);
  }

  findingCounts(): FindingCounts {
    const suppressed = this.lists.suppressed.counts();
    return { ...this.lists.findings.counts(), suppressed: suppressed.error + suppressed.warning + suppressed.info };
  }

  /** Makes this the result whose lists are held as arrays; the one before is compacted again. */
  private open(): { findings: FindingList; suppressed: FindingList } {
    if (openResult !== this) {
      openResult?.lists.findings.close();
      openResult?.lists.suppressed.close();
      openResult = this;
    }
    return this.lists;
  }

  /**
   * The text as a `SourceText`. Read again from disk for files from disk, and only the
   * last one read is kept: reporters go through results one by one, and a large run
   * must not hold every file's text.
   */
  get source(): SourceText {
    if (this.text !== undefined) {
      this.sourceText ??= new SourceText(this.text);
      return this.sourceText;
    }
    if (lastRead?.result !== this) lastRead = { result: this, source: new SourceText(this.readAgain()) };
    return lastRead.source;
  }

  /** The text, read again unless the report held it. */
  textNow(): string {
    return this.text ?? (lastRead?.result === this ? lastRead.source.text : this.readAgain());
  }

  private readAgain(): string {
    return this.texts ? this.texts.read(this.absolute) : readTextQuietly(this.absolute);
  }
}

let lastRead: { result: ReportedResult; source: SourceText } | null = null;
/** The result whose findings were read last (its lists are arrays until another result is read). */
let openResult: ReportedResult | null = null;

/**
 * A result's findings (or suppressed findings). A compact list holds them as
 * JSON text while no one reads them: a large run holds hundreds of thousands
 * of findings until the report, which as objects took about four times the
 * memory of their text. Reads go result by result (the checks across files,
 * the report, the exit code), so a list is parsed when its result is read and
 * compacted again when another result is: to its old text when it did not
 * change size and was not replaced, else written anew (a baseline pushes
 * into `suppressed`).
 */
class FindingList {
  private list: Finding[] | null;
  private text: string | null = null;
  private readLength = 0;
  /** Counted when the list was last compacted: the counts of a closed list, read without parsing it. */
  private closedCounts: FindingCounts | null = null;

  constructor(
    list: Finding[],
    private readonly compact: boolean,
  ) {
    this.list = list;
    if (compact && list.length > 0) this.close();
  }

  read(): Finding[] {
    if (this.list === null) {
      this.list = JSON.parse(this.text!) as Finding[];
      this.readLength = this.list.length;
    }
    return this.list;
  }

  assign(list: Finding[]): void {
    this.list = list;
    this.text = null;
  }

  counts(): FindingCounts {
    return this.list !== null ? countFindingList(this.list) : this.closedCounts!;
  }

  close(): void {
    if (!this.compact || this.list === null) return;
    if (this.text === null || this.list.length !== this.readLength) {
      this.text = JSON.stringify(this.list);
      this.closedCounts = countFindingList(this.list);
    } else this.closedCounts ??= countFindingList(this.list);
    this.list = null;
  }
}

/**
 * Full models loaded again for locating fields: the most recent ones, as many
 * as fit in a budget of text (a model takes about twenty times its text), and
 * at least a few (a check reports several findings into one file in a row).
 * The checks across files go over the files once per check: models that fit
 * are parsed again once, not once per check.
 */
const MODELS_KEPT_MIN = 16;
const MODELS_KEPT_TEXT_CHARS = 4 * 1024 * 1024;

export class ModelLoader {
  private readonly recent = new Map<string, K8sFile>();
  private keptChars = 0;
  private loader: typeof import('../k8s/loader.js') | null = null;

  async ready(): Promise<void> {
    this.loader ??= await import('../k8s/loader.js');
  }

  load(file: string, text: () => string): K8sFile {
    const kept = this.recent.get(file);
    if (kept) {
      this.recent.delete(file);
      this.recent.set(file, kept);
      return kept;
    }
    if (!this.loader) throw new Error('ModelLoader.ready() was not awaited');
    const model = this.loader.loadK8sFile(file, text());
    this.recent.set(file, model);
    this.keptChars += model.source.text.length;
    while (this.recent.size > MODELS_KEPT_MIN && this.keptChars > MODELS_KEPT_TEXT_CHARS) {
      const [oldest, evicted] = this.recent.entries().next().value!;
      this.recent.delete(oldest);
      this.keptChars -= evicted.source.text.length;
    }
    return model;
  }
}

/**
 * A Kubernetes file for the checks across files: its objects as compact
 * values; YAML nodes, ranges, text and the rest come from parsing the text
 * again, on first use, through `models`.
 */
export class LazyK8sFile implements K8sFile {
  readonly objects: K8sObject[];

  constructor(
    readonly file: string,
    private readonly text: () => string,
    private readonly models: ModelLoader,
    objects: readonly ProjectObject[] | undefined,
  ) {
    const compact = objects ?? projectObjectsOf(this.full());
    this.objects = compact.map((object, index) => this.wrap(object, index));
  }

  private full(): K8sFile {
    return this.models.load(this.file, this.text);
  }

  private wrap(object: ProjectObject, index: number): K8sObject {
    const full = () => this.full().objects[index];
    // Parsed on first read (most objects' values are never read by the checks across files), then kept: rules may compare values by identity.
    let value = object.value;
    return {
      file: this.file,
      documentIndex: object.documentIndex,
      listIndex: object.listIndex,
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.name,
      namespace: object.namespace,
      get value() {
        if (typeof value === 'string') value = JSON.parse(value) as Record<string, unknown>;
        return value;
      },
      get node() {
        return full().node;
      },
      locate: (path: string | PathSegment[], part?: 'value' | 'key' | 'pair') => full().locate(path, part),
    };
  }

  get source() {
    return this.full().source;
  }
  get documentCount() {
    return this.full().documentCount;
  }
  get issues() {
    return this.full().issues;
  }
  get skipped() {
    return this.full().skipped;
  }
}
