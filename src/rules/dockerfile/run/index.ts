/** RUN instructions: package managers, shell hygiene, downloads and TLS, cache mounts. */
import type { AnyRule } from '../../../core/rule.js';
import apkAllowUntrusted from './apk-allow-untrusted.js';
import apkNoCache from './apk-no-cache.js';
import apkPinVersions from './apk-pin-versions.js';
import aptGetYes from './apt-get-yes.js';
import aptListsNotDeleted from './apt-lists-not-deleted.js';
import aptPinVersions from './apt-pin-versions.js';
import aptUnauthenticated from './apt-unauthenticated.js';
import cdInsteadOfWorkdir from './cd-instead-of-workdir.js';
import cdWithoutAnd from './cd-without-and.js';
import chpasswd from './chpasswd.js';
import consecutiveRun from './consecutive-run.js';
import curlInsecure from './curl-insecure.js';
import dnfCleanAll from './dnf-clean-all.js';
import dnfPinVersions from './dnf-pin-versions.js';
import dnfYes from './dnf-yes.js';
import gemPinVersions from './gem-pin-versions.js';
import gitSslVerifyDisabled from './git-ssl-verify-disabled.js';
import goInstallPinVersions from './go-install-pin-versions.js';
import noDistUpgrade from './no-dist-upgrade.js';
import noSudo from './no-sudo.js';
import npmPinVersions from './npm-pin-versions.js';
import npmStrictSslDisabled from './npm-strict-ssl-disabled.js';
import packageUpdateAlone from './package-update-alone.js';
import pipNoCacheDir from './pip-no-cache-dir.js';
import pipPinVersions from './pip-pin-versions.js';
import pipTrustedHost from './pip-trusted-host.js';
import pipefail from './pipefail.js';
import plainHttpDownload from './plain-http-download.js';
import pointlessCommand from './pointless-command.js';
import remoteScriptPipedToShell from './remote-script-piped-to-shell.js';
import rpmSignatureCheckDisabled from './rpm-signature-check-disabled.js';
import rpmSslverifyDisabled from './rpm-sslverify-disabled.js';
import shellSymlink from './shell-symlink.js';
import sshServerInstalled from './ssh-server-installed.js';
import unquotedPathVariable from './unquoted-path-variable.js';
import useAptGet from './use-apt-get.js';
import useCacheMount from './use-cache-mount.js';
import uselessCat from './useless-cat.js';
import useraddNoLogInit from './useradd-no-log-init.js';
import wgetAndCurl from './wget-and-curl.js';
import wgetNoCheckCertificate from './wget-no-check-certificate.js';
import wgetProgress from './wget-progress.js';
import yarnCacheClean from './yarn-cache-clean.js';
import yumCleanAll from './yum-clean-all.js';
import yumPinVersions from './yum-pin-versions.js';
import yumYes from './yum-yes.js';
import zypperClean from './zypper-clean.js';
import zypperNonInteractive from './zypper-non-interactive.js';
import zypperPinVersions from './zypper-pin-versions.js';

export const runRules: AnyRule[] = [
  // apt
  aptGetYes,
  aptListsNotDeleted,
  useAptGet,
  aptPinVersions,
  packageUpdateAlone,
  noDistUpgrade,
  aptUnauthenticated,
  // apk
  apkNoCache,
  apkPinVersions,
  apkAllowUntrusted,
  // yum, dnf, microdnf, zypper, rpm
  yumYes,
  dnfYes,
  zypperNonInteractive,
  yumCleanAll,
  dnfCleanAll,
  zypperClean,
  yumPinVersions,
  dnfPinVersions,
  zypperPinVersions,
  rpmSignatureCheckDisabled,
  rpmSslverifyDisabled,
  // language package managers
  pipNoCacheDir,
  pipPinVersions,
  pipTrustedHost,
  npmPinVersions,
  npmStrictSslDisabled,
  yarnCacheClean,
  gemPinVersions,
  goInstallPinVersions,
  // shell
  cdInsteadOfWorkdir,
  cdWithoutAnd,
  noSudo,
  pointlessCommand,
  pipefail,
  wgetAndCurl,
  wgetProgress,
  shellSymlink,
  useraddNoLogInit,
  unquotedPathVariable,
  uselessCat,
  consecutiveRun,
  useCacheMount,
  // supply chain
  remoteScriptPipedToShell,
  curlInsecure,
  wgetNoCheckCertificate,
  gitSslVerifyDisabled,
  plainHttpDownload,
  sshServerInstalled,
  chpasswd,
];
