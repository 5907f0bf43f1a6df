#!/usr/bin/env bash
# Builds the runner tests' step image as a root file system tarball, from Debian's
# busybox-static and bash-static (no registry): busybox applets, bash, /tmp, /workspace, and
# the root and nobody users. Both engines import it (`docker import`, `podman import`).
#   scripts/test-rootfs.sh DIR    writes DIR/rootfs.tar and prints its path
set -euo pipefail
work=${1:?work folder}
rootfs=$work/rootfs
rm -rf "$work" && mkdir -p "$rootfs"
(cd "$work" && { apt-get download busybox-static bash-static >/dev/null 2>&1 ||
  { apt-get update -qq && apt-get download busybox-static bash-static >/dev/null; }; })
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/x"; done
mkdir -p "$rootfs"/{bin,usr/bin,etc,tmp,workspace}
cp "$work/x/bin/busybox" "$rootfs/bin/busybox"
cp "$work/x/bin/bash-static" "$rootfs/bin/bash"
for applet in $("$rootfs/bin/busybox" --list); do
  [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
done
ln -sf busybox "$rootfs/bin/sh"
ln -sf /bin/env "$rootfs/usr/bin/env"
chmod 1777 "$rootfs/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
tar -C "$rootfs" -cf "$work/rootfs.tar" .
echo "$work/rootfs.tar"
