import { formatCheckstyle } from './checkstyle.js';
import { formatCompact } from './compact.js';
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';
import type { Reporter } from './types.js';

export const reporters: Record<string, Reporter> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  checkstyle: formatCheckstyle,
  junit: formatJunit,
  gitlab: formatGitlab,
  github: formatGithub,
  compact: formatCompact,
};

export type { FileError, Report, Reporter } from './types.js';
