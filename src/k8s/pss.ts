/**
 * The Pod Security Standards as the PodSecurity admission controller enforces
 * them (kubernetes/pod-security-admission, policy/check_*.go): every control of
 * the baseline and restricted profiles, versioned by Kubernetes minor release.
 * Containers, init containers and ephemeral containers are all visited, and the
 * pod's and the container's securityContext combine as admission combines them.
 */
import { defineK8sRule, type K8sRule } from '../core/rule.js';
import type { Fix, RuleMeta, RuleSettings, TextEdit } from '../core/types.js';
import { addToSequence, setPath, type EditTarget, type EditValue } from './edit.js';
import type { ContainerRef, K8sObject, PathSegment, PodSpecRef } from './model.js';
import { asRecord } from './values.js';
import { containersOf, podSpecOf } from './workloads.js';

export type PssLevel = 'baseline' | 'restricted';
export type PssProfile = PssLevel | 'off';

/** The newest Kubernetes minor version we ship schemas and rules for (1.36). */
export const NEWEST_KUBERNETES_MINOR = 36;

/** The minor version of `settings.kubernetesVersion` (`1.30`, `v1.30`, `1.30.2`); the newest we know when unset or unreadable. */
export function kubernetesMinor(settings: Readonly<RuleSettings>): number {
  const match = /^v?1\.(\d+)/.exec(settings.kubernetesVersion?.trim() ?? '');
  return match ? Number(match[1]) : NEWEST_KUBERNETES_MINOR;
}

/** What one container looks like to the checks. */
export interface PssContainer {
  ref: ContainerRef;
  /** `container "web"` (or `init container "x"`, `ephemeral container "y"`). */
  label: string;
  path: PathSegment[];
  securityContext: Record<string, unknown> | undefined;
}

export interface PssPod {
  object: K8sObject;
  pod: PodSpecRef;
  spec: Record<string, unknown>;
  securityContext: Record<string, unknown> | undefined;
  annotations: Record<string, unknown>;
  containers: PssContainer[];
  /** `spec.hostUsers: false`: the pod runs in a user namespace. */
  userNamespace: boolean;
  windows: boolean;
}

export interface PssViolation {
  path: PathSegment[];
  part?: 'value' | 'key' | 'pair';
  message: string;
  fix?: (target: EditTarget) => Fix | null;
  suggestion?: (target: EditTarget) => Fix | null;
}

export interface PssEvaluation {
  pod: PssPod;
  version: number;
  profile: PssLevel;
}

export interface PssControl {
  /** The admission controller's check id (`privileged`, `seccompProfile_restricted`…). */
  id: string;
  /** The control's name in the published standard. */
  title: string;
  level: PssLevel;
  /** First Kubernetes minor version that enforces the control. */
  since: number;
  /** From 1.25 the controls that make no sense on Windows skip pods with `spec.os.name: windows`. */
  skipsWindows?: boolean;
  check(evaluation: PssEvaluation): PssViolation[];
}

const CONTAINER_LABELS = { containers: 'container', initContainers: 'init container', ephemeralContainers: 'ephemeral container' } as const;

/** Shared by the controls of every PSS rule (one evaluation per object, not one per control); not to be mutated. */
const pssPods = new WeakMap<K8sObject, PssPod | null>();

export function pssPodOf(object: K8sObject): PssPod | null {
  let pod = pssPods.get(object);
  if (pod === undefined) {
    pod = describePod(object);
    pssPods.set(object, pod);
  }
  return pod;
}

