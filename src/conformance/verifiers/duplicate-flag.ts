/** dockerfile/duplicate-flag: dropping a repeated flag builds the same image. */
import { unchangedImageVerifier } from './support.js';

export default unchangedImageVerifier(['dockerfile/duplicate-flag'], 'removing a repeated flag');
