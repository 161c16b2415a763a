/**
 * The Pod Security Standards controls against manifests written for them:
 * for each control a passing and a failing pod, and the Kubernetes versions
 * where the control changed (kubernetes/pod-security-admission policy/check_*.go).
 */
import { describe, expect, it } from 'vitest';
import { kubernetesMinor } from '../src/k8s/pss.js';
import { configWith, fixSnippet, linter } from './support/lint.js';

interface Run {
  version?: string;
  profile?: 'baseline' | 'restricted' | 'off';
}

async function lint(code: string, rule: string, run: Run = {}) {
  const config = { ...configWith([rule], run.profile ? { [rule]: { profile: run.profile } } : {}), settings: run.version ? { kubernetesVersion: run.version } : {} };
  const result = await linter.lint({ file: 'pod.yaml', text: code, language: 'k8s', config });
  expect(result.internalErrors).toEqual([]);
  return result.findings.filter((f) => f.ruleId === rule);
}

/** `line:col message` of each finding. */
async function at(code: string, rule: string, run: Run = {}): Promise<string[]> {
  return (await lint(code, rule, run)).map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`);
}

async function count(code: string, rule: string, run: Run = {}): Promise<number> {
  return (await lint(code, rule, run)).length;
}

/** A Pod whose spec is `spec` (written at column 0), with optional annotations. */
function pod(spec: string, annotations = ''): string {
  const meta = annotations ? `  annotations:\n${annotations.replace(/^(?=.)/gm, '    ')}` : '';
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n${meta}spec:\n${spec.replace(/^(?=.)/gm, '  ')}`;
}

const container = (securityContext = '', extra = '') =>
  `- name: app\n  image: app:1\n${extra}${securityContext ? `  securityContext:\n${securityContext.replace(/^(?=.)/gm, '    ')}` : ''}`;

describe('kubernetesMinor', () => {
  it('reads 1.x, v1.x and patch versions, and defaults to the newest', () => {
    expect(kubernetesMinor({ kubernetesVersion: '1.27' })).toBe(27);
    expect(kubernetesMinor({ kubernetesVersion: 'v1.30.2' })).toBe(30);
    expect(kubernetesMinor({})).toBe(36);
  });
});

describe('profiles', () => {
  const bare = pod(`containers:\n${container()}`);
  it('restricted (the default) checks restricted controls; baseline and off silence them', async () => {
    expect(await count(bare, 'k8s/pss-allow-privilege-escalation')).toBe(1);
    expect(await count(bare, 'k8s/pss-allow-privilege-escalation', { profile: 'baseline' })).toBe(0);
    const privileged = pod(`containers:\n${container('privileged: true\n')}`);
    expect(await count(privileged, 'k8s/pss-privileged', { profile: 'baseline' })).toBe(1);
    expect(await count(privileged, 'k8s/pss-privileged', { profile: 'off' })).toBe(0);
  });
});

