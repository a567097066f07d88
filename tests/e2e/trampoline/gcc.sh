#!/bin/sh
# Builds the objects the series and the ftrace code change touch with
# Debian's gcc cross compiler (no CFI: under a CFI-only condition, no
# static calls), from a scratch tree, in an object directory that is kept:
# tinyconfig plus the function tracer with direct calls (ftrace.config).
#
#   gcc.sh SRC OBJ
#
# Prints the objects built and what was left out; exit 0 when each built.
set -eu
src=$1 obj=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$obj"
kmake() {
	nice make -s -C "$src" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
		O="$obj" "$@"
}

if [ ! -f "$obj/.config" ] || [ "$here/ftrace.config" -nt "$obj/.config" ]; then
	kmake tinyconfig >/dev/null
	cat "$here/ftrace.config" >>"$obj/.config"
fi
kmake olddefconfig >"$obj/config.log" 2>&1
while read -r want; do
	grep -qxF "$want" "$obj/.config" || {
		echo "gcc.sh: '$want' did not survive olddefconfig" >&2
		exit 1
	}
done <"$here/ftrace.config"
objs="arch/arm64/kernel/ftrace.o kernel/trace/ftrace.o kernel/sched/core.o"
if grep -qx CONFIG_HAVE_STATIC_CALL=y "$obj/.config"; then
	objs="$objs kernel/static_call.o arch/arm64/kernel/static_call.o"
else
	echo "gcc: no HAVE_STATIC_CALL: kernel/static_call.o and arch/arm64/kernel/static_call.o not built"
fi
grep -qx CONFIG_DYNAMIC_FTRACE_WITH_CALL_OPS=y "$obj/.config" ||
	echo "gcc: DIRECT_CALLS without CALL_OPS"
# shellcheck disable=SC2086 # one word per object
kmake -j2 $objs >"$obj/build.log" 2>&1 || {
	tail -30 "$obj/build.log" >&2
	exit 1
}
for o in $objs; do
	[ -f "$obj/$o" ] || {
		echo "gcc.sh: $o was not built" >&2
		exit 1
	}
done
echo "gcc: built $objs"
