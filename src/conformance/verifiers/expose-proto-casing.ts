/** dockerfile/expose-proto-casing: a lower-case protocol exposes the same ports. */
import { unchangedImageVerifier } from './support.js';

export default unchangedImageVerifier(['dockerfile/expose-proto-casing', 'ExposeProtoCasing'], 'lower-casing EXPOSE protocols');
