#!/usr/bin/env bash
# Build a kernel: build-kernel.sh SRC OBJ [make targets...]
# Config: 'make tinyconfig' plus config/kernel.config; every option of the
# fragment must survive olddefconfig. Incremental, out of tree, with ccache.
# KCONFIG_FRAGMENT="FILE..." and KARCH=ARCH build another configuration (the
# i386 math-emu bed: config/kernel-i386.config, KARCH=i386; the debug kernel:
# config/kernel.config plus config/kernel-debug.config). A later file may
# override an option of an earlier one; the last value given for each option
# must stick.
. "$(dirname "$0")/lib.sh"

src=$(realpath "${1:?usage: build-kernel.sh SRC OBJ [targets]}")
obj=$(realpath -m "${2:?usage: build-kernel.sh SRC OBJ [targets]}")
shift 2
frags=${KCONFIG_FRAGMENT:-$TOP/config/kernel.config}
arch=()
[ -z "${KARCH:-}" ] || arch=(ARCH="$KARCH")
mkdir -p "$obj"
kmake() { make -s -C "$src" O="$obj" "${arch[@]}" CC="ccache gcc" HOSTCC="ccache gcc" "$@"; }

stamp=$obj/.config.fragment
# The fragments, in order, as one file: what the stamp records.
frag=$obj/.config.fragment.new
# shellcheck disable=SC2086
cat $frags >"$frag"
if ! cmp -s "$frag" "$stamp" || [ ! -f "$obj/.config" ]; then
	note "configuring ${obj#"$TOP"/} (tinyconfig + $(echo $frags | sed "s|$TOP/||g"))"
	kmake tinyconfig >/dev/null
	KCONFIG_CONFIG=$obj/.config "$src/scripts/kconfig/merge_config.sh" -m -O "$obj" \
		"$obj/.config" "$frag" >/dev/null
	kmake olddefconfig >/dev/null
	bad=0
	grep -rh --include='Kconfig*' -E '^(menu)?config ' "$src" | awk '{ print $2 }' |
		sort -u >"$obj/.kconfig-symbols"
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) want=$line ;;
		"# CONFIG_"*" is not set") want=$line ;;
		*) continue ;;
		esac
		opt=${want#\# }; opt=${opt%%[= ]*}
		# An option the tree does not have (the series' own, when
		# building the base) cannot stick; that is fine.
		grep -qx "${opt#CONFIG_}" "$obj/.kconfig-symbols" || continue
		got=$(grep -E "^(# )?$opt[= ]" "$obj/.config" || echo "# $opt is not set")
		if [ "$got" != "$want" ]; then
			echo "config: wanted '$want', got '$got'" >&2
			bad=1
		fi
	done < <(awk '/^(# )?CONFIG_/ { o = $0; sub(/^# /, "", o); sub(/[= ].*/, "", o)
			if (!(o in last)) order[++n] = o; last[o] = $0 }
		END { for (i = 1; i <= n; i++) print last[order[i]] }' "$frag")
	[ $bad -eq 0 ] || die "$(echo $frags | sed "s|$TOP/||g") does not apply cleanly"
	cp "$frag" "$stamp"
fi
kmake -j"$JOBS" "${@:-bzImage}"
