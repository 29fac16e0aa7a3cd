#!/bin/sh
# merit serve: a real server on 127.0.0.1 driven over raw sockets. What it
# must answer comes from RFC 9112 and the limits merit(1) documents (16 KiB
# of head, 8 KiB of target), not from its own output.
MERIT=${MERIT:-./merit}
PY=${PYTHON3:-python3}
tmp=$(mktemp -d) || exit 1
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
if ! command -v "$PY" >/dev/null; then
	echo "1..0 # SKIP python3 is needed"; exit 0
fi
port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
srcdir=${srcdir:-.}
"$MERIT" serve --listen 127.0.0.1:$port --body-max 64 --head-timeout 1 \
	--db "$tmp/r.db" --config "$srcdir/examples/kz-digital" 2>"$tmp/log" &
pid=$!
"$PY" - "$port" "$pid" <<'PY'
import json, os, signal, socket, sys, time

port, pid = int(sys.argv[1]), int(sys.argv[2])
n = 0
failed = 0
print("1..13")


def ok(cond, what):
    global n, failed
    n += 1
    failed |= not cond
    print("%sok %d - %s" % ("" if cond else "not ", n, what))


def connect():
    for _ in range(100):
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            time.sleep(0.05)
    raise SystemExit("Bail out! merit serve did not start")


def responses(s, count):
    """Read `count` responses (Content-Length framed) or until EOF."""
    data, out = b"", []
    while len(out) < count:
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                return out
            data += chunk
        head, rest = data.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        status = int(lines[0].split()[1])
        hdr = {l.split(":", 1)[0].lower(): l.split(":", 1)[1].strip()
               for l in lines[1:]}
        length = int(hdr["content-length"])
        while len(rest) < length:
            chunk = s.recv(65536)
            if not chunk:
                break
            rest += chunk
        body, data = rest[:length], rest[length:]
        out.append((status, hdr, json.loads(body) if body.strip() else None))
    return out


def ask(raw, count=1):
    s = connect()
    s.sendall(raw)
    r = responses(s, count)
    s.close()
    return r


r = ask(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
ok(r and r[0][0] == 200 and r[0][2] == {"status": "ok"} and
   r[0][1]["content-type"] == "application/json", "GET /healthz: 200 {status: ok}")

# keep-alive: two requests, one after the other, on one connection
s = connect()
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
a = responses(s, 1)
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
b = responses(s, 1)
s.close()
ok(a and b and a[0][0] == 200 and b[0][0] == 200 and
   a[0][1]["connection"] == "keep-alive", "keep-alive: two requests on one connection")

# pipelining: three requests in one send, three answers in order
r = ask(b"GET /healthz HTTP/1.1\r\n\r\nGET /nowhere HTTP/1.1\r\n\r\n"
        b"POST /healthz HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 3)
ok([x[0] for x in r] == [200, 404, 405], "pipelined: 200, 404, 405 in order")
ok(r and len(r) == 3 and r[1][2]["code"] == 404 and "/nowhere" in r[1][2]["message"],
   "unknown route: JSON {code 404, message naming it}")

def refused(raw, status, what):
    r = ask(raw)
    ok(r and r[0][0] == status and r[0][2]["code"] == status and
       r[0][2]["message"] and r[0][1]["connection"] == "close", what)

refused(b"GET /\r\n\r\n", 400, "HTTP/0.9: 400, JSON, connection closed")
refused(b"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400, "whitespace in a header name: 400")
refused(b"GET / HTTP/1.1\r\nX: " + b"a" * 17000 + b"\r\n\r\n", 431, "header block over 16 KiB: 431")
refused(b"GET /" + b"u" * 9000 + b" HTTP/1.1\r\n\r\n", 414, "target over 8 KiB: 414")
r = ask(b"POST /healthz HTTP/1.1\r\nContent-Length: 65\r\n\r\n" + b"x" * 65)
ok(r and r[0][0] == 413, "body over --body-max 64: 413")

# a head that does not finish within --head-timeout 1: 408, closed; a
# complete head sent slowly but within the time is served
s = connect()
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
t0 = time.monotonic()
r = responses(s, 1)
waited = time.monotonic() - t0
s.close()
ok(r and r[0][0] == 408 and r[0][2]["code"] == 408 and
   r[0][1]["connection"] == "close" and 0.8 < waited < 5,
   "a head unfinished after 1 s: 408, then closed")
s = connect()
s.sendall(b"GET /healthz HTTP/1.1\r\n")
time.sleep(0.3)
s.sendall(b"Host: x\r\n\r\n")
r = responses(s, 1)
s.close()
ok(r and r[0][0] == 200, "a head finished in time is served")

# after all that it still serves, then SIGTERM stops it cleanly
r = ask(b"GET /healthz HTTP/1.1\r\n\r\n")
ok(r and r[0][0] == 200, "still serving after the refusals")
os.kill(pid, signal.SIGTERM)
sys.exit(failed)
PY
status=$?
# SIGTERM was sent: the server must stop on its own with status 0
wait $pid
code=$?
pid=
if [ $code -eq 0 ] && grep -q 'stopping' "$tmp/log"; then
	echo "ok 13 - SIGTERM: stops cleanly, exit 0"
else
	echo "not ok 13 - SIGTERM: exit $code"; sed 's/^/# /' "$tmp/log"; status=1
fi
exit $status
