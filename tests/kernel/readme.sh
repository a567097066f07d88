#!/bin/sh
# The README's examples run as written on the real tree: every command line
# of its "Using it" block, with ~/linux the tree and the current directory
# a scratch one, must exit 0 (or 1, which says there are findings) and
# print nothing that says it failed.
#   readme.sh TOP KDEP TREE TMPDIR
set -u
top=$1 kdep=$2 tree=$3 tmp=$4
work="$tmp/readme"
rm -rf "$work"
mkdir -p "$work/bin" "$work/data"
# ./kdep in the examples is the binary under test
ln -s "$kdep" "$work/kdep"
export XDG_DATA_HOME="$work/data" KDEP_DB="$work/kdep.db"
unset KDEP_PROFILE_PATH
sed -n '/^## Using it/,/^```$/p' "$top/README.md" |
	sed -n '/^```sh$/,/^```$/p' | grep -E '^(\./kdep|[A-Z_]+=[^ ]* \./kdep) ' |
	sed 's/  *# .*//' >"$work/examples"
# The git examples (--git, --staged, check, hook) run in a clone of a
# repository of the tree's Kconfig files (tests/kernel/git-repo.sh), with
# ~/linux that clone: tagged v6.12, origin/master at its commit.
repo="$work/repo"
src=$("$top/tests/kernel/git-repo.sh") || exit 1
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git clone -q --shared "$src" "$repo" &&
	git -C "$repo" tag v6.12 &&
	git -C "$repo" update-ref refs/remotes/origin/master HEAD || exit 1
ln -s "$kdep" "$repo/kdep"
n=$(wc -l <"$work/examples")
if [ "$n" -lt 10 ]; then
	echo "readme: found only $n examples"
	exit 1
fi
fail=0
while IFS= read -r line; do
	case $line in
	*--git*|*--staged*|*" check "*|*" hook "*) dir=$repo where=$repo ;;
	*) dir=$work where=$tree ;;
	esac
	cmd=$(printf '%s\n' "$line" | sed "s|~/linux|$where|g")
	(cd "$dir" && sh -c "$cmd") >"$work/out" 2>"$work/err" </dev/null
	st=$?
	if [ $st -gt 1 ] || grep -q 'error' "$work/err"; then
		echo "readme: '$line' exited $st"
		head -5 "$work/err"
		fail=$((fail + 1))
	fi
done <"$work/examples"
echo "readme: $n examples, $fail failed"
[ $fail = 0 ]
