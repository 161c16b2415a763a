/** API conformance: schema validation and deprecated or removed API versions. */
import type { AnyRule } from '../../../core/rule.js';
import deprecatedApiVersion from './deprecated-api-version.js';
import schema from './schema.js';

export const apiRules: AnyRule[] = [schema, deprecatedApiVersion];
