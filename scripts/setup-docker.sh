#!/usr/bin/env bash
# Sets up Docker as the second engine of the conformance tests (drydock verify --engine docker) on a
# Debian machine like the CI VM: no systemd, no registry. Run it as root after
# ../shared/engine/setup-podman.sh --debian (it copies that script's base images into docker).
# Idempotent: what is already there (package, running daemon, images) is kept.
#   1. Debian's docker.io (20.10: its client has BuildKit built in; a newer client without buildx has not)
#   2. dockerd started in the background (overlay2; no systemd to start it), pid in /run/drydock-dockerd.pid
#   3. localhost/busybox:stable and localhost/debian:bookworm loaded from podman (`podman save | docker load`)
# Measured on the CI VM: 17 s idle (../shared/research/engine-feasibility.md), 46 s at load average 17 (apt is most of it; daemon ~2 s, images ~9 s).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
DOCKER=/usr/bin/docker   # Debian's client; /usr/local/bin/docker may be a newer one without buildx
t0=$(date +%s)

if [ ! -x "$DOCKER" ] || ! command -v dockerd >/dev/null 2>&1; then
  # The package's service start is blocked by policy-rc.d (no systemd): dockerd is started below.
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq docker.io >/dev/null
fi
t1=$(date +%s)

if ! "$DOCKER" info >/dev/null 2>&1; then
  mkdir -p /var/lib/docker
  setsid nohup dockerd --storage-driver overlay2 --data-root /var/lib/docker >/var/log/drydock-dockerd.log 2>&1 < /dev/null &
  echo $! >/run/drydock-dockerd.pid
  for _ in $(seq 1 60); do "$DOCKER" info >/dev/null 2>&1 && break; sleep 0.5; done
  if ! "$DOCKER" info >/dev/null 2>&1; then
    echo "dockerd did not answer within 30 s; its log (/var/log/drydock-dockerd.log) ends with:" >&2
    tail -n 20 /var/log/drydock-dockerd.log >&2
    exit 1
  fi
fi
t2=$(date +%s)

for image in localhost/busybox:stable localhost/debian:bookworm; do
  if ! "$DOCKER" image inspect "$image" >/dev/null 2>&1 && podman image exists "$image"; then
    podman save "$image" | "$DOCKER" load -q >/dev/null
  fi
done
"$DOCKER" run --rm --network none localhost/busybox:stable true
t3=$(date +%s)
echo "docker: apt=$((t1 - t0))s dockerd=$((t2 - t1))s images+smoke=$((t3 - t2))s total=$((t3 - t0))s"
