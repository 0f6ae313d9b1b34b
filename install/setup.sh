#!/usr/bin/env bash
# Installs the Debian packages Crema needs, and only those that are missing.
#   install/setup.sh notebook   what `make notebook` and `make install` need
#   install/setup.sh test       that, plus what the tests drive (browser, console, conformance suite)
#   install/setup.sh bench      that, plus PyTorch, the peer the benchmarks compare against
# Idempotent: a second run asks dpkg and returns in well under a second.
set -euo pipefail
profile=${1:-notebook}

here=$(cd "$(dirname "$0")" && pwd)
# One package a line; the lists are cumulative: test adds to notebook, bench to test.
case "$profile" in
  notebook) lists=(notebook) ;;
  test) lists=(notebook test) ;;
  bench) lists=(notebook test bench) ;;
  *) echo "setup.sh: unknown profile '$profile' (notebook, test or bench)" >&2; exit 2 ;;
esac
packages=()
for l in "${lists[@]}"; do
  while read -r p; do
    [ -n "$p" ] && [ "${p#\#}" = "$p" ] && packages+=("$p")
  done < "$here/packages-$l.txt"
done

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup.sh: these packages are missing and this is not a Debian system: ${missing[*]}" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "setup.sh: need root to install: ${missing[*]}. Run as root or install sudo." >&2
    exit 1
  fi
  sudo=(sudo)
fi
echo "setup.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# An old or empty package list finds nothing: refresh it once per day at most.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
  "${sudo[@]}" apt-get update -q
fi
if ! "${sudo[@]}" apt-get install -y -q "${missing[@]}"; then
  echo "setup.sh: apt-get could not install: ${missing[*]}" >&2
  exit 1
fi
