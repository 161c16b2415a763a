/** Single objects: Pod Security Standards, containers, probes, workload settings, services, RBAC. */
import type { AnyRule } from '../../../core/rule.js';
import automountServiceAccountToken from './automount-service-account-token.js';
import containerRuntimeSocket from './container-runtime-socket.js';
import cronjobConcurrencyPolicy from './cronjob-concurrency-policy.js';
import cronjobSchedule from './cronjob-schedule.js';
import cronjobDeadline from './cronjob-deadline.js';
import defaultNamespace from './default-namespace.js';
import defaultServiceAccount from './default-service-account.js';
import deprecatedNodeLabel from './deprecated-node-label.js';
import deprecatedServiceAccountField from './deprecated-service-account-field.js';
import dropNetRaw from './drop-net-raw.js';
import duplicateContainerPort from './duplicate-container-port.js';
import duplicateEnvVar from './duplicate-env-var.js';
import ephemeralStorage from './ephemeral-storage.js';
import highUidGid from './high-uid-gid.js';
import hpaReplicas from './hpa-replicas.js';
import identicalProbes from './identical-probes.js';
import imageDigest from './image-digest.js';
import imagePullPolicy from './image-pull-policy.js';
import imageTag from './image-tag.js';
import ingressTls from './ingress-tls.js';
import invalidPortName from './invalid-port-name.js';
import jobTtlSecondsAfterFinished from './job-ttl-seconds-after-finished.js';
import labelValues from './label-values.js';
import missingProbes from './missing-probes.js';
import pdbBlocksEviction from './pdb-blocks-eviction.js';
import pdbPolicy from './pdb-policy.js';
import pdbUnhealthyPodEvictionPolicy from './pdb-unhealthy-pod-eviction-policy.js';
import priorityClass from './priority-class.js';
import privilegedPort from './privileged-port.js';
import probePort from './probe-port.js';
import pssAllowPrivilegeEscalation from './pss-allow-privilege-escalation.js';
import pssApparmor from './pss-apparmor.js';
import pssCapabilitiesBaseline from './pss-capabilities-baseline.js';
import pssCapabilitiesRestricted from './pss-capabilities-restricted.js';
import pssHostNamespaces from './pss-host-namespaces.js';
import pssHostPathVolumes from './pss-host-path-volumes.js';
import pssHostPorts from './pss-host-ports.js';
import pssHostProcess from './pss-host-process.js';
import pssPrivileged from './pss-privileged.js';
import pssProbeHost from './pss-probe-host.js';
import pssProcMount from './pss-proc-mount.js';
import pssRunAsNonRoot from './pss-run-as-non-root.js';
import pssRunAsUser from './pss-run-as-user.js';
import pssSeccompBaseline from './pss-seccomp-baseline.js';
import pssSeccompRestricted from './pss-seccomp-restricted.js';
import pssSelinux from './pss-selinux.js';
import pssSysctls from './pss-sysctls.js';
import pssVolumeTypes from './pss-volume-types.js';
import rbacClusterAdminBinding from './rbac-cluster-admin-binding.js';
import rbacEscalationVerbs from './rbac-escalation-verbs.js';
import rbacPublicGroupBinding from './rbac-public-group-binding.js';
import rbacPodCreate from './rbac-pod-create.js';
import rbacPodExec from './rbac-pod-exec.js';
import rbacSecretsAccess from './rbac-secrets-access.js';
import rbacWildcard from './rbac-wildcard.js';
import readOnlyRootFilesystem from './read-only-root-filesystem.js';
import replicas from './replicas.js';
import requestsEqualLimits from './requests-equal-limits.js';
import requiredAnnotations from './required-annotations.js';
import requiredLabels from './required-labels.js';
import resourceLimitBelowRequest from './resource-limit-below-request.js';
import resourceQuantity from './resource-quantity.js';
import restartPolicy from './restart-policy.js';
import rollingUpdateStrategy from './rolling-update-strategy.js';
import runAsRootGroup from './run-as-root-group.js';
import secretEnvVar from './secret-env-var.js';
import secretInConfigmap from './secret-in-configmap.js';
import secretInEnvValue from './secret-in-env-value.js';
import sensitiveHostMount from './sensitive-host-mount.js';
import serviceExternalIps from './service-external-ips.js';
import serviceType from './service-type.js';
import spreadReplicas from './spread-replicas.js';
import sshPort from './ssh-port.js';
import topologySpreadConstraints from './topology-spread-constraints.js';
import writableHostMount from './writable-host-mount.js';

/** The Pod Security Standards, baseline controls first, in the order the standard lists them. */
const podSecurityStandards: AnyRule[] = [
  pssHostProcess,
  pssHostNamespaces,
  pssPrivileged,
  pssCapabilitiesBaseline,
  pssHostPathVolumes,
  pssHostPorts,
  pssApparmor,
  pssSelinux,
  pssProcMount,
  pssSeccompBaseline,
  pssSysctls,
  pssProbeHost,
  pssVolumeTypes,
  pssAllowPrivilegeEscalation,
  pssRunAsNonRoot,
  pssRunAsUser,
  pssSeccompRestricted,
  pssCapabilitiesRestricted,
];
const containers: AnyRule[] = [
  imageTag,
  imageDigest,
  imagePullPolicy,
  readOnlyRootFilesystem,
  dropNetRaw,
  highUidGid,
  runAsRootGroup,
  containerRuntimeSocket,
  sensitiveHostMount,
  writableHostMount,
  secretInEnvValue,
  secretEnvVar,
  duplicateEnvVar,
  duplicateContainerPort,
  missingProbes,
  probePort,
  identicalProbes,
  resourceQuantity,
  resourceLimitBelowRequest,
  requestsEqualLimits,
  ephemeralStorage,
  privilegedPort,
  sshPort,
  invalidPortName,
];
const pods: AnyRule[] = [
  defaultServiceAccount,
  automountServiceAccountToken,
  deprecatedServiceAccountField,
  restartPolicy,
  priorityClass,
  topologySpreadConstraints,
  deprecatedNodeLabel,
];
const workloads: AnyRule[] = [
  replicas,
  spreadReplicas,
  rollingUpdateStrategy,
  jobTtlSecondsAfterFinished,
  cronjobDeadline,
  cronjobConcurrencyPolicy,
  cronjobSchedule,
  pdbPolicy,
  pdbBlocksEviction,
  pdbUnhealthyPodEvictionPolicy,
  hpaReplicas,
];
const objects: AnyRule[] = [
  defaultNamespace,
  requiredLabels,
  requiredAnnotations,
  labelValues,
  serviceType,
  serviceExternalIps,
  secretInConfigmap,
  ingressTls,
];
const rbac: AnyRule[] = [
  rbacWildcard,
  rbacClusterAdminBinding,
  rbacSecretsAccess,
  rbacPodCreate,
  rbacPodExec,
  rbacEscalationVerbs,
  rbacPublicGroupBinding,
];

export const workloadRules: AnyRule[] = [
  ...podSecurityStandards,
  ...containers,
  ...pods,
  ...workloads,
  ...objects,
  ...rbac,
];
