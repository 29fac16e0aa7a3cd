#!/bin/sh
# Validation of model declarations. Each model in t/broken has known
# problems; merit must report each of them, and nothing else, as
# "path:line: message" with the line of the offending key where there is
# one, and exit 2.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
# The fixtures are checked from inside t/, so that the paths in messages
# are short and the same wherever the source tree is.
case $MERIT in
/*) ;;
*/*) MERIT=$(pwd)/$MERIT ;;
esac
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$srcdir/t" || exit 1
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"; status=$?; }

# fixture | line | message: every line merit must print for the fixture,
# as "merit: broken/FIXTURE.lua:LINE: MESSAGE", and no other
cat >"$tmp/expect" <<'EOF'
unknown-key|14|unknown key 'titel' in a competency (expected one of: title, description, group, posts, indicators, source)
duplicate-competency|15|duplicate competency 'planning' (first declared at broken/duplicate-competency.lua:11)
unknown-level|15|competency 'planning': unknown level 'Z' (framework 't' has levels: D, C)
no-framework|3|competency 'planning' has no framework: declare framework { ... } first in the same folder
weights-sum|13|assessment 'annual': weights sum to 0.9 (qualification 0.3 + qualities 0.3 + performance 0.3), not 1
weight-over-one|14|assessment 'annual': weight of 'qualification' is 1.5; it must be above 0 and at most 1 (leave an element out to not use it)
weight-over-one|13|assessment 'annual': weights sum to 1.5 (qualification 1.5), not 1
unknown-engine|15|assessment 'annual': unknown engine 'essay' for 'qualities' (no such plugin is loaded; see 'merit plugins')
unknown-scorer|13|assessment 'annual': unknown scorer 'harmonic' (no such plugin is loaded; see 'merit plugins')
level-overlap|10|framework 't': posts of level 'C' (5-9) overlap those of level 'D' (1-6)
duplicate-level|11|framework 't': duplicate level 'D'
missing-source|2|framework 't': missing required field 'source'
assessment-no-title|11|assessment 'annual': missing required field 'title'
bands-no-zero|16|assessment 'annual': no band starts at min = 0, so a low K would get no band; add { min = 0, label = ... }
duplicate-band|18|assessment 'annual': duplicate band 'good'
requirements-overlap|17|requirements 'senior' (posts 6-9) overlap requirements 'junior' (posts 1-6) at broken/requirements-overlap.lua:11; each post needs exactly one
bad-education|13|requirements 'junior': education 'phd' is not one of secondary, vocational, bachelor, master, doctorate
course-unknown-competency|18|course 'negotiation-101' develops unknown competency 'negotiation' (not in framework 't')
policy-no-every|11|policy 'refresh': missing required field 'every' (e.g. every = { years = 3 })
no-body|11|competency "planning" has no body; write competency "planning" { ... }
title-not-text|12|competency 'planning': title must be a table of texts by language, e.g. { en = "...", ru = "..." }
bad-language|12|competency 'planning': title has a key that is not a language code (use en, ru, kk, uz, ...)
two-frameworks|11|a second framework ('u') in one model set; the first is 't' at broken/two-frameworks.lua:2 — keep one framework per folder
many-problems|4|framework 't': country must be an ISO 3166 two-letter code such as "KZ"
many-problems|2|framework 't': missing required field 'source'
many-problems|12|unknown key 'grup' in a competency (expected one of: title, description, group, posts, indicators, source)
many-problems|19|assessment 'annual': unknown engine 'essay' for 'qualities' (no such plugin is loaded; see 'merit plugins')
many-problems|17|assessment 'annual': weights sum to 1.4 (qualification 0.7 + qualities 0.7), not 1
many-problems|23|policy 'refresh': missing required field 'require' (e.g. require = { courses = 1 })
raters-bad|21|assessment 'annual': combine must be "weighted", "median" or "trimmed", not 'mode'
raters-bad|22|assessment 'annual': self must be "report" (beside the score, not in it) or "include", not 'average'
raters-bad|23|assessment 'annual': weight of manager raters is -1; it must not be negative
raters-bad|23|assessment 'annual': every role other than self has weight 0; nobody's rating would count
minimums-bad|20|assessment 'annual': a minimum for performance, which the type does not use
minimums-bad|21|assessment 'annual': floor for unknown competency 'leadership' (not in framework 't')
minimums-bad|22|assessment 'annual': fail_band 'excellent' is not one of its bands
gaps-score-bad|20|assessment 'annual': k is how many standard errors a gap must exceed; it cannot be negative
gaps-score-bad|21|assessment 'annual': score must be a function (e) ... return K end
profile-bad|15|profile 'juniors': unknown level 'Z' for planning
profile-bad|19|profile 'seniors' (posts 5-9) overlaps profile 'juniors' (posts 1-6) at broken/profile-bad.lua:13; each post needs at most one
profile-bad|20|profile 'seniors' requires unknown competency 'leadership' (not in framework 't')
profile-bad|21|profile 'seniors': importance of 'ethics', which the profile does not require
EOF
cut -d'|' -f1 "$tmp/expect" | uniq >"$tmp/names"
fixtures=$(wc -l <"$tmp/names")
echo "1..$((fixtures * 2 + 3))"

