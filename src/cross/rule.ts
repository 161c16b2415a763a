/**
 * Cross rules (`cross/…`): checks between a manifest and the Dockerfile that
 * builds the image it runs. They run in the project phase (src/core/project.ts)
 * over the Kubernetes objects of the run and the linked images, and report at
 * the manifest's field with related locations in the Dockerfile.
 */
import type { ProjectIndex } from '../core/project.js';
import type { Range } from '../core/source.js';
import type { Fix, RelatedLocation, RuleMeta, Severity } from '../core/types.js';
import type { Dockerfile } from '../dockerfile/ast.js';
import type { EditTarget } from '../k8s/edit.js';
import type { ContainerRef, K8sObject, PathSegment } from '../k8s/model.js';
import type { ImageFacts } from './image-facts.js';
import type { LinkTable, ResolvedImage } from './links.js';

/** The linked images of a run, as the CLI or the editor found them. */
export interface ProjectImages {
  table: LinkTable;
  /** Parsed Dockerfiles by absolute path, with the path findings show. */
  dockerfiles: ReadonlyMap<string, { file: string; dockerfile: Dockerfile }>;
  /** A manifest's file as results name it, made absolute (to match kustomize scopes). */
  absolute(file: string): string;
}

/** An image a container runs, with the Dockerfile that builds it. */
export interface LinkedImage {
  resolved: ResolvedImage;
  /** The Dockerfile's path as findings show it. */
  dockerfile: string;
  facts: ImageFacts;
}

export interface LinkedContainer {
  object: K8sObject;
  container: ContainerRef;
  image: LinkedImage;
}

export interface CrossContext<O> {
  readonly options: Readonly<O>;
  readonly index: ProjectIndex;
  /** Every container of the linted objects whose image is linked to a Dockerfile, in file order. */
  readonly containers: readonly LinkedContainer[];
  /** The linked image of a container, or null. */
  imageOf(container: ContainerRef): LinkedImage | null;
  reportAt(
    object: K8sObject,
    path: string | PathSegment[],
    descriptor: { message: string; part?: 'value' | 'key' | 'pair'; fix?: Fix; suggestions?: Fix[]; related?: RelatedLocation[]; severity?: Severity },
  ): void;
  /** A related location at a field of an object. */
  relatedAt(object: K8sObject, path: string | PathSegment[], message: string): RelatedLocation;
  /** A related location in the image's Dockerfile. */
  inDockerfile(image: LinkedImage, range: Range, message: string): RelatedLocation;
  /** The text and line ending of the object's file, for edits (src/k8s/edit.ts). */
  editTarget(object: K8sObject): EditTarget;
}

export interface CrossRule<O extends object = Record<string, never>> {
  meta: RuleMeta<O> & { domain: 'cross' };
  checkCross(context: CrossContext<O>): void;
}

export function defineCrossRule<O extends object = Record<string, never>>(rule: { meta: RuleMeta<O>; checkCross: CrossRule<O>['checkCross'] }): CrossRule<O> {
  return { meta: { ...rule.meta, domain: 'cross' }, checkCross: rule.checkCross };
}

export function isCrossRule(rule: { meta: { domain: string } }): rule is CrossRule<object> {
  return rule.meta.domain === 'cross';
}
