/** dockerfile/directive-casing: a re-cased parser directive builds the same image. */
import { unchangedImageVerifier } from './support.js';

export default unchangedImageVerifier(['dockerfile/directive-casing'], 're-casing a parser directive');
