#!/bin/sh
# Reads the workloads and what they reference from the API server and lints them
# as one input, so the checks across objects see the whole cluster.
# DRYDOCK_ARGS: extra drydock arguments (for example "--format sarif --failure-level error").
set -eu
kinds="${AUDIT_KINDS:-deployments,statefulsets,daemonsets,jobs,cronjobs,pods,services,ingresses,networkpolicies,poddisruptionbudgets,horizontalpodautoscalers,serviceaccounts,configmaps,roles,rolebindings,clusterroles,clusterrolebindings}"
# shellcheck disable=SC2086 # DRYDOCK_ARGS is a list of arguments
kubectl get "$kinds" --all-namespaces --output yaml \
  | drydock --stdin-filename cluster.yaml ${DRYDOCK_ARGS:-} -
