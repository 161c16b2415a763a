/** dockerfile/stage-name-casing: lower-cased stage names build the same image. */
import { unchangedImageVerifier } from './support.js';

export default unchangedImageVerifier(['dockerfile/stage-name-casing', 'StageNameCasing'], 'lower-casing stage names');
