#!/usr/bin/env bash
# Install what the harness needs from Debian (bookworm binaries; bullseye and
# trixie source lists from apt/). Does nothing when everything is there.
. "$(dirname "$0")/lib.sh"

pkgs=(build-essential flex bison bc libelf-dev libssl-dev ccache python3 perl
      qemu-system-x86 busybox-static cpio dpkg-dev xz-utils rsync git)
src=/etc/apt/sources.list.d/kvm-amx-src.sources

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
need_update=
if ! cmp -s "$TOP/apt/debian-sources.sources" "$src"; then
	[ "$(id -u)" = 0 ] || die "run as root once to install $src"
	cp "$TOP/apt/debian-sources.sources" "$src"
	need_update=1
fi
[ ${#missing[@]} -eq 0 ] && [ -z "$need_update" ] && exit 0
[ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]} (run as root)"
note "apt-get update"
apt-get update -q >/dev/null || die "apt-get update failed: is the Debian mirror reachable?"
if [ ${#missing[@]} -ne 0 ]; then
	note "installing: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"${missing[@]}" >/dev/null || die "apt-get install failed"
fi