describe('baseline controls', () => {
  it('HostProcess: on the pod and on each container', async () => {
    const fail = pod(`securityContext:\n  windowsOptions: {hostProcess: true}\ncontainers:\n${container('windowsOptions:\n  hostProcess: true\n')}`);
    expect(await at(fail, 'k8s/pss-host-process')).toEqual([
      expect.stringMatching(/^7:35 The pod runs as a Windows HostProcess .*baseline Pod Security Standard.*"HostProcess".*allowed: false or unset\.$/),
      expect.stringMatching(/^13:22 The container "app" runs as a Windows HostProcess/),
    ]);
    expect(await count(pod(`securityContext:\n  windowsOptions: {hostProcess: false}\ncontainers:\n${container()}`), 'k8s/pss-host-process')).toBe(0);
  });

  it('Host namespaces: each of hostNetwork, hostPID, hostIPC', async () => {
    expect(await count(pod(`hostNetwork: true\nhostPID: true\nhostIPC: true\ncontainers:\n${container()}`), 'k8s/pss-host-namespaces')).toBe(3);
    expect(await count(pod(`hostNetwork: false\nhostPID: false\ncontainers:\n${container()}`), 'k8s/pss-host-namespaces')).toBe(0);
  });

  it('Privileged: containers, init containers and ephemeral containers', async () => {
    const code = pod(`initContainers:\n${container('privileged: true\n')}containers:\n${container('privileged: false\n')}ephemeralContainers:\n${container('privileged: true\n')}`);
    const found = await at(code, 'k8s/pss-privileged');
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('init container "app"');
    expect(found[1]).toContain('ephemeral container "app"');
  });

  it('Capabilities (baseline): only the default set may be added, compared exactly', async () => {
    const code = pod(`containers:\n${container('capabilities:\n  add: [CHOWN, NET_BIND_SERVICE, NET_RAW, SYS_ADMIN, chown]\n')}`);
    const found = await at(code, 'k8s/pss-capabilities-baseline');
    expect(found.map((f) => f.split(' ').slice(0, 1)[0])).toEqual(['11:40', '11:49', '11:60']);
    expect(found[0]).toContain('adds capability NET_RAW');
    expect(await count(pod(`containers:\n${container('capabilities:\n  add: [AUDIT_WRITE, KILL, SETUID]\n')}`), 'k8s/pss-capabilities-baseline')).toBe(0);
  });

  it('HostPath volumes: any hostPath volume', async () => {
    expect(await at(pod(`containers:\n${container()}volumes:\n  - name: h\n    hostPath: {path: /tmp}\n`), 'k8s/pss-host-path-volumes')).toEqual([
      expect.stringMatching(/^11:7 Volume "h" mounts a host path/),
    ]);
    expect(await count(pod(`containers:\n${container()}volumes:\n  - name: e\n    emptyDir: {}\n`), 'k8s/pss-host-path-volumes')).toBe(0);
  });

  it('Host ports: anything but 0 or unset', async () => {
    expect(await count(pod(`containers:\n${container('', '  ports:\n    - {containerPort: 80, hostPort: 8080}\n    - {containerPort: 81, hostPort: 0}\n')}`), 'k8s/pss-host-ports')).toBe(1);
  });

  it('AppArmor: annotations and fields, runtime default and localhost allowed', async () => {
    const annotations = 'container.apparmor.security.beta.kubernetes.io/app: unconfined\ncontainer.apparmor.security.beta.kubernetes.io/b: runtime/default\ncontainer.apparmor.security.beta.kubernetes.io/c: localhost/prof\n';
    expect(await count(pod(`containers:\n${container()}`, annotations), 'k8s/pss-apparmor')).toBe(1);
    expect(await count(pod(`securityContext:\n  appArmorProfile: {type: Unconfined}\ncontainers:\n${container('appArmorProfile: {type: Localhost, localhostProfile: p}\n')}`), 'k8s/pss-apparmor')).toBe(1);
    expect(await count(pod(`containers:\n${container('appArmorProfile: {type: RuntimeDefault}\n')}`), 'k8s/pss-apparmor')).toBe(0);
  });

  it('SELinux: container_engine_t allowed from 1.31; custom user or role never', async () => {
    const engine = pod(`securityContext:\n  seLinuxOptions: {type: container_engine_t, level: "s0:c1,c2"}\ncontainers:\n${container()}`);
    expect(await count(engine, 'k8s/pss-selinux', { version: '1.30' })).toBe(1);
    expect(await count(engine, 'k8s/pss-selinux', { version: '1.31' })).toBe(0);
    expect(await count(pod(`containers:\n${container('seLinuxOptions: {user: system_u, role: system_r, type: container_t}\n')}`), 'k8s/pss-selinux')).toBe(2);
    expect(await count(pod(`containers:\n${container('seLinuxOptions: {type: spc_t}\n')}`), 'k8s/pss-selinux')).toBe(1);
  });

  it('/proc mount: the hostUsers: false relaxation applies to baseline from 1.35, never to restricted', async () => {
    const unmasked = (hostUsers: string) => pod(`${hostUsers}containers:\n${container('procMount: Unmasked\n')}`);
    expect(await count(unmasked(''), 'k8s/pss-proc-mount', { profile: 'baseline' })).toBe(1);
    expect(await count(unmasked('hostUsers: false\n'), 'k8s/pss-proc-mount', { profile: 'baseline', version: '1.35' })).toBe(0);
    expect(await count(unmasked('hostUsers: false\n'), 'k8s/pss-proc-mount', { profile: 'baseline', version: '1.34' })).toBe(1);
    expect(await count(unmasked('hostUsers: false\n'), 'k8s/pss-proc-mount', { profile: 'restricted', version: '1.36' })).toBe(1);
    expect(await count(pod(`containers:\n${container('procMount: Default\n')}`), 'k8s/pss-proc-mount')).toBe(0);
  });

  it('Seccomp (baseline): annotations before 1.19, fields from 1.19', async () => {
    const field = pod(`securityContext:\n  seccompProfile: {type: Unconfined}\ncontainers:\n${container()}`);
    expect(await count(field, 'k8s/pss-seccomp-baseline', { version: '1.19' })).toBe(1);
    expect(await count(field, 'k8s/pss-seccomp-baseline', { version: '1.18' })).toBe(0);
    const annotated = pod(`containers:\n${container()}`, 'seccomp.security.alpha.kubernetes.io/pod: unconfined\ncontainer.seccomp.security.alpha.kubernetes.io/app: docker/default\n');
    expect(await at(annotated, 'k8s/pss-seccomp-baseline', { version: '1.18' })).toEqual([expect.stringMatching(/^6:47 Annotation seccomp.security.alpha.kubernetes.io\/pod sets seccomp profile "unconfined"/)]);
    expect(await count(annotated, 'k8s/pss-seccomp-baseline', { version: '1.19' })).toBe(0);
  });

  it('Sysctls: the allow-list grows in 1.27, 1.29, 1.32 and 1.37', async () => {
    const sysctl = (name: string) => pod(`securityContext:\n  sysctls:\n    - {name: ${name}, value: "1"}\ncontainers:\n${container()}`);
    const boundaries: [string, string][] = [
      ['net.ipv4.ip_local_reserved_ports', '27'],
      ['net.ipv4.tcp_keepalive_time', '29'],
      ['net.ipv4.tcp_rmem', '32'],
      ['net.ipv4.tcp_notsent_lowat', '37'],
    ];
    for (const [name, minor] of boundaries) {
      expect(await count(sysctl(name), 'k8s/pss-sysctls', { version: `1.${Number(minor) - 1}` }), name).toBe(1);
      expect(await count(sysctl(name), 'k8s/pss-sysctls', { version: `1.${minor}` }), name).toBe(0);
    }
    expect(await count(sysctl('kernel.shm_rmid_forced'), 'k8s/pss-sysctls', { version: '1.20' })).toBe(0);
    expect(await at(sysctl('kernel.msgmax'), 'k8s/pss-sysctls')).toEqual([expect.stringMatching(/^8:16 The pod sets sysctl kernel.msgmax/)]);
  });

  it('Probe and lifecycle host: from 1.34, an empty host is allowed', async () => {
    const probes = container('', '  livenessProbe:\n    httpGet: {host: 10.0.0.1, port: 80}\n  readinessProbe:\n    tcpSocket: {host: "", port: 80}\n  lifecycle:\n    preStop:\n      httpGet: {host: example.com, port: 80}\n');
    const code = pod(`containers:\n${probes}`);
    expect(await count(code, 'k8s/pss-probe-host', { version: '1.34' })).toBe(2);
    expect(await count(code, 'k8s/pss-probe-host', { version: '1.33' })).toBe(0);
  });
});

