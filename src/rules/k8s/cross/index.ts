/** Checks across the objects linted together. */
import type { AnyRule } from '../../../core/rule.js';

export const crossObjectRules: AnyRule[] = [];
