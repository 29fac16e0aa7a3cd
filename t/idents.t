#!/bin/sh
# Identifiers from input hold no control character (C0, DEL, C1), no
# bidirectional formatting character and only UTF-8, in every format:
# roster and evidence YAML for merit assess, YAML, CSV and JSON Lines for
# merit import, agency.yaml. Each refusal: exit 2 at file:line, shown
# escaped (no raw control byte on stderr), the register untouched. What
# the register already holds is shown escaped on a terminal.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
PYTHON3=${PYTHON3:-python3}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
dump() { sqlite3 "$db" .dump; }
untouched() { dump >"$tmp/after"; cmp -s "$tmp/before" "$tmp/after"; }
# stderr holds no raw ESC, C1 or bidi control
clean_err() { ! LC_ALL=C grep -q "$(printf '\033')" "$tmp/err" &&
	! grep -q "$(printf '\302\205')" "$tmp/err" && ! grep -q "$(printf '\342\200\256')" "$tmp/err"; }
echo 1..12

KZ=$srcdir/examples/kz-digital
db=$tmp/r.db
ag=$tmp/ag
cp -r "$KZ" "$ag" && chmod -R u+w "$ag"
run import --db "$db" "$ag" "$ag/roster.yaml"
[ $status -eq 0 ] || { echo "Bail out! import of kz-digital ($status)"; show "$tmp/err"; exit 1; }
dump >"$tmp/before"

# 1. assess: a roster id with an escape sequence
sed -i '0,/id: KZ-0002,/s//id: "KZ-\\e[31m0002",/' "$ag/roster.yaml"
line=$(grep -n 'KZ-\\e' "$ag/roster.yaml" | cut -d: -f1)
run assess "$ag" --db "$db" --no-export -q
[ $status -eq 2 ] && grep -qF "roster.yaml:$line:" "$tmp/err" &&
	grep -qF "id 'KZ-\\x1b[31m0002' holds a control character at byte 4" "$tmp/err" && clean_err && untouched &&
	ok "assess: a roster id with ESC: exit 2 at roster.yaml:$line, shown escaped" ||
	{ nok "roster id ($status)"; show "$tmp/err"; }
cp "$KZ/roster.yaml" "$ag/roster.yaml"

# 2. assess: a competency named with a C1 control (NEL) in evidence.yaml
sed -i '0,/      cooperation:/s//      "coop\\Neration":/' "$ag/evidence.yaml"
line=$(grep -n 'coop\\N' "$ag/evidence.yaml" | cut -d: -f1)
run assess "$ag" --db "$db" --no-export -q
[ $status -eq 2 ] && grep -qF "evidence.yaml:$line:" "$tmp/err" &&
	grep -qF "the field name 'coop\\x85eration' holds a control character" "$tmp/err" && clean_err && untouched &&
	ok "assess: a field name with U+0085: exit 2 at evidence.yaml:$line" ||
	{ nok "C1 key ($status)"; show "$tmp/err"; }
cp "$KZ/evidence.yaml" "$ag/evidence.yaml"

# 3. assess: a rater id with a right-to-left override (kz-360)
k3=$tmp/k3
cp -r "$srcdir/examples/kz-360" "$k3" && chmod -R u+w "$k3"
sed -i '0,/id: KZ-1017$/s//id: "KZ-\\u202e7101"/' "$k3/evidence.yaml"
line=$(grep -n 'KZ-\\u202e' "$k3/evidence.yaml" | cut -d: -f1)
run assess "$k3" --db "$db" --no-export -q
[ $status -eq 2 ] && grep -qF "evidence.yaml:$line:" "$tmp/err" &&
	grep -qF "id 'KZ-\\u202e7101' holds a bidirectional formatting character" "$tmp/err" && clean_err && untouched &&
	ok "assess: a rater id with U+202E: exit 2 at evidence.yaml:$line" ||
	{ nok "rater id ($status)"; show "$tmp/err"; }

# 4. agency.yaml: the agency's id with a tab
sed -i 's/^agency: kz-digital/agency: "kz\\tdigital"/' "$ag/agency.yaml"
run check "$ag"
[ $status -eq 2 ] && grep -qF "agency.yaml:5:9: agency: 'agency' may hold only letters" "$tmp/err" &&
	grep -qF "(got 'kz\\tdigital')" "$tmp/err" &&
	ok "agency.yaml: an agency id with a tab: exit 2 at file:line" ||
	{ nok "agency id ($status)"; show "$tmp/err"; }
cp "$KZ/agency.yaml" "$ag/agency.yaml"

# 5. import YAML: a person id with a line break (a forged log line)
printf 'persons:\n  - { id: IM-1, post_level: 3, category: official, term: fixed }\n  - { id: "IM-2\\nmerit: import: 0 problems", post_level: 3, category: official, term: fixed }\n' >"$tmp/roster.yaml"
run import --db "$db" "$ag" "$tmp/roster.yaml"
[ $status -eq 2 ] && grep -qF "roster.yaml:3: id: id 'IM-2\\nmerit: import: 0 problems' holds a control character at byte 5" "$tmp/err" &&
	[ "$(grep -c '^merit: import: 0 problems' "$tmp/err")" = 0 ] && untouched &&
	ok "import YAML: an id with a line break: exit 2 at file:line, no forged line" ||
	{ nok "yaml newline ($status)"; show "$tmp/err"; }

