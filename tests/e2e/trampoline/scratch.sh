#!/bin/sh
# Makes (or brings up to date) a scratch copy of a kernel tree for the
# trampoline suite: hard links to the pristine tree, with every file the
# suite changes replaced by a real copy, so the pristine tree is never
# written. A file is replaced only when its contents change, so that a
# kernel object directory built from the scratch tree stays up to date.
#
#   scratch.sh TOP TREE DIR patched|unpatched
#
# patched: the series put in (what makes it is printed); both: the boot
# test (boottest.c) added to kernel/ with its line in kernel/Makefile.
# The series is kdep's (fix --want CFI,DIRECT_CALLS,STATIC_CALL -o), so it
# also has the Kconfig relaxation that lets CFI_CLANG and
# DYNAMIC_FTRACE_WITH_DIRECT_CALLS be y together.
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

# series TREE OUT: the series kdep writes for CFI_CLANG,
# DYNAMIC_FTRACE_WITH_DIRECT_CALLS and HAVE_STATIC_CALL (`kdep fix --want
# CFI,DIRECT_CALLS,STATIC_CALL -o`: the trampolines, the condition of their
# select chosen by proof, the relaxation and the ftrace code change it
# needs), its mails applied in order to the files below OUT (a file OUT
# lacks is first copied from TREE). Prints the cover letter's text and a
# line "patch N: SUBJECT" per mail.
# The scans are kept in fix.db beside DIR; a database kdep refuses (one an
# older kdep wrote) only holds scans it can make again, so it is removed and
# the command run once more.
series() {
	db=$(dirname "$dir")/fix.db
	for try in 1 2; do
		rm -rf "$out/mails"
		st=0
		KDEP_DB=$db "$top/kdep" fix --want CFI,DIRECT_CALLS,STATIC_CALL \
			--arch arm64 --tree "$1" -o "$out/mails" \
			>"$out/fix.log" 2>&1 || st=$?
		if [ "$st" -le 1 ] || [ "$try" = 2 ]; then
			break
		fi
		rm -f "$db"
	done
	if [ "$st" -gt 1 ] || [ ! -f "$out/mails/0000-cover-letter.patch" ]; then
		cat "$out/fix.log" >&2
		echo "scratch.sh: kdep fix wrote no series" >&2
		return 1
	fi
	sed '1,/^$/d; /^-- $/,$d' "$out/mails/0000-cover-letter.patch"
	mkdir -p "$2"
	n=0
	for m in "$out"/mails/0[0-9][0-9][0-9]-*.patch; do
		case $m in */0000-cover-letter.patch) continue ;; esac
		n=$((n + 1))
		sed -n 's/^Subject: \[PATCH [0-9]*\/[0-9]*\] /patch '"$n"': /p' "$m"
		sed -n 's|^--- a/||p' "$m" | while read -r f; do
			if [ ! -e "$2/$f" ]; then
				mkdir -p "$(dirname "$2/$f")"
				cp "$1/$f" "$2/$f"
			fi
		done
		patch -s -p1 -d "$2" --no-backup-if-mismatch <"$m"
	done
}

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ "$kind" = patched ]; then
	series "$tree" "$out/series"
	(cd "$out/series" && find . -type f | sed 's|^\./||') |
	while read -r f; do put "$out/series/$f" "$f"; done
fi
put "$here/boottest.c" kernel/sct_boottest.c
cat "$tree/kernel/Makefile" >"$out/Makefile"
echo 'obj-y += sct_boottest.o' >>"$out/Makefile"
put "$out/Makefile" kernel/Makefile
