/** The Kubernetes rules, in the order `drydock rules` lists them. */
import type { AnyRule } from '../../core/rule.js';
import { apiRules } from './api/index.js';
import containerResources from './container-resources.js';
import { crossObjectRules } from './cross/index.js';
import duplicateKey from './duplicate-key.js';
import runAsNonRoot from './run-as-non-root.js';
import yamlSyntax from './syntax.js';
import { workloadRules } from './workload/index.js';

export const k8sRules: AnyRule[] = [yamlSyntax, duplicateKey, ...apiRules, containerResources, runAsNonRoot, ...workloadRules, ...crossObjectRules];
