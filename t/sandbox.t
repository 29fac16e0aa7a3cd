#!/bin/sh
# The Lua sandbox against hostile model scripts. Each script in t/hostile
# must be stopped with a clear message naming its file (and line, where
# one is known), with exit status 2 rather than a signal, and in bounded
# time. A well-behaved script must still pass, the same way every run.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
# Seconds a fixture may take, and after which it counts as hung. A run
# under valgrind (MERIT_WRAP) is many times slower.
if [ -n "${MERIT_WRAP:-}" ]; then
	limit=${MERIT_TIME_LIMIT:-200} hang=${MERIT_HANG_LIMIT:-600}
else
	limit=${MERIT_TIME_LIMIT:-20} hang=${MERIT_HANG_LIMIT:-60}
fi
budget=20000000
# The time limit of a file: generous for fixtures meant to be stopped by
# something else, short for those only the clock can stop.
if [ -n "${MERIT_WRAP:-}" ]; then slow=150; else slow=30; fi
clock=2
hostile=$srcdir/t/hostile
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
if command -v timeout >/dev/null 2>&1; then
	bounded() { timeout "$hang" "$@"; }
else
	bounded() { "$@"; }
fi
# run ARGS...: merit under the hang bound; sets status and secs
run() {
	t0=$(date +%s)
	bounded "$MERIT" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	status=$?
	secs=$(($(date +%s) - t0))
}
# has FILE LINE PHRASE: a line of stderr names FILE (a path ending in it)
# followed by LINE (a number; N for any; - for none) and holds PHRASE.
has() {
	awk -v loc="$1:" -v line="$2" -v phrase="$3" '
	{
		i = index($0, loc)
		if (!i)
			next
		rest = substr($0, i + length(loc))
		if (line == "-") {
			if (rest !~ /^ /)
				next
		} else if (line == "N") {
			if (rest !~ /^[0-9]+: /)
				next
		} else if (index(rest, line ": ") != 1) {
			next
		}
		if (index(rest, phrase))
			found = 1
	}
	END { exit !found }' "$tmp/err"
}
# check NAME FILE LINE PHRASE [SECONDS]: three tests on one hostile script
check() {
	run check --lua-instructions "$budget" --lua-seconds "${5:-$slow}" "$2"
	if [ "$status" -eq 2 ]; then
		ok "$1: exit status 2"
	elif [ "$status" -eq 124 ]; then
		nok "$1: hung; killed after ${hang}s"
	elif [ "$status" -gt 128 ]; then
		nok "$1: killed by signal $((status - 128))"
	else
		nok "$1: exit status $status, not 2"
	fi
	if has "hostile/$1.lua" "$3" "$4"; then
		ok "$1: stopped: $4"
	else
		nok "$1: expected hostile/$1.lua:$3: ... $4"
		show "$tmp/err"
	fi
	if [ "$secs" -le "$limit" ]; then
		ok "$1: stopped in ${secs}s"
	else
		nok "$1: took ${secs}s (limit ${limit}s)"
	fi
}

# name | line (N: any line; -: none) | what the message must say |
# the time limit in seconds, when not the generous one
cat >"$tmp/expect" <<'EOF'
loop|N|script stopped: instruction budget of 20000000 exceeded
pcall-loop|N|script stopped: instruction budget of 20000000 exceeded
pcall-retry|N|script stopped: instruction budget of 20000000 exceeded
xpcall-handler|N|script stopped: instruction budget of 20000000 exceeded
coroutine-loop|N|script stopped: instruction budget of 20000000 exceeded
coroutine-spin|N|script stopped: instruction budget of 20000000 exceeded
coroutine-self|N|script stopped: instruction budget of 20000000 exceeded
coroutine-nest|N|stack overflow
tail-call|N|script stopped: instruction budget of 20000000 exceeded
close|N|script stopped: instruction budget of 20000000 exceeded
memory|N|script stopped: memory cap of 64 MiB exceeded
memory-retry|N|script stopped: memory cap of 64 MiB exceeded
string-rep|2|string.rep would build 1073741824 bytes, over the 16 MiB limit
string-rep-empty|2|string.rep would repeat 1099511627776 times, over the limit of 16777216
pattern|3|pattern too costly for a model script (subject of 5000 bytes, 6 repetition operators)
pattern-balance|3|pattern too costly for a model script (subject of 1000000 bytes, 0 repetition operators and 1 balances (%b) or back-references)
find-plain|3|string.find: search too costly for a model script (subject of 16000000 bytes, looking for 1000001 bytes)
gsub-many|4|script stopped: instruction budget of 20000000 exceeded in string.gsub (library functions count the data they work through)
find-loop|5|script stopped: time limit of 2 s exceeded|2
compare-loop|7|script stopped: time limit of 2 s exceeded|2
table-move|2|table.move would go through 1099511627776 elements, over the limit of 16777216 for one call
table-insert|3|table.insert would go through 1099511627777 elements, over the limit of 16777216 for one call
table-remove|3|table.remove would go through 1099511627776 elements, over the limit of 16777216 for one call
pattern-malformed|3|malformed pattern (missing ']')
recursion|3|stack overflow
io-open|2|'io' is not available in model scripts
os-execute|2|'os' is not available in model scripts
require|2|'require' is not available in model scripts
load|2|'load' is not available in model scripts
dofile|2|'dofile' is not available in model scripts
collectgarbage|2|'collectgarbage' is not available in model scripts
print|2|'print' is not available in model scripts
string-meta|3|attempt to index a boolean value
gc|2|finalizers (__gc) are not allowed in model scripts
error-object|5|script raised an error object (a table value) instead of a message
redefine-framework|2|cannot redefine built-in 'framework'
redefine-competency|2|cannot redefine built-in 'competency'
env-metatable|2|cannot change a protected metatable
randomseed|2|math.randomseed needs a seed
EOF
fixtures=$(wc -l <"$tmp/expect")
echo "1..$((fixtures * 3 + 1 + 3 + 3 + 3 + 2 + 2))"

