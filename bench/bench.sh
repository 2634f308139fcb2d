#!/usr/bin/env bash
# Benchmarks Cais against Docker and Podman on this machine, in one run, and prints medians and ratios.
#   bench/bench.sh [--install] [--runs N] [--pulls N]
# --install adds Debian's docker.io and podman when missing. Podman gets runc and rlimits within the host's hard limits
# (this host has no CAP_SYS_RESOURCE). Everything talks to a registry on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=20; pulls=3; install=0
while (($#)); do
  case "$1" in
    --install) install=1 ;;
    --runs) runs=$2; shift ;;
    --pulls) pulls=$2; shift ;;
    *) echo "usage: $0 [--install] [--runs N] [--pulls N]" >&2; exit 2 ;;
  esac
  shift
done
[ "$(id -u)" = 0 ] || { echo "bench: needs root" >&2; exit 1; }
CAIS=${CAIS_BINARY:-$PWD/out/cais}
[ -x "$CAIS" ] || { echo "bench: $CAIS missing: run scripts/setup.sh" >&2; exit 1; }

if ((install)); then
  need=()
  command -v dockerd >/dev/null || need+=(docker.io)
  command -v podman >/dev/null || need+=(podman)
  if ((${#need[@]})); then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi
fi

work=$(mktemp -d /tmp/cais-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$CAIS" --root "$work/cais" --runroot "$work/cais-run" rm -f $("$CAIS" --root "$work/cais" --runroot "$work/cais-run" ps -aq 2>/dev/null) >/dev/null 2>&1 || true
  umount -R "$work" 2>/dev/null || true
  if [ "${docker_bridge_existed:-1}" = 0 ]; then ip link delete docker0 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
registry=127.0.0.1:$port
mkdir -p "$work/registry"
cat > "$work/registry.yml" <<YML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $work/registry}, delete: {enabled: true}}
http: {addr: $registry}
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 & pids+=($!)
for _ in $(seq 50); do curl -sf "http://$registry/v2/" >/dev/null 2>&1 && break; sleep 0.1; done

echo "bench: publishing test images to $registry"
bash tests/Cais.TestSupport/scripts/umoci-busybox.sh "$registry" bench/busybox:latest >/dev/null
# A 150 MB incompressible file, so the gzip layer stays about 150 MB.
big="$work/big"; mkdir -p "$big"
umoci init --layout "$big/oci" >/dev/null
umoci new --image "$big/oci:big" >/dev/null
umoci unpack --image "$big/oci:big" "$big/bundle" >/dev/null
head -c $((150 * 1024 * 1024)) /dev/urandom > "$big/bundle/rootfs/blob"
umoci repack --image "$big/oci:big" "$big/bundle" >/dev/null
skopeo copy -q --dest-tls-verify=false "oci:$big/oci:big" "docker://$registry/bench/big:latest"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
# time_runs N cmd... -> median milliseconds
time_runs() {
  local n=$1; shift; local t
  for _ in $(seq "$n"); do
    t=$(now); "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; return 1; }; echo $(( ($(now) - t) / 1000000 ))
  done | median
}

# run_ms: --network none everywhere (the engine alone); bridge_ms: each engine's default network (its bridge, veth,
# address, NAT), as a user gets it without flags.
declare -A run_ms bridge_ms pull_ms
C=("$CAIS" --root "$work/cais" --runroot "$work/cais-run")
"${C[@]}" pull -q "$registry/bench/busybox:latest" >/dev/null
"${C[@]}" run --rm --network none "$registry/bench/busybox:latest" true >/dev/null   # warm-up
"${C[@]}" run --rm "$registry/bench/busybox:latest" true >/dev/null
run_ms[cais]=$(time_runs "$runs" "${C[@]}" run --rm --network none "$registry/bench/busybox:latest" true)
bridge_ms[cais]=$(time_runs "$runs" "${C[@]}" run --rm "$registry/bench/busybox:latest" true)
cais_pull() { "${C[@]}" rmi -f "$registry/bench/big:latest" >/dev/null 2>&1 || true; "${C[@]}" pull -q "$registry/bench/big:latest"; }
pull_ms[cais]=$(time_runs "$pulls" cais_pull)

if command -v podman >/dev/null; then
  P=(podman --root "$work/podman" --runroot "$work/podman-run" --runtime runc --cgroup-manager cgroupfs --events-backend none)
  "${P[@]}" pull -q --tls-verify=false "$registry/bench/busybox:latest" >/dev/null
  "${P[@]}" run --rm --network none --ulimit "nofile=1024:$(ulimit -Hn)" --ulimit nproc=4096:4096 "$registry/bench/busybox:latest" true >/dev/null || true
  run_ms[podman]=$(time_runs "$runs" "${P[@]}" run --rm --network none --ulimit "nofile=1024:$(ulimit -Hn)" --ulimit nproc=4096:4096 "$registry/bench/busybox:latest" true) || unset 'run_ms[podman]'
  "${P[@]}" run --rm --ulimit "nofile=1024:$(ulimit -Hn)" --ulimit nproc=4096:4096 "$registry/bench/busybox:latest" true >/dev/null || true
  bridge_ms[podman]=$(time_runs "$runs" "${P[@]}" run --rm --ulimit "nofile=1024:$(ulimit -Hn)" --ulimit nproc=4096:4096 "$registry/bench/busybox:latest" true) || unset 'bridge_ms[podman]'
  podman_pull() { "${P[@]}" rmi -f "$registry/bench/big:latest" >/dev/null 2>&1 || true; "${P[@]}" pull -q --tls-verify=false "$registry/bench/big:latest"; }
  pull_ms[podman]=$(time_runs "$pulls" podman_pull) || unset 'pull_ms[podman]'
fi

if command -v dockerd >/dev/null; then
  # Docker's default bridge on its own subnet; --iptables=false leaves the host's rules alone (with no published ports
  # Docker adds no per-container rule anyway, so its per-run cost is the same).
  docker_bridge_existed=0; [ -e /sys/class/net/docker0 ] && docker_bridge_existed=1
  dockerd --data-root "$work/docker" --exec-root "$work/docker-exec" -H "unix://$work/docker.sock" \
    --pidfile "$work/docker.pid" --iptables=false --bip 10.252.0.1/24 >"$work/dockerd.log" 2>&1 & pids+=($!)
  D=(docker -H "unix://$work/docker.sock")
  for _ in $(seq 100); do "${D[@]}" info >/dev/null 2>&1 && break; sleep 0.2; done
  if "${D[@]}" pull -q "$registry/bench/busybox:latest" >/dev/null 2>&1; then
    "${D[@]}" run --rm --network none "$registry/bench/busybox:latest" true >/dev/null 2>&1 || true
    run_ms[docker]=$(time_runs "$runs" "${D[@]}" run --rm --network none "$registry/bench/busybox:latest" true) || unset 'run_ms[docker]'
    "${D[@]}" run --rm "$registry/bench/busybox:latest" true >/dev/null 2>&1 || true
    bridge_ms[docker]=$(time_runs "$runs" "${D[@]}" run --rm "$registry/bench/busybox:latest" true) || unset 'bridge_ms[docker]'
    docker_pull() { "${D[@]}" rmi -f "$registry/bench/big:latest" >/dev/null 2>&1 || true; "${D[@]}" pull -q "$registry/bench/big:latest"; }
    pull_ms[docker]=$(time_runs "$pulls" docker_pull) || unset 'pull_ms[docker]'
  else
    echo "bench: dockerd did not come up (see $work/dockerd.log); Docker skipped" >&2
  fi
fi

report() {
  local title=$1; local -n m=$2; local best="" best_ms=""
  echo "$title (median ms)"
  for e in cais docker podman; do
    [ -n "${m[$e]:-}" ] || { printf '  %-7s %s\n' "$e" "not installed"; continue; }
    printf '  %-7s %8s\n' "$e" "${m[$e]}"
    if [ "$e" != cais ] && { [ -z "$best_ms" ] || awk "BEGIN{exit !(${m[$e]} < $best_ms)}"; }; then best=$e; best_ms=${m[$e]}; fi
  done
  [ -n "$best" ] && awk -v c="${m[cais]}" -v b="$best_ms" -v n="$best" 'BEGIN{printf "  ratio cais/%s = %.2f (%.1fx faster)\n", n, c/b, b/c}'
  return 0
}
echo
report "run --rm busybox true, --network none" run_ms
report "run --rm busybox true, default bridge network" bridge_ms
[ -n "${bridge_ms[cais]:-}" ] && awk -v b="${bridge_ms[cais]}" -v n="${run_ms[cais]}" 'BEGIN{printf "  cais bridge cost over none = %+.1f ms\n", b-n}'
report "pull 150 MB gzip layer" pull_ms
