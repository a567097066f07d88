#!/bin/sh
# Makes (or brings up to date) a scratch copy of a kernel tree for the
# trampoline suite: hard links to the pristine tree, with every file the
# suite changes replaced by a real copy, so the pristine tree is never
# written. A file is replaced only when its contents change, so that a
# kernel object directory built from the scratch tree stays up to date.
#
#   scratch.sh TOP TREE DIR patched|unpatched [GEN-OPTION...]
#
# patched: the series put in (what makes it is printed); both: the boot
# test (boottest.c) added to kernel/ with its line in kernel/Makefile.
# With --direct-calls, the series also has the Kconfig relaxation that
# lets CFI_CLANG and DYNAMIC_FTRACE_WITH_DIRECT_CALLS be y together.
set -eu
top=$1 tree=$2 dir=$3 kind=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -d "$dir" ]; then
	mkdir -p "$(dirname "$dir")"
	cp -al "$tree" "$dir.tmp"
	mv "$dir.tmp" "$dir"
fi

# put SRC REL: REL of the scratch tree becomes a real copy of SRC.
put() {
	if ! cmp -s "$1" "$dir/$2"; then
		mkdir -p "$(dirname "$dir/$2")"
		cp "$1" "$dir/$2.new"
		mv "$dir/$2.new" "$dir/$2"
	fi
}

# relax TREE OUT: the top relaxation kdep proves for CFI_CLANG with
# DYNAMIC_FTRACE_WITH_DIRECT_CALLS (its mail 0001-*.patch), applied to the
# files below OUT (a file OUT lacks is first copied from TREE).
# The scans are kept in fix.db beside DIR; a database kdep refuses (one an
# older kdep wrote) only holds scans it can make again, so it is removed and
# the command run once more.
relax() {
	db=$(dirname "$dir")/fix.db
	for try in 1 2; do
		rm -rf "$out/fix"
		mkdir "$out/fix"
		st=0
		KDEP_DB=$db "$top/kdep" fix --want CFI,DIRECT_CALLS \
			--arch arm64 --profile llvm-19 --tree "$1" \
			-o "$out/fix" >"$out/fix.log" 2>&1 || st=$?
		if [ "$st" -le 1 ] || [ "$try" = 2 ]; then
			break
		fi
		rm -f "$db"
	done
	set -- "$1" "$2" "$out"/fix/0001-*.patch
	if [ "$st" -gt 1 ] || [ ! -f "$3" ]; then
		cat "$out/fix.log" >&2
		echo "scratch.sh: kdep fix wrote no relaxation" >&2
		return 1
	fi
	sed -n 's|^+++ b/||p' "$3" | while read -r f; do
		if [ ! -e "$2/$f" ]; then
			mkdir -p "$(dirname "$2/$f")"
			cp "$1/$f" "$2/$f"
		fi
	done
	patch -s -p1 -d "$2" --no-backup-if-mismatch <"$3"
	sed -n 's/^Subject: \[PATCH\] /relaxation: /p' "$3"
}

# series TREE OUT [GEN-OPTION...]: the final contents of every file the
# series changes, written below OUT. The one step to replace when a single
# command writes the whole series.
series() {
	t=$1 o=$2
	shift 2
	"$top/tests/e2e/trampoline/gen" "$t" "$o" "$@"
	case " $* " in
	*" --direct-calls "*) relax "$t" "$o" ;;
	esac
}

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ "$kind" = patched ]; then
	series "$tree" "$out/series" "$@"
	(cd "$out/series" && find . -type f | sed 's|^\./||') |
	while read -r f; do put "$out/series/$f" "$f"; done
fi
put "$here/boottest.c" kernel/sct_boottest.c
cat "$tree/kernel/Makefile" >"$out/Makefile"
echo 'obj-y += sct_boottest.o' >>"$out/Makefile"
put "$out/Makefile" kernel/Makefile
