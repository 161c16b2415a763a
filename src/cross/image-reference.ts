/** Image references as registries read them: split, normalised, written back. No YAML here: Dockerfile-only runs load this. */

/** An image reference split as the registry reads it. */
export interface ImageReference {
  /** Normalised name: no `docker.io/` or `library/` prefix, no tag or digest. */
  name: string;
  tag: string | null;
  digest: string | null;
}

/** Splits `[registry/]path[:tag][@digest]` and normalises Docker Hub names. */
export function parseImageReference(reference: string): ImageReference {
  let name = reference.trim();
  let digest: string | null = null;
  const at = name.indexOf('@');
  if (at >= 0) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
  }
  let tag: string | null = null;
  const colon = name.lastIndexOf(':');
  if (colon >= 0 && !name.slice(colon).includes('/')) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  return { name: normalizeImageName(name), tag, digest };
}

export function normalizeImageName(name: string): string {
  let out = name.trim();
  out = out.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  if (out.startsWith('library/') && out.split('/').length === 2) out = out.slice('library/'.length);
  return out;
}

export function formatReference(reference: ImageReference): string {
  return `${reference.name}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}
