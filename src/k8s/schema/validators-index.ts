/**
 * The index of the precompiled validators (schemas/k8s/validators/index.json,
 * written by scripts/gen-k8s-validators.mjs; the rest of that folder is read
 * by validator.ts). Besides where each segment's bytes are, it holds the
 * versions and the kinds each serves, so that looking a kind up does not
 * parse the whole schema data (800 KB of JSON). Whether it is current with
 * schemas.json.gz is checked by test/k8s-validators.test.ts, not at run time.
 */
import { readFileSync } from 'node:fs';

export const VALIDATORS_URL = new URL('../../../schemas/k8s/validators/', import.meta.url);

/** apiVersion → kind → definition name. */
export type ServedKinds = Record<string, Record<string, string>>;

export interface PrecompiledIndex {
  /** SHA-256 of the schemas.json.gz the validators were generated from. */
  schemas: string;
  versions: string[];
  /** Per version, the kinds it serves, as in schemas.json.gz. */
  kinds: Record<string, ServedKinds>;
  /** [offset, length] of each stored segment in segments.br. */
  blobs: Array<[number, number]>;
}

let index: PrecompiledIndex | null | undefined;

/** The shipped index, or null when there are no precompiled validators (then ajv compiles at run time). */
export function precompiledIndex(): PrecompiledIndex | null {
  if (index === undefined) {
    try {
      index = JSON.parse(readFileSync(new URL('index.json', VALIDATORS_URL), 'utf8')) as PrecompiledIndex;
    } catch {
      index = null;
    }
  }
  return index;
}