while IFS='|' read -r name line phrase seconds; do
	if [ -f "$hostile/$name.lua" ]; then
		check "$name" "$hostile/$name.lua" "$line" "$phrase" "$seconds"
	else
		nok "$name: fixture $hostile/$name.lua is missing"
		nok "$name: (not run)"
		nok "$name: (not run)"
	fi
done <"$tmp/expect"

# every fixture has an expectation above
missing=
for f in "$hostile"/*.lua; do
	b=${f##*/}
	grep -q "^${b%.lua}|" "$tmp/expect" || missing="$missing ${b}"
done
if [ -z "$missing" ]; then
	ok "every t/hostile/*.lua has an expected message"
else
	nok "no expected message for:$missing"
fi

# bytecode, made here: only its first byte tells Lua it is precompiled
mkdir "$tmp/hostile"
printf '\033LuaT\000\031\223\r\n\032\n' >"$tmp/hostile/bytecode.lua"
check bytecode "$tmp/hostile/bytecode.lua" - \
	"precompiled Lua (bytecode) is not accepted; give the source text"

# Tens of thousands of unknown keys in a file with a long tail: the
# validator, which runs after the script and outside its budget, must not
# spend minutes on them.
{
	echo '-- many unknown keys, and a long text for the validator to search'
	echo 'framework { id = "t", country = "KZ", version = "1", title = "T", source = "s" }'
	echo 'local body = { title = "C" }'
	echo 'for i = 1, 50000 do body["k" .. i] = true end'
	echo 'competency "c" (body)'
	i=0
	while [ $i -lt 1500 ]; do
		echo "-- padding padding padding padding padding padding padding"
		i=$((i + 1))
	done
} >"$tmp/hostile/key-flood.lua"
check key-flood "$tmp/hostile/key-flood.lua" N "unknown key 'k"

# An agency whose score function compares two long strings forever,
# inside pcall: each person's call is stopped by its 2 s time limit (the
# first three; stopped that often in a row, the function is given up for
# the rest), and merit check says so.
cp -r "$srcdir/examples/kr-scs" "$tmp/hostile/score-spin"
chmod -R u+w "$tmp/hostile/score-spin"
awk '/^local function pass_at_mean\(e\)$/ {
	print "local long_a = string.rep(\"x\", 8000000)"
	print "local long_b = long_a:sub(1, -2) .. \"y\""
	print "local function spin()"
	print "  while true do if long_a == long_b then break end end"
	print "end"
	print
	print "  pcall(spin)"
	next
} { print }' "$srcdir/examples/kr-scs/assessment-centre.lua" \
	>"$tmp/hostile/score-spin/assessment-centre.lua"
run check --lua-instructions "$budget" --lua-seconds "$slow" "$tmp/hostile/score-spin"
if [ "$status" -eq 2 ]; then
	ok "score-spin: exit status 2"
else
	nok "score-spin: exit status $status, not 2"
fi
if has "score-spin/assessment-centre.lua" N "script stopped: time limit of 2 s exceeded"; then
	ok "score-spin: stopped by the score function's time limit"
else
	nok "score-spin: expected assessment-centre.lua:N: script stopped: time limit of 2 s exceeded"
	show "$tmp/err"
fi
if [ "$secs" -le "$limit" ]; then
	ok "score-spin: stopped in ${secs}s"
else
	nok "score-spin: took ${secs}s (limit ${limit}s)"
fi

# one file replaces string.upper; the next file of the set must not get it
run check --lua-instructions "$budget" --lua-seconds "$slow" "$hostile/string-leak"
if [ "$status" -eq 0 ] || [ "$status" -eq 2 ]; then
	ok "string-leak: exit status $status, no crash"
else
	nok "string-leak: exit status $status"
fi
if grep -q "b-use.lua" "$tmp/err"; then
	nok "string-leak: a replaced string.upper reached the next file"
	show "$tmp/err"
else
	ok "string-leak: a replaced string.upper stays in its own file"
fi

# a well-behaved script passes, and declares the same thing every run
good=$srcdir/t/fixtures/well-behaved.lua
run check --lua-instructions "$budget" --lua-seconds "$slow" "$good"
cp "$tmp/out" "$tmp/out1"
if [ "$status" -eq 0 ] && grep -q ': ok (framework sandbox-ok: [0-9]* competencies' "$tmp/out"; then
	ok "a well-behaved script using string, table, math and utf8 passes"
else
	nok "well-behaved script: exit status $status"
	show "$tmp/err"
fi
run check --lua-instructions "$budget" --lua-seconds "$slow" "$good"
if [ "$status" -eq 0 ] && cmp -s "$tmp/out1" "$tmp/out"; then
	ok "math.random is deterministic: a second run declares the same"
else
	nok "second run differs (exit status $status)"
	show "$tmp/out1"
	show "$tmp/out"
fi
