/** RUN instructions: package managers, shell hygiene, downloads and TLS, cache mounts. */
import type { AnyRule } from '../../../core/rule.js';

export const runRules: AnyRule[] = [];