describe('restricted controls', () => {
  it('Volume types: only the allow-listed sources', async () => {
    const code = pod(`containers:\n${container()}volumes:\n  - {name: a, nfs: {server: s, path: /}}\n  - {name: b, persistentVolumeClaim: {claimName: c}}\n  - {name: c, csi: {driver: d}}\n  - {name: d, ephemeral: {volumeClaimTemplate: {spec: {}}}}\n  - {name: e, hostPath: {path: /x}}\n`);
    const found = await at(code, 'k8s/pss-volume-types');
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/Volume "a" is of type nfs: the restricted Pod Security Standard/);
    expect(await count(code, 'k8s/pss-volume-types', { profile: 'baseline' })).toBe(0);
  });

  it('Privilege escalation: false required; Windows pods exempt from 1.25', async () => {
    expect(await count(pod(`containers:\n${container('allowPrivilegeEscalation: true\n')}`), 'k8s/pss-allow-privilege-escalation')).toBe(1);
    expect(await count(pod(`containers:\n${container('allowPrivilegeEscalation: false\n')}`), 'k8s/pss-allow-privilege-escalation')).toBe(0);
    const windows = pod(`os: {name: windows}\ncontainers:\n${container()}`);
    expect(await count(windows, 'k8s/pss-allow-privilege-escalation', { version: '1.25' })).toBe(0);
    expect(await count(windows, 'k8s/pss-allow-privilege-escalation', { version: '1.24' })).toBe(1);
  });

  it('Privilege escalation: no fix where the API would reject false (privileged, SYS_ADMIN)', async () => {
    const [finding] = await lint(pod(`containers:\n${container('privileged: true\n')}`), 'k8s/pss-allow-privilege-escalation');
    expect(finding.fix).toBeUndefined();
  });

  it('Running as non-root: containers inherit the pod\'s true; false anywhere fails; user namespaces are exempt', async () => {
    expect(await count(pod(`securityContext: {runAsNonRoot: true}\ncontainers:\n${container()}`), 'k8s/pss-run-as-non-root')).toBe(0);
    expect(await at(pod(`securityContext: {runAsNonRoot: true}\ncontainers:\n${container('runAsNonRoot: false\n')}`), 'k8s/pss-run-as-non-root')).toEqual([
      expect.stringMatching(/^11:21 The container "app" sets runAsNonRoot: false/),
    ]);
    const nothing = await at(pod(`containers:\n${container()}${container().replace('name: app', 'name: two')}`), 'k8s/pss-run-as-non-root');
    expect(nothing).toEqual([expect.stringMatching(/^6:3 Neither the pod nor its containers set runAsNonRoot: true/)]);
    const partly = await at(pod(`containers:\n${container('runAsNonRoot: true\n')}${container().replace('name: app', 'name: two')}`), 'k8s/pss-run-as-non-root');
    expect(partly).toEqual([expect.stringMatching(/^11:5 The container "two" does not set runAsNonRoot: true/)]);
    expect(await count(pod(`hostUsers: false\ncontainers:\n${container('runAsNonRoot: false\n')}`), 'k8s/pss-run-as-non-root')).toBe(0);
  });

  it('Running as non-root: no safe fix while a container is told to run as uid 0 (the kubelet would refuse it)', async () => {
    const init = '- name: init\n  image: busybox:1.36\n  securityContext:\n    runAsUser: 0\n';
    const [withRoot] = await lint(pod(`initContainers:\n${init}containers:\n${container()}`), 'k8s/pss-run-as-non-root');
    expect(withRoot.fix).toBeUndefined();
    expect(withRoot.suggestions?.map((s) => s.description)).toEqual(['Set runAsNonRoot: true']);
    const [plain] = await lint(pod(`containers:\n${container()}`), 'k8s/pss-run-as-non-root');
    expect(plain.fix?.description).toBe('Set runAsNonRoot: true');
  });

  it('Running as non-root user: runAsUser 0 forbidden from 1.23', async () => {
    const root = pod(`securityContext: {runAsUser: 0}\ncontainers:\n${container('runAsUser: 0\n')}`);
    expect(await count(root, 'k8s/pss-run-as-user', { version: '1.23' })).toBe(2);
    expect(await count(root, 'k8s/pss-run-as-user', { version: '1.22' })).toBe(0);
    expect(await count(pod(`hostUsers: false\n${root.slice(root.indexOf('spec:\n') + 6).replace(/^ {2}/gm, '')}`), 'k8s/pss-run-as-user')).toBe(0);
  });

  it('Seccomp (restricted): required from 1.19, a container may not override the pod with Unconfined', async () => {
    const unset = pod(`containers:\n${container()}`);
    expect(await count(unset, 'k8s/pss-seccomp-restricted', { version: '1.19' })).toBe(1);
    expect(await count(unset, 'k8s/pss-seccomp-restricted', { version: '1.18' })).toBe(0);
    const override = pod(`securityContext:\n  seccompProfile: {type: RuntimeDefault}\ncontainers:\n${container('seccompProfile: {type: Unconfined}\n')}`);
    expect(await at(override, 'k8s/pss-seccomp-restricted')).toEqual([expect.stringMatching(/^12:30 The container "app" sets seccompProfile.type Unconfined/)]);
    expect(await count(pod(`os: {name: windows}\ncontainers:\n${container()}`), 'k8s/pss-seccomp-restricted')).toBe(0);
  });

  it('Seccomp (restricted): over a pod-level Unconfined, setting the container is only a suggestion', async () => {
    const code = pod(`securityContext:\n  seccompProfile: {type: Unconfined}\ncontainers:\n${container()}`);
    const findings = await lint(code, 'k8s/pss-seccomp-restricted');
    expect(findings).toHaveLength(2);
    expect(findings.every((f) => f.fix === undefined)).toBe(true);
    expect(findings.every((f) => (f.suggestions ?? []).length === 1)).toBe(true);
  });

  it('Capabilities (restricted): drop ALL, add at most NET_BIND_SERVICE, from 1.22', async () => {
    expect(await count(pod(`containers:\n${container('capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}\n')}`), 'k8s/pss-capabilities-restricted')).toBe(0);
    const bad = pod(`containers:\n${container('capabilities: {drop: [NET_RAW], add: [CHOWN]}\n')}`);
    expect(await count(bad, 'k8s/pss-capabilities-restricted')).toBe(2);
    expect(await count(bad, 'k8s/pss-capabilities-restricted', { version: '1.21' })).toBe(0);
  });
});

describe('restricted fixes', () => {
  const rules = ['k8s/pss-allow-privilege-escalation', 'k8s/pss-capabilities-restricted', 'k8s/pss-seccomp-restricted', 'k8s/pss-run-as-non-root'];
  const code = `# web pod
apiVersion: v1
kind: Pod
metadata:
  name: web # keep
spec:
  containers:
    # the app
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 8080
    - name: sidecar
      image: envoy:1.30
      securityContext: {readOnlyRootFilesystem: true}
`;
  it('turn a bare pod into a restricted one, keeping comments and key order, and are stable', async () => {
    const once = await fixSnippet(code, { filename: 'pod.yaml', rules });
    expect(once.output).toBe(`# web pod
apiVersion: v1
kind: Pod
metadata:
  name: web # keep
spec:
  containers:
    # the app
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 8080
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
    - name: sidecar
      image: envoy:1.30
      securityContext: {readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
`);
    expect(once.result.findings).toEqual([]);
    const twice = await fixSnippet(once.output, { filename: 'pod.yaml', rules });
    expect(twice.output).toBe(once.output);
  });
});
