#!/bin/sh
# Scoring one person at a time, as a server does (t/test-scoring: a
# person loaded with cohort_load_person, scored with scoring_score), gives
# the very receipt, explanation, K and band merit assess recorded for that
# person through its batch and window pipeline. On examples/kz-register,
# and on t/fixtures/scoring with three assessment types open at once:
# raters and gaps (T1), a Lua score function (T2), minimums (T3), and
# persons not assessed (P3 on leave, P4 newly hired).
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
top_builddir=${top_builddir:-.}
prog="$top_builddir/t/test-scoring"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
# one_by_one DB AGENCY TYPES PERSON...: the program's TAP, numbered on
# from here; its exit status must be 0 too (valgrind's error exit). It is
# not merit, so it is told where the build tree's plugins and data are.
one_by_one() {
	MERIT_PLUGIN_PATH="$top_builddir/plugins" MERIT_DATA_PATH="$srcdir" \
		${MERIT_WRAP} "$prog" "$@" >"$tmp/tap" 2>"$tmp/err"
	s=$?
	grep -v '^1\.\.' "$tmp/tap" | {
		while IFS= read -r line; do
			case $line in
			"ok "*|"not ok "*)
				n=$((n + 1))
				echo "$line" | sed "s/^\(\(not \)\{0,1\}ok\) [0-9]*/\1 $n/" ;;
			*) echo "$line" ;;
			esac
		done
		echo $n >"$tmp/n"
	}
	n=$(cat "$tmp/n")
	[ $s -eq 0 ] && ok "test-scoring $2 $3: exit 0" ||
		{ nok "test-scoring $2 $3: exit $s"; show "$tmp/err"; }
}

# the development register: persons and evidence imported, then assessed
ex="$srcdir/examples/kz-register"
k3="$srcdir/examples/kz-360"
db="$tmp/r.db"
run import "$ex" "$k3/roster.yaml" "$k3/evidence.yaml" --db "$db"
s1=$status
run assess "$ex" --db "$db" --no-export -q
[ $s1 -eq 0 ] && [ $status -eq 0 ] &&
	ok "kz-register imported and assessed" ||
	{ nok "kz-register import / assess ($s1 $status)"; show "$tmp/err"; }
# the first two persons and the last
one_by_one "$db" "$ex" - KZ-1001 KZ-1002 KZ-1056

# the scoring fixture through the register (import takes no evidence
# entry without evidence: P3 and P4 have none)
cp -r "$srcdir/t/fixtures/scoring" "$tmp/ag"
grep -v '^  - person: P[34]$' "$srcdir/t/fixtures/scoring/evidence.yaml" \
	>"$tmp/ag/evidence.yaml"
db="$tmp/s.db"
run import "$tmp/ag" "$tmp/ag/roster.yaml" "$tmp/ag/evidence.yaml" --db "$db"
s1=$status
ss=
for t in T1 T2 T3; do
	run assess "$tmp/ag" --from-register --assessment $t --db "$db" \
		--no-export -q
	ss="$ss $status"
done
[ $s1 -eq 0 ] && [ "$ss" = " 0 0 0" ] &&
	ok "the scoring fixture imported and assessed as T1, T2 and T3" ||
	{ nok "fixture import / assess ($s1$ss)"; show "$tmp/err"; }
one_by_one "$db" "$tmp/ag" T1,T2,T3 P1 P2 P3 P4

echo "1..$n"
