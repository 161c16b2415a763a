/**
 * Runs the cross rules (src/cross/rule.ts) over the Kubernetes files of a run
 * and the linked images; called by the project phase (src/core/project.ts).
 */
import { findingAt, type ProjectFile, type ProjectIndex } from '../core/project.js';
import type { AnyRule } from '../core/rule.js';
import type { Finding } from '../core/types.js';
import type { ContainerRef, K8sObject, PathSegment } from '../k8s/model.js';
import { containersOf } from '../k8s/workloads.js';
import { detectEol } from '../core/source.js';
import { imageFacts, type ImageFacts } from './image-facts.js';
import { isCrossRule, type CrossContext, type LinkedContainer, type LinkedImage, type ProjectImages } from './rule.js';

export function runCrossRules(
  rules: readonly AnyRule[],
  files: readonly ProjectFile[],
  index: ProjectIndex,
  images: ProjectImages,
  sink: (file: string, finding: Finding) => void,
  internalErrors: string[],
): void {
  const crossRules = rules.filter(isCrossRule);
  if (crossRules.length === 0) return;
  const byFile = new Map(files.map((file) => [file.file, file] as const));
  const containers = linkedContainers(files, images);
  const byContainer = new Map<ContainerRef['value'], LinkedImage>(containers.map((entry) => [entry.container.value, entry.image]));
  const locate = (object: K8sObject, path: string | PathSegment[], part: 'value' | 'key' | 'pair' = 'value') => object.locate(path, part).range;

  for (const rule of crossRules) {
    const runConfig = files.find((file) => file.config.rules.has(rule.meta.id));
    if (!runConfig) continue;
    const context: CrossContext<object> = {
      options: runConfig.config.rules.get(rule.meta.id)!.options,
      index,
      containers: containers.filter((entry) => byFile.get(entry.object.file)?.config.rules.has(rule.meta.id)),
      imageOf: (container) => byContainer.get(container.value) ?? null,
      reportAt: (object, path, descriptor) => {
        const active = byFile.get(object.file)?.config.rules.get(rule.meta.id);
        if (active) sink(object.file, findingAt(rule.meta.id, active.severity, object, locate(object, path, descriptor.part), descriptor));
      },
      relatedAt: (object, path, message) => ({ file: object.file, range: locate(object, path), message }),
      inDockerfile: (image, range, message) => ({ file: image.dockerfile, range, message }),
      editTarget: (object) => {
        const text = byFile.get(object.file)?.model.source.text ?? '';
        return { text, eol: detectEol(text) };
      },
    };
    try {
      rule.checkCross(context);
    } catch (error) {
      const detail = error instanceof Error ? (process.env.DRYDOCK_DEBUG ? error.stack ?? error.message : error.message) : String(error);
      internalErrors.push(`rule ${rule.meta.id} failed across the manifests and Dockerfiles: ${detail}`);
    }
  }
}

/** The containers of the files whose image is linked to a Dockerfile that has the stage asked for. */
function linkedContainers(files: readonly ProjectFile[], images: ProjectImages): LinkedContainer[] {
  const factsCache = new Map<string, ImageFacts | null>();
  const out: LinkedContainer[] = [];
  for (const file of files) {
    const absolute = images.absolute(file.file);
    for (const object of file.model.objects) {
      for (const container of containersOf(object)) {
        if (typeof container.value.image !== 'string') continue;
        const resolved = images.table.resolve(container.value.image, absolute);
        if (!resolved) continue;
        const parsed = images.dockerfiles.get(resolved.link.dockerfile);
        if (!parsed) continue;
        const key = `${resolved.link.dockerfile}\0${resolved.link.target ?? ''}`;
        if (!factsCache.has(key)) factsCache.set(key, imageFacts(parsed.dockerfile, resolved.link.target));
        const facts = factsCache.get(key);
        if (!facts) continue;
        out.push({ object, container, image: { resolved, dockerfile: parsed.file, facts } });
      }
    }
  }
  return out;
}
