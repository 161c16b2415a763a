/**
 * The Kubernetes manifests of the open workspace folders, for checks across
 * files (a Service in one file sees the Deployment in another). Built lazily in
 * the background; kept current by watched-file events and by open documents,
 * whose unsaved text wins over the file on disk.
 */
import { readFile } from 'node:fs/promises';
import { discover } from '../cli/discover.js';

/** Files larger than this are not indexed (generated bundles, not hand-written manifests). */
const MAX_INDEXED_BYTES = 2 * 1024 * 1024;
/** Files read between yields to the event loop, so requests are answered while indexing. */
const READS_PER_TICK = 20;

export interface ManifestFile {
  /** Absolute path. */
  file: string;
  text: string;
}

/** Cheap test that YAML text holds Kubernetes objects: an `apiVersion:` and a `kind:` key. */
export function looksLikeKubernetes(text: string): boolean {
  return /^[ \t-]*apiVersion[ \t]*:/m.test(text) && /^[ \t-]*kind[ \t]*:/m.test(text);
}

export class WorkspaceIndex {
  private readonly onDisk = new Map<string, string>();
  private readonly open = new Map<string, string>();
  private building: Promise<void> | null = null;
  private generationCounter = 0;

  constructor(private readonly log: (message: string) => void) {}

  /** Changes whenever the set of manifests or their text changes. */
  get generation(): number {
    return this.generationCounter;
  }

  /** Starts indexing the folders (once; later calls wait for the same build). */
  build(folders: string[]): Promise<void> {
    this.building ??= this.scan(folders).catch((error: unknown) => this.log(`drydock: indexing the workspace failed: ${String(error)}`));
    return this.building;
  }

  private async scan(folders: string[]): Promise<void> {
    if (folders.length === 0) return;
    const { targets } = discover(folders, folders[0]);
    const manifests = targets.filter((target) => target.language === 'k8s');
    for (let i = 0; i < manifests.length; i++) {
      if (i % READS_PER_TICK === 0) await new Promise((resolve) => setImmediate(resolve));
      await this.readFromDisk(manifests[i].absolute);
    }
  }

  /** Re-reads a file that changed on disk (or forgets it when it is gone or no longer a manifest). */
  async readFromDisk(file: string): Promise<void> {
    let text: string | null = null;
    try {
      const buffer = await readFile(file);
      if (buffer.length <= MAX_INDEXED_BYTES) text = buffer.toString('utf8');
    } catch {
      text = null;
    }
    if (text !== null && looksLikeKubernetes(text)) {
      if (this.onDisk.get(file) !== text) {
        this.onDisk.set(file, text);
        this.generationCounter++;
      }
    } else this.forgetDisk(file);
  }

  forgetDisk(file: string): void {
    if (this.onDisk.delete(file)) this.generationCounter++;
  }

  /** An open document's current text (it overrides the file on disk until closed). */
  setOpen(file: string, text: string | null): void {
    const before = this.open.get(file);
    if (text === null || !looksLikeKubernetes(text)) {
      if (this.open.delete(file)) this.generationCounter++;
    } else if (before !== text) {
      this.open.set(file, text);
      this.generationCounter++;
    }
  }

  /** Every manifest known, open documents' text first. */
  manifests(): ManifestFile[] {
    const files = new Map(this.onDisk);
    for (const [file, text] of this.open) files.set(file, text);
    return [...files].map(([file, text]) => ({ file, text }));
  }
}