function describePod(object: K8sObject): PssPod | null {
  const pod = podSpecOf(object);
  if (!pod) return null;
  const metadata = asRecord(valueAt(object.value, pod.metadataPath));
  return {
    object,
    pod,
    spec: pod.spec,
    securityContext: asRecord(pod.spec.securityContext),
    annotations: asRecord(metadata?.annotations) ?? {},
    containers: containersOf(object).map((ref) => ({
      ref,
      label: `${CONTAINER_LABELS[ref.kind]} "${ref.name ?? `#${ref.index + 1}`}"`,
      path: ref.path,
      securityContext: asRecord(ref.value.securityContext),
    })),
    userNamespace: pod.spec.hostUsers === false,
    windows: asRecord(pod.spec.os)?.name === 'windows',
  };
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    const record = asRecord(current);
    if (!record) return undefined;
    current = record[segment as string];
  }
  return current;
}

/** The end of every message: which standard forbids it, under which control, and what it allows. */
function forbids(control: { title: string }, level: PssLevel, allowed: string): string {
  return `the ${level} Pod Security Standard forbids this (control "${control.title}"); allowed: ${allowed}.`;
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function edit(description: string, edits: (TextEdit | null)[]): Fix | null {
  return edits.every((e): e is TextEdit => e !== null) ? { description, edits } : null;
}

function quoteAll(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

// ─── Baseline ────────────────────────────────────────────────────────────────

const hostProcess: PssControl = {
  id: 'windowsHostProcess',
  title: 'HostProcess',
  level: 'baseline',
  since: 0,
  check({ pod }) {
    const out: PssViolation[] = [];
    if (asRecord(pod.securityContext?.windowsOptions)?.hostProcess === true) {
      out.push({
        path: [...pod.pod.path, 'securityContext', 'windowsOptions', 'hostProcess'],
        message: `The pod runs as a Windows HostProcess (hostProcess: true): ${forbids(hostProcess, hostProcess.level, 'false or unset')}`,
      });
    }
    for (const c of pod.containers) {
      if (asRecord(c.securityContext?.windowsOptions)?.hostProcess === true) {
        out.push({
          path: [...c.path, 'securityContext', 'windowsOptions', 'hostProcess'],
          message: `The ${c.label} runs as a Windows HostProcess (hostProcess: true): ${forbids(hostProcess, hostProcess.level, 'false or unset')}`,
        });
      }
    }
    return out;
  },
};

const hostNamespaces: PssControl = {
  id: 'hostNamespaces',
  title: 'Host Namespaces',
  level: 'baseline',
  since: 0,
  check({ pod }) {
    return (['hostNetwork', 'hostPID', 'hostIPC'] as const)
      .filter((field) => pod.spec[field] === true)
      .map((field) => ({
        path: [...pod.pod.path, field],
        message: `The pod shares the host's ${field.slice(4) === 'Network' ? 'network' : field.slice(4)} namespace (${field}: true): ${forbids(hostNamespaces, hostNamespaces.level, 'false or unset')}`,
      }));
  },
};

const privileged: PssControl = {
  id: 'privileged',
  title: 'Privileged Containers',
  level: 'baseline',
  since: 0,
  check({ pod }) {
    return pod.containers
      .filter((c) => c.securityContext?.privileged === true)
      .map((c) => ({
        path: [...c.path, 'securityContext', 'privileged'],
        message: `The ${c.label} is privileged (privileged: true): ${forbids(privileged, privileged.level, 'false or unset')}`,
      }));
  },
};

/** The capabilities container runtimes grant by default: adding one of them changes nothing. */
export const DEFAULT_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

function addedCapabilities(c: PssContainer): { value: unknown; index: number }[] {
  const add = asRecord(c.securityContext?.capabilities)?.add;
  return Array.isArray(add) ? add.map((value, index) => ({ value, index })) : [];
}

const capabilitiesBaseline: PssControl = {
  id: 'capabilities_baseline',
  title: 'Capabilities',
  level: 'baseline',
  since: 0,
  check({ pod }) {
    const out: PssViolation[] = [];
    for (const c of pod.containers) {
      for (const { value, index } of addedCapabilities(c)) {
        if (typeof value === 'string' && DEFAULT_CAPABILITIES.has(value)) continue;
        out.push({
          path: [...c.path, 'securityContext', 'capabilities', 'add', index],
          message: `The ${c.label} adds capability ${String(value)}: ${forbids(capabilitiesBaseline, capabilitiesBaseline.level, `only the runtime's default set (${[...DEFAULT_CAPABILITIES].join(', ')})`)}`,
        });
      }
    }
    return out;
  },
};

function volumesOf(pod: PssPod): { volume: Record<string, unknown>; index: number; name: string }[] {
  const volumes = pod.spec.volumes;
  if (!Array.isArray(volumes)) return [];
  return volumes.flatMap((v, index) => {
    const volume = asRecord(v);
    return volume ? [{ volume, index, name: typeof volume.name === 'string' ? volume.name : `#${index + 1}` }] : [];
  });
}

const hostPathVolumes: PssControl = {
  id: 'hostPathVolumes',
  title: 'HostPath Volumes',
  level: 'baseline',
  since: 0,
  check({ pod }) {
    return volumesOf(pod)
      .filter(({ volume }) => isSet(volume.hostPath))
      .map(({ index, name }) => ({
        path: [...pod.pod.path, 'volumes', index, 'hostPath'],
        part: 'key' as const,
        message: `Volume "${name}" mounts a host path: ${forbids(hostPathVolumes, hostPathVolumes.level, 'no hostPath volumes')}`,
      }));
  },
};

const hostPorts: PssControl = {
  id: 'hostPorts',
  title: 'Host Ports',
  level: 'baseline',
  since: 0,
  check({ pod }) {
    const out: PssViolation[] = [];
    for (const c of pod.containers) {
      const ports = c.ref.value.ports;
      if (!Array.isArray(ports)) continue;
      ports.forEach((port, index) => {
        const hostPort = asRecord(port)?.hostPort;
        if (!isSet(hostPort) || hostPort === 0) return;
        out.push({
          path: [...c.path, 'ports', index, 'hostPort'],
          message: `The ${c.label} binds host port ${String(hostPort)}: ${forbids(hostPorts, hostPorts.level, '0 or unset')}`,
        });
      });
    }
    return out;
  },
};

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

const appArmor: PssControl = {
  id: 'appArmorProfile',
  title: 'AppArmor',
  level: 'baseline',
  since: 0,
  check({ pod }) {
    const out: PssViolation[] = [];
    for (const [key, value] of Object.entries(pod.annotations)) {
      if (!key.startsWith(APPARMOR_ANNOTATION)) continue;
      if (value === undefined || value === null || value === '' || value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/'))) continue;
      out.push({
        path: [...pod.pod.metadataPath, 'annotations', key],
        message: `Annotation ${key} sets AppArmor profile "${String(value)}": ${forbids(appArmor, appArmor.level, '"runtime/default", "localhost/*" or unset')}`,
      });
    }
    const checkField = (sc: Record<string, unknown> | undefined, base: PathSegment[], who: string) => {
      const type = asRecord(sc?.appArmorProfile)?.type;
      if (!isSet(type) || type === 'RuntimeDefault' || type === 'Localhost') return;
      out.push({
        path: [...base, 'securityContext', 'appArmorProfile', 'type'],
        message: `${who} sets appArmorProfile.type ${String(type)}: ${forbids(appArmor, appArmor.level, 'RuntimeDefault, Localhost or unset')}`,
      });
    };
    checkField(pod.securityContext, pod.pod.path, 'The pod');
    for (const c of pod.containers) checkField(c.securityContext, c.path, `The ${c.label}`);
    return out;
  },
};

export function allowedSeLinuxTypes(version: number): string[] {
  const types = ['container_t', 'container_init_t', 'container_kvm_t'];
  return version >= 31 ? [...types, 'container_engine_t'] : types;
}

const seLinux: PssControl = {
  id: 'seLinuxOptions',
  title: 'SELinux',
  level: 'baseline',
  since: 0,
  check({ pod, version }) {
    const out: PssViolation[] = [];
    const types = allowedSeLinuxTypes(version);
    const checkOptions = (sc: Record<string, unknown> | undefined, base: PathSegment[], who: string) => {
      const options = asRecord(sc?.seLinuxOptions);
      if (!options) return;
      const path = [...base, 'securityContext', 'seLinuxOptions'];
      if (isSet(options.type) && options.type !== '' && !types.includes(options.type as string)) {
        out.push({ path: [...path, 'type'], message: `${who} sets SELinux type "${String(options.type)}": ${forbids(seLinux, seLinux.level, `${types.join(', ')} or unset`)}` });
      }
      for (const field of ['user', 'role'] as const) {
        if (isSet(options[field]) && options[field] !== '') {
          out.push({ path: [...path, field], message: `${who} sets a custom SELinux ${field} "${String(options[field])}": ${forbids(seLinux, seLinux.level, 'unset or ""')}` });
        }
      }
    };
    checkOptions(pod.securityContext, pod.pod.path, 'The pod');
    for (const c of pod.containers) checkOptions(c.securityContext, c.path, `The ${c.label}`);
    return out;
  },
};

const procMount: PssControl = {
  id: 'procMount',
  title: '/proc Mount Type',
  level: 'baseline',
  since: 0,
  check({ pod, profile, version }) {
    // From 1.35 baseline lets a pod in a user namespace choose; restricted never does.
    if (version >= 35 && profile === 'baseline' && pod.userNamespace) return [];
    const allowed = version >= 35 && profile === 'baseline' ? 'Default or unset (any value when the pod sets hostUsers: false)' : 'Default or unset';
    return pod.containers
      .filter((c) => isSet(c.securityContext?.procMount) && c.securityContext?.procMount !== 'Default')
      .map((c) => ({
        path: [...c.path, 'securityContext', 'procMount'],
        message: `The ${c.label} sets procMount: ${String(c.securityContext?.procMount)}, unmasking /proc: ${forbids(procMount, profile, allowed)}`,
      }));
  },
};

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

function seccompType(sc: Record<string, unknown> | undefined): unknown {
  return asRecord(sc?.seccompProfile)?.type;
}

const seccompBaseline: PssControl = {
  id: 'seccompProfile_baseline',
  title: 'Seccomp',
  level: 'baseline',
  since: 0,
  check({ pod, version }) {
    const out: PssViolation[] = [];
    if (version < 19) {
      // Before 1.19 seccomp was configured by annotations only.
      for (const [key, value] of Object.entries(pod.annotations)) {
        if (key !== SECCOMP_POD_ANNOTATION && !key.startsWith(SECCOMP_CONTAINER_ANNOTATION)) continue;
        if (value === 'runtime/default' || value === 'docker/default' || (typeof value === 'string' && value.startsWith('localhost/'))) continue;
        out.push({
          path: [...pod.pod.metadataPath, 'annotations', key],
          message: `Annotation ${key} sets seccomp profile "${String(value)}": ${forbids(seccompBaseline, seccompBaseline.level, '"runtime/default", "docker/default", "localhost/*" or unset')}`,
        });
      }
      return out;
    }
    const checkField = (sc: Record<string, unknown> | undefined, base: PathSegment[], who: string) => {
      if (seccompType(sc) !== 'Unconfined') return;
      out.push({
        path: [...base, 'securityContext', 'seccompProfile', 'type'],
        message: `${who} runs without seccomp (seccompProfile.type: Unconfined): ${forbids(seccompBaseline, seccompBaseline.level, 'RuntimeDefault, Localhost or unset')}`,
        suggestion: (target) => edit('Use the runtime\'s default seccomp profile', [setPath(target, pod.object, [...base, 'securityContext', 'seccompProfile', 'type'], 'RuntimeDefault')]),
      });
    };
    checkField(pod.securityContext, pod.pod.path, 'The pod');
    for (const c of pod.containers) checkField(c.securityContext, c.path, `The ${c.label}`);
    return out;
  },
};

/** The sysctls the baseline profile allows, as the list grew per Kubernetes minor version. */
export function allowedSysctls(version: number): string[] {
  const allowed = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
  if (version >= 27) allowed.push('net.ipv4.ip_local_reserved_ports');
  if (version >= 29) allowed.push('net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes');
  if (version >= 32) allowed.push('net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem');
  if (version >= 37) allowed.push('net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat');
  return allowed;
}

const sysctls: PssControl = {
  id: 'sysctls',
  title: 'Sysctls',
  level: 'baseline',
  since: 0,
  check({ pod, version }) {
    const list = pod.securityContext?.sysctls;
    if (!Array.isArray(list)) return [];
    const allowed = allowedSysctls(version);
    return list.flatMap((entry, index) => {
      const name = asRecord(entry)?.name;
      if (typeof name === 'string' && allowed.includes(name)) return [];
      return [{
        path: [...pod.pod.path, 'securityContext', 'sysctls', index, 'name'],
        message: `The pod sets sysctl ${String(name)}, which is not namespaced safely in Kubernetes 1.${version}: ${forbids(sysctls, sysctls.level, allowed.join(', '))}`,
      }];
    });
  },
};

const HANDLERS = [
  ['livenessProbe'], ['readinessProbe'], ['startupProbe'], ['lifecycle', 'postStart'], ['lifecycle', 'preStop'],
] as const;

const probeHost: PssControl = {
  id: 'hostProbesAndHostLifecycle',
  title: 'Probes and lifecycle hooks host',
  level: 'baseline',
  since: 34,
  check({ pod }) {
    const out: PssViolation[] = [];
    for (const c of pod.containers) {
      for (const handlerPath of HANDLERS) {
        const handler = asRecord(valueAt(c.ref.value, handlerPath));
        for (const action of ['httpGet', 'tcpSocket'] as const) {
          const host = asRecord(handler?.[action])?.host;
          if (!isSet(host) || host === '') continue;
          out.push({
            path: [...c.path, ...handlerPath, action, 'host'],
            message: `The ${c.label}'s ${handlerPath.join('.')} connects to host "${String(host)}" instead of the pod: ${forbids(probeHost, probeHost.level, 'unset or ""')}`,
          });
        }
      }
    }
    return out;
  },
};

// ─── Restricted ──────────────────────────────────────────────────────────────

/** Volume sources the restricted profile forbids: everything but configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret. */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc',
  'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'portworxVolume', 'photonPersistentDisk', 'scaleIO', 'storageos',
];

const volumeTypes: PssControl = {
  id: 'restrictedVolumes',
  title: 'Volume Types',
  level: 'restricted',
  since: 0,
  check({ pod }) {
    const out: PssViolation[] = [];
    for (const { volume, index, name } of volumesOf(pod)) {
      for (const type of RESTRICTED_VOLUME_TYPES) {
        if (!isSet(volume[type])) continue;
        out.push({
          path: [...pod.pod.path, 'volumes', index, type],
          part: 'key',
          message: `Volume "${name}" is of type ${type}: ${forbids(volumeTypes, volumeTypes.level, 'configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret')}`,
        });
      }
    }
    return out;
  },
};

/** Where to point when a container lacks a field: its securityContext key, or its name. */
function missingAt(c: PssContainer): { path: PathSegment[]; part: 'key' | 'pair' } {
  if (c.securityContext) return { path: [...c.path, 'securityContext'], part: 'key' };
  return { path: [...c.path, c.ref.value.name !== undefined ? 'name' : 'image'], part: 'pair' };
}

const allowPrivilegeEscalation: PssControl = {
  id: 'allowPrivilegeEscalation',
  title: 'Privilege Escalation',
  level: 'restricted',
  since: 8,
  skipsWindows: true,
  check({ pod }) {
    const out: PssViolation[] = [];
    for (const c of pod.containers) {
      const value = c.securityContext?.allowPrivilegeEscalation;
      if (value === false) continue;
      const path = [...c.path, 'securityContext', 'allowPrivilegeEscalation'];
      if (isSet(value)) {
        out.push({
          path,
          message: `The ${c.label} allows privilege escalation (allowPrivilegeEscalation: ${String(value)}): ${forbids(allowPrivilegeEscalation, allowPrivilegeEscalation.level, 'false')}`,
          suggestion: (target) => edit('Set allowPrivilegeEscalation: false', [setPath(target, pod.object, path, false)]),
        });
        continue;
      }
      // The API rejects allowPrivilegeEscalation: false next to privileged or CAP_SYS_ADMIN, so no fix there.
      const cannotFix = c.securityContext?.privileged === true || addedCapabilities(c).some(({ value: cap }) => cap === 'SYS_ADMIN' || cap === 'CAP_SYS_ADMIN');
      out.push({
        ...missingAt(c),
        message: `The ${c.label} does not set allowPrivilegeEscalation: false: ${forbids(allowPrivilegeEscalation, allowPrivilegeEscalation.level, 'false (unset allows escalation)')}`,
        fix: cannotFix ? undefined : (target) => edit('Set allowPrivilegeEscalation: false', [setPath(target, pod.object, path, false)]),
      });
    }
    return out;
  },
};

/**
 * A field the restricted profile requires on every container, which a
 * container may inherit from the pod (runAsNonRoot, seccompProfile.type).
 * When neither the pod nor any container sets it, one finding at the pod
 * (fixed at the pod level); otherwise one per container that lacks it.
 */
function inheritedRequirement(
  pod: PssPod,
  field: PathSegment[],
  isGood: (value: unknown) => boolean,
  messages: { pod: string; container: (c: PssContainer) => string },
  value: EditValue,
  description: string,
): PssViolation[] {
  const podValue = valueAt(pod.securityContext, field);
  if (isSet(podValue) && isGood(podValue)) return [];
  const lacking = pod.containers.filter((c) => !isSet(valueAt(c.securityContext, field)));
  if (lacking.length === 0) return [];
  if (!isSet(podValue) && lacking.length === pod.containers.length) {
    const at = pod.securityContext ? { path: [...pod.pod.path, 'securityContext'], part: 'key' as const } : { path: [...pod.pod.path, 'containers'], part: 'key' as const };
    return [{ ...at, message: messages.pod, fix: (target) => edit(description, [setPath(target, pod.object, [...pod.pod.path, 'securityContext', ...field], value)]) }];
  }
  return lacking.map((c) => {
    const change = (target: EditTarget) => edit(description, [setPath(target, pod.object, [...c.path, 'securityContext', ...field], value)]);
    // Over a pod-level value the container inherits today, the change is a change of behaviour: only suggested.
    return { ...missingAt(c), message: messages.container(c), ...(isSet(podValue) ? { suggestion: change } : { fix: change }) };
  });
}

const runAsNonRoot: PssControl = {
  id: 'runAsNonRoot',
  title: 'Running as Non-root',
  level: 'restricted',
  since: 0,
  check({ pod }) {
    // A pod in a user namespace is root only inside it (KEP-127).
    if (pod.userNamespace) return [];
    const out: PssViolation[] = [];
    const allowed = 'true (containers may inherit it from the pod)';
    if (pod.securityContext?.runAsNonRoot === false) {
      const path = [...pod.pod.path, 'securityContext', 'runAsNonRoot'];
      out.push({
        path,
        message: `The pod sets runAsNonRoot: false: ${forbids(runAsNonRoot, runAsNonRoot.level, allowed)}`,
        suggestion: (target) => edit('Set runAsNonRoot: true', [setPath(target, pod.object, path, true)]),
      });
    }
    for (const c of pod.containers) {
      if (c.securityContext?.runAsNonRoot !== false) continue;
      const path = [...c.path, 'securityContext', 'runAsNonRoot'];
      out.push({
        path,
        message: `The ${c.label} sets runAsNonRoot: false: ${forbids(runAsNonRoot, runAsNonRoot.level, allowed)}`,
        suggestion: (target) => edit('Set runAsNonRoot: true', [setPath(target, pod.object, path, true)]),
      });
    }
    out.push(
      ...inheritedRequirement(
        pod,
        ['runAsNonRoot'],
        (v) => v === true,
        {
          pod: `Neither the pod nor its containers set runAsNonRoot: true: ${forbids(runAsNonRoot, runAsNonRoot.level, allowed)}`,
          container: (c) => `The ${c.label} does not set runAsNonRoot: true and does not inherit it from the pod: ${forbids(runAsNonRoot, runAsNonRoot.level, allowed)}`,
        },
        true,
        'Set runAsNonRoot: true',
      ).map((violation) => (runsAsUid0(pod) && violation.fix ? { ...violation, fix: undefined, suggestion: violation.fix } : violation)),
    );
    return out;
  },
};

/** A container told to run as uid 0 (itself or through the pod): under runAsNonRoot: true the kubelet refuses to start it, so setting that is no safe fix. */
function runsAsUid0(pod: PssPod): boolean {
  return pod.containers.some((c) => (c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser) === 0);
}

const runAsUser: PssControl = {
  id: 'runAsUser',
  title: 'Running as Non-root user',
  level: 'restricted',
  since: 23,
  check({ pod }) {
    if (pod.userNamespace) return [];
    const out: PssViolation[] = [];
    if (pod.securityContext?.runAsUser === 0) {
      out.push({ path: [...pod.pod.path, 'securityContext', 'runAsUser'], message: `The pod runs as root (runAsUser: 0): ${forbids(runAsUser, runAsUser.level, 'a non-zero user id or unset')}` });
    }
    for (const c of pod.containers) {
      if (c.securityContext?.runAsUser !== 0) continue;
      out.push({ path: [...c.path, 'securityContext', 'runAsUser'], message: `The ${c.label} runs as root (runAsUser: 0): ${forbids(runAsUser, runAsUser.level, 'a non-zero user id or unset')}` });
    }
    return out;
  },
};

const seccompRestricted: PssControl = {
  id: 'seccompProfile_restricted',
  title: 'Seccomp',
  level: 'restricted',
  since: 19,
  skipsWindows: true,
  check({ pod }) {
    const good = (type: unknown) => type === 'RuntimeDefault' || type === 'Localhost';
    const allowed = 'RuntimeDefault or Localhost, on the pod or on every container';
    const out: PssViolation[] = [];
    const checkSet = (sc: Record<string, unknown> | undefined, base: PathSegment[], who: string) => {
      const type = seccompType(sc);
      if (!isSet(type) || good(type)) return;
      const path = [...base, 'securityContext', 'seccompProfile', 'type'];
      out.push({
        path,
        message: `${who} sets seccompProfile.type ${String(type)}: ${forbids(seccompRestricted, seccompRestricted.level, allowed)}`,
        suggestion: (target) => edit('Use the runtime\'s default seccomp profile', [setPath(target, pod.object, path, 'RuntimeDefault')]),
      });
    };
    checkSet(pod.securityContext, pod.pod.path, 'The pod');
    for (const c of pod.containers) checkSet(c.securityContext, c.path, `The ${c.label}`);
    out.push(
      ...inheritedRequirement(
        pod,
        ['seccompProfile', 'type'],
        good,
        {
          pod: `Neither the pod nor its containers set a seccomp profile: ${forbids(seccompRestricted, seccompRestricted.level, allowed)}`,
          container: (c) => `The ${c.label} has no seccomp profile and inherits none from the pod: ${forbids(seccompRestricted, seccompRestricted.level, allowed)}`,
        },
        'RuntimeDefault',
        'Use the runtime\'s default seccomp profile (seccompProfile.type: RuntimeDefault)',
      ),
    );
    return out;
  },
};

const capabilitiesRestricted: PssControl = {
  id: 'capabilities_restricted',
  title: 'Capabilities',
  level: 'restricted',
  since: 22,
  skipsWindows: true,
  check({ pod }) {
    const out: PssViolation[] = [];
    for (const c of pod.containers) {
      const capabilities = asRecord(c.securityContext?.capabilities);
      const drop = capabilities?.drop;
      const dropPath = [...c.path, 'securityContext', 'capabilities', 'drop'];
      if (!(Array.isArray(drop) && drop.includes('ALL'))) {
        const at = Array.isArray(drop) ? { path: dropPath, part: 'key' as const } : capabilities ? { path: [...c.path, 'securityContext', 'capabilities'], part: 'key' as const } : missingAt(c);
        out.push({
          ...at,
          message: `The ${c.label} does not drop ALL capabilities: ${forbids(capabilitiesRestricted, capabilitiesRestricted.level, 'drop must include ALL; add may only hold NET_BIND_SERVICE')}`,
          fix: (target) =>
            edit('Drop all capabilities (capabilities.drop: [ALL])', [addToSequence(target, pod.object, dropPath, 'ALL')]),
        });
      }
      for (const { value, index } of addedCapabilities(c)) {
        if (value === 'NET_BIND_SERVICE') continue;
        out.push({
          path: [...c.path, 'securityContext', 'capabilities', 'add', index],
          message: `The ${c.label} adds capability ${String(value)}: ${forbids(capabilitiesRestricted, capabilitiesRestricted.level, 'only NET_BIND_SERVICE may be added')}`,
        });
      }
    }
    return out;
  },
};

export const PSS_CONTROLS = {
  hostProcess,
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  appArmor,
  seLinux,
  procMount,
  seccompBaseline,
  sysctls,
  probeHost,
  volumeTypes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompRestricted,
  capabilitiesRestricted,
} as const;

/** Whether a control applies to a pod under a profile and version. */
export function controlApplies(control: PssControl, pod: PssPod, profile: PssProfile, version: number): profile is PssLevel {
  if (profile === 'off') return false;
  if (control.level === 'restricted' && profile === 'baseline') return false;
  if (version < control.since) return false;
  if (control.skipsWindows && version >= 25 && pod.windows) return false;
  return true;
}

/** Every violation of one control in one object (empty when the object has no pod spec). */
export function evaluateControl(control: PssControl, object: K8sObject, profile: PssProfile, version: number): PssViolation[] {
  const pod = pssPodOf(object);
  if (!pod || !controlApplies(control, pod, profile, version)) return [];
  return control.check({ pod, profile, version });
}

export interface PssRuleOptions {
  /** The profile to enforce: `restricted` (default), `baseline` (restricted-only controls are quiet) or `off`. */
  profile: PssProfile;
}

/** A rule for one control: the metadata is the rule's, the logic the control's. */
export function definePssRule(control: PssControl, meta: Omit<RuleMeta<PssRuleOptions>, 'defaultOptions' | 'category'>): K8sRule<PssRuleOptions> {
  return defineK8sRule<PssRuleOptions>({
    meta: { ...meta, category: 'security', defaultOptions: { profile: 'restricted' } },
    check(context) {
      const version = kubernetesMinor(context.settings);
      const target = { text: context.source.text, eol: context.eol };
      for (const object of context.k8s.objects) {
        for (const violation of evaluateControl(control, object, context.options.profile, version)) {
          const fix = violation.fix?.(target) ?? undefined;
          const suggestion = violation.suggestion?.(target);
          context.reportAt(object, violation.path, {
            message: violation.message,
            part: violation.part,
            fix,
            suggestions: suggestion ? [suggestion] : undefined,
          });
        }
      }
    },
  });
}
