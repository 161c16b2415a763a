/** Every built-in rule. A new rule is one module in src/rules/<domain>/ plus one line here. */
import type { AnyRule } from '../core/rule.js';
import aptNoInstallRecommends from './dockerfile/apt-no-install-recommends.js';
import finalUserRoot from './dockerfile/final-user-root.js';
import malformedExecForm from './dockerfile/malformed-exec-form.js';
import secretInEnvArg from './dockerfile/secret-in-env-arg.js';
import dockerfileSyntax from './dockerfile/syntax.js';
import unpinnedBaseImage from './dockerfile/unpinned-base-image.js';
import containerResources from './k8s/container-resources.js';
import duplicateKey from './k8s/duplicate-key.js';
import runAsNonRoot from './k8s/run-as-non-root.js';
import yamlSyntax from './k8s/syntax.js';

export const allRules: AnyRule[] = [
  dockerfileSyntax,
  malformedExecForm,
  unpinnedBaseImage,
  finalUserRoot,
  secretInEnvArg,
  aptNoInstallRecommends,
  yamlSyntax,
  duplicateKey,
  containerResources,
  runAsNonRoot,
];
