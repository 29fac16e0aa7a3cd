#!/bin/sh
# Writers to one register wait for each other: two merit assess runs at
# once, while a third process holds the write lock longer than SQLite's
# usual busy wait, both succeed; and merit serve, under a load of writes
# while merit import and another process hold the write lock, answers
# /healthz and reads promptly throughout and keeps every write it
# acknowledged.
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
export srcdir
PYTHONPATH="$srcdir/t${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" - <<'PY'
import http.client, os, sqlite3, subprocess, sys, tempfile, threading, time
from apiclient import Tap, Server, MERIT, SRCDIR, merit, workspace, token, sql

t = Tap()
tmp = tempfile.mkdtemp()
HOLD = 6  # seconds: longer than the 5 s a writer used to wait


def hold_write_lock(db, seconds, started):
    """Another process's writer: the write lock, held for `seconds`."""
    c = sqlite3.connect(db, timeout=60, isolation_level=None)
    c.execute("BEGIN IMMEDIATE")
    started.set()
    time.sleep(seconds)
    c.execute("COMMIT")
    c.close()


def holder(db, seconds):
    started = threading.Event()
    th = threading.Thread(target=hold_write_lock, args=(db, seconds, started))
    th.start()
    started.wait(30)
    return th


# -- a generated cohort: imported, then assessed twice at once ----------------
cohort = os.path.join(tmp, "cohort")
subprocess.run([sys.executable, os.path.join(SRCDIR, "bench", "national.py"),
                cohort, "--persons", "2500", "--agencies", "1"], check=True,
               capture_output=True)
ag = os.path.join(cohort, "ag-01")
db = os.path.join(tmp, "cli.db")
merit("import", "--db", db, ag, os.path.join(ag, "roster.csv"),
      os.path.join(ag, "evidence.jsonl"), os.path.join(ag, "completions.csv"))
persons = int(sql(db, "select count(*) from person"))

