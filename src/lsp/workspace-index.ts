/**
 * The Kubernetes manifests of the open workspace folders, for checks across
 * files (a Service in one file sees the Deployment in another). Built in the
 * background, one folder at a time with asynchronous reads, so the server
 * answers requests while a large tree is indexed; manifests are usable as soon
 * as they are read. Kept current by watched-file events and by open documents,
 * whose unsaved text wins over the file on disk.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { detectLanguage } from '../core/detect.js';
import { walkFolder } from '../cli/discover.js';
import { isLinkSourceFile, type LinkSources } from '../cross/links.js';

/** Files larger than this are not indexed (generated bundles, not hand-written manifests). */
const MAX_INDEXED_BYTES = 2 * 1024 * 1024;

export interface ManifestFile {
  /** Absolute path. */
  file: string;
  text: string;
}

/** Cheap test that YAML text holds Kubernetes objects: an `apiVersion:` and a `kind:` key. */
export function looksLikeKubernetes(text: string): boolean {
  return /^[ \t-]*apiVersion[ \t]*:/m.test(text) && /^[ \t-]*kind[ \t]*:/m.test(text);
}

/** How far a build has got, for progress reports. */
export interface IndexProgress {
  folders: number;
  manifests: number;
}

/** Folders walked between progress reports. */
const FOLDERS_PER_REPORT = 200;

export class WorkspaceIndex {
  private readonly onDisk = new Map<string, string>();
  private readonly open = new Map<string, string>();
  /** Dockerfiles and build files (skaffold, compose, kustomization) for linking images (src/cross/links.ts): on disk, and open. */
  private readonly buildOnDisk = new Map<string, string>();
  private readonly buildOpen = new Map<string, string>();
  /** Folders indexed or being indexed, so that each is walked once. */
  private readonly roots = new Set<string>();
  private building: Promise<void> = Promise.resolve();
  private generationCounter = 0;

  constructor(private readonly log: (message: string) => void) {}

  /** Changes whenever the set of manifests or their text changes. */
  get generation(): number {
    return this.generationCounter;
  }

  /**
   * Indexes the folders not indexed yet, after any build under way; resolves
   * when all are done. `progress` is called every few hundred folders.
   */
  addFolders(folders: string[], progress?: (done: IndexProgress) => void): Promise<void> {
    const fresh = folders.filter((folder) => !this.roots.has(folder));
    for (const folder of fresh) this.roots.add(folder);
    if (fresh.length > 0) {
      this.building = this.building.then(() =>
        this.scan(fresh, progress).catch((error: unknown) => this.log(`drydock: indexing the workspace failed: ${String(error)}`)),
      );
    }
    return this.building;
  }

  /** Forgets the manifests of folders that left the workspace (unless another folder holds them too). */
  removeFolders(folders: string[]): void {
    for (const folder of folders) this.roots.delete(folder);
    const inside = (file: string, folder: string) => !path.relative(folder, file).startsWith('..');
    for (const file of [...this.buildOnDisk.keys()]) {
      if (folders.some((folder) => inside(file, folder)) && ![...this.roots].some((folder) => inside(file, folder))) this.setBuildFile(this.buildOnDisk, file, null);
    }
    for (const file of [...this.onDisk.keys()]) {
      if (folders.some((folder) => inside(file, folder)) && ![...this.roots].some((folder) => inside(file, folder))) this.forgetDisk(file);
    }
  }

  private async scan(folders: string[], progress?: (done: IndexProgress) => void): Promise<void> {
    const done: IndexProgress = { folders: 0, manifests: 0 };
    for (const root of folders) {
      for await (const { files } of walkFolder(root)) {
        if (!this.roots.has(root)) break; // removed while walking
        for (const target of files) {
          if (isLinkSourceFile(target.absolute)) await this.readFromDisk(target.absolute);
          if (target.language !== 'k8s') continue;
          await this.readFromDisk(target.absolute);
          if (this.onDisk.has(target.absolute)) done.manifests++;
        }
        if (++done.folders % FOLDERS_PER_REPORT === 0) progress?.({ ...done });
      }
    }
    progress?.({ ...done });
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
    if (isLinkSourceFile(file)) this.setBuildFile(this.buildOnDisk, file, text);
    if (detectLanguage(file) !== 'k8s') return;
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
    if (isLinkSourceFile(file)) this.setBuildFile(this.buildOpen, file, text);
    const before = this.open.get(file);
    if (text === null || !looksLikeKubernetes(text)) {
      if (this.open.delete(file)) this.generationCounter++;
    } else if (before !== text) {
      this.open.set(file, text);
      this.generationCounter++;
    }
  }

  /** Every manifest known, open documents' text first. */
  private setBuildFile(map: Map<string, string>, file: string, text: string | null): void {
    if (text === null) {
      if (map.delete(file)) this.generationCounter++;
    } else if (map.get(file) !== text) {
      map.set(file, text);
      this.generationCounter++;
    }
  }

  /** The Dockerfiles and build files known, open documents' text first; other files (a Dockerfile.prod a skaffold.yaml names) are read from disk. */
  linkSources(): LinkSources {
    const files = [...new Set([...this.buildOnDisk.keys(), ...this.buildOpen.keys()])];
    return {
      files,
      read: (file) => {
        const known = this.buildOpen.get(file) ?? this.buildOnDisk.get(file);
        if (known !== undefined) return known;
        try {
          return readFileSync(file, 'utf8');
        } catch {
          return null;
        }
      },
    };
  }

  manifests(): ManifestFile[] {
    const files = new Map(this.onDisk);
    for (const [file, text] of this.open) files.set(file, text);
    return [...files].map(([file, text]) => ({ file, text }));
  }
}
