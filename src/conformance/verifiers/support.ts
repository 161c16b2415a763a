/** Small helpers shared by verifiers. */
import type { ImageInfo } from '../engine.js';
import type { ContainerFacts, DockerfileVerifier, ImageSide, ManifestContainer, Verdict } from './types.js';

export const verified = (detail: string): Verdict => ({ status: 'verified', detail });
export const failed = (detail: string): Verdict => ({ status: 'failed', detail });
export const inconclusive = (detail: string): Verdict => ({ status: 'inconclusive', detail });

/** Builder-added labels that differ between any two builds. */
const BUILDER_LABELS = new Set(['io.buildah.version']);

/** The parts of an image config a pure-syntax fix must leave exactly as they were. */
export function configDifferences(before: ImageInfo, after: ImageInfo): string[] {
  const labels = (info: ImageInfo) => Object.fromEntries(Object.entries(info.labels).filter(([k]) => !BUILDER_LABELS.has(k)).sort());
  const fields: Array<[string, unknown, unknown]> = [
    ['CMD', before.cmd, after.cmd],
    ['ENTRYPOINT', before.entrypoint, after.entrypoint],
    ['ENV', [...before.env].sort(), [...after.env].sort()],
    ['USER', before.user, after.user],
    ['WORKDIR', before.workingDir, after.workingDir],
    ['LABEL', labels(before), labels(after)],
    // Docker lower-cases the protocol when it reads EXPOSE; podman keeps what was written.
    ['EXPOSE', before.exposedPorts.map((p) => p.toLowerCase()), after.exposedPorts.map((p) => p.toLowerCase())],
    ['HEALTHCHECK', before.healthcheck, after.healthcheck],
    ['STOPSIGNAL', before.stopSignal, after.stopSignal],
  ];
  return fields.filter(([, a, b]) => JSON.stringify(a) !== JSON.stringify(b)).map(([name, a, b]) => `${name} ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
}

/** Verdict for fixes that only change spelling: the built image's config must not change. */
export function sameConfig(before: ImageSide, after: ImageSide): Verdict {
  const differences = configDifferences(before.info, after.info);
  return differences.length === 0 ? verified('the image config (CMD, ENTRYPOINT, ENV, USER, WORKDIR, labels, ports, healthcheck) is unchanged') : failed(`the image config changed: ${differences.join('; ')}`);
}

/** Runs a script in both images; null output when the image lacks what the script needs (exit 127). */
export async function probeBoth(before: ImageSide, after: ImageSide, script: string): Promise<[string | null, string | null]> {
  const [a, b] = await Promise.all([before.probe(script), after.probe(script)]);
  return [a.exitCode === 0 ? a.stdout.trim() : null, b.exitCode === 0 ? b.stdout.trim() : null];
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Image size before → after, with the difference. */
export function sizeChange(before: ImageSide, after: ImageSide): string {
  const saved = before.info.size - after.info.size;
  return `image ${formatBytes(before.info.size)} → ${formatBytes(after.info.size)}${saved > 0 ? ` (${formatBytes(saved)} smaller)` : ''}`;
}

/** `true` when a CMD/ENTRYPOINT array runs through a shell (`/bin/sh -c …`). */
export function isShellWrapped(argv: string[] | null): boolean {
  return argv !== null && argv.length >= 2 && /(^|\/)(ba|da|a)?sh$/.test(argv[0]) && argv[1] === '-c';
}

/** Package names after `apt-get install` / `apt install` in a Dockerfile (flags and versions dropped). */
export function aptInstalledNames(dockerfile: string): string[] {
  const joined = dockerfile.replace(/\\\r?\n/g, ' ');
  const names = new Set<string>();
  for (const match of joined.matchAll(/\bapt(?:-get)?\s+(?:-\S+\s+)*install\s+([^&|;\n]+)/g)) {
    for (const word of match[1].trim().split(/\s+/)) {
      if (!word.startsWith('-') && /^[a-z0-9][a-z0-9+.-]*(=.*)?$/.test(word)) names.add(word.split('=')[0]);
    }
  }
  return [...names];
}

/** A verifier for a fix that only changes how the file is written: the image must come out the same. */
export function unchangedImageVerifier(rule: readonly string[], what: string): DockerfileVerifier {
  return {
    domain: 'dockerfile',
    rule,
    name: 'same image config',
    isolated: true,
    promise: `${what} changes only the spelling: the built image's config is unchanged`,
    verify: async ({ before, after }) => sameConfig(before, after),
  };
}

/**
 * Checks every container whose fixed spec asks for something (`wants`) against
 * what was observed inside it after the fix (`holds` returns a failure text or null).
 */
export function checkContainers(
  containers: ManifestContainer[],
  wants: (c: ManifestContainer) => boolean,
  holds: (c: ManifestContainer, facts: ContainerFacts) => string | null,
  describe: (c: ManifestContainer, facts: ContainerFacts) => string,
): Verdict {
  const relevant = containers.filter(wants);
  if (relevant.length === 0) return inconclusive('no container of the fixed manifest asks for it');
  const problems: string[] = [];
  const seen: string[] = [];
  for (const c of relevant) {
    const name = `${c.workload}/${c.container}`;
    if (!c.after) {
      problems.push(`${name}: not running, so it could not be probed`);
      continue;
    }
    const problem = holds(c, c.after);
    if (problem) problems.push(`${name}: ${problem}`);
    else seen.push(`${name}: ${describe(c, c.after)}`);
  }
  if (problems.some((p) => !p.endsWith('could not be probed'))) return failed(problems.join('; '));
  if (problems.length > 0) return inconclusive(problems.join('; '));
  return verified(seen.join('; '));
}
