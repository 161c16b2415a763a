/** dockerfile/wget-progress: a quieter wget progress bar builds the same image. */
import { unchangedImageVerifier } from './support.js';

export default unchangedImageVerifier(['dockerfile/wget-progress', 'DL3047'], "setting wget's progress style");
