#!/bin/sh
# Malformed plugins (t/plugins/malformed.c, one defect each, and the
# defective ones of t/plugins/testplug.c) are refused with their reason,
# never a crash: 'merit plugins' lists each refusal, and 'merit check'
# and 'merit assess' on an agency that names one exit 2 with that reason
# and leave the register as it was. Exit 2 exactly: a crash would be a
# status above 128 (a signal), valgrind's would be 99.
MERIT=${MERIT:-./merit}
PLUGDIR=${PLUGDIR:-t/plugins/.libs}
srcdir=${srcdir:-.}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
# this merit's ABI, as the malformed plugins were built against it
abi=1.$(sed -n 's/^#define MERIT_ABI_MINOR //p' "$srcdir/core/include/merit/plugin.h")

# name | how an agency names it | a phrase of the reason it is refused for
cat >"$tmp/table" <<EOF_TABLE
expasengine|engine|bytes is an exporter's table: was it declared as kind engine by mistake?
expasscorer|scorer|bytes is an exporter's table: was it declared as kind scorer by mistake?
engasexporter|exporter|bytes is an engine's or a scorer's table: was it declared as kind exporter by mistake?
nullops|engine|descriptor has no operations table (ops is NULL): an engine needs a struct merit_engine_ops
wildops|engine|its operations table (at 0x18) is not in the memory of any loaded object
oddops|engine|) is not aligned for one
nomeasure|engine|its engine operations table has no measure() (it is NULL)
datameasure|engine|its engine operations table's measure() points at
noscore|scorer|its scorer operations table has no score() (it is NULL)
nowrite|exporter|its exporter operations table has no write() (it is NULL)
noextension|exporter|its exporter operations table has no extension (it is NULL)
shortops|engine|its operations table is 4 bytes, but an engine's is
hugeops|engine|its operations table is 4294967295 bytes, but an engine's is
shortdesc|exporter|descriptor is 8 bytes, smaller than ABI $abi's
hugedesc|exporter|descriptor claims 1073741824 bytes, but ABI $abi's is
noname|exporter|descriptor has no name (it is NULL)
wildname|exporter|descriptor's name (at 0x10) is not a string of at most 255 bytes in a loaded object's memory
nosummary|engine|descriptor has no summary (it is NULL)
nulldesc|exporter|merit_plugin() returned no descriptor
wilddesc|exporter|merit_plugin() returned 0x20, which is not in the memory of any loaded object
odddesc|exporter|which is not aligned for a descriptor
badmajor|engine|built for plugin ABI 2.${abi#1.}, but this merit speaks ABI $abi
newminor|engine|built for plugin ABI 1.99, newer than this merit's $abi
misnamed|engine|calls itself 'other' but its file is 'misnamed.so'
badkind|exporter|unknown kind 7 (expected engine = 1, scorer = 2 or exporter = 3)
nosymbol|engine|no 'merit_plugin' symbol: not a merit plugin
EOF_TABLE
count=$(wc -l <"$tmp/table")
echo "1..$((count * 3 + 3))"

mkdir "$tmp/plug" || exit 1
while IFS='|' read -r name how phrase; do
	cp "$PLUGDIR/$name.so" "$tmp/plug/" || { echo "Bail out! $name.so not built"; exit 1; }
done <"$tmp/table"
chmod 755 "$tmp/plug"/*.so

# 'merit plugins': every one refused, with its reason, and no crash
"$MERIT" plugins --plugin-path "$tmp/plug" >"$tmp/out" 2>&1
status=$?
[ $status -eq 1 ] && ok "merit plugins exits 1 for refusals, not by a signal" ||
	{ nok "merit plugins exit status $status, expected 1"; show "$tmp/out"; }
while IFS='|' read -r name how phrase; do
	grep -F "$tmp/plug/$name.so: " "$tmp/out" | grep -qF -- "$phrase" &&
		ok "merit plugins: $name.so refused: $phrase" ||
		{ nok "merit plugins: $name.so: expected '$phrase'"; show "$tmp/out"; }
done <"$tmp/table"

# A register written by a good run, to see that a refused run leaves it.
cp -r "$srcdir/examples/kz-digital" "$tmp/base" || exit 1
"$MERIT" assess --quiet --db "$tmp/reg.db" "$tmp/base" >"$tmp/out" 2>&1 ||
	{ echo "Bail out! the example agency does not assess"; show "$tmp/out"; exit 1; }
sum=$(cksum <"$tmp/reg.db")

# An agency naming NAME the way a plugin of that kind is named: an
# engine by the assessment its script declares, a scorer by 'scorer:',
# an exporter by 'exporters:'.
agency_naming() { # name, how -> $tmp/ag
	rm -rf "$tmp/ag" && cp -r "$tmp/base" "$tmp/ag" || exit 1
	case $2 in
	engine)
		cat >"$tmp/ag/probe.lua" <<EOF_LUA
assessment "PROBE" {
  title = { en = "an assessment measured by $1" },
  elements = { qualification = { weight = 1, engine = "$1" } },
  bands = { { min = 0, label = "any" } },
}
EOF_LUA
		sed -i -e 's|^scripts: \[\(.*\)\]|scripts: [\1, ./probe.lua]|' \
		    -e 's|^assessment: .*|assessment: PROBE|' "$tmp/ag/agency.yaml" ;;
	scorer) echo "scorer: $1" >>"$tmp/ag/agency.yaml" ;;
	exporter) sed -i "s|^exporters: .*|exporters: [$1]|" "$tmp/ag/agency.yaml" ;;
	esac
}

# exit 2, the refusal's reason in the message, the register as it was
expect_refused() { # command, name, phrase
	status=$?
	if [ $status -ne 2 ]; then
		nok "merit $1 on an agency naming $2: exit status $status, expected 2"
		show "$tmp/err"
	elif ! grep -F "$tmp/plug/$2.so was refused: " "$tmp/err" | grep -qF -- "$3"; then
		nok "merit $1 on an agency naming $2: the reason is not given"
		show "$tmp/err"
	elif [ "$(cksum <"$tmp/reg.db")" != "$sum" ]; then
		nok "merit $1 on an agency naming $2 changed the register"
	else
		ok "merit $1 on an agency naming $2 ($3): exit 2 with the reason"
	fi
}

while IFS='|' read -r name how phrase; do
	agency_naming "$name" "$how"
	"$MERIT" check --plugin-path "$tmp/plug" "$tmp/ag" >/dev/null 2>"$tmp/err" </dev/null
	expect_refused check "$name" "$phrase"
	"$MERIT" assess --quiet --db "$tmp/reg.db" --plugin-path "$tmp/plug" "$tmp/ag" \
	    >/dev/null 2>"$tmp/err" </dev/null
	expect_refused assess "$name" "$phrase"
done <"$tmp/table"

# the probe agency is sound: with the real engine it assesses
agency_naming qualification engine
"$MERIT" check "$tmp/ag" >"$tmp/out" 2>&1 && ok "the probe agency checks with a sound engine" ||
	{ nok "the probe agency does not check with a sound engine"; show "$tmp/out"; }
"$MERIT" assess --quiet --db "$tmp/probe.db" "$tmp/ag" >"$tmp/out" 2>&1 &&
	ok "the probe agency assesses with a sound engine" ||
	{ nok "the probe agency does not assess with a sound engine"; show "$tmp/out"; }
exit $fail
