#!/usr/bin/env bash
# The main job, end to end: start a registry on loopback, publish a busybox image to it (built with umoci and
# pushed with skopeo, tools independent of Cais), pull it with Cais and run containers from it. Leaves nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
CAIS=${CAIS_BINARY:-$PWD/out/cais}
work=$(mktemp -d /tmp/cais-demo.XXXXXX)
C=("$CAIS" --root "$work/root" --runroot "$work/run")
cleanup() {
  "${C[@]}" rm -f $("${C[@]}" ps -aq 2>/dev/null) >/dev/null 2>&1 || true
  "${C[@]}" network rm demo-net >/dev/null 2>&1 || true
  [ -n "${registry_pid:-}" ] && kill "$registry_pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 5123)
registry=127.0.0.1:$port
cat > "$work/registry.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/registry}, delete: {enabled: true}}
http: {addr: $registry}
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 & registry_pid=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

echo "+ publishing busybox to $registry (umoci + skopeo)"
bash tests/Cais.TestSupport/scripts/umoci-busybox.sh "$registry" demo/busybox:latest >/dev/null
image=$registry/demo/busybox:latest
set -x
"${C[@]}" pull "$image"
"${C[@]}" images
"${C[@]}" run --rm "$image" echo "hello from a Cais container"
"${C[@]}" run --rm -e GREETING=hi "$image" sh -c 'echo $GREETING from $(hostname); id'
"${C[@]}" run -d --name sleeper "$image" sleep 30
"${C[@]}" ps
"${C[@]}" exec sleeper sh -c 'echo exec works'
"${C[@]}" stop -t 1 sleeper
"${C[@]}" ps -a
"${C[@]}" rm sleeper
"${C[@]}" run --rm "$image" sh -c 'exit 3' || echo "exit code: $?"

# Networking: a user network with name resolution, and a published port reached from the host.
webport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
"${C[@]}" network create demo-net
"${C[@]}" run -d --name web --network demo-net -p "127.0.0.1:$webport:8080" "$image" \
  sh -c "printf '#!/bin/sh\necho hello over the bridge\n' > /hello && chmod +x /hello && exec nc -ll -p 8080 -e /hello"
"${C[@]}" run --rm --network demo-net "$image" sh -c "nslookup web"
"${C[@]}" port web
for _ in $(seq 20); do reply=$(timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/'$webport'; cat <&3' 2>/dev/null) && [ -n "$reply" ] && break; sleep 0.2; done
echo "from the host: $reply"
"${C[@]}" rm -f web
"${C[@]}" network rm demo-net
