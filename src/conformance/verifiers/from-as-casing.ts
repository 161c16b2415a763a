/** dockerfile/from-as-casing: re-cased AS builds the same image. */
import { unchangedImageVerifier } from './support.js';

export default unchangedImageVerifier(['dockerfile/from-as-casing', 'FromAsCasing'], 're-casing AS in FROM');
