/**
 * Reads the CRD folders named by k8s/schema's `crdDirectories` option: every
 * YAML file below them, loaded as Kubernetes files for reference (their CRDs
 * validate custom resources; nothing is reported about them). Called by the
 * CLI, never by rules.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadK8sFile } from '../loader.js';
import type { K8sFile } from '../model.js';

export interface CrdDirectoryRead {
  files: K8sFile[];
  /** One line per folder or file that could not be read. */
  errors: string[];
}

/** The folders are resolved against `cwd`; files other than `.yaml`/`.yml`/`.json` are skipped. */
export function readCrdDirectories(directories: readonly string[], cwd: string): CrdDirectoryRead {
  const out: CrdDirectoryRead = { files: [], errors: [] };
  const visit = (absolute: string, shown: string) => {
    let entries: string[];
    try {
      entries = statSync(absolute).isDirectory() ? readdirSync(absolute).sort() : [];
    } catch (error) {
      out.errors.push(`crdDirectories: cannot read ${shown} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      return;
    }
    for (const name of entries) {
      const child = path.join(absolute, name);
      const childShown = path.join(shown, name);
      let isDirectory: boolean;
      try {
        isDirectory = statSync(child).isDirectory();
      } catch {
        continue;
      }
      if (isDirectory) visit(child, childShown);
      else if (/\.(ya?ml|json)$/i.test(name)) {
        try {
          out.files.push(loadK8sFile(childShown, readFileSync(child, 'utf8')));
        } catch (error) {
          out.errors.push(`crdDirectories: cannot read ${childShown} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
        }
      }
    }
  };
  for (const directory of new Set(directories)) visit(path.resolve(cwd, directory), directory);
  return out;
}
