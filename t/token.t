#!/bin/sh
# merit token: a token is printed once and kept only as a hash; list shows
# no secret; revoke is idempotent; bad input is refused with exit 2 and
# leaves the register as it was; create and revoke are audit entries.
MERIT=${MERIT:-./merit}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
dump() { sqlite3 "$db" .dump >"$1"; }
db=$tmp/t.db
re='^mrt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$'
echo 1..32

# create: the token alone on stdout, a note on stderr
run token create --db "$db" --agency kz-digital --role assessor --label "field tablets"
tok=$(cat "$tmp/out")
[ $status -eq 0 ] && [ "$(wc -l <"$tmp/out")" -eq 1 ] && grep -Eq "$re" "$tmp/out" &&
	ok "create prints one token, mrt_ID_SECRET" || { nok "create ($status)"; show "$tmp/out"; show "$tmp/err"; }
grep -q 'not shown again' "$tmp/err" && ! grep -qF "$tok" "$tmp/err" &&
	ok "  ... and says on stderr it is not shown again, without repeating it" || { nok "create note"; show "$tmp/err"; }
id=$(printf %s "$tok" | cut -c5-16)
secret=$(printf %s "$tok" | cut -c18-)
[ "$(sqlite3 "$db" 'pragma user_version')" = 7 ] &&
	[ "$(sqlite3 "$db" "select agency || ' ' || role || ' ' || label from token where id = '$id'")" = "kz-digital assessor field tablets" ] &&
	ok "the register is made and holds the token's id, agency, role, label" || nok "register row"
! grep -q 'not in the register' "$tmp/err" && ok "no warning while the register has no agency" || nok "early warning"

