#!/bin/sh
# Paths from input cannot escape: a period is a token wherever it enters
# (agency.yaml, --period, import rows), exports are written only inside
# their folder and never through a symbolic link, and every file
# agency.yaml names (roster, evidence, scripts, a plugin's files) lies in
# the agency's folder or merit's data. Each refusal: exit 2, file:line,
# the register untouched.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
dump() { sqlite3 "$db" .dump; }
echo 1..14

db=$tmp/r.db
ag=$tmp/ag
cp -r "$srcdir/examples/kz-digital" "$ag" && chmod -R u+w "$ag"
run assess "$ag" --db "$db" --no-export -q
[ $status -eq 0 ] || { echo "Bail out! kz-digital does not assess ($status)"; exit 1; }
dump >"$tmp/before"
untouched() { dump >"$tmp/after"; cmp -s "$tmp/before" "$tmp/after"; }
# set KEY: VALUE in a copy of the agency's file
setkey() { sed "s|^$1:.*|$1: $2|" "$srcdir/examples/kz-digital/agency.yaml" >"$ag/agency.yaml"; }
line_of() { grep -n "^$1:" "$ag/agency.yaml" | cut -d: -f1; }

# 1. a period that climbs out of the export folder
exp=$tmp/x/exports
mkdir -p "$exp/kz-digital-A1-2025"
setkey period '"2025/../../escaped"'
run assess "$ag" --db "$db" --export-dir "$exp" -q
[ $status -eq 2 ] && ! ls "$tmp/x" | grep -q escaped && ! ls "$tmp" | grep -q escaped &&
	grep -q "agency.yaml:$(line_of period):[0-9]*: agency: 'period' may hold only letters" "$tmp/err" &&
	untouched && ok "period 2025/../../escaped: exit 2 at agency.yaml:line, nothing written" ||
	{ nok "period with ../ ($status)"; show "$tmp/err"; ls -R "$tmp/x" | sed 's/^/# /'; }

# 2. a period with a newline, and one too long
setkey period '"2025\\nmerit: forged"'
run check "$ag"
a=$status; grep -q "agency.yaml:$(line_of period):.*'period'.*(got '2025\\\\nmerit: forged')" "$tmp/err"; b=$?
setkey period "$(printf '%033d' 1)"
run check "$ag"
[ $a -eq 2 ] && [ $b -eq 0 ] && [ $status -eq 2 ] && grep -q "'period' is too long" "$tmp/err" &&
	ok "a period with a newline, or of 33 bytes: exit 2, the newline shown escaped" ||
	{ nok "period newline/length ($a $b $status)"; show "$tmp/err"; }
cp "$srcdir/examples/kz-digital/agency.yaml" "$ag/agency.yaml"

# 3. an export file replaced by a symbolic link is not followed
exp=$tmp/exports
mkdir -p "$exp" && echo precious >"$tmp/victim"
ln -s "$tmp/victim" "$exp/kz-digital-A1-2025.jsonl"
run assess "$ag" --db "$tmp/e.db" --export-dir "$exp" -q
[ $status -eq 2 ] && [ "$(cat "$tmp/victim")" = precious ] &&
	grep -q "kz-digital-A1-2025.jsonl: cannot write: .*symbolic link" "$tmp/err" &&
	ok "an export that is a symbolic link: exit 2, its target untouched" ||
	{ nok "export symlink ($status)"; show "$tmp/err"; }

# 4. --period on the command line
printf '{"person": "KZ-0002", "qualification": {"education": "master"}}\n' >"$tmp/evidence.jsonl"
run import --db "$db" --period ../x "$ag" "$tmp/evidence.jsonl"
a=$status; grep -q "^merit: --period '../x' " "$tmp/err"; b=$?
run import --db "$db" --period "$(printf '2025\nx')" "$ag" "$tmp/evidence.jsonl"
[ $a -eq 2 ] && [ $b -eq 0 ] && [ $status -eq 2 ] && grep -qF -- "--period '2025\\nx'" "$tmp/err" && untouched &&
	ok "import --period ../x or with a newline: exit 2, nothing imported" ||
	{ nok "--period ($a $b $status)"; show "$tmp/err"; }
run explain --db "$db" --period "2025/.." KZ-0002
[ $status -eq 2 ] && grep -q "^merit: --period '2025/..'" "$tmp/err" &&
	ok "explain --period 2025/..: exit 2" || { nok "explain --period ($status)"; show "$tmp/err"; }

