/** Instructions and stages: BuildKit checks, builder parity, base images, users, COPY/ADD, metadata, secrets, multi-stage and layer order. */
import type { AnyRule } from '../../../core/rule.js';
import addInsecureUrl from './add-insecure-url.js';
import addUrlWithoutChecksum from './add-url-without-checksum.js';
import consistentInstructionCasing from './consistent-instruction-casing.js';
import copyArchiveThenExtract from './copy-archive-then-extract.js';
import copyFromOwnStage from './copy-from-own-stage.js';
import copyFromUnknownStage from './copy-from-unknown-stage.js';
import copyFromWholeFilesystem from './copy-from-whole-filesystem.js';
import copyIgnoredFile from './copy-ignored-file.js';
import copyMultipleSourcesDestDir from './copy-multiple-sources-dest-dir.js';
import copyRelativeDestWithoutWorkdir from './copy-relative-dest-without-workdir.js';
import directiveCasing from './directive-casing.js';
import duplicateFlag from './duplicate-flag.js';
import duplicateStageName from './duplicate-stage-name.js';
import envDisablesTls from './env-disables-tls.js';
import envPathOverwrite from './env-path-overwrite.js';
import envSelfReference from './env-self-reference.js';
import exposeInvalidFormat from './expose-invalid-format.js';
import exposeInvalidPort from './expose-invalid-port.js';
import exposeProtoCasing from './expose-proto-casing.js';
import exposeSshPort from './expose-ssh-port.js';
import finalStageBuildToolchain from './final-stage-build-toolchain.js';
import fromAsCasing from './from-as-casing.js';
import fromPlatformFlagConst from './from-platform-flag-const.js';
import hardcodedSecretValue from './hardcoded-secret-value.js';
import healthcheckMissing from './healthcheck-missing.js';
import invalidDefaultArgInFrom from './invalid-default-arg-in-from.js';
import invalidDefinitionDescription from './invalid-definition-description.js';
import invalidFlagValue from './invalid-flag-value.js';
import invalidImageReference from './invalid-image-reference.js';
import invalidUser from './invalid-user.js';
import jsonArgsRecommended from './json-args-recommended.js';
import labelKeyFormat from './label-key-format.js';
import labelRequired from './label-required.js';
import labelValueFormat from './label-value-format.js';
import layerOrderDependencyInstall from './layer-order-dependency-install.js';
import legacyKeyValueFormat from './legacy-key-value-format.js';
import maintainerDeprecated from './maintainer-deprecated.js';
import multipleCmd from './multiple-cmd.js';
import multipleEntrypoint from './multiple-entrypoint.js';
import multipleHealthcheck from './multiple-healthcheck.js';
import noEmptyContinuation from './no-empty-continuation.js';
import noInlineIgnorePragma from './no-inline-ignore-pragma.js';
import numericUser from './numeric-user.js';
import preferCopyOverAdd from './prefer-copy-over-add.js';
import redundantTargetPlatform from './redundant-target-platform.js';
import reservedStageName from './reserved-stage-name.js';
import scratchUserName from './scratch-user-name.js';
import secretFileCopied from './secret-file-copied.js';
import secretInRun from './secret-in-run.js';
import stageNameCasing from './stage-name-casing.js';
import stopsignalInvalid from './stopsignal-invalid.js';
import trustedRegistries from './trusted-registries.js';
import undefinedArgInFrom from './undefined-arg-in-from.js';
import undefinedVar from './undefined-var.js';
import unknownFlag from './unknown-flag.js';
import unusedStage from './unused-stage.js';
import workdirRelativePath from './workdir-relative-path.js';
import workdirSystemDirectory from './workdir-system-directory.js';

export const buildRules: AnyRule[] = [
  addInsecureUrl,
  addUrlWithoutChecksum,
  consistentInstructionCasing,
  copyArchiveThenExtract,
  copyFromOwnStage,
  copyFromUnknownStage,
  copyFromWholeFilesystem,
  copyIgnoredFile,
  copyMultipleSourcesDestDir,
  copyRelativeDestWithoutWorkdir,
  directiveCasing,
  duplicateFlag,
  duplicateStageName,
  envDisablesTls,
  envPathOverwrite,
  envSelfReference,
  exposeInvalidFormat,
  exposeInvalidPort,
  exposeProtoCasing,
  exposeSshPort,
  finalStageBuildToolchain,
  fromAsCasing,
  fromPlatformFlagConst,
  hardcodedSecretValue,
  healthcheckMissing,
  invalidDefaultArgInFrom,
  invalidDefinitionDescription,
  invalidFlagValue,
  invalidImageReference,
  invalidUser,
  jsonArgsRecommended,
  labelKeyFormat,
  labelRequired,
  labelValueFormat,
  layerOrderDependencyInstall,
  legacyKeyValueFormat,
  maintainerDeprecated,
  multipleCmd,
  multipleEntrypoint,
  multipleHealthcheck,
  noEmptyContinuation,
  noInlineIgnorePragma,
  numericUser,
  preferCopyOverAdd,
  redundantTargetPlatform,
  reservedStageName,
  scratchUserName,
  secretFileCopied,
  secretInRun,
  stageNameCasing,
  stopsignalInvalid,
  trustedRegistries,
  undefinedArgInFrom,
  undefinedVar,
  unknownFlag,
  unusedStage,
  workdirRelativePath,
  workdirSystemDirectory,
];
