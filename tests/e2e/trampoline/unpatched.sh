#!/bin/sh
# The boot test's kernel built from the unpatched tree (make
# test-trampoline-unpatched; not part of make check, for its time: a
# second cold kernel build of some 5 minutes on two idle cores): the tree
# as it is plus the boot test, tinyconfig with boot.config (kCFI
# enforcing, no direct calls: the tree has no way to them under CFI).
# Without arm64 static calls the generic static_call() is an indirect
# call through the key, so the RET0 default, __static_call_return0 with
# a prototype other than the call's, must be stopped by kCFI (booted with
# sct_ret0_first=1, so that it is the first call of another type), and so
# must the NULL call of the generic code, __static_call_nop with a
# prototype other than the call's: each boot log has the CFI failure with
# that target, and no PASS.
#
#   tests/e2e/trampoline/unpatched.sh TOP TREE
set -u
top=$1 tree=$2
here=$top/tests/e2e/trampoline
cache=${KDEP_CACHE:-$HOME/.cache/kdep}/tramp
src=$cache/src-unpatched
obj=$cache/obj-unpatched
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM

"$here/scratch.sh" "$top" "$tree" "$src" unpatched || exit 1
# boot NAME TARGET [PARAMETER...]: booted, the boot log has a kCFI failure
# whose target is TARGET (by name, or by address where there is no
# kallsyms), and no PASS.
boot() {
	name=$1 target=$2
	shift 2
	SCT_CONFIGS=boot.config "$here/kernel.sh" "$src" "$obj" "$log" "$@"
	st=$?
	grep 'sct:\|CFI failure' "$log"
	addr=$(sed -n "s/^\([0-9a-f]*\) [Tt] $target\$/\1/p" "$obj/System.map")
	if [ $st = 0 ] && [ -n "$addr" ] &&
	   ! grep -q '^CONFIG_HAVE_STATIC_CALL=y' "$obj/.config" &&
	   grep -q "CFI failure at .*(target: \(0x$addr\|$target+0x0/0x[0-9a-f]*\);" "$log" &&
	   ! grep -q 'sct: PASS' "$log"; then
		echo "ok   unpatched kernel: $name is a kCFI failure ($target)"
	else
		echo "FAIL unpatched kernel: $name is a kCFI failure ($target)"
		fail=1
	fi
}

fail=0
boot "the RET0 static call" __static_call_return0 sct_ret0_first=1
boot "the NULL static call" __static_call_nop
exit $fail
