#!/usr/bin/env bash
# Builds a two-layer busybox image with umoci alone (an image writer independent of Cais) and pushes it
# with skopeo. Layer 1: busybox + applet links + /etc/passwd,group + /etc/removed-later.
# Layer 2: deletes /etc/removed-later (umoci records the whiteout). Prints the pushed manifest digest.
# Usage: umoci-busybox.sh REGISTRY_HOST REPO:TAG   (needs root for umoci unpack)
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 REGISTRY_HOST REPO:TAG" >&2
    exit 2
fi
host=$1
repotag=$2
if [[ $repotag != *:* ]]; then
    repotag="$repotag:latest"
fi

for tool in umoci skopeo; do
    command -v "$tool" >/dev/null || { echo "$tool not found; run scripts/setup.sh" >&2; exit 3; }
done
busybox=/bin/busybox
[[ -x $busybox ]] || { echo "$busybox missing (busybox-static); run scripts/setup.sh" >&2; exit 3; }

work=$(mktemp -d /tmp/cais-umoci-XXXXXX)
trap 'rm -rf "$work"' EXIT
layout="$work/oci"
image="$layout:busybox"
bundle="$work/bundle"

umoci init --layout "$layout"
umoci new --image "$image"
umoci unpack --image "$image" "$bundle"

rootfs="$bundle/rootfs"
mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/home" "$rootfs/var" "$rootfs/root" "$rootfs/tmp"
chmod 0700 "$rootfs/root"
chmod 1777 "$rootfs/tmp"
cp "$busybox" "$rootfs/bin/busybox"
chmod 0755 "$rootfs/bin/busybox"
for applet in sh echo cat ls sleep true false id env pwd hostname wc head tail printf test grep ps stat touch \
              mkdir rm readlink seq kill whoami sed awk cut sort uniq tr date uname find xargs chmod ln mv cp; do
    ln -s busybox "$rootfs/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
    > "$rootfs/etc/passwd"
printf 'root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n' > "$rootfs/etc/group"
echo "this file is deleted by the second layer" > "$rootfs/etc/removed-later"
umoci repack --image "$image" "$bundle"

# A bundle stays tied to the manifest it was unpacked from, so the second layer needs a fresh unpack of
# the first repack's result; its repack then records only the deletion (a .wh. entry).
umoci unpack --image "$image" "$work/bundle2"
rm "$work/bundle2/rootfs/etc/removed-later"
umoci repack --image "$image" "$work/bundle2"

umoci config --image "$image" --config.cmd sh \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
umoci gc --layout "$layout"

skopeo --insecure-policy copy --quiet --dest-tls-verify=false --dest-no-creds --digestfile "$work/digest" \
    "oci:$image" "docker://$host/$repotag" >&2
cat "$work/digest"
echo
