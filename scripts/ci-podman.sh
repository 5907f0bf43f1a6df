#!/usr/bin/env bash
# Podman for the runner's container tests (issue #14), in its own configuration, storage and
# network folders under DIR, so it never touches the host's podman state.
#   scripts/ci-podman.sh start DIR   writes DIR/containers.conf and DIR/storage.conf, imports the
#                                    test image (scripts/test-rootfs.sh), creates the
#                                    shithub-actions network, and prints the variables to export
#                                    (CONTAINERS_CONF=…, CONTAINERS_STORAGE_CONF=…).
#   scripts/ci-podman.sh stop DIR    removes every container of that storage.
# On this kind of machine (a container without systemd) podman needs: runc (crun is not in the
# image), cgroupfs and file events instead of systemd and journald, and explicit ulimits, since
# the engine's default nofile/nproc limits exceed what the outer container grants.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?state folder}
image=shithub/runner-test:local
export CONTAINERS_CONF=$dir/containers.conf CONTAINERS_STORAGE_CONF=$dir/storage.conf

case $cmd in
  start)
    mkdir -p "$dir/networks"
    cat >"$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"

[network]
network_config_dir = "$dir/networks"
CONF
    cat >"$CONTAINERS_STORAGE_CONF" <<CONF
[storage]
driver = "overlay"
graphroot = "$dir/storage"
runroot = "$dir/run"
CONF
    if ! podman info >"$dir/podman-info.log" 2>&1; then
      echo "ci-podman: podman does not work here:" >&2
      tail -20 "$dir/podman-info.log" >&2
      exit 1
    fi
    tar=$("$(dirname "$0")/test-rootfs.sh" "$dir/image")
    podman import --quiet - "$image" <"$tar" >/dev/null
    podman network exists shithub-actions || podman network create shithub-actions >/dev/null
    echo "CONTAINERS_CONF=$CONTAINERS_CONF"
    echo "CONTAINERS_STORAGE_CONF=$CONTAINERS_STORAGE_CONF"
    ;;
  stop)
    [ -f "$CONTAINERS_CONF" ] && podman rm --all --force --time 0 >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
