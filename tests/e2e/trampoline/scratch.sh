#!/bin/sh
# Makes (or brings up to date) a scratch copy of a kernel tree for the
# trampoline suite: hard links to the pristine tree, with every file the
# suite changes replaced by a real copy, so the pristine tree is never
# written. A file is replaced only when its contents change, so that a
# kernel object directory built from the scratch tree stays up to date.
#
#   scratch.sh GEN TREE DIR patched|unpatched [GEN-OPTION...]
#
# patched: the generated series put in (what the generator prints is
# printed); both: the boot test (boottest.c) added to kernel/ with its
# line in kernel/Makefile.
set -eu
gen=$1 tree=$2 dir=$3 kind=$4
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

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ "$kind" = patched ]; then
	"$gen" "$tree" "$out/series" "$@"
	(cd "$out/series" && find . -type f | sed 's|^\./||') |
	while read -r f; do put "$out/series/$f" "$f"; done
fi
put "$here/boottest.c" kernel/sct_boottest.c
cat "$tree/kernel/Makefile" >"$out/Makefile"
echo 'obj-y += sct_boottest.o' >>"$out/Makefile"
put "$out/Makefile" kernel/Makefile
