#!/bin/sh
# kill -9 and Ctrl-C during a scan, at several moments (parsing, storing):
# afterwards the database passes its integrity check, still holds exactly
# the scans it held before, and holds no part of the interrupted one.
#   interrupt.sh KDEP TREE TMPDIR
set -u
kdep=$1 tree=$2 tmp=$3
db="$tmp/interrupt.db"
rm -f "$db" "$db-wal" "$db-shm"
"$kdep" scan --tree "$tree" --arch riscv --profile host --db "$db" >/dev/null ||
	exit 1
state() {
	/usr/bin/python3 - "$db" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
ok = con.execute("PRAGMA integrity_check").fetchone()[0]
scans = con.execute("SELECT id, arch, defined FROM scans ORDER BY id").fetchall()
rows = {}
for table in ("scan_symbols", "scan_nodes", "scan_props", "scan_files"):
    rows[table] = con.execute(
        "SELECT scan, count(*) FROM %s GROUP BY scan ORDER BY scan" % table
    ).fetchall()
print(ok, scans, rows)
PY
}
before=$(state)
failed=0
for how in "KILL after-parse" "KILL 0.5" "INT 1.0" "KILL during-store" "INT during-store"; do
	sig=${how% *}
	when=${how#* }
	# An asynchronous command of a script ignores SIGINT unless told not to.
	KDEP_TIMING=1 KDEP_TEST_STORE_PAUSE=5 env --default-signal=INT "$kdep" scan --tree "$tree" --arch arm64 --profile host \
		--db "$db" >/dev/null 2>"$tmp/phases" &
	pid=$!
	case $when in
	after-parse|during-store)
		mark="phase shim-export"
		[ "$when" = during-store ] && mark="test: store paused"
		i=0
		while ! grep -q "$mark" "$tmp/phases" && [ $i -lt 600 ]; do
			sleep 0.01
			i=$((i + 1))
		done
		;;
	*) sleep "$when" ;;
	esac
	kill -"$sig" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	after=$(state)
	if [ "$after" != "$before" ]; then
		echo "interrupt ($how) changed the database:"
		echo "  before: $before"
		echo "  after:  $after"
		failed=1
	else
		echo "ok   interrupt ($how) left the database as it was"
	fi
done
# and the earlier scan is still served from the cache
"$kdep" scan --tree "$tree" --arch riscv --profile host --db "$db" \
	--format json | grep -q '"cached": true' || {
	echo "the earlier scan is no longer cached"
	failed=1
}
exit $failed