th = holder(db, HOLD)
runs = [subprocess.Popen([MERIT, "assess", ag, "--db", db, "--no-export", "-q"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(2)]
out = []
for p in runs:
    try:
        out.append((p.wait(300), p.stderr.read()))
    except subprocess.TimeoutExpired:
        p.kill()
        out.append((None, "timed out"))
th.join()
t.ok(all(code in (0, 1) for code, _ in out),
     "two merit assess at once, the register locked for %d s: both succeed" % HOLD, out)
t.ok(not any("locked" in err for _, err in out), "neither says 'database is locked'", out)
t.ok(all("waiting for it to finish" in err for _, err in out),
     "each says it waits for another process", out)
results = int(sql(db, "select count(distinct person) from result"))
t.ok(results == persons, "every person has a result (%d of %d)" % (results, persons))

# -- merit serve under writes while others hold the lock ---------------------
conf, sdb = workspace(tmp, ("kz-digital",))
A = "kz-digital"
integ = token(sdb, A, "integrator")
srv = Server(sdb, conf)
reader_id = sql(sdb, "select id from person where agency = '%s' limit 1" % A)
stop = threading.Event()
acked, refused, errors = [], [], []
probes = []  # (what, seconds, status)


def writer(k):
    c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
    i = 0
    while not stop.is_set() and i < 2000:
        pid = "KZ-LOCK-%d-%d" % (k, i)
        i += 1
        try:
            st, _, _ = srv.request("PUT", "/v1/agencies/%s/persons/%s" % (A, pid),
                                   integ, {"post_level": 5, "category": "official",
                                           "term": "indefinite"}, conn=c)
        except Exception as e:
            errors.append(repr(e))
            c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
            continue
        (acked if st in (200, 201) else refused).append((pid, st))


def prober():
    while not stop.is_set():
        for what, path, tok in (("healthz", "/healthz", None),
                                ("read", "/v1/agencies/%s/persons/%s" % (A, reader_id), integ)):
            t0 = time.monotonic()
            try:
                st, _, _ = srv.request("GET", path, tok)
            except Exception:
                st = None
            probes.append((what, time.monotonic() - t0, st))
        time.sleep(0.05)


threads = [threading.Thread(target=writer, args=(k,)) for k in range(2)]
threads.append(threading.Thread(target=prober))
for x in threads:
    x.start()
time.sleep(0.5)
th = holder(sdb, HOLD)  # another process holds the lock ...
t_hold = time.monotonic()
imp = subprocess.run([MERIT, "import", "--db", sdb, ag, os.path.join(ag, "roster.csv"),
                      os.path.join(ag, "evidence.jsonl"),
                      os.path.join(ag, "completions.csv")],  # ... then merit import
                     capture_output=True, text=True)
th.join()
during = len(probes)
time.sleep(1)
stop.set()
for x in threads:
    x.join(120)
t.ok(imp.returncode == 0 and "locked" not in imp.stderr,
     "merit import waits for the lock and succeeds while the server writes", imp.stderr)
slow = [p for p in probes if p[1] > 3 or p[2] != 200]
t.ok(during > 20 and not slow, "%d /healthz and reads during the locks: all 200 "
     "within 3 s (slowest %.3f s)" % (during, max(p[1] for p in probes)), slow[:10])
t.ok(not errors and not refused, "every write was answered 2xx (%d), none refused"
     % len(acked), (errors[:5], refused[:5]))
srv_code = srv.stop()
got = set(sql(sdb, "select id from person where agency = '%s' and id like 'KZ-LOCK-%%'"
              % A).split())
missing = [pid for pid, _ in acked if pid not in got]
t.ok(acked and not missing, "every acknowledged write is in the register (%d)"
     % len(acked), missing[:10])
imported = int(sql(sdb, "select count(*) from person where agency = 'ag-01'"))
t.ok(imported == persons, "and so is the import (%d persons)" % imported)
t.ok(srv_code == 0, "the server stops cleanly")

# -- order on a connection, and --lock-wait ----------------------------------
import json, re, socket
srv = Server(sdb, conf, "--lock-wait", "1.5", log=os.path.join(tmp, "wait.log"))


def put_then_get(pid):
    body = json.dumps({"post_level": 5, "category": "official",
                       "term": "indefinite"}).encode()
    path = ("/v1/agencies/%s/persons/%s" % (A, pid)).encode()
    auth = b"Authorization: Bearer " + integ.encode() + b"\r\n"
    return (b"PUT " + path + b" HTTP/1.1\r\nHost: x\r\n" + auth +
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
            % len(body) + body + b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n" +
            auth + b"Connection: close\r\n\r\n")


def statuses(raw, seconds):
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=seconds)
    s.sendall(raw)
    data = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    s.close()
    # a status line follows the previous body's final newline
    return [int(x) for x in re.findall(rb"HTTP/1\.1 (\d{3}) ", data)], data


th = holder(sdb, 0.8)
st, data = statuses(put_then_get("KZ-ORDER-1"), 20)
th.join()
t.ok(st == [201, 200], "a PUT held for the lock, then a GET pipelined behind it: "
     "answered in order, the GET seeing the PUT", (st, data[:600]))
th = holder(sdb, 4)
t0 = time.monotonic()
st, data = statuses(put_then_get("KZ-WAIT-1"), 20)
waited = time.monotonic() - t0
h = srv.request("GET", "/healthz")
th.join()
t.ok(st[:1] == [503] and b"Retry-After: 1" in data and 1.2 < waited < 4,
     "the lock held beyond --lock-wait 1.5: 503 with Retry-After after %.1f s" % waited,
     (st, data[:300]))
t.ok(h[0] == 200, "/healthz meanwhile: 200")
t.ok(sql(sdb, "select count(*) from person where id = 'KZ-WAIT-1'") == "0",
     "and nothing of the refused write is kept")
t.ok(srv.stop() == 0, "the server stops cleanly")
t.done()
PY
