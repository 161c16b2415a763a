/** The flags each instruction accepts, as the builder defines them (moby/buildkit instructions/parse.go). */
import type { Instruction } from '../../../dockerfile/ast.js';

export type FlagKind = 'string' | 'bool' | 'list';

const INSTRUCTION_FLAGS: Readonly<Record<string, Readonly<Record<string, FlagKind>>>> = {
  FROM: { platform: 'string' },
  RUN: { mount: 'list', network: 'string', security: 'string', device: 'list' },
  COPY: { from: 'string', chown: 'string', chmod: 'string', link: 'bool', parents: 'bool', exclude: 'list' },
  ADD: { chown: 'string', chmod: 'string', link: 'bool', checksum: 'string', 'keep-git-dir': 'bool', exclude: 'list', unpack: 'bool' },
  HEALTHCHECK: { interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string' },
};

const NO_FLAGS: Readonly<Record<string, FlagKind>> = Object.freeze({});

/** The flags an instruction kind accepts (none for the others). */
export function flagsOf(instruction: Instruction): Readonly<Record<string, FlagKind>> {
  return INSTRUCTION_FLAGS[instruction.kind] ?? NO_FLAGS;
}
