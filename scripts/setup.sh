#!/usr/bin/env bash
# Prepares a fresh Debian 12 machine (with the .NET 10 SDK) for Cais: runtime parts, test tools, then builds
# the NativeAOT binary into out/cais and links it as /usr/local/bin/cais. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  runc conmon containernetworking-plugins iptables   # runtime parts Cais drives
  docker-registry skopeo umoci busybox-static zstd   # local registry, independent image tools, test payload
  libsqlite3-dev zlib1g-dev gcc                      # NativeAOT link: static SQLite, zlib, the linker
  apache2-utils                                      # htpasswd (bcrypt) for the auth-protected test registry
  util-linux iproute2 procps                         # unshare, ip, ps used by tests and scripts
  zsh fish                                           # the completion scripts are checked to parse
  docker.io                                          # dockerd 20.10: the compat tier's reference daemon (private)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # No package may start its service while installing (docker.io would bring up the system dockerd and docker0 on
  # 172.17.0.0/16, Cais's default bridge subnet): policy-rc.d answers "not now" for the length of the install.
  own_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d && own_policy=1
  fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -z "$own_policy" ] || rm -f /usr/sbin/policy-rc.d
fi
# Debian starts a registry service on :5000 when the package installs; Cais's tests and demo start their own.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now docker-registry >/dev/null 2>&1 || true; fi
pkill -f '^/usr/bin/docker-registry serve /etc/docker/registry/config.yml' 2>/dev/null || true
# The compat tier (tests/Cais.Compat.Tests) starts its own dockerd on a private socket, state and bridge; a system
# dockerd that setup installed stays off (its docker0 would take 172.17.0.0/16 and its iptables chains the FORWARD).
if [[ " ${missing[*]} " == *" docker.io "* ]] && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now docker.socket docker.service containerd.service >/dev/null 2>&1 || true
fi
# The reference client is Docker 28's CLI (docker.io's /usr/bin/docker is 20.10, an older client's wording).
docker28=${CAIS_COMPAT_DOCKER:-/usr/local/bin/docker}
case "$("$docker28" version --format '{{.Client.Version}}' 2>/dev/null)" in
  28.*) ;;
  *) echo "setup: warning: no Docker 28 client at $docker28 (set CAIS_COMPAT_DOCKER): the compat tests will fail" >&2 ;;
esac

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
echo "setup: publishing cais (NativeAOT)"
dotnet publish src/Cais.Cli/Cais.Cli.csproj -c Release -o out --nologo -v quiet >/dev/null
ln -sf "$PWD/out/cais" /usr/local/bin/cais
echo "setup: $(out/cais --version)"
