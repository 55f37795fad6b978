#!/usr/bin/env bash
# Install what the harness needs from Debian (bookworm binaries; bullseye and
# trixie source lists from apt/). Does nothing when everything is there.
. "$(dirname "$0")/lib.sh"

pkgs=(build-essential flex bison bc libelf-dev libssl-dev ccache python3 perl
      qemu-system-x86 busybox-static cpio dpkg-dev xz-utils rsync git)
src=/etc/apt/sources.list.d/kvm-amx-src.sources

if ! cmp -s "$TOP/apt/debian-sources.sources" "$src"; then
	[ "$(id -u)" = 0 ] || die "run as root once to install $src"
	cp "$TOP/apt/debian-sources.sources" "$src"
	note "apt-get update (new source lists)"
	apt-get update -q >/dev/null || die "apt-get update failed: is the Debian mirror reachable?"
fi
need_packages "${pkgs[@]}"
