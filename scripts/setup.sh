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
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts a registry service on :5000 when the package installs; Cais's tests and demo start their own.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now docker-registry >/dev/null 2>&1 || true; fi
pkill -f '^/usr/bin/docker-registry serve /etc/docker/registry/config.yml' 2>/dev/null || true

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
echo "setup: publishing cais (NativeAOT)"
dotnet publish src/Cais.Cli/Cais.Cli.csproj -c Release -o out --nologo -v quiet >/dev/null
ln -sf "$PWD/out/cais" /usr/local/bin/cais
echo "setup: $(out/cais --version)"