while read -r name; do
	f=broken/$name.lua
	awk -F'|' -v name="$name" -v f="$f" '
	$1 == name {
		msg = $0
		sub(/^[^|]*\|[^|]*\|/, "", msg)
		print "merit: " f ":" $2 ": " msg
	}' "$tmp/expect" | LC_ALL=C sort >"$tmp/want"
	want=$(wc -l <"$tmp/want")
	if [ ! -f "$f" ]; then
		nok "$name: fixture t/$f is missing"
		nok "$name: (not run)"
		continue
	fi
	run check "$f"
	if [ "$status" -eq 2 ]; then
		ok "$name: exit status 2"
	else
		nok "$name: exit status $status, not 2"
	fi
	LC_ALL=C sort "$tmp/err" >"$tmp/got"
	if cmp -s "$tmp/want" "$tmp/got"; then
		if [ "$want" -eq 1 ]; then
			ok "$name: $(sed 's/^merit: //' "$tmp/want")"
		else
			ok "$name: all $want problems reported, each at its line"
		fi
	else
		nok "$name: expected exactly these $want line(s) on stderr"
		show "$tmp/want"
		echo "# got:"
		show "$tmp/err"
	fi
done <"$tmp/names"

# every fixture has an expectation above
missing=
for f in broken/*.lua; do
	b=${f##*/}
	grep -qx "${b%.lua}" "$tmp/names" || missing="$missing $b"
done
if [ -z "$missing" ]; then
	ok "every t/broken/*.lua has expected messages"
else
	nok "no expected messages for:$missing"
fi

# a valid model set is still valid: the fixtures' framework with nothing wrong
sed -n '2,9p' broken/unknown-key.lua >"$tmp/valid.lua"
run check "$tmp/valid.lua"
if [ "$status" -eq 0 ] &&
    grep -q ': ok (framework t: 0 competencies, 2 levels' "$tmp/out"; then
	ok "the fixtures' framework alone is valid"
else
	nok "the fixtures' framework alone: exit status $status"
	show "$tmp/err"
fi

# A long path (Lua shortens chunk names past 60 characters) must still be
# given whole, and the line must still be the misspelt key's.
long=$tmp/a-folder-with-a-long-name/and-another-one-below-it-to-pass-sixty
mkdir -p "$long" && cp broken/unknown-key.lua "$long/"
run check "$long/unknown-key.lua"
line="merit: $long/unknown-key.lua:14: unknown key 'titel' in a competency (expected one of: title, description, group, posts, indicators, source)"
if [ "$status" -eq 2 ] && grep -Fqx "$line" "$tmp/err" && [ "$(wc -l <"$tmp/err")" -eq 1 ]; then
	ok "a long path is reported whole, at the key's line"
else
	nok "long path: expected $line"
	show "$tmp/err"
fi
