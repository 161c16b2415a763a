/** Checks across the objects linted together. */
import type { AnyRule } from '../../../core/rule.js';
import duplicateObject from './duplicate-object.js';
import { hpaTargetMissing, hpaTargetRequests } from './hpa.js';
import { hpaTargetReplicas } from './hpa-target-replicas.js';
import ingressBackend from './ingress-backend.js';
import missingReference from './missing-reference.js';
import selectorMismatch from './selector-mismatch.js';
import { networkPolicyPeerSelectsNothing, networkPolicySelectsNothing, pdbSelectsNothing } from './selects-nothing.js';
import serviceSelector from './service-selector.js';
import serviceTargetPort from './service-target-port.js';
import statefulSetService from './statefulset-service.js';

export const crossObjectRules: AnyRule[] = [
  selectorMismatch,
  serviceSelector,
  serviceTargetPort,
  ingressBackend,
  hpaTargetMissing,
  hpaTargetRequests,
  hpaTargetReplicas,
  pdbSelectsNothing,
  networkPolicySelectsNothing,
  networkPolicyPeerSelectsNothing,
  statefulSetService,
  missingReference,
  duplicateObject,
];
