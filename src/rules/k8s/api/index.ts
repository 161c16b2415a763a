/** API conformance: schema validation and deprecated or removed API versions. */
import type { AnyRule } from '../../../core/rule.js';

export const apiRules: AnyRule[] = [];
