/** Instructions and stages: BuildKit checks, builder parity, base images, users, COPY/ADD, metadata, secrets, multi-stage and layer order. */
import type { AnyRule } from '../../../core/rule.js';

export const buildRules: AnyRule[] = [];
