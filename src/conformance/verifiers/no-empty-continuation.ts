/** dockerfile/no-empty-continuation: removing empty continuation lines builds the same image. */
import { unchangedImageVerifier } from './support.js';

export default unchangedImageVerifier(['dockerfile/no-empty-continuation', 'NoEmptyContinuation'], 'removing empty continuation lines');
