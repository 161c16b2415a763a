/** Labels of a stage as the image ends up with them, and hadolint's label-schema value types. */
import type { Dockerfile, KeyValue, Stage } from '../../../dockerfile/ast.js';

export type LabelType = 'text' | 'url' | 'semver' | 'hash' | 'rfc3339' | 'spdx' | 'email';

/** The labels set in a stage and the stages it builds on (later wins), by key. */
export function stageLabels(dockerfile: Dockerfile, stage: Stage): Map<string, KeyValue> {
  const chain: Stage[] = [];
  const seen = new Set<number>();
  for (let s: Stage | undefined = stage; s && !seen.has(s.index); s = s.image.stageRef !== null ? dockerfile.stages[s.image.stageRef] : undefined) {
    seen.add(s.index);
    chain.unshift(s);
  }
  const labels = new Map<string, KeyValue>();
  for (const s of chain) {
    for (const instruction of s.instructions) {
      if (instruction.kind !== 'LABEL') continue;
      for (const pair of instruction.pairs) labels.set(pair.key.value, pair);
    }
  }
  return labels;
}

const SPDX_IDS = new Set(
  'MIT Apache-2.0 GPL-2.0 GPL-2.0-only GPL-2.0-or-later GPL-3.0 GPL-3.0-only GPL-3.0-or-later LGPL-2.1 LGPL-2.1-only LGPL-2.1-or-later LGPL-3.0 LGPL-3.0-only LGPL-3.0-or-later AGPL-3.0 AGPL-3.0-only AGPL-3.0-or-later BSD-2-Clause BSD-3-Clause BSD-3-Clause-Clear ISC MPL-2.0 EPL-1.0 EPL-2.0 CDDL-1.0 CDDL-1.1 Unlicense CC0-1.0 CC-BY-4.0 CC-BY-SA-4.0 Zlib BSL-1.0 0BSD Artistic-2.0 PostgreSQL OpenSSL Python-2.0 PSF-2.0 Ruby WTFPL X11 NCSA MIT-0 BlueOak-1.0.0 Unicode-DFS-2016 EUPL-1.2 MS-PL MS-RL OFL-1.1 Vim PHP-3.01 BUSL-1.1 Elastic-2.0 SSPL-1.0 LicenseRef-Proprietary'.split(' ').map((id) => id.toLowerCase()),
);

/** Why a label value does not have the type, or null when it does. */
export function labelValueProblem(type: LabelType, value: string): string | null {
  switch (type) {
    case 'text':
      return null;
    case 'url':
      return /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]+[^\s]*$/i.test(value) ? null : 'is not a valid URL';
    case 'semver':
      return /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(value) ? null : 'does not conform to semantic versioning';
    case 'hash':
      return /^[0-9a-f]{7,40}$/i.test(value) || /^[0-9a-f]{64}$/i.test(value) ? null : 'is not a valid git hash';
    case 'rfc3339':
      return /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')))
        ? null
        : 'is not a valid RFC 3339 time (e.g. 2024-05-01T12:00:00Z)';
    case 'spdx':
      return spdxExpressionValid(value) ? null : 'is not a valid SPDX license expression';
    case 'email':
      return /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/.test(value) ? null : 'is not a valid email address (RFC 5322)';
  }
}

function spdxExpressionValid(value: string): boolean {
  const tokens = value.replace(/[()]/g, ' ').split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return false;
  let expectId = true;
  for (const token of tokens) {
    if (expectId) {
      const id = token.replace(/\+$/, '').toLowerCase();
      if (!SPDX_IDS.has(id) && !/^(licenseref|documentref)-[a-z0-9.-]+/i.test(token)) return false;
      expectId = false;
    } else {
      if (!['AND', 'OR', 'WITH'].includes(token)) return false;
      expectId = true;
    }
  }
  return !expectId;
}
