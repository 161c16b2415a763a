/**
 * The shared corpus (../shared/corpus, beside the repository). Its file names
 * are `<dir>__<dir>__<original name>`, so the language is detected from the
 * part after the last `__`, as drydock would detect the original file.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectLanguage, type Language } from '../../src/core/detect.js';

export const corpusDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpus');
export const corpusPresent = existsSync(corpusDir);

export interface CorpusFile {
  absolute: string;
  display: string;
  language: Language;
}

export function corpusFiles(): CorpusFile[] {
  if (!corpusPresent) return [];
  const files: CorpusFile[] = [];
  for (const kind of ['dockerfiles', 'k8s', 'compose']) {
    const kindDir = path.join(corpusDir, kind);
    if (!existsSync(kindDir)) continue;
    for (const repo of readdirSync(kindDir).sort()) {
      for (const name of readdirSync(path.join(kindDir, repo)).sort()) {
        const language = detectLanguage(name.split('__').pop() ?? name);
        if (language) files.push({ absolute: path.join(kindDir, repo, name), display: `${kind}/${repo}/${name}`, language });
      }
    }
  }
  return files;
}
