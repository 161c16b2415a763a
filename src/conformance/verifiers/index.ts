/**
 * Every verifier, and their lookup by rule: each names its rule by drydock id
 * and aliases, resolved in the registry at run time, so a verifier whose rule
 * does not exist (yet) is simply not used.
 */
import type { RuleRegistry } from '../../core/registry.js';
import apkNoCache from './apk-no-cache.js';
import aptGetYes from './apt-get-yes.js';
import aptListsCleanup from './apt-lists-cleanup.js';
import aptNoInstallRecommends from './apt-no-install-recommends.js';
import cdWithoutAnd from './cd-without-and.js';
import consistentInstructionCasing from './consistent-instruction-casing.js';
import copyInsteadOfAdd from './copy-instead-of-add.js';
import copyMultipleSourcesDestDir from './copy-multiple-sources-dest-dir.js';
import directiveCasing from './directive-casing.js';
import duplicateFlag from './duplicate-flag.js';
import exposeInvalidFormat from './expose-invalid-format.js';
import exposeProtoCasing from './expose-proto-casing.js';
import finalUserRoot from './final-user-root.js';
import fromAsCasing from './from-as-casing.js';
import healthcheckMissing from './healthcheck-missing.js';
import jsonArgsRecommended from './json-args-recommended.js';
import k8sAllowPrivilegeEscalation from './k8s-allow-privilege-escalation.js';
import k8sAutomountServiceAccountToken from './k8s-automount-service-account-token.js';
import k8sContainerResources from './k8s-container-resources.js';
import k8sDropCapabilities from './k8s-drop-capabilities.js';
import k8sDropNetRaw from './k8s-drop-net-raw.js';
import k8sReadOnlyRootFilesystem from './k8s-read-only-root-filesystem.js';
import k8sRunAsNonRoot from './k8s-run-as-non-root.js';
import k8sSeccompProfile from './k8s-seccomp-profile.js';
import legacyKeyValueFormat from './legacy-key-value-format.js';
import maintainerDeprecated from './maintainer-deprecated.js';
import noEmptyContinuation from './no-empty-continuation.js';
import pipNoCacheDir from './pip-no-cache-dir.js';
import redundantTargetPlatform from './redundant-target-platform.js';
import secretInEnvArg from './secret-in-env-arg.js';
import stageNameCasing from './stage-name-casing.js';
import type { Verifier } from './types.js';
import unpinnedBaseImage from './unpinned-base-image.js';
import useAptGet from './use-apt-get.js';
import useraddNoLogInit from './useradd-no-log-init.js';
import wgetProgress from './wget-progress.js';
import workdirRelativePath from './workdir-relative-path.js';
import yarnCacheClean from './yarn-cache-clean.js';

export const allVerifiers: readonly Verifier[] = [
  aptNoInstallRecommends,
  aptGetYes,
  aptListsCleanup,
  apkNoCache,
  pipNoCacheDir,
  yarnCacheClean,
  useraddNoLogInit,
  useAptGet,
  maintainerDeprecated,
  copyInsteadOfAdd,
  jsonArgsRecommended,
  legacyKeyValueFormat,
  finalUserRoot,
  secretInEnvArg,
  unpinnedBaseImage,
  healthcheckMissing,
  consistentInstructionCasing,
  fromAsCasing,
  stageNameCasing,
  noEmptyContinuation,
  exposeProtoCasing,
  wgetProgress,
  workdirRelativePath,
  redundantTargetPlatform,
  directiveCasing,
  duplicateFlag,
  exposeInvalidFormat,
  copyMultipleSourcesDestDir,
  cdWithoutAnd,
  k8sRunAsNonRoot,
  k8sReadOnlyRootFilesystem,
  k8sAllowPrivilegeEscalation,
  k8sDropCapabilities,
  k8sDropNetRaw,
  k8sSeccompProfile,
  k8sContainerResources,
  k8sAutomountServiceAccountToken,
];

/**
 * Verifiers by the id of the rule they belong to. Every rule of the verifier's
 * domain that one of its names (drydock id or alias) resolves to gets it: two
 * rules that share an alias make the same promise. Earlier verifiers win.
 */
export function verifiersFor(registry: RuleRegistry, verifiers: readonly Verifier[] = allVerifiers): Map<string, Verifier> {
  const byRule = new Map<string, Verifier>();
  for (const verifier of verifiers) {
    for (const name of verifier.rule) {
      for (const rule of registry.resolve(name)) {
        if (rule.meta.domain === verifier.domain && !byRule.has(rule.meta.id)) byRule.set(rule.meta.id, verifier);
      }
    }
  }
  return byRule;
}
