#!/usr/bin/env bash
# Build the Bochs test bed: bochs-build.sh
# Debian source bochs 3.0+dfsg-1 (trixie) + bochs/patches/*.patch, headless,
# into build/bochs (bin/bochs, share/ BIOS images). Skipped when the source,
# the patches and the configure options are unchanged.
. "$(dirname "$0")/lib.sh"

BOCHS_DEB_VERSION=3.0+dfsg-1
BOCHS_ORIG=bochs_3.0+dfsg.orig.tar.xz
BOCHS_ORIG_SHA256=78f6c73d4a6472d5130a87ab9dc306d02c7c71ed8e25b3a8ef642e2a7acd282b
BOCHS_DEBIAN=bochs_3.0+dfsg-1.debian.tar.xz
BOCHS_DEBIAN_SHA256=c68fe1162aa485249467ec93707ccbf5d039b00d12815899fc2c819ec16d00df
BOCHS_DSC=bochs_3.0+dfsg-1.dsc
BOCHS_DSC_SHA256=6a4edf052e133b241cf22d96cd6816587e9d5d11df20cb92accb2234d8f036d4
# The legacy Bochs BIOS (rombios) from bookworm's bochsbios: with CMOS option
# "fastboot" it boots in ~4e7 guest instructions, where the SeaBIOS of the 3.0
# tarball waits ~6e9 for its boot menu (20-60 s of wall clock here).
ROMBIOS_DEB_VERSION=2.7+dfsg-4+deb12u1
ROMBIOS_DEB=bochsbios_${ROMBIOS_DEB_VERSION}_all.deb
ROMBIOS_DEB_SHA256=ab91713fab14c3ad27146fa60ad9f1ce3750fdb6f9e21bef0d5aa0d4af2ff429

CONFIGURE_ARGS=(--with-nogui --enable-x86-64 --enable-cpu-level=6 --enable-vmx=2
	--enable-avx --enable-evex --enable-amx
	--enable-all-optimizations --enable-smp --enable-pci --enable-a20-pin
	--enable-fpu --enable-monitor-mwait --enable-protection-keys --enable-cet
	--enable-uintr --enable-clgd54xx --disable-plugins --disable-docbook
	--disable-show-ips)
# --disable-show-ips: the "ips =" report is logged from a SIGALRM handler
# through stdio; when the alarm hits while Bochs is writing its log (e.g. a
# burst of "RDMSR: Unknown register" lines) the process deadlocks on the
# stdio lock (seen: single-threaded bochs asleep in futex_wait forever).
BUILD_DEPS=(build-essential dpkg-dev xz-utils ccache)
JOBS=${BOCHS_JOBS:-2}  # shared machine: -j2 unless told otherwise

dl=$BUILD/dl
out=$BUILD/bochs
patches=("$TOP"/bochs/patches/[0-9][0-9][0-9][0-9]-*.patch)
[ -e "${patches[0]}" ] || die "no patches in bochs/patches"

# --- build dependencies (bookworm binaries) -------------------------------
need_packages "${BUILD_DEPS[@]}"

# --- source -------------------------------------------------------------------
check() { # file sha256
	[ -f "$dl/$1" ] && echo "$2  $dl/$1" | sha256sum -c --quiet - >/dev/null 2>&1
}
mkdir -p "$dl"
if ! check "$BOCHS_ORIG" "$BOCHS_ORIG_SHA256" || ! check "$BOCHS_DEBIAN" "$BOCHS_DEBIAN_SHA256"; then
	src_list=/etc/apt/sources.list.d/kvm-amx-src.sources
	if ! cmp -s "$TOP/apt/debian-sources.sources" "$src_list"; then
		[ "$(id -u)" = 0 ] || die "run as root once to install $src_list"
		cp "$TOP/apt/debian-sources.sources" "$src_list"
		apt-get update -q >/dev/null || die "apt-get update failed"
	fi
	note "fetching Debian source bochs=$BOCHS_DEB_VERSION"
	# Some mirrors lack the .dsc although the Sources index lists it; apt has
	# verified every file it did fetch against that (signed) index, and we
	# check the tarballs below, so a missing .dsc alone is not fatal.
	(cd "$dl" && apt-get source --download-only -q -o APT::Sandbox::User=root \
		"bochs=$BOCHS_DEB_VERSION") || note "apt-get source reported errors (checking what arrived)"
