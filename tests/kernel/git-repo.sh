#!/bin/sh
# Prints the path of a git repository holding the Kconfig files of an
# extracted kernel tree (scripts/kernel-tree) and the scripts their probes
# run, nothing else, building it
# once into kdep's cache directory when it is not there yet:
#
#   tests/kernel/git-repo.sh [VERSION]      (default 6.12)
#   -> $KDEP_CACHE/git/linux-VERSION-kconfig (else ~/.cache/kdep/...)
#
# Every file named Kconfig* (in 6.12 every `source` line names one such
# file, and the tree has no symbolic link among them), and every file a
# Kconfig file names as $(srctree)/..., is written by git
# fast-import into one commit on main, with a fixed author and date, so
# that the commit id is the same wherever it is built; the work tree is
# then checked out, so that the repository is clean (git status says
# nothing). A test that needs commits of its own clones it (git clone
# --shared is instant) and never writes into this one. The build goes to
# a temporary directory renamed into place at the end (~2 s).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ver=${1:-6.12}
cache=${KDEP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kdep}
dest="$cache/git/linux-$ver-kconfig"

if [ -f "$dest/.git/kdep-built-2" ]; then
	echo "$dest"
	exit 0
fi
tree=$("$here/../../scripts/kernel-tree" "$ver")
mkdir -p "$cache/git"
tmp=$(mktemp -d "$cache/git/.build-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
echo "git-repo: building $dest from $tree" >&2
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
git init -q -b main "$tmp/repo"
# The Kconfig files, and the tree's scripts their probes run ($(srctree)/…
# in a Kconfig file): what a scan reads, as in a whole kernel repository.
(cd "$tree" && {
	find . -name 'Kconfig*' -type f | sed 's|^\./||'
	find . -name 'Kconfig*' -type f -exec \
		grep -hoE '\$\(srctree\)/[A-Za-z0-9_./+-]+' {} + |
		sed 's|^\$(srctree)/||' | while read -r f; do
			[ -f "$f" ] && echo "$f"
		done
} | LC_ALL=C sort -u) |
/usr/bin/python3 -c '
import sys
tree, ver = sys.argv[1], sys.argv[2]
out = sys.stdout.buffer
msg = ("the Kconfig files of linux-source-%s\n" % ver).encode()
out.write(b"commit refs/heads/main\n")
out.write(b"author kdep <kdep@localhost> 1700000000 +0000\n")
out.write(b"committer kdep <kdep@localhost> 1700000000 +0000\n")
out.write(b"data %d\n%s\n" % (len(msg), msg))
for path in sys.stdin.read().split("\n"):
    if not path:
        continue
    data = open(tree + "/" + path, "rb").read()
    out.write(b"M 100644 inline %s\ndata %d\n" % (path.encode(), len(data)))
    out.write(data + b"\n")
out.write(b"\n")
' "$tree" "$ver" | git -C "$tmp/repo" fast-import --quiet
git -C "$tmp/repo" checkout -q -f main
git -C "$tmp/repo" gc -q
touch "$tmp/repo/.git/kdep-built-2"
# a half-built or older one goes; one another build finished meanwhile
# stays (mv -T refuses to move onto it)
[ -f "$dest/.git/kdep-built-2" ] || rm -rf "$dest"
mv -T "$tmp/repo" "$dest" 2>/dev/null || [ -f "$dest/.git/kdep-built-2" ]
echo "$dest"
