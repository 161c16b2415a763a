/**
 * Kubernetes objects as rules see them: plain values for fast reads, and a
 * small YAML node interface of our own for exact ranges. Rules never touch the
 * `yaml` package, so the parser underneath can be replaced without touching them.
 */
import type { Range, SourceText, Span } from '../core/source.js';

export type YamlNode = YamlMap | YamlSeq | YamlScalar;

interface YamlNodeBase {
  span: Span;
  range: Range;
  /**
   * Set on an alias node (`*name`), added by the K8s loader: its span/range
   * are the alias token's, while its pairs/items/value/source are those of
   * the anchored node (shared, not copied). Edits inside it change the anchor.
   */
  alias?: string;
  /** The anchor name when the node carries `&name` (added by the K8s loader). */
  anchor?: string;
}

export interface YamlPair {
  key: YamlScalar;
  /** Null for `key:` with nothing after it. */
  value: YamlNode | null;
  /** From the key's start to the value's end. */
  span: Span;
  range: Range;
}

export interface YamlMap extends YamlNodeBase {
  kind: 'map';
  pairs: YamlPair[];
}

export interface YamlSeq extends YamlNodeBase {
  kind: 'seq';
  items: YamlNode[];
}

export interface YamlScalar extends YamlNodeBase {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** The scalar's source text. */
  source: string;
}

/** One step of a field path: a mapping key or a sequence index. */
export type PathSegment = string | number;

/** Where a path points; `exact` is false when the path is missing and the location is its nearest existing parent. */
export interface FieldLocation {
  range: Range;
  exact: boolean;
  /** The node found (the parent when not exact), or null. */
  node: YamlNode | null;
  /** The segments that matched, from the root. */
  matched: PathSegment[];
}

export interface K8sObject {
  file: string;
  /** 0-based index of the YAML document in the file. */
  documentIndex: number;
  /** For an item of a `kind: List`/`*List`, its index in `items`; else null. */
  listIndex: number | null;
  apiVersion: string;
  kind: string;
  name: string | null;
  namespace: string | null;
  /** The object as plain data (merge keys and aliases resolved). */
  value: Record<string, unknown>;
  /** The object's own mapping node. */
  node: YamlMap;
  /** Range of a field by path (`spec.template.spec.containers[0].image` or segments). */
  locate(path: string | PathSegment[], part?: 'value' | 'key' | 'pair'): FieldLocation;
}

export interface YamlIssue {
  code: string;
  message: string;
  range: Range;
  /** `error` for invalid YAML; `warning` for duplicate keys and the like. */
  severity: 'error' | 'warning';
}

export interface SkippedDocument {
  documentIndex: number;
  reason: string;
}

export interface K8sFile {
  file: string;
  source: SourceText;
  /** Number of YAML documents in the file (empty ones included). */
  documentCount: number;
  objects: K8sObject[];
  issues: YamlIssue[];
  /** Documents that are not Kubernetes objects, and why (for `--verbose`). */
  skipped: SkippedDocument[];
}

export type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

/** A pod spec inside a workload object. */
export interface PodSpecRef {
  object: K8sObject;
  /** Path of the pod spec, e.g. ['spec', 'template', 'spec']. */
  path: PathSegment[];
  spec: Record<string, unknown>;
  /** The pod template's metadata (annotations matter for seccomp/AppArmor), when there is one. */
  metadataPath: PathSegment[];
}

export interface ContainerRef {
  pod: PodSpecRef;
  kind: ContainerKind;
  index: number;
  name: string | null;
  /** Path of the container, e.g. ['spec', 'template', 'spec', 'containers', 0]. */
  path: PathSegment[];
  value: Record<string, unknown>;
}
