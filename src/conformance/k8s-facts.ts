/**
 * What a running container really got: uid, read-only root, capabilities,
 * no-new-privileges, seccomp and cgroup limits, read from inside it with
 * nothing but a POSIX shell (busybox images have no grep).
 */
import type { ContainerEngine } from './engine.js';

export interface ContainerFacts {
  uid: number | null;
  gid: number | null;
  rootWritable: boolean | null;
  /** CapEff of PID 1 as a bigint. */
  capEff: bigint | null;
  noNewPrivs: boolean | null;
  /** 0 disabled, 1 strict, 2 filter. */
  seccomp: number | null;
  /** Bytes, or null when unlimited / unreadable. */
  memoryLimit: number | null;
  /** CPU limit in cores (quota / period), or null when unlimited. */
  cpuLimit: number | null;
  serviceAccountToken: boolean | null;
}

/** The effective security settings and limits a container spec asks for (container over pod level). */
export interface ContainerExpectation {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  privileged?: boolean;
  dropCapabilities: string[];
  addCapabilities: string[];
  seccompProfile?: string;
  automountServiceAccountToken?: boolean;
  memoryLimit?: number;
  cpuLimit?: number;
}

export interface ManifestContainer {
  /** The workload's name in the manifest (not the renamed pod). */
  workload: string;
  container: string;
  image: string;
  /** The image config's USER (for the runAsNonRoot check podman does not make). */
  imageUser: string;
  expected: ContainerExpectation;
  before: ContainerFacts | null;
  after: ContainerFacts | null;
}

const PROBE_SCRIPT = [
  'echo "uid $(id -u)"; echo "gid $(id -g)"',
  'if touch /.drydock-probe 2>/dev/null; then rm -f /.drydock-probe; echo "rootfs writable"; else echo "rootfs readonly"; fi',
  'while read -r key value rest; do case "$key" in CapEff:|NoNewPrivs:|Seccomp:) echo "$key $value";; esac; done < /proc/1/status',
  'for f in /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max; do if [ -r "$f" ]; then echo "mem $(cat "$f")"; break; fi; done',
  'if [ -r /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then echo "cpu $(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)"; elif [ -r /sys/fs/cgroup/cpu.max ]; then echo "cpu $(cat /sys/fs/cgroup/cpu.max)"; fi',
  'if [ -e /var/run/secrets/kubernetes.io/serviceaccount/token ]; then echo "satoken yes"; else echo "satoken no"; fi',
].join('\n');

/** Attempts at probing a running container: on a loaded machine an exec into it can fail once (seen in CI). */
const PROBE_ATTEMPTS = 3;

export async function probeContainer(engine: ContainerEngine, container: string): Promise<ContainerFacts | null> {
  for (let attempt = 1; attempt <= PROBE_ATTEMPTS; attempt++) {
    const result = await engine.exec(container, ['sh', '-c', PROBE_SCRIPT], 30_000);
    if (result.code === 0) {
      const facts = parseFacts(result.stdout);
      if (facts.uid !== null) return facts;
    }
    if (attempt < PROBE_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return null;
}

export function parseFacts(output: string): ContainerFacts {
  const values = new Map<string, string>();
  for (const line of output.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) values.set(line.slice(0, space).replace(/:$/, ''), line.slice(space + 1).trim());
  }
  const int = (key: string) => (values.has(key) && /^-?\d+$/.test(values.get(key)!) ? Number(values.get(key)) : null);
  const mem = values.get('mem');
  const memoryLimit = mem && /^\d+$/.test(mem) && Number(mem) < 2 ** 62 ? Number(mem) : null;
  const [quota, period] = (values.get('cpu') ?? '').split(' ');
  const cpuLimit = quota && /^\d+$/.test(quota) && Number(period) > 0 ? Number(quota) / Number(period) : null;
  return {
    uid: int('uid'),
    gid: int('gid'),
    rootWritable: values.has('rootfs') ? values.get('rootfs') === 'writable' : null,
    capEff: values.has('CapEff') ? BigInt(`0x${values.get('CapEff')}`) : null,
    noNewPrivs: values.has('NoNewPrivs') ? values.get('NoNewPrivs') === '1' : null,
    seccomp: int('Seccomp'),
    memoryLimit,
    cpuLimit,
    serviceAccountToken: values.has('satoken') ? values.get('satoken') === 'yes' : null,
  };
}

/** Kubernetes quantities: `128Mi`, `1G`, `500m` (CPU), plain numbers. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = /^([\d.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(value.trim());
  if (!match) return undefined;
  const scale: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  return Number(match[1]) * scale[match[2] ?? ''];
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a container spec asks for, with pod-level settings where the container sets none. */
export function expectationOf(podSpec: Json, container: Json): ContainerExpectation {
  const pod = (podSpec.securityContext ?? {}) as Json;
  const own = (container.securityContext ?? {}) as Json;
  const pick = <T>(key: string): T | undefined => (own[key] ?? pod[key]) as T | undefined;
  const limits = (container.resources?.limits ?? {}) as Json;
  return {
    runAsUser: pick<number>('runAsUser'),
    runAsGroup: pick<number>('runAsGroup'),
    runAsNonRoot: pick<boolean>('runAsNonRoot'),
    readOnlyRootFilesystem: own.readOnlyRootFilesystem as boolean | undefined,
    allowPrivilegeEscalation: own.allowPrivilegeEscalation as boolean | undefined,
    privileged: own.privileged as boolean | undefined,
    dropCapabilities: ((own.capabilities?.drop as string[] | undefined) ?? []).map((c) => String(c).toUpperCase()),
    addCapabilities: ((own.capabilities?.add as string[] | undefined) ?? []).map((c) => String(c).toUpperCase()),
    seccompProfile: (own.seccompProfile?.type ?? pod.seccompProfile?.type) as string | undefined,
    automountServiceAccountToken: podSpec.automountServiceAccountToken as boolean | undefined,
    memoryLimit: parseQuantity(limits.memory),
    cpuLimit: parseQuantity(limits.cpu),
  };
}

/** Whether a USER value from an image config means root (empty, `root`, `0`, `0:…`, `root:…`). */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0].trim();
  return name === '' || name === 'root' || name === '0';
}

/**
 * The kubelet's runAsNonRoot admission check (kuberuntime `verifyRunAsNonRoot`),
 * from the effective security context and the image config's USER: the error
 * it would refuse the container with (CreateContainerConfigError), or null when
 * it would start it. The CRI reports a USER whose user part is numeric as a uid,
 * any other as a user name the kubelet cannot check; no USER means root.
 */
export function kubeletRunAsNonRootError(expected: Pick<ContainerExpectation, 'runAsNonRoot' | 'runAsUser'>, imageUser: string): string | null {
  if (expected.runAsNonRoot !== true) return null;
  if (expected.runAsUser !== undefined) return expected.runAsUser === 0 ? "container's runAsUser breaks non-root policy" : null;
  const user = imageUser.split(':')[0].trim();
  if (user === '' || (/^\d+$/.test(user) && Number(user) === 0)) return 'container has runAsNonRoot and image will run as root';
  if (!/^\d+$/.test(user)) return `container has runAsNonRoot and image has non-numeric user (${user}), cannot verify user is non-root`;
  return null;
}
