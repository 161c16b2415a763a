/**
 * Base image references (`FROM` arguments) in the docker reference grammar
 * (distribution/reference): `[registry/]path[:tag][@digest]`, `scratch`, or
 * the name of an earlier build stage.
 */
import type { ImageRef } from './ast.js';

/**
 * Splits an image reference. `expanded` is `raw` after expanding global ARGs;
 * `stageNames` maps lower-cased names of the stages before this FROM to their
 * index. A first path component is a registry when it contains `.` or `:`, is
 * `localhost`, or has upper-case letters (as the reference parser decides).
 */
export function parseImageRef(
  raw: string,
  expanded: string,
  unresolved: string[],
  stageNames: Map<string, number>,
): ImageRef {
  const ref: ImageRef = {
    raw,
    expanded,
    unresolved,
    registry: null,
    repository: expanded,
    tag: null,
    digest: null,
    isScratch: false,
    stageRef: null,
  };
  const stage = stageNames.get(expanded.toLowerCase());
  if (stage !== undefined) {
    ref.stageRef = stage;
    return ref;
  }
  if (expanded === 'scratch') {
    ref.isScratch = true;
    return ref;
  }
  let name = expanded;
  const at = name.indexOf('@');
  if (at >= 0) {
    ref.digest = name.slice(at + 1);
    name = name.slice(0, at);
  }
  const slash = name.indexOf('/');
  if (slash >= 0) {
    const first = name.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first.toLowerCase() !== first) {
      ref.registry = first;
      name = name.slice(slash + 1);
    }
  }
  const colon = name.lastIndexOf(':');
  if (colon >= 0 && name.indexOf('/', colon) < 0) {
    ref.tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  ref.repository = name;
  return ref;
}
