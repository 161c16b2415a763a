import { formatJson } from './json.js';
import { formatStylish } from './stylish.js';
import type { Reporter } from './types.js';

export const reporters: Record<string, Reporter> = {
  stylish: formatStylish,
  json: formatJson,
};

export type { FileError, Report, Reporter } from './types.js';
