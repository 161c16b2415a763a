/** EXPOSE arguments: `port`, `port/proto`, `start-end/proto`, and the host forms the builder ignores. */
import type { GenericInstruction, Word } from '../../../dockerfile/ast.js';
import type { Dockerfile } from '../../../dockerfile/ast.js';
import { eachInstruction } from './util.js';

export interface ExposedPort {
  instruction: GenericInstruction;
  word: Word;
  /** The text before the last `:` (host IP and/or host port), or null. */
  host: string | null;
  /** The container port or range as written. */
  port: string;
  protocol: string | null;
}

/** The EXPOSE words of each file, read once for the several EXPOSE rules. */
const portsOfFile = new WeakMap<Dockerfile, readonly ExposedPort[]>();

/** The literal EXPOSE words of a file (words with variables are skipped: their value is not known). */
export function exposedPorts(dockerfile: Dockerfile): readonly ExposedPort[] {
  let ports = portsOfFile.get(dockerfile);
  if (!ports) portsOfFile.set(dockerfile, (ports = readExposedPorts(dockerfile)));
  return ports;
}

function readExposedPorts(dockerfile: Dockerfile): ExposedPort[] {
  const out: ExposedPort[] = [];
  for (const instruction of eachInstruction(dockerfile)) {
    if (instruction.kind !== 'EXPOSE') continue;
    for (const word of instruction.args) {
      if (word.variables.length > 0) continue;
      let rest = word.value;
      let protocol: string | null = null;
      const slash = rest.lastIndexOf('/');
      if (slash >= 0) {
        protocol = rest.slice(slash + 1);
        rest = rest.slice(0, slash);
      }
      const colon = rest.lastIndexOf(':');
      out.push({ instruction, word, host: colon >= 0 ? rest.slice(0, colon) : null, port: colon >= 0 ? rest.slice(colon + 1) : rest, protocol });
    }
  }
  return out;
}

/** The port numbers of `80` or `8000-8010`; null when not numeric. */
export function portNumbers(port: string): [number, number] | null {
  const match = /^(\d+)(?:-(\d+))?$/.exec(port);
  if (!match) return null;
  return [Number(match[1]), Number(match[2] ?? match[1])];
}
