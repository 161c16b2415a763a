/** dockerfile/consistent-instruction-casing: re-cased keywords build the same image. */
import { unchangedImageVerifier } from './support.js';

export default unchangedImageVerifier(['dockerfile/consistent-instruction-casing', 'ConsistentInstructionCasing'], 're-casing instruction keywords');