# 5. a period in an imported row
printf '{"person": "KZ-0002", "qualification": {"education": "master"}}\n{"person": "KZ-0003", "period": "../../x", "qualification": {"education": "master"}}\n' >"$tmp/evidence.jsonl"
run import --db "$db" "$ag" "$tmp/evidence.jsonl"
[ $status -eq 2 ] && grep -q "evidence.jsonl:2: period: '../../x' must start with" "$tmp/err" && untouched &&
	ok "an evidence row with period ../../x: exit 2 at file:line" ||
	{ nok "row period ($status)"; show "$tmp/err"; }

# 6-9. files agency.yaml names must lie in its folder or merit's data
mkdir -p "$tmp/outside" && cp "$ag/roster.yaml" "$tmp/outside/roster.yaml"
setkey roster ../outside/roster.yaml
run assess "$ag" --db "$db" --no-export -q
[ $status -eq 2 ] && grep -q "agency.yaml:$(line_of roster):[0-9]*: '../outside/roster.yaml' lies outside the agency's folder" "$tmp/err" && untouched &&
	ok "roster: ../outside/roster.yaml: exit 2 at agency.yaml:line" ||
	{ nok "roster ../ ($status)"; show "$tmp/err"; }
setkey evidence /etc/passwd
run assess "$ag" --db "$db" --no-export -q
[ $status -eq 2 ] && grep -q "agency.yaml:$(line_of evidence):[0-9]*: '/etc/passwd' lies outside" "$tmp/err" && untouched &&
	ok "evidence: /etc/passwd: exit 2 at agency.yaml:line" ||
	{ nok "absolute ($status)"; show "$tmp/err"; }
cp "$ag/evidence.yaml" "$tmp/outside/evidence.yaml"
ln -s "$tmp/outside/evidence.yaml" "$ag/linked.yaml"
setkey evidence linked.yaml
run assess "$ag" --db "$db" --no-export -q
[ $status -eq 2 ] && grep -q "agency.yaml:$(line_of evidence):[0-9]*: 'linked.yaml' lies outside" "$tmp/err" && untouched &&
	ok "evidence: a symbolic link out of the folder: exit 2" ||
	{ nok "symlink ($status)"; show "$tmp/err"; }
cp "$ag/roster.yaml" "$ag/$(printf 'roster\n.yaml')"
setkey roster '"roster\\n.yaml"'
run check "$ag"
[ $status -eq 2 ] && grep -q "agency.yaml:$(line_of roster):[0-9]*: the file name holds a control character" "$tmp/err" &&
	ok "roster: a name with a newline: exit 2" || { nok "newline name ($status)"; show "$tmp/err"; }
setkey scripts "[assessments, ../outside/requirements.lua]"
cp "$ag/requirements.lua" "$tmp/outside/"
run check "$ag"
[ $status -eq 2 ] && grep -q "agency.yaml:$(line_of scripts):[0-9]*: '../outside/requirements.lua' lies outside" "$tmp/err" &&
	ok "scripts: a Lua file out of the folder: exit 2" || { nok "script ($status)"; show "$tmp/err"; }

# a folder of scripts holding a link to a Lua file elsewhere
mkdir -p "$ag/more" && cp "$ag/requirements.lua" "$ag/more/" && cp "$ag/requirements.lua" "$tmp/outside/evil.lua"
ln -s "$tmp/outside/evil.lua" "$ag/more/zz.lua"
setkey scripts "[assessments, ./more]"
run check "$ag"
[ $status -eq 2 ] && grep -q "more/zz.lua: a symbolic link out of its folder" "$tmp/err" &&
	ok "scripts: a folder with a link out of it: exit 2" || { nok "folder link ($status)"; show "$tmp/err"; }
rm "$ag/more/zz.lua"

# 10. a plugin's file (the quiz's item bank) likewise
q=$tmp/quiz
cp -r "$srcdir/examples/kz-quiz" "$q" && chmod -R u+w "$q"
mv "$q/bank.yaml" "$tmp/outside/bank.yaml"
sed -i 's|bank: bank.yaml|bank: ../outside/bank.yaml|' "$q/agency.yaml"
run check "$q"
[ $status -eq 2 ] && grep -q "agency.yaml:[0-9]*:[0-9]*: '.*/outside/bank.yaml' lies outside the agency's folder" "$tmp/err" &&
	ok "quiz bank: ../outside/bank.yaml: exit 2 at agency.yaml:line" ||
	{ nok "bank ($status)"; show "$tmp/err"; }

# 11. what stays allowed: files in the folder, a link inside it, merit's data
cp "$srcdir/examples/kz-digital/agency.yaml" "$ag/agency.yaml"
mkdir -p "$ag/data" && mv "$ag/evidence.yaml" "$ag/data/" && ln -s data/evidence.yaml "$ag/evidence.yaml"
run check "$ag"
[ $status -eq 0 ] && ok "a link that stays in the agency's folder, and framework: kz from merit's data, are taken" ||
	{ nok "allowed ($status)"; show "$tmp/err"; }
