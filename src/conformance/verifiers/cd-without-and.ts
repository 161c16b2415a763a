/** dockerfile/cd-without-and: `cd dir && cmd` leaves the same files as `cd dir; cmd` when cd succeeds. */
import { unchangedImageVerifier } from './support.js';

export default unchangedImageVerifier(['dockerfile/cd-without-and', 'SC2164'], 'joining cd to the next command with &&');
