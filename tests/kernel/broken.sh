#!/bin/sh
# A real tree with one broken line: kdep names the file and line, exits 3,
# prints no traceback, and leaves the database as it was.
#   broken.sh KDEP TREE TMPDIR
set -u
kdep=$1 tree=$2 tmp=$3
copy="$tmp/broken-tree"
db="$tmp/broken.db"
rm -rf "$copy"
mkdir -p "$copy"
# The Kconfig files and the top Makefile are all a scan reads;
(cd "$tree" && find . -name 'Kconfig*' -type f -print0 |
	tar --null -T - -cf -) | tar -xf - -C "$copy" || exit 1
# and the probes run the tree's scripts
cp "$tree/Makefile" "$copy/"
cp -r "$tree/scripts" "$copy/"
"$kdep" scan --tree "$copy" --arch arm64 --profile host --db "$db" \
	>/dev/null || exit 1
line=$(($(wc -l <"$copy/arch/arm64/Kconfig") + 1))
printf 'config BROKEN\n\tbool "x"\n\tdepends on (ARM64\n' \
	>>"$copy/arch/arm64/Kconfig"
"$kdep" scan --tree "$copy" --arch arm64 --profile host --db "$db" \
	>"$tmp/out" 2>"$tmp/err"
status=$?
failed=0
want="arch/arm64/Kconfig:$((line + 2)): error: "
if [ $status != 3 ]; then
	echo "broken tree: exit status $status, expected 3"
	failed=1
fi
if ! head -n 1 "$tmp/err" | grep -q "^$want"; then
	echo "broken tree: stderr does not start '$want':"
	cat "$tmp/err"
	failed=1
fi
if [ "$(wc -l <"$tmp/err")" != 1 ] || grep -q Traceback "$tmp/err"; then
	echo "broken tree: more than one line of error:"
	cat "$tmp/err"
	failed=1
fi
# the earlier scan of the unbroken tree is intact, and is the only one
n=$(/usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from scans').fetchone()[0])" "$db")
if [ "$n" != 1 ]; then
	echo "broken tree: $n scans stored, expected the 1 from before"
	failed=1
fi
[ $failed = 0 ] && echo "ok   broken real tree: $(cat "$tmp/err")"
exit $failed
