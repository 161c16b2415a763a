/** dockerfile/redundant-target-platform: dropping --platform=$TARGETPLATFORM builds the same image. */
import { unchangedImageVerifier } from './support.js';

export default unchangedImageVerifier(['dockerfile/redundant-target-platform', 'RedundantTargetPlatform'], 'removing --platform=$TARGETPLATFORM');
