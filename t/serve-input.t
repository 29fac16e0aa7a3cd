#!/bin/sh
# merit serve refuses a request target it cannot read with 400 and a JSON
# error: bytes that are not UTF-8 (RFC 3629: overlong forms, surrogates,
# code points beyond U+10FFFF, cut sequences, stray continuation bytes),
# raw or percent-encoded, in the path or the query; bad percent escapes;
# NUL; a query parameter given twice; a malformed agency value.
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
export srcdir
PYTHONPATH="$srcdir/t${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" - <<'PY'
import json, socket, tempfile
from apiclient import Tap, Server, workspace, token, sql

t = Tap()
tmp = tempfile.mkdtemp()
conf, db = workspace(tmp, ("kz-digital",))
A = "kz-digital"
tok = token(db, A, "reader")
srv = Server(db, conf)
P = sql(db, "select id from person where agency = '%s' order by id limit 1" % A)
person = "/v1/agencies/%s/persons/%s" % (A, P)


def ask(target):
    """Send target raw (bytes); (status, JSON body) or (None, why)."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    s.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + tok.encode() + b"\r\nConnection: close\r\n\r\n")
    data = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError as e:
        return None, str(e)
    finally:
        s.close()
    if b"\r\n\r\n" not in data:
        return None, "no answer"
    head, body = data.split(b"\r\n\r\n", 1)
    try:
        return int(head.split()[1]), json.loads(body)
    except ValueError:
        return int(head.split()[1]), body


# byte sequences that are not UTF-8
bad = [
    (b"\xc0\xaf", "overlong 2-byte '/'"),
    (b"\xc1\xbf", "overlong 2-byte (C1)"),
    (b"\xe0\x80\xaf", "overlong 3-byte"),
    (b"\xf0\x80\x80\xaf", "overlong 4-byte"),
    (b"\xed\xa0\x80", "high surrogate U+D800"),
    (b"\xed\xbf\xbf", "low surrogate U+DFFF"),
    (b"\xf4\x90\x80\x80", "beyond U+10FFFF"),
    (b"\xf5\x80\x80\x80", "lead byte F5"),
    (b"\xc3", "2-byte sequence cut"),
    (b"\xe2\x82", "3-byte sequence cut"),
    (b"\xf0\x9f\x98", "4-byte sequence cut"),
    (b"\xe2\x82x", "3-byte sequence cut by ASCII"),
    (b"\x80", "bare continuation byte 80"),
    (b"\xbf\xbf", "bare continuation bytes BF BF"),
    (b"\xfe", "byte FE"),
    (b"\xff", "byte FF"),
]


def pct(b):
    return "".join("%%%02X" % c for c in b).encode()


shapes = []
for raw, what in bad:
    shapes.append((raw, what + ", raw"))
    shapes.append((pct(raw), what + ", percent-encoded"))
escapes = [(b"%zz", "%zz"), (b"%4", "a cut escape %4"), (b"%", "a lone %"),
           (b"%g0", "%g0"), (b"%00", "an encoded NUL %00")]

places = [
    (lambda x: person.encode() + x, "in a path segment"),
    (lambda x: b"/nowhere/" + x, "in the path of no route"),
    (lambda x: person.encode() + b"/results?assessment=A1" + x, "in a query value"),
    (lambda x: person.encode() + b"/results?as" + x + b"=1", "in a query name"),
]
for place, where in places:
    fails = []
    for b, what in shapes + escapes:
        st, body = ask(place(b))
        if not (st == 400 and isinstance(body, dict) and body.get("code") == 400
                and body.get("message")):
            fails.append("%s: %s %s" % (what, st, body))
    t.ok(not fails, "%d bad targets %s: each 400 with a JSON error"
         % (len(shapes + escapes), where), "\n".join(fails))

st, body = ask(person.encode() + b"/results?assessment=A1" + b"%C3")
t.ok(st == 400 and "assessment" in body["message"] and "UTF-8" in body["message"],
     "the message names the parameter and says UTF-8", body)
st, body = ask(person.encode() + b"/results?assessment=%zz")
t.ok(st == 400 and "%25" in body["message"], "a bad escape: the message says how "
     "to write a '%'", body)

# good text still passes: UTF-8 raw and encoded, '+' and %20
st, body = ask(person.encode() + "/results?assessment=A1".encode())
t.ok(st == 200, "a plain query: 200", (st, body))
st, body = ask("/v1/agencies/kz-digital/persons/Жанна".encode())
t.ok(st == 404 and "Жанна" in body["message"], "a UTF-8 path: read, 404 naming it", (st, body))
st, body = ask(b"/v1/agencies/kz-digital/persons/%D0%96%D0%B0")
t.ok(st == 404 and "Жа" in body["message"], "percent-encoded UTF-8: read, 404 naming it", (st, body))
long_name = ("Ж" * 150).encode()
st, body = ask(b"/v1/agencies/kz-digital/persons/" + long_name)
t.ok(st == 404 and isinstance(body, dict), "a long UTF-8 id the message cuts: still "
     "a JSON answer", (st, body))

# a parameter given twice
for q, name in [(b"?agency=kz-digital&agency=other", "agency"),
                (b"?agency=kz-digital&agency=kz-digital", "agency"),
                (b"?assessment=A1&assessment=A5", "assessment"),
                (b"?assessment=A1&as%73essment=A1", "assessment")]:
    st, body = ask(person.encode() + b"/results" + q)
    t.ok(st == 400 and "'%s'" % name in body["message"] and "more than once" in body["message"],
         "%s: 400 naming %s" % (q.decode(), name), (st, body))

# the agency of the query
for q, what in [(b"?agency=", "empty"), (b"?agency", "no value"),
                (b"?agency=%zz", "a bad escape"), (b"?agency=%C3", "not UTF-8"),
                (b"?agency=" + b"k" * 300, "too long"),
                (b"?agency=kz%20digital", "a space"),
                (b"?agency=kz%09digital", "a tab")]:
    st, body = ask(person.encode() + b"/results" + q)
    t.ok(st == 400 and "agency" in body["message"], "agency %s: 400" % what, (st, body))
st, body = ask(person.encode() + b"/results?agency=kz-digital")
t.ok(st == 200, "agency the caller's: 200", (st, body))
st, body = ask(person.encode() + b"/results?agency=kz-360")
t.ok(st == 403, "agency another's: 403", (st, body))

st, body = ask(b"/healthz")
t.ok(st == 200, "the server still serves")
t.ok(srv.stop() == 0, "and stops cleanly")
t.done()
PY
