/** The Dockerfile rules, in the order `drydock rules` lists them. */
import type { AnyRule } from '../../core/rule.js';
import aptNoInstallRecommends from './apt-no-install-recommends.js';
import { buildRules } from './build/index.js';
import finalUserRoot from './final-user-root.js';
import malformedExecForm from './malformed-exec-form.js';
import { runRules } from './run/index.js';
import secretInEnvArg from './secret-in-env-arg.js';
import dockerfileSyntax from './syntax.js';
import unpinnedBaseImage from './unpinned-base-image.js';

export const dockerfileRules: AnyRule[] = [
  dockerfileSyntax,
  malformedExecForm,
  unpinnedBaseImage,
  finalUserRoot,
  secretInEnvArg,
  aptNoInstallRecommends,
  ...buildRules,
  ...runRules,
];
