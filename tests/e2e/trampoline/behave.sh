#!/bin/sh
# The trampoline's behaviour in user space: probe.c compiled with the
# kernel's own flags inside the patched scratch tree (the command kbuild
# used for the transform's object, from its .cmd file), linked with that
# object, the kernel's instruction decoder and the freestanding harness
# into a BTI-guarded static program (-z force-bti, every input carrying
# the property), run under qemu-aarch64 -cpu max. Then the mutants: the
# generated header with "bti c" removed, "blr" for "br", and the literal
# read 8 bytes off must each make the program fail.
#
#   behave.sh SRC OBJ WORK
set -eu
src=$1 obj=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
kmake() { nice make -s -C "$src" ARCH=arm64 LLVM=-19 O="$obj" "$@"; }
kmake -j2 arch/arm64/kernel/static_call.o arch/arm64/lib/insn.o \
	>"$work/kbuild.log" 2>&1 || { cat "$work/kbuild.log" >&2; exit 1; }

# The kernel's command line for a C file of arch/arm64/kernel.
cmd=$(sed -n 's/^savedcmd_arch\/arm64\/kernel\/static_call.o := //p' \
	"$obj/arch/arm64/kernel/.static_call.o.cmd")
[ -n "$cmd" ] || { echo "behave.sh: no kbuild command for static_call.o" >&2; exit 1; }
cc=${cmd%% *}
flags=$(printf '%s\n' "${cmd#* }" | sed -e 's/ -Wp,-MMD,[^ ]*//' \
	-e 's/ -c -o arch\/arm64\/kernel\/static_call.o .*$//')

AS="aarch64-linux-gnu-gcc -c -mbranch-protection=standard"
HCC="aarch64-linux-gnu-gcc -c -O2 -ffreestanding -fno-stack-protector \
	-fno-builtin -mno-outline-atomics -mbranch-protection=standard \
	-Wall -Wextra -Werror"
$AS -o "$work/start.o" "$here/start.S"
$HCC -o "$work/harness.o" "$here/harness.c"

# build NAME [INCLUDE-DIR]: the program NAME, its probe compiled with the
# kernel's flags (INCLUDE-DIR first, for a mutant's header).
build() {
	# shellcheck disable=SC2086
	(cd "$obj" && $cc ${2:+-I"$2"} $flags -c -o "$work/probe-$1.o" \
		"$here/probe.c")
	aarch64-linux-gnu-ld -static -z force-bti -z separate-code --fatal-warnings \
		-o "$work/$1" "$work/start.o" "$work/harness.o" \
		"$work/probe-$1.o" \
		"$obj/arch/arm64/kernel/static_call.o" \
		"$obj/arch/arm64/lib/insn.o"
	if ! aarch64-linux-gnu-readelf -n "$work/$1" |
	     grep -q 'AArch64 feature: BTI'; then
		echo "behave.sh: $1 has no BTI property note" >&2
		exit 1
	fi
}

run() {
	timeout 60 qemu-aarch64 -cpu max "$work/$1" >"$work/$1.out" 2>&1
}

build good
echo "BTI property note: $(aarch64-linux-gnu-readelf -n "$work/good" |
	grep -o 'AArch64 feature: .*')"
st=0
run good || st=$?
cat "$work/good.out"
[ $st = 0 ] || { echo "behave.sh: the trampoline failed (exit $st)" >&2; exit 1; }

header=$src/arch/arm64/include/asm/static_call.h
fail=0
for m in no-bti blr literal; do
	mkdir -p "$work/mut-$m/asm"
	case $m in
	no-bti)  sed '/hint		34/d' "$header" ;;
	blr)     sed 's/"	br		x16/"	blr		x16/' "$header" ;;
	literal) sed 's/_target\] \\n"/_target + 8] \\n"/' "$header" ;;
	esac >"$work/mut-$m/asm/static_call.h"
	if cmp -s "$header" "$work/mut-$m/asm/static_call.h"; then
		echo "mutant $m: the header did not change" >&2
		fail=1
		continue
	fi
	build "$m" "$work/mut-$m"
	st=0
	run "$m" || st=$?
	if [ $st = 0 ]; then
		echo "mutant $m: PASSED, the test cannot see it" >&2
		fail=1
	else
		echo "mutant $m: fails (exit $st): $(grep -m1 'WRONG\|qemu:' \
			"$work/$m.out" || tail -n1 "$work/$m.out")"
	fi
done
exit $fail
