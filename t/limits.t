#!/bin/sh
# One size limit for every input format, as merit(1) gives it: a value
# (a YAML scalar, a CSV cell, a JSON string) of at most 64 KiB and a
# record (a YAML entry, a CSV record, a JSON Lines line, line breaks
# included) of at most 1 MiB. Each format is tried at the limit (taken)
# and one byte over (exit 2 at file:line, the register untouched).
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
PYTHON3=${PYTHON3:-python3}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1" | cut -c1-300; }
run() { "$MERIT" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
echo 1..6

KZ=$srcdir/examples/kz-digital
VALUE=65536
RECORD=1048576

# gen FORMAT what size file: a roster of one person whose position (what
# = value) or personal fields (what = record) make the value or record
# exactly `size` bytes
gen() {
	"$PYTHON3" - "$@" <<'PY'
import json, sys
fmt, what, size, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
VALUE = 65536


def fill(room, sep_cost):
    """Values of at most VALUE bytes whose lengths plus sep_cost each
    add up to room."""
    vals = []
    while room > 0:
        k = min(VALUE, room - sep_cost)
        vals.append(k)
        room -= k + sep_cost
    vals[-1] += -room
    assert all(0 <= v <= VALUE for v in vals), vals
    return vals


if fmt == "yaml":
    if what == "value":
        text = 'persons:\n  - { id: YM-1, post_level: 3, category: official, term: fixed, position: "%s" }\n' % ("x" * size)
    else:
        head = "{ id: YM-1, post_level: 3, category: official, term: fixed, personal: { "
        tail = " } }"
        room = size - len(head) - len(tail) + 2  # the last field has no ", "
        vals = fill(room, len('f00: ""') + 2)
        body = ", ".join('f%02d: "%s"' % (i, "x" * v) for i, v in enumerate(vals))
        entry = head + body + tail
        assert len(entry) == size, (len(entry), size)
        text = "persons:\n  - " + entry + "\n"
elif fmt == "csv":
    if what == "value":
        text = "id,post_level,category,term,position\nCM-1,3,official,fixed,%s\n" % ("x" * size)
    else:
        head = "CM-1,3,official,fixed"
        room = size - len(head) - 1  # the line feed
        vals = fill(room, 1)  # a comma before each
        cols = ",".join("personal.f%02d" % i for i in range(len(vals)))
        row = head + "".join("," + "x" * v for v in vals) + "\n"
        assert len(row) == size
        text = "id,post_level,category,term," + cols + "\n" + row
else:
    if what == "value":
        text = json.dumps({"id": "JM-1", "post_level": 3, "category": "official",
                           "term": "fixed", "position": "x" * size}) + "\n"
    else:
        base = {"id": "JM-1", "post_level": 3, "category": "official", "term": "fixed",
                "personal": {}}
        empty = len(json.dumps(base)) + 1
        one = len(json.dumps({"f00": ""})) - 2 + 2  # "f00": "" and ", "
        vals = fill(size - empty + 2, one)
        base["personal"] = {"f%02d" % i: "x" * v for i, v in enumerate(vals)}
        text = json.dumps(base) + "\n"
        assert len(text) == size, (len(text), size)
open(path, "w").write(text)
PY
}

# try FORMAT what: the limit taken, one more byte refused at line 2 (YAML,
# CSV) or 1 (JSON Lines)
try() {
	fmt=$1 what=$2 size=$3 line=$4 msg=$5
	f=$tmp/roster.$fmt
	gen "$fmt" "$what" "$size" "$f"
	db=$tmp/$fmt-$what.db
	run import --db "$db" "$KZ" "$f"
	a=$status
	sqlite3 "$db" .dump >"$tmp/before"
	gen "$fmt" "$what" $((size + 1)) "$f"
	run import --db "$db" "$KZ" "$f"
	sqlite3 "$db" .dump >"$tmp/after"
	if [ $a -eq 0 ] && [ $status -eq 2 ] && grep -q "roster.$fmt:$line: .*$msg" "$tmp/err" &&
	   cmp -s "$tmp/before" "$tmp/after"; then
		ok "$fmt: a $what of $size bytes is taken, one of $((size + 1)) refused at line $line"
	else
		nok "$fmt $what ($a $status)"; show "$tmp/err"
	fi
}

try yaml value $VALUE 2 "a value of 65537 bytes; at most 65536 bytes (64 KiB) per value"
try yaml record $RECORD 2 "an entry of 1048577 characters; at most 1048576 (1 MiB) per entry"
try csv value $VALUE 2 "position: a value of 65537 bytes; at most 65536 bytes (64 KiB) per value"
try csv record $RECORD 2 "a record of more than 1048576 bytes (1 MiB)"
try jsonl value $VALUE 1 "position: a value of 65537 bytes; at most 65536 bytes (64 KiB) per value"
try jsonl record $RECORD 1 "a line of 1048577 bytes; at most 1048576 bytes (1 MiB) per record"
