#!/bin/sh
# The command line: usage, exit statuses, file:line:column errors, and a
# register left untouched by bad input.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
echo 1..17

run --version
[ $status -eq 0 ] && grep -qE '^merit [0-9]+\.[0-9]+' "$tmp/out" && ok "--version" || nok "--version"
run --help
[ $status -eq 0 ] && grep -q 'assess' "$tmp/out" && ok "--help lists the commands" || nok "--help"
run frobnicate
[ $status -eq 2 ] && grep -qF "unknown command 'frobnicate'" "$tmp/err" && ok "unknown command: exit 2" || nok "unknown command"
run assess
[ $status -eq 2 ] && ok "assess without an agency: exit 2" || nok "assess without agency ($status)"

# the main job on a bundled example
run assess "$srcdir/examples/kz-digital" --db "$tmp/m.db" --export-dir "$tmp/exp"
[ $status -eq 0 ] && grep -q '^36 scored, 0 not assessed, 0 not scored' "$tmp/out" &&
	ok "assess prints the summary" || { nok "assess summary ($status)"; show "$tmp/err"; }
[ -s "$tmp/exp/kz-digital-A1-2025.jsonl" ] && [ "$(wc -l <"$tmp/exp/kz-digital-A1-2025.jsonl")" -eq 36 ] &&
	ok "the json exporter wrote one line per person" || nok "json export"
head -1 "$tmp/exp/kz-digital-A1-2025.csv" | grep -q '^person,agency,period,framework,assessment,qualification,qualities,performance' &&
	[ "$(wc -l <"$tmp/exp/kz-digital-A1-2025.csv")" -eq 37 ] && ok "the csv exporter wrote a header and 36 rows" || nok "csv export"
[ "$(sqlite3 "$tmp/m.db" 'pragma user_version')" = 7 ] &&
	[ "$(sqlite3 "$tmp/m.db" 'pragma journal_mode')" = wal ] &&
	ok "register: the current schema version, WAL" || nok "register pragmas"
[ "$(sqlite3 "$tmp/m.db" "select count(*) from latest_result where agency = 'kz-digital'")" = 36 ] &&
	[ "$(sqlite3 "$tmp/m.db" "select count(*) from audit where action = 'assess'")" = 1 ] &&
	ok "register: 36 results and one audit entry" || nok "register contents"

# bad input: path:line:column, exit 2, the register untouched
cp "$tmp/m.db" "$tmp/before.db"
run assess "$srcdir/t/fixtures/bad-agency" --db "$tmp/m.db" --no-export
[ $status -eq 2 ] && grep -qE "bad-agency/agency.yaml:6:11: unknown key 'exporter' in agency file" "$tmp/err" &&
	ok "unknown agency key reported at file:line:column" || { nok "bad agency ($status)"; show "$tmp/err"; }
sqlite3 "$tmp/m.db" .dump >"$tmp/after.sql"; sqlite3 "$tmp/before.db" .dump >"$tmp/before.sql"
cmp -s "$tmp/before.sql" "$tmp/after.sql" && ok "the register is untouched by the failed run" || nok "register changed"

printf 'persons:\n  - { id: A, post_level: eight, category: official, term: indefinite }\n  - { id: A, post_level: 3, category: boss, term: indefinite }\n' >"$tmp/roster.yaml"
sed -e "s|roster: roster.yaml|roster: $tmp/roster.yaml|" -e "s|evidence: evidence.yaml|evidence: $tmp/ev.yaml|" \
    -e "s|\.\./\.\./\.\./examples|$srcdir/examples|" -e 's/^exporter:/exporters:/' \
    "$srcdir/t/fixtures/bad-agency/agency.yaml" >"$tmp/agency.yaml"
printf 'evidence:\n  - person: B\n    qualification: {}\n' >"$tmp/ev.yaml"
run assess "$tmp/agency.yaml" --db "$tmp/m.db" --no-export
[ $status -eq 2 ] && grep -qF "roster.yaml:2:26: person A: 'post_level' must be a whole number from 1 to 1000" "$tmp/err" &&
	grep -qF "roster.yaml:3:39: category must be one of official, operational, auxiliary (got 'boss')" "$tmp/err" &&
	grep -qF "roster.yaml:3:5: person A is listed twice" "$tmp/err" &&
	grep -qF "ev.yaml:2:13: evidence for 'B', who is not in the roster" "$tmp/err" &&
	ok "every roster and evidence problem is listed with file:line:column" || { nok "roster errors"; show "$tmp/err"; }
printf 'persons:\n  - { id: A, post_level: [8\n' >"$tmp/roster.yaml"
run assess "$tmp/agency.yaml" --db "$tmp/m.db" --no-export
[ $status -eq 2 ] && grep -qE "roster.yaml:[0-9]+:[0-9]+: YAML syntax" "$tmp/err" &&
	ok "a YAML syntax error has file:line:column" || { nok "yaml syntax"; show "$tmp/err"; }

# some persons not scored: exit 1, the others recorded, each reason given
run assess "$srcdir/t/fixtures/missing-evidence" --db "$tmp/p.db" --no-export
if [ $status -eq 1 ] && grep -q '^1 scored, 0 not assessed, 1 not scored' "$tmp/out" &&
   grep -qF "P-2 not scored: " "$tmp/err" &&
   grep -qF "no evidence for competency cooperation, which applies at post level 3" "$tmp/err" &&
   [ "$(sqlite3 "$tmp/p.db" 'select count(*) from result')" = 1 ]; then
	ok "a person who cannot be scored is reported, the others recorded (exit 1)"
else nok "partial run ($status)"; show "$tmp/out"; show "$tmp/err"; fi

# framework: kr/scs is the tier's folder in merit's data, unless the
# agency's own folder holds kr/scs
cp -r "$srcdir/examples/kr-scs" "$tmp/kr" && chmod -R u+w "$tmp/kr"
run check "$tmp/kr"
a=$status; grep -q 'framework kr-scs-2009,' "$tmp/out"; b=$?
mkdir -p "$tmp/kr/kr/scs"
sed 's/id = "kr-scs-2009"/id = "kr-scs-local"/' \
    "$srcdir/frameworks/kr/scs/kr-scs-2009.lua" >"$tmp/kr/kr/scs/local.lua"
run check "$tmp/kr"
if [ $a -eq 0 ] && [ $b -eq 0 ] && [ $status -eq 0 ] &&
   grep -q 'framework kr-scs-local,' "$tmp/out"; then
	ok "framework kr/scs: merit's data, or the agency's own folder first"
else nok "framework kr/scs ($a $b $status)"; show "$tmp/out"; show "$tmp/err"; fi

# merit check: a valid tree and a broken agency. One line per model set
# (each framework folder, us/ and kr/ holding one per sub-folder, and
# scripts/assessments, scripts/policies) and one per agency.
run check "$srcdir/frameworks" "$srcdir/scripts" "$srcdir/examples/kz-digital" "$srcdir/examples/uz-adps"
[ $status -eq 0 ] && [ "$(grep -c ': ok' "$tmp/out")" -eq 17 ] && ok "merit check passes the shipped models and examples" ||
	{ nok "check shipped ($status)"; show "$tmp/err"; }
run check "$srcdir/t/fixtures/bad-agency/agency.yaml"
[ $status -eq 2 ] && grep -qF "unknown key 'exporter'" "$tmp/err" && ok "merit check rejects a broken agency with exit 2" ||
	{ nok "check broken agency ($status)"; show "$tmp/err"; }
exit $fail