fi
check "$BOCHS_ORIG" "$BOCHS_ORIG_SHA256" || die "$BOCHS_ORIG missing or sha256 mismatch"
check "$BOCHS_DEBIAN" "$BOCHS_DEBIAN_SHA256" || die "$BOCHS_DEBIAN missing or sha256 mismatch"
if [ -f "$dl/$BOCHS_DSC" ]; then
	check "$BOCHS_DSC" "$BOCHS_DSC_SHA256" || die "$BOCHS_DSC sha256 mismatch"
fi

# --- BIOS images: build/bochs/share/{bios.bin (rombios), seabios.bin, vgabios-cirrus.bin}
install_bios() {
	local tmp
	mkdir -p "$out/share"
	if [ ! -f "$out/share/bios.bin" ]; then
		if ! check "$ROMBIOS_DEB" "$ROMBIOS_DEB_SHA256"; then
			note "fetching bochsbios=$ROMBIOS_DEB_VERSION"
			(cd "$dl" && apt-get download -q -o APT::Sandbox::User=root \
				"bochsbios=$ROMBIOS_DEB_VERSION") >/dev/null ||
				die "apt-get download bochsbios=$ROMBIOS_DEB_VERSION failed"
			check "$ROMBIOS_DEB" "$ROMBIOS_DEB_SHA256" || die "$ROMBIOS_DEB sha256 mismatch"
		fi
		tmp=$(mktemp -d)
		dpkg-deb -x "$dl/$ROMBIOS_DEB" "$tmp"
		cp "$tmp/usr/share/bochs/BIOS-bochs-latest" "$out/share/bios.bin"
		rm -rf "$tmp"
	fi
	if [ ! -f "$out/share/seabios.bin" ] || [ ! -f "$out/share/vgabios-cirrus.bin" ]; then
		tar -xf "$dl/$BOCHS_ORIG" -C "$out/share" --no-same-owner --strip-components=2 \
			bochs-3.0/bios/bios.bin-1.13.0 bochs-3.0/bios/vgabios-cirrus.bin-1.13.0
		mv "$out/share/bios.bin-1.13.0" "$out/share/seabios.bin"
		mv "$out/share/vgabios-cirrus.bin-1.13.0" "$out/share/vgabios-cirrus.bin"
	fi
}

# --- cache ----------------------------------------------------------------------
key=$({ echo "$BOCHS_ORIG_SHA256"; printf '%s\n' "${CONFIGURE_ARGS[@]}";
	for p in "${patches[@]}"; do basename "$p"; cat "$p"; done; } | sha256sum | cut -d' ' -f1)
if [ -x "$out/bin/bochs" ] && [ "$(cat "$out/.stamp" 2>/dev/null)" = "$key" ]; then
	install_bios
	note "bochs up to date ($out/bin/bochs)"
	exit 0
fi

# --- unpack, patch, configure, build ----------------------------------------------
rm -rf "$out"
mkdir -p "$out/bin" "$out/share"
tar -xf "$dl/$BOCHS_ORIG" -C "$out" --no-same-owner
srcdir=$out/bochs-3.0
[ -d "$srcdir" ] || die "unexpected layout in $BOCHS_ORIG"
for p in "${patches[@]}"; do
	note "applying ${p#"$TOP"/}"
	patch -p1 -s -d "$srcdir" <"$p" || die "patch ${p##*/} does not apply"
done
note "configuring bochs"
t0=$(date +%s)
(cd "$srcdir" && CC="ccache gcc" CXX="ccache g++" CFLAGS="-O2 -pipe" CXXFLAGS="-O2 -pipe" \
	./configure -q "${CONFIGURE_ARGS[@]}" >"$out/configure.log" 2>&1) ||
	{ tail -20 "$out/configure.log" >&2; die "configure failed (see $out/configure.log)"; }
note "building bochs (make -j$JOBS)"
(cd "$srcdir" && make -j"$JOBS" bochs >"$out/make.log" 2>&1) ||
	{ tail -30 "$out/make.log" >&2; die "make failed (see $out/make.log)"; }
cp "$srcdir/bochs" "$out/bin/bochs"
install_bios
echo "$key" >"$out/.stamp"
note "bochs built in $(($(date +%s) - t0)) s: $out/bin/bochs"
