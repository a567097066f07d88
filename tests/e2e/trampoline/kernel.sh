#!/bin/sh
# Builds the boot test's arm64 kernel (tinyconfig, a PL011 console, an
# initramfs whose /init sleeps, kCFI enforcing, BTI in the kernel, the
# function tracer with direct calls: boot.config and ftrace.config) from a
# scratch tree with clang-19, in an object directory that is kept, and
# boots it under qemu-system-aarch64 -cpu max until the test has spoken.
#
#   kernel.sh SRC OBJ LOG [KERNEL-PARAMETER...]
#
# SCT_CONFIGS names the configuration fragments of this directory laid
# over tinyconfig (default "boot.config ftrace.config"; the unpatched
# tree's kernel has no direct calls without the series, so it takes
# boot.config alone).
#
# Prints nothing; the boot log is LOG. Exit 0 when it booted and the test
# ran to an end (PASS, FAIL or a CFI failure: the caller reads the log).
set -eu
src=$1 obj=$2 log=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
frags=
for f in ${SCT_CONFIGS:-boot.config ftrace.config}; do
	frags="$frags $here/$f"
done
mkdir -p "$obj"
kmake() { nice make -s -C "$src" ARCH=arm64 LLVM=-19 O="$obj" "$@"; }

aarch64-linux-gnu-gcc -nostdlib -static -o "$obj/sct-init" "$here/init.S"
sed "s|@INIT@|$obj/sct-init|" "$here/initramfs.list" >"$obj/initramfs.list"
stale=0
[ -f "$obj/.config" ] || stale=1
for f in $frags; do
	if [ "$f" -nt "$obj/.config" ]; then stale=1; fi
done
if [ $stale = 1 ]; then
	kmake tinyconfig >/dev/null
	cat $frags >>"$obj/.config"
	echo "CONFIG_INITRAMFS_SOURCE=\"$obj/initramfs.list\"" >>"$obj/.config"
fi
# (the options above override tinyconfig's: kconfig says so on stderr)
kmake olddefconfig >"$obj/config.log" 2>&1
cat $frags | while read -r want; do
	grep -qxF "$want" "$obj/.config" || {
		echo "kernel.sh: '$want' did not survive olddefconfig" >&2
		exit 1
	}
done
# sct-built: this build linked (a failed link leaves the last vmlinux)
rm -f "$obj/sct-built"
kmake -j2 Image >"$obj/build.log" 2>&1 || {
	tail -30 "$obj/build.log" >&2
	exit 1
}
touch "$obj/sct-built"

qemu-system-aarch64 -M virt -cpu max -m 256 -nic none -nographic \
	-no-reboot -kernel "$obj/arch/arm64/boot/Image" \
	-append "console=ttyAMA0 panic=-1 $*" >"$log" 2>&1 &
q=$!
i=0
while [ $i -lt 240 ]; do
	if grep -q 'sct: FAIL\|CFI failure\|sct: generic call returned' \
		"$log" 2>/dev/null ||
	   { [ $# = 0 ] && grep -q 'sct: PASS' "$log" 2>/dev/null; }; then
		sleep 2
		break
	fi
	kill -0 $q 2>/dev/null || break
	sleep 0.5
	i=$((i + 1))
done
kill $q 2>/dev/null || true
wait $q 2>/dev/null || true
grep -q 'sct: PASS\|sct: FAIL\|CFI failure' "$log"
