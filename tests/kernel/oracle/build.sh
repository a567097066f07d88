#!/bin/sh
# Builds kdump (kdump.c) from a kernel tree's own scripts/kconfig sources,
# out of tree (the source tree is not written), and prints its path.
#
#   tests/kernel/oracle/build.sh TOP TREE BUILDDIR
#
# The parser and lexer are the ones the tree's make generates for conf
# (scripts/build-conf); preprocess.c is compiled with shell_hook.h, the
# parser with deps_hook.h.
set -eu
top=$1
tree=$2
build=$3
here=$top/tests/kernel/oracle
out=$build/kdump
"$top/scripts/build-conf" "$tree" "$build" >/dev/null
if [ -x "$out" ] && [ "$out" -nt "$here/kdump.c" ] &&
	[ "$out" -nt "$here/shell_hook.h" ] && [ "$out" -nt "$here/deps_hook.h" ]; then
	echo "$out"
	exit 0
fi
k=$tree/scripts/kconfig
gen=$build/scripts/kconfig
obj=$build/kdump-obj
mkdir -p "$obj"
flags="-O1 -std=gnu11 -D_GNU_SOURCE -I$gen -I$k -I$tree/scripts/include"
# 6.1's menus name their file through a struct file, 6.12's by name.
if grep -q 'struct file \*file;' "$k/expr.h"; then
	flags="$flags -DKDUMP_FILE_STRUCT"
fi
# Up to 6.11 a choice's members depend on the choice's symbol (P_CHOICE).
if grep -q 'P_CHOICE' "$k/expr.h"; then
	flags="$flags -DKDUMP_CHOICE_SYMBOL"
fi
# Optional choices, up to 6.11.
if grep -q 'sym_is_optional' "$k/lkc.h"; then
	flags="$flags -DKDUMP_OPTIONAL"
fi
objs=
for f in confdata expr menu symbol util preprocess; do
	extra=
	[ $f = preprocess ] && extra="-include $here/shell_hook.h"
	# shellcheck disable=SC2086
	cc $flags -w $extra -c "$k/$f.c" -o "$obj/$f.o"
	objs="$objs $obj/$f.o"
done
# shellcheck disable=SC2086
cc $flags -w -include "$here/deps_hook.h" -c "$gen/parser.tab.c" \
	-o "$obj/parser.tab.o"
# shellcheck disable=SC2086
cc $flags -w -c "$gen/lexer.lex.c" -o "$obj/lexer.lex.o"
# shellcheck disable=SC2086
cc $flags -Wall -Wextra -c "$here/kdump.c" -o "$obj/kdump.o"
# shellcheck disable=SC2086
cc -o "$out" "$obj/kdump.o" $objs "$obj/parser.tab.o" "$obj/lexer.lex.o"
echo "$out"
