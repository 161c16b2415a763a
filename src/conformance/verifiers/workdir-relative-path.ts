/** dockerfile/workdir-relative-path: an absolute WORKDIR gives the same working directory. */
import { unchangedImageVerifier } from './support.js';

export default unchangedImageVerifier(['dockerfile/workdir-relative-path', 'WorkdirRelativePath', 'DL3000'], 'making WORKDIR absolute');
