#!/usr/bin/env bash
# Lists what the test suite left behind on the host, one line per leftover, and exits 1 if there is any (0 when clean,
# 2 when it could not look). Run it as root after the whole suite: it only reads, it removes nothing.
#
# Checked: veths on a cais bridge; user-network bridges (cais-*; the default cais0 may stay); network namespaces still
# mounted under /tmp or a cais run root other than /run/cais; iptables rules tagged "cais:<network id>" whose bridge is
# gone; portmap leftovers (CNI-DN-* chains, rules in CNI-HOSTPORT-DNAT); host-local addresses still allocated on the
# default bridge; conmon and "cais system dns" processes.
set -uo pipefail

export LC_ALL=C
ipam_dir=${CAIS_LEAK_IPAM_DIR:-/run/cais-net/ipam/bridge}
default_run_root=/run/cais
leaks=0

leak() {
  printf 'leak: %s\n' "$*"
  leaks=$((leaks + 1))
}

if [ "$(id -u)" != 0 ]; then echo "leak-check: needs root (iptables, other users' processes)" >&2; exit 2; fi

# veths whose master is an engine bridge, and user-network bridges.
while IFS= read -r name; do
  [ -n "$name" ] || continue
  master=$(basename "$(readlink "/sys/class/net/$name/master" 2>/dev/null)" 2>/dev/null)
  case "$master" in cais*) leak "veth $name on bridge $master" ;; esac
done < <(ip -o link show type veth | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }')

for dev in /sys/class/net/cais-*; do
  [ -d "$dev/bridge" ] && leak "bridge $(basename "$dev")"
done

# Network namespaces bind-mounted (nsfs) by tests: under /tmp, or under a netns directory of a cais run root that is not
# the default one. mountinfo fields: 4 = root ("net:[inode]"), 5 = mount point (spaces as \040), then " - fstype".
while read -r _ _ _ root mountpoint rest; do
  [ "${rest##* - }" != "$rest" ] || continue
  fstype=$(sed 's/.* - \([^ ]*\) .*/\1/' <<<"$rest")
  [ "$fstype" = nsfs ] || continue
  case "$root" in net:*) ;; *) continue ;; esac
  path=$(printf '%b' "${mountpoint//\\/\\0}")
  case "$path" in
    "$default_run_root"/*) ;;
    /tmp/*) leak "network namespace mounted at $path" ;;
    *cais*/netns/*) leak "network namespace mounted at $path" ;;
  esac
done < /proc/self/mountinfo

# iptables state, both tables at once so the rules and bridges are compared from one reading.
if ! rules=$(iptables-save -t filter 2>&1 && iptables-save -t nat 2>&1); then
  echo "leak-check: cannot read iptables rules: $rules" >&2
  exit 2
fi

# Rules of one network name its bridge with -i/-o; a rule whose bridge no longer exists belongs to a removed network.
while IFS= read -r line; do
  bridges=$(grep -oE '(^| )-[io] [^ ]+' <<<"$line" | awk '{ print $2 }' | grep -v '+$' | sort -u)
  gone=""
  for bridge in $bridges; do
    [ -e "/sys/class/net/$bridge" ] || gone="$gone $bridge"
  done
  if [ -z "$bridges" ]; then
    leak "iptables rule naming no bridge: $line"
  elif [ -n "$gone" ]; then
    leak "iptables rule of a removed network (no bridge${gone}): $line"
  fi
done < <(grep -E -- '--comment "?cais:' <<<"$rules")

while IFS= read -r chain; do
  [ -n "$chain" ] && leak "portmap chain $chain (nat)"
done < <(grep -oE '^:CNI-DN-[^ ]+' <<<"$rules" | cut -c2-)

while IFS= read -r line; do
  [ -n "$line" ] && leak "portmap rule: $line"
done < <(grep -E '^-A CNI-HOSTPORT-DNAT ' <<<"$rules")

# host-local keeps one file per allocated address (named after it) next to its lock and last_reserved_ip files.
if [ -d "$ipam_dir" ]; then
  for file in "$ipam_dir"/*; do
    name=$(basename "$file")
    if [[ "$name" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ || "$name" == *:* ]]; then
      leak "address $name still allocated in $ipam_dir (by $(head -n1 "$file" 2>/dev/null | cut -c1-64))"
    fi
  done
fi

# Processes: conmon, and the per-network DNS server "cais system dns".
for dir in /proc/[0-9]*; do
  [ -r "$dir/cmdline" ] || continue
  mapfile -d '' -t argv < "$dir/cmdline" 2>/dev/null || continue
  [ "${#argv[@]}" -gt 0 ] || continue
  program=$(basename "${argv[0]}")
  if [ "$program" = conmon ]; then
    leak "conmon process ${dir#/proc/}: ${argv[*]}"
  elif [ "$program" = cais ]; then
    for ((i = 1; i + 1 < ${#argv[@]}; i++)); do
      if [ "${argv[i]}" = system ] && [ "${argv[i + 1]}" = dns ]; then
        leak "cais system dns process ${dir#/proc/}: ${argv[*]}"
        break
      fi
    done
  fi
done

if [ "$leaks" -gt 0 ]; then
  echo "leak-check: $leaks leftover(s)"
  exit 1
fi
echo "leak-check: nothing left behind"
