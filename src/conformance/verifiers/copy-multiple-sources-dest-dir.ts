/** dockerfile/copy-multiple-sources-dest-dir: a trailing slash on the destination builds the same image. */
import { unchangedImageVerifier } from './support.js';

export default unchangedImageVerifier(['dockerfile/copy-multiple-sources-dest-dir', 'DL3021'], 'ending a multi-source COPY destination with /');
