/** Single objects: Pod Security Standards, containers, probes, workload settings, services, RBAC. */
import type { AnyRule } from '../../../core/rule.js';

export const workloadRules: AnyRule[] = [];