dump "$tmp/d1.sql"
[ ${#secret} -eq 43 ] && ! grep -qF "$secret" "$tmp/d1.sql" && ! grep -qF "$(printf %s "$secret" | cut -c1-16)" "$tmp/d1.sql" &&
	ok "the whole register (.dump) holds no copy of the secret" || nok "secret in the register"
[ "$(sqlite3 "$db" "select length(hash) from token where id = '$id'")" = 32 ] &&
	ok "  ... only a 32-byte hash" || nok "hash length"

run token create --db "$db" --agency kz-digital --role admin
tok2=$(cat "$tmp/out")
id2=$(printf %s "$tok2" | cut -c5-16)
[ $status -eq 0 ] && grep -Eq "$re" "$tmp/out" && [ "$tok2" != "$tok" ] && [ "$id2" != "$id" ] &&
	ok "a second token, without a label, differs" || nok "second create ($status)"

# an agency not in the register: a warning, the token made all the same
sqlite3 "$db" "insert into agency(id, config_hash, updated_at) values ('kz-digital', 'x', '2025-01-01T00:00:00Z')"
run token create --db "$db" --agency uz-adps --role reader
tok3=$(cat "$tmp/out")
[ $status -eq 0 ] && grep -Eq "$re" "$tmp/out" && grep -qF 'agency uz-adps is not in the register yet' "$tmp/err" &&
	ok "an agency the register does not know: warned, made" || { nok "unknown agency ($status)"; show "$tmp/err"; }
run token create --db "$db" --agency kz-digital --role integrator --label "HR system"
tok4=$(cat "$tmp/out")
[ $status -eq 0 ] && ! grep -q 'not in the register' "$tmp/err" &&
	ok "an agency the register knows: no warning" || { nok "known agency ($status)"; show "$tmp/err"; }

# list: ids, agencies, roles, labels; never a secret or a hash
run token list --db "$db"
[ $status -eq 0 ] && grep -Eq "^$id +kz-digital +assessor +field tablets +[0-9T:-]+Z +-$" "$tmp/out" &&
	grep -Eq "^$id2 +kz-digital +admin +- " "$tmp/out" && grep -q "uz-adps *reader" "$tmp/out" &&
	[ "$(wc -l <"$tmp/out")" -eq 5 ] &&
	ok "list: a header and one row per token with id, agency, role, label" || { nok "list ($status)"; show "$tmp/out"; }
found=0
for t in "$tok" "$tok2" "$tok3" "$tok4"; do
	s=$(printf %s "$t" | cut -c18-)
	grep -qF "$s" "$tmp/out" && found=1
done
hex=$(sqlite3 "$db" "select lower(hex(hash)) from token where id = '$id'")
[ $found -eq 0 ] && ! grep -qi "$(printf %s "$hex" | cut -c1-16)" "$tmp/out" &&
	ok "  ... without any secret or hash" || nok "list shows a secret or hash"
run token list --db "$db" --agency kz-digital --format json
[ $status -eq 0 ] && [ "$(grep -c '"id":' "$tmp/out")" -eq 3 ] && grep -q '"role": "integrator"' "$tmp/out" &&
	grep -q '"label": null' "$tmp/out" && grep -q '"revoked_at": null' "$tmp/out" && ! grep -q uz-adps "$tmp/out" &&
	! grep -qF "$secret" "$tmp/out" && ! grep -q '"hash"' "$tmp/out" &&
	ok "list --agency --format json: that agency's tokens, no secret, no hash" || { nok "list json ($status)"; show "$tmp/out"; }
run token list --db "$db" --format yaml
[ $status -eq 2 ] && grep -q "use table or json" "$tmp/err" && ok "list --format yaml: exit 2" || nok "list format ($status)"

# revoke: revoked_at set, once
run token revoke --db "$db" "$id"
[ $status -eq 0 ] && [ -n "$(sqlite3 "$db" "select revoked_at from token where id = '$id'")" ] &&
	[ -z "$(sqlite3 "$db" "select revoked_at from token where id = '$id2'")" ] &&
	ok "revoke marks revoked_at of that token only" || { nok "revoke ($status)"; show "$tmp/err"; }
dump "$tmp/d2.sql"
run token revoke --db "$db" "$id"
dump "$tmp/d3.sql"
[ $status -eq 0 ] && cmp -s "$tmp/d2.sql" "$tmp/d3.sql" && grep -q 'revoked already' "$tmp/err" &&
	ok "revoking twice: exit 0, the register unchanged" || { nok "revoke twice ($status)"; show "$tmp/err"; }
run token revoke --db "$db" "$tok2"
[ $status -eq 0 ] && [ -n "$(sqlite3 "$db" "select revoked_at from token where id = '$id2'")" ] &&
	! grep -qF "$(printf %s "$tok2" | cut -c18-)" "$tmp/out" "$tmp/err" &&
	ok "revoke takes a whole token, and does not echo it" || { nok "revoke by token ($status)"; show "$tmp/err"; }
run token list --db "$db" --format json
[ "$(grep -c '"revoked_at": "20' "$tmp/out")" -eq 2 ] && ok "list shows when tokens were revoked" || { nok "list revoked"; show "$tmp/out"; }
dump "$tmp/d4.sql"
run token revoke --db "$db" 000000000000
dump "$tmp/d5.sql"
[ $status -eq 1 ] && grep -q 'no token has the id 000000000000' "$tmp/err" && cmp -s "$tmp/d4.sql" "$tmp/d5.sql" &&
	ok "revoke of an unknown id: exit 1, nothing written" || { nok "revoke unknown ($status)"; show "$tmp/err"; }
run token revoke --db "$db" "mrt_0123_secretsecret"
[ $status -eq 2 ] && grep -q 'expected a token id (12 lowercase hex digits' "$tmp/err" && ! grep -q secretsecret "$tmp/err" &&
	ok "revoke of something not an id: exit 2, the argument not echoed" || { nok "revoke malformed ($status)"; show "$tmp/err"; }

# bad input: exit 2, a message saying what is expected, register unchanged
bad() { # WHAT EXPECTED-MESSAGE ARGS...
	what=$1 msg=$2
	shift 2
	run token create --db "$db" "$@"
	dump "$tmp/after.sql"
	if [ $status -eq 2 ] && grep -qF -- "$msg" "$tmp/err" && cmp -s "$tmp/d5.sql" "$tmp/after.sql" && [ ! -s "$tmp/out" ]; then
		ok "$what: exit 2, register unchanged"
	else
		nok "$what ($status)"; show "$tmp/out"; show "$tmp/err"
	fi
}
bad "an unknown role" "merit token: --role 'boss': expected one of admin, methodologist, assessor, reader, integrator" \
	--agency kz-digital --role boss
bad "an agency with a space" "merit token: --agency 'kz digital': expected the agency's id, 1 to 127 characters" \
	--agency "kz digital" --role reader
bad "an empty agency" "merit token: --agency '': expected" --agency "" --role reader
bad "an agency of 128 bytes" "expected the agency's id" \
	--agency "$(printf '%0128d' 0)" --role reader
bad "a label with a line break" "merit token: --label: expected at most 127 bytes of UTF-8 text without control characters" \
	--agency kz-digital --role reader --label "$(printf 'two\nlines')"
bad "a label over 127 bytes" "merit token: --label: expected at most 127 bytes" \
	--agency kz-digital --role reader --label "$(printf '%0128d' 0)"
bad "no --role" "merit token: create needs --agency ID and --role ROLE" --agency kz-digital

run token create --db "$tmp/none.db" --agency kz-digital --role boss
[ $status -eq 2 ] && [ ! -e "$tmp/none.db" ] && ok "bad input makes no register" || nok "register made on bad input"

# the audit log: intact, the entries there, the secrets not
run audit verify --db "$db"
[ $status -eq 0 ] && grep -q 'audit log intact: 6 entries' "$tmp/out" &&
	ok "merit audit verify: intact after 4 creates and 2 revokes" || { nok "audit verify ($status)"; show "$tmp/out"; show "$tmp/err"; }
run audit show --db "$db"
leak=0
for t in "$tok" "$tok2" "$tok3" "$tok4"; do
	grep -qF "$(printf %s "$t" | cut -c18-)" "$tmp/out" && leak=1
done
[ "$(grep -c " token-create kz-digital: token [0-9a-f]*, role " "$tmp/out")" -eq 3 ] &&
	grep -qF "token-create uz-adps: token " "$tmp/out" &&
	grep -qF "token-revoke kz-digital: token $id, role assessor" "$tmp/out" &&
	! grep -qF "field tablets" "$tmp/out" && [ $leak -eq 0 ] &&
	ok "the log has token-create and token-revoke entries, no secret, no label" || { nok "audit entries"; show "$tmp/out"; }

# usage
help_ok=1
run token --help
[ $status -eq 0 ] && grep -q 'merit token create' "$tmp/out" && grep -q 'merit token revoke' "$tmp/out" &&
	grep -q 'merit token list' "$tmp/out" || help_ok=0
for c in create revoke list; do
	run token $c --help
	[ $status -eq 0 ] && grep -q "^usage: merit token $c" "$tmp/out" || help_ok=0
done
[ $help_ok -eq 1 ] && ok "--help on token and each of its commands" || nok "help"
run token
s1=$status
run token frob
[ $s1 -eq 2 ] && [ $status -eq 2 ] && grep -qF "unknown command 'frob'; say create, revoke or list" "$tmp/err" &&
	ok "token without a command or with an unknown one: exit 2" || nok "token usage ($s1 $status)"
run token list --db "$tmp/none.db"
[ $status -eq 2 ] && grep -q 'no register there' "$tmp/err" && ok "list without a register: exit 2" || nok "list no register ($status)"
