/**
 * Every built-in rule. A new rule is one module in src/rules/<domain>/ plus
 * one line in that domain's index.
 */
import type { AnyRule } from '../core/rule.js';
import { crossRules } from './cross/index.js';
import { dockerfileRules } from './dockerfile/index.js';
import { k8sRules } from './k8s/index.js';

export const allRules: AnyRule[] = [...dockerfileRules, ...k8sRules, ...crossRules];
