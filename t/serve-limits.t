#!/bin/sh
# merit serve cannot be exhausted: a body that stops arriving is answered
# 408, an idle connection is closed, connections beyond --max-connections
# are answered 503, and a client that pipelines requests without reading
# the answers is no longer read, so the server's memory stays bounded and
# it goes on answering others. Real sockets on 127.0.0.1; every wait is
# bounded.
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
export srcdir
PYTHONPATH="$srcdir/t${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" - <<'PY'
import json, os, socket, tempfile, time
from apiclient import Tap, Server, SRCDIR

t = Tap()
tmp = tempfile.mkdtemp()
# Under AddressSanitizer (configure --enable-sanitizers) freed memory is
# held in a quarantine of up to 256 MB, which the RSS bound below would
# count as growth; without a quarantine RSS shows what is really held.
os.environ["ASAN_OPTIONS"] = ":".join(
    x for x in (os.environ.get("ASAN_OPTIONS"), "quarantine_size_mb=0") if x)
conf = os.path.join(SRCDIR, "examples", "kz-digital")
HEALTH = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"


def connect(port, rcvbuf=None):
    s = socket.socket()
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(10)
    s.connect(("127.0.0.1", port))
    return s


def response(s):
    """One response: (status, headers, body), or None at EOF or timeout."""
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, rest = data.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        hdr = {l.split(":", 1)[0].lower(): l.split(":", 1)[1].strip()
               for l in lines[1:]}
        while len(rest) < int(hdr["content-length"]):
            chunk = s.recv(65536)
            if not chunk:
                return None
            rest += chunk
    except (socket.timeout, ConnectionError):
        return None
    return int(lines[0].split()[1]), hdr, json.loads(rest) if rest.strip() else None


def closed_within(s, seconds):
    """Seconds until the server closed s (EOF), or None."""
    t0 = time.monotonic()
    s.settimeout(seconds)
    try:
        while s.recv(4096):
            pass
    except socket.timeout:
        return None
    except ConnectionError:
        pass
    return time.monotonic() - t0


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


# -- timeouts: head 1 s, body 1 s, idle 1.5 s ------------------------------
srv = Server(os.path.join(tmp, "a.db"), conf, "--head-timeout", "1",
             "--body-timeout", "1", "--idle-timeout", "1.5",
             log=os.path.join(tmp, "a.log"))
s = connect(srv.port)
s.sendall(b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
          b"\r\nContent-Length: 100\r\n\r\n" + b"{" * 10)
t0 = time.monotonic()
r = response(s)
waited = time.monotonic() - t0
t.ok(r and r[0] == 408 and r[2]["code"] == 408 and "body" in r[2]["message"]
     and r[1]["connection"] == "close" and 0.8 < waited < 8,
     "a body that stops arriving: 408 after --body-timeout, closed", (r, waited))
t.ok(closed_within(s, 8) is not None, "and the connection is closed")
s.close()

# a body that keeps arriving, more slowly in all than the timeout, is read
s = connect(srv.port)
s.sendall(b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n")
for b in b"abcde":
    time.sleep(0.4)
    s.sendall(bytes([b]))
r = response(s)
s.close()
t.ok(r and r[0] == 405, "a body arriving steadily over 2 s is read whole (405 "
     "from /healthz, not 408)", r)

# many slow bodies at once all time out, and none is kept
socks = [connect(srv.port) for _ in range(40)]
for s in socks:
    s.sendall(b"POST /healthz HTTP/1.1\r\nContent-Length: 1000\r\n\r\nab")
answers = [response(s) for s in socks]
t.ok(all(a and a[0] == 408 for a in answers), "40 slow bodies: each 408",
     [a and a[0] for a in answers])
for s in socks:
    s.close()

# keep-alive: served, then closed once idle for --idle-timeout
s = connect(srv.port)
s.sendall(HEALTH)
r = response(s)
t.ok(r and r[0] == 200 and r[1]["connection"] == "keep-alive", "a keep-alive request: 200", r)
w = closed_within(s, 10)
t.ok(w is not None and 1.0 < w < 8, "an idle keep-alive connection is closed after "
     "--idle-timeout 1.5 (%s s)" % (w and round(w, 2)))
s.close()
s = connect(srv.port)
w = closed_within(s, 10)
t.ok(w is not None and 1.0 < w < 8, "a connection that never sends is closed too (%s s)"
     % (w and round(w, 2)))
s.close()
t.ok(srv.stop() == 0, "the server stops cleanly")

# -- a cap of 4 connections ----------------------------------------------
srv = Server(os.path.join(tmp, "b.db"), conf, "--max-connections", "4",
             "--idle-timeout", "60", log=os.path.join(tmp, "b.log"))
held = []
for _ in range(4):
    s = connect(srv.port)
    s.sendall(HEALTH)
    held.append((s, response(s)))
t.ok(all(r and r[0] == 200 for _, r in held), "4 connections: each served")
s = connect(srv.port)
s.sendall(HEALTH)
r = response(s)
t.ok(r and r[0] == 503 and r[2]["code"] == 503 and "4 connections" in r[2]["message"]
     and r[1]["connection"] == "close" and r[1].get("retry-after"),
     "a 5th: 503 naming the cap, Retry-After, Connection: close", r)
t.ok(closed_within(s, 8) is not None, "and it is closed")
s.close()
for s, _ in held:
    s.close()
ok = False
deadline = time.monotonic() + 10
while not ok and time.monotonic() < deadline:
    time.sleep(0.2)
    s = connect(srv.port)
    s.sendall(HEALTH)
    r = response(s)
    s.close()
    ok = bool(r and r[0] == 200)
t.ok(ok, "once they close, a new connection is served")

# -- a client pipelining without reading ----------------------------------
time.sleep(0.5)
base = rss_kib(srv.proc.pid)
greedy = connect(srv.port, rcvbuf=4096)
greedy.settimeout(2)
block = HEALTH * 2000
sent, t0 = 0, time.monotonic()
blocked = False
while sent < 20 * 2**20 and time.monotonic() - t0 < 15:
    try:
        sent += greedy.send(block)
    except socket.timeout:
        blocked = True
        break
time.sleep(1)
grown = rss_kib(srv.proc.pid) - base
t.ok(grown < 40 * 1024, "pipelining %.1f MB of requests without reading: the "
     "server grows by %d KiB (< 40 MiB)%s" % (sent / 2**20, grown,
     ", and the client is no longer read" if blocked else ""))
t0 = time.monotonic()
s = connect(srv.port)
s.sendall(HEALTH)
r = response(s)
s.close()
t.ok(r and r[0] == 200 and time.monotonic() - t0 < 5,
     "meanwhile another client is answered", r)
# it reads the answers: the server resumes and answers every request
greedy.settimeout(10)
got, want = 0, sent // len(HEALTH)
data = b""
deadline = time.monotonic() + 60
try:
    while got < want and time.monotonic() < deadline:
        chunk = greedy.recv(1 << 20)
        if not chunk:
            break
        data = data[-14:] + chunk  # a status line split between reads
        got += data.count(b"HTTP/1.1 200 OK")
except socket.timeout:
    pass
greedy.close()
t.ok(got == want, "once it reads, all %d requests are answered (%d)" % (want, got))
t.ok(srv.stop() == 0, "the server stops cleanly")
t.done()
PY