# 6. import CSV: a person id holding a raw ESC byte
printf 'id,post_level,category,term\nIM-1,3,official,fixed\nIM-\0332J,3,official,fixed\n' >"$tmp/roster.csv"
run import --db "$db" "$ag" "$tmp/roster.csv"
[ $status -eq 2 ] && grep -qF "roster.csv:3: id: id 'IM-\\x1b2J' holds a control character at byte 4" "$tmp/err" &&
	clean_err && untouched && ok "import CSV: an id with ESC: exit 2 at file:line" ||
	{ nok "csv esc ($status)"; show "$tmp/err"; }

# 7. import CSV: a course id with DEL
printf 'person,course,enrolled_on\nKZ-0002,kz-leader\177ship,2025-01-10\n' >"$tmp/enrolments.csv"
run import --db "$db" "$ag" "$tmp/enrolments.csv"
[ $status -eq 2 ] && grep -qF "enrolments.csv:2: course: course 'kz-leader\\x7fship' holds a control character" "$tmp/err" &&
	untouched && ok "import CSV: a course id with DEL: exit 2 at file:line" ||
	{ nok "csv del ($status)"; show "$tmp/err"; }

# 8. import JSON Lines: a person with a C1 control, a rater id with ESC
printf '{"person": "KZ-0002", "course": "c1", "completed_on": "2025-02-01", "hours": 8}\n{"person": "\\u0085KZ-0003", "course": "c1", "completed_on": "2025-02-01", "hours": 8}\n' >"$tmp/completions.jsonl"
run import --db "$db" "$ag" "$tmp/completions.jsonl"
a=$status; grep -qF "completions.jsonl:2: person: person '\\x85KZ-0003' holds a control character at byte 1" "$tmp/err"; b=$?
printf '{"person": "KZ-0002", "qualities": {"raters": [{"role": "peer", "id": "P\\u001b]0;x\\u0007", "ratings": {}}]}}\n' >"$tmp/evidence.jsonl"
run import --db "$db" "$ag" "$tmp/evidence.jsonl"
[ $a -eq 2 ] && [ $b -eq 0 ] && [ $status -eq 2 ] &&
	grep -qF "evidence.jsonl:1: qualities: id 'P\\x1b]0;x\\x07' holds a control character" "$tmp/err" && clean_err && untouched &&
	ok "import JSON Lines: a person with U+0085, a rater id with ESC: exit 2 at file:line" ||
	{ nok "jsonl ($a $b $status)"; show "$tmp/err"; }

# 9. invalid UTF-8 in an id stays refused in each format
printf 'id,post_level,category,term\nIM-\377,3,official,fixed\n' >"$tmp/roster.csv"
run import --db "$db" "$ag" "$tmp/roster.csv"
a=$status
printf '{"id": "IM-\377", "post_level": 3, "category": "official", "term": "fixed"}\n' >"$tmp/roster.jsonl"
run import --db "$db" "$ag" "$tmp/roster.jsonl"
[ $a -eq 2 ] && [ $status -eq 2 ] && grep -q "roster.jsonl:1: row: invalid UTF-8" "$tmp/err" && untouched &&
	ok "invalid UTF-8 in an id: exit 2 in CSV and JSON Lines" || { nok "utf-8 ($a $status)"; show "$tmp/err"; }

# 10. an id given on the command line and kept: plan --by
fx=$srcdir/t/fixtures/develop
run assess "$fx/kz360" --db "$tmp/d.db" --no-export -q &&
	run plan KZ-1001 --db "$tmp/d.db" --as-of 2026-01-01 --start 2026-01-15
sqlite3 "$tmp/d.db" .dump >"$tmp/d.before"
run plan KZ-1001 --db "$tmp/d.db" --approve --by "$(printf 'OFF\0337')"
sqlite3 "$tmp/d.db" .dump >"$tmp/d.after"
[ $status -eq 2 ] && grep -qF -- "--by is the official's pseudonymous id" "$tmp/err" &&
	cmp -s "$tmp/d.before" "$tmp/d.after" &&
	ok "plan --approve --by with ESC: exit 2, the plan not approved" ||
	{ nok "plan --by ($status)"; show "$tmp/err"; }

# 11-12. a register written before these checks: shown escaped on a
# terminal, and raw (for programs) elsewhere; the row was edited with the
# shell, so explain warns of it and exits 1
run assess "$KZ" --db "$tmp/old.db" --no-export -q
sqlite3 "$tmp/old.db" "PRAGMA foreign_keys = off; update result set person = 'KZ' || char(27) || '[2J' where person = 'KZ-0003'"
"$PYTHON3" - "$MERIT" "$tmp/old.db" >"$tmp/tty" <<'PY'
import os, pty, subprocess, sys
m, s = pty.openpty()
p = subprocess.run([sys.argv[1], "explain", "KZ\x1b[2J", "--db", sys.argv[2]], stdout=s)
os.close(s)
out = b""
while True:
    try:
        d = os.read(m, 65536)
    except OSError:
        break
    if not d:
        break
    out += d
sys.stdout.write("status %d esc %d\n" % (p.returncode, b"\x1b" in out))
sys.stdout.write(out.decode("utf-8", "replace"))
PY
grep -q '^status 1 esc 0$' "$tmp/tty" && grep -qF 'KZ\x1b[2J' "$tmp/tty" &&
	grep -q '^WARNING: this result was changed outside merit' "$tmp/tty" &&
	ok "explain on a terminal: an ESC from the register shown as \\x1b" ||
	{ nok "terminal"; show "$tmp/tty"; }
"$MERIT" explain "$(printf 'KZ\033[2J')" --db "$tmp/old.db" >"$tmp/out"
LC_ALL=C grep -q "$(printf 'KZ\033')" "$tmp/out" &&
	ok "explain into a pipe: the bytes as the register holds them" || nok "pipe"
