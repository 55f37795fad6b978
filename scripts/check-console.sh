#!/usr/bin/env bash
# check-console.sh CONSOLE EXPECT [ABSENT]: every extended regexp in EXPECT
# must match a line of CONSOLE, and none in ABSENT may (blank lines and
# '#' comments are ignored). Says what is missing or unexpected; exit 1 then.
. "$(dirname "$0")/lib.sh"

console=${1:?usage: check-console.sh CONSOLE EXPECT [ABSENT]}
expect=${2:?usage: check-console.sh CONSOLE EXPECT [ABSENT]}
absent=${3:-}
fail=0
while IFS= read -r re; do
	case $re in ''|'#'*) continue ;; esac
	grep -qE -- "$re" "$console" || { echo "missing: $re" >&2; fail=1; }
done <"$expect"
if [ -n "$absent" ] && [ -f "$absent" ]; then
	while IFS= read -r re; do
		case $re in ''|'#'*) continue ;; esac
		if grep -qE -- "$re" "$console"; then
			echo "unexpected: $(grep -m1 -E -- "$re" "$console")" >&2
			fail=1
		fi
	done <"$absent"
fi
exit $fail
