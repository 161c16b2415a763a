/** Checks between a manifest and the Dockerfile of the image it runs (src/cross/). */
import type { AnyRule } from '../../core/rule.js';
import { argsWithShellEntrypoint, commandReplacesEntrypoint } from './entrypoint.js';
import healthcheckWithoutProbe from './healthcheck-without-probe.js';
import pinnedImageUnpinnedBase from './pinned-image-unpinned-base.js';
import { containerPortNotExposed, exposedPortNotDeclared, servicePortNotExposed } from './ports.js';
import readOnlyRootVolume from './read-only-root-volume.js';
import runAsNonRootImageUser from './run-as-non-root-image-user.js';
import runAsUserDiffers from './run-as-user-differs.js';
import stopSignalGracePeriod from './stop-signal-grace-period.js';

export const crossRules: AnyRule[] = [
  runAsNonRootImageUser,
  argsWithShellEntrypoint,
  commandReplacesEntrypoint,
  containerPortNotExposed,
  exposedPortNotDeclared,
  servicePortNotExposed,
  healthcheckWithoutProbe,
  readOnlyRootVolume,
  stopSignalGracePeriod,
  runAsUserDiffers,
  pinnedImageUnpinnedBase,
];
