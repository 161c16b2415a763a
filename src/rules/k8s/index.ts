/** The Kubernetes rules, in the order `drydock rules` lists them. */
import type { AnyRule } from '../../core/rule.js';
import containerResources from './container-resources.js';
import duplicateKey from './duplicate-key.js';
import runAsNonRoot from './run-as-non-root.js';
import yamlSyntax from './syntax.js';

export const k8sRules: AnyRule[] = [yamlSyntax, duplicateKey, containerResources, runAsNonRoot];
