/** dockerfile/expose-invalid-format: EXPOSE without the host part exposes the same ports. */
import { unchangedImageVerifier } from './support.js';

export default unchangedImageVerifier(['dockerfile/expose-invalid-format', 'ExposeInvalidFormat'], 'dropping the IP/host port from EXPOSE');
