#!/bin/sh
# merit serve end to end: evidence scored and stored through the API with
# the receipt merit assess gave the same evidence; Idempotency-Key
# replays; strict JSON; group commit; live reload refusing a broken
# model; SIGTERM losing no request in flight; /metrics and the log.
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
export srcdir
PYTHONPATH="$srcdir/t${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" - <<'PY'
import json, os, re, signal, socket, tempfile, time
import yaml
from apiclient import Tap, Server, merit, workspace, token, sql, dump

t = Tap()
tmp = tempfile.mkdtemp()
conf, db = workspace(tmp, ("kz-digital",))
A = "kz-digital"
tok = token(db, A, "assessor")
srv = Server(db, conf)
evidence = {e["person"]: {k: v for k, v in e.items() if k != "person"}
            for e in yaml.safe_load(open(os.path.join(conf, A, "evidence.yaml")))["evidence"]}
persons = sorted(evidence)
P = persons[0]
base = "/v1/agencies/%s/persons/" % A


def post(person, ev, key=None, tok=tok, extra=None):
    body = {"evidence": ev}
    body.update(extra or {})
    return srv.request("POST", base + person + "/evidence", tok, body,
                       {"Idempotency-Key": key} if key else None)


def results(person):
    return int(sql(db, "select count(*) from result where agency = '%s' and person = '%s'" % (A, person)))


# 1. the evidence merit assess scored from the files: the same receipt
want = sql(db, "select receipt from latest_result where agency = '%s' and person = '%s'" % (A, P))
n0 = results(P)
st, h, b = post(P, evidence[P])
t.ok(st == 200 and b.get("receipt") == want,
     "the evidence merit assess scored gives the same receipt (200, nothing new)", (st, b, want))
t.ok(results(P) == n0, "and no second result is stored")
t.ok(isinstance(b.get("explanation"), list) and b["explanation"],
     "the result comes with its explanation", b)

# 2. changed evidence: a new result, scored and stored
ev2 = json.loads(json.dumps(evidence[P]))
for g in ev2["performance"]:
    g["actual"] = g["target"] * 0.5
st, h, b = post(P, ev2)
t.ok(st == 201 and b["receipt"] != want, "changed evidence: 201 and a new receipt", (st, b))
stored = sql(db, "select k from result where receipt = '%s'" % b.get("receipt"))
t.ok(stored and abs(float(stored) - b["K"]) < 1e-9, "the K answered is the K stored", (stored, b.get("K")))
k_old = float(sql(db, "select k from result where receipt = '%s'" % want))
t.ok(b["K"] < k_old, "half the performance gives a lower K (%.4f < %.4f)" % (b["K"], k_old))
st, h, r = srv.request("GET", base + P + "/results", tok)
t.ok(st == 200 and r["results"][0]["receipt"] == b["receipt"],
     "GET results lists it first", (st, r))

# 3. Idempotency-Key
ev3 = json.loads(json.dumps(evidence[persons[1]]))
ev3["performance"][0]["actual"] = 1
n1, a1 = results(persons[1]), int(sql(db, "select count(*) from audit"))
st1, h1, b1 = post(persons[1], ev3, key="portal-req-0001")
st2, h2, b2 = post(persons[1], ev3, key="portal-req-0001")
t.ok(st1 == 201 and st2 == 201 and b1 == b2 and h2.get("idempotent-replayed") == "true",
     "a replay returns the original response, marked Idempotent-Replayed", (st1, st2, h2))
t.ok(results(persons[1]) == n1 + 1 and int(sql(db, "select count(*) from audit")) == a1 + 1,
     "and writes nothing new (one result, one audit entry)")
st, h, b = post(persons[1], evidence[persons[1]], key="portal-req-0001")
t.ok(st == 422 and "different request" in b["message"], "the key with another body: 422", (st, b))
st, h, b = post(persons[1], ev3, key="bad key with spaces")
t.ok(st == 400, "a key with spaces: 400", (st, b))

# 4. strict bodies; a refused request leaves the register as it was
before = dump(db)
path = base + P + "/evidence"
cases = [
    (b'{"evidence": {"qualities": {}}, "evidence": {}}', 400, "duplicate key", "duplicate"),
    (b'{"evidence": ' + b'[' * 70 + b']' * 70 + b'}', 400, "nesting deeper than 64", "deeper than 64"),
    (b'{"evidence": {', 400, "truncated JSON", "line 1"),
    (b'[1, 2]', 400, "not an object", "object"),
    (b'{"evidence": {"charisma": 5}}', 400, "unknown element", "charisma"),
    (b'{"evidence": {"qualification": {}}, "colour": 1}', 400, "unknown key", "colour"),
    (b'{"evidence": {"qualities": {"leadership": {"rating": 9}}}}', 422, "evidence that cannot be scored", "not scored"),
]
for raw, want_st, what, word in cases:
    st, h, b = srv.request("POST", path, tok, raw)
    t.ok(st == want_st and word in b["message"], "%s: %d, %s" % (what, want_st, b and b.get("message", "")[:80]), (st, b))
st, h, b = srv.request("POST", path, tok, b'{"evidence": {}}', {"Content-Type": "text/plain"})
t.ok(st == 415, "a body that is not application/json: 415", (st, b))
deep64 = b'{"evidence": {"qualification": ' + b'[' * 62 + b']' * 62 + b'}}'
st, h, b = srv.request("POST", path, tok, deep64)
t.ok("deeper" not in json.dumps(b), "64 levels are accepted as JSON (then judged as evidence: %d)" % st, b)
t.ok(dump(db) == before, "after the refusals the register is unchanged (.dump)")

# 5. group commit: 40 connections posting at once, each answered after
# its commit, every result stored
socks = []
for i, p in enumerate(persons[2:22]):
    ev = json.loads(json.dumps(evidence[p]))
    ev["performance"][0]["actual"] = i
    body = json.dumps({"evidence": ev}).encode()
    raw = (b"POST " + (base + p + "/evidence").encode() + b" HTTP/1.1\r\nHost: x\r\n"
           b"Authorization: Bearer " + tok.encode() + b"\r\nContent-Type: application/json\r\n"
           b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    s = socket.create_connection(("127.0.0.1", srv.port))
    socks.append((p, s, raw))
for p, s, raw in socks:
    s.sendall(raw)


def status_of(s):
    data = b""
    while b"\r\n\r\n" not in data:
        c = s.recv(65536)
        if not c:
            break
        data += c
    s.close()
    return int(data.split(b" ")[1]) if data else 0


codes = [status_of(s) for p, s, raw in socks]
t.ok(all(c == 201 for c in codes), "20 concurrent posts: all 201", codes)
stored = int(sql(db, "select count(*) from result where agency = '%s' and person in (%s)" % (
    A, ",".join("'%s'" % p for p, s, r in socks))))
t.ok(stored == 40, "each is in the register with its earlier result (%d of 40)" % stored)

# 6. reload: a broken model is refused and the old one goes on serving
req = os.path.join(conf, A, "requirements.lua")
good = open(req).read()
st, h, b = srv.request("GET", "/v1/agencies/%s/assessments" % A, tok)
t.ok(st == 200, "before the edit: assessments 200", (st, b))
with open(req, "w") as f:
    f.write(good + "\nthis is not lua (\n")
time.sleep(1.5)
log = srv.read_log()
t.ok("reload-refused" in log and "requirements.lua" in log,
     "a broken model is refused, the log names the file", log[-600:])
st, h, b = post(persons[30], evidence[persons[30]])
t.ok(st in (200, 201) and b["model_version"].endswith("/1"),
     "and the old model goes on scoring (generation 1)", (st, b))
with open(req, "w") as f:
    f.write(good + "\n-- edited while serving\n")
time.sleep(1.5)
st, h, b = post(persons[31], evidence[persons[31]])
t.ok(st == 201 and b["model_version"].endswith("/2") and "reloaded" in srv.read_log(),
     "a good edit is picked up: generation 2 scores, a new model hash", (st, b))
new_hash = sql(db, "select model_hash from result where receipt = '%s'" % b.get("receipt"))
old_hash = sql(db, "select model_hash from result where receipt = '%s'" % want)
t.ok(new_hash and new_hash != old_hash, "the result records the model that scored it")
srv.proc.send_signal(signal.SIGHUP)
time.sleep(1)
t.ok(srv.read_log().count('"reloaded"') >= 2, "SIGHUP reloads too")

# 7. /metrics and the log
st, h, m = srv.request("GET", "/metrics")
t.ok(st == 200 and h["content-type"].startswith("text/plain"), "/metrics: text", st)
m = m if isinstance(m, str) else ""
t.ok(re.search(r'merit_http_requests_total\{route="/v1/agencies/\{agency\}/persons/\{person\}/evidence",method="POST",status="201"\} \d+', m),
     "requests counted by route template and status", m[:400])
t.ok(re.search(r"merit_db_commit_duration_seconds_count [1-9]", m) and
     re.search(r"merit_scoring_duration_seconds_count [1-9]", m),
     "commit and scoring times are measured")
t.ok('merit_reloads_total{result="failed"} 1' in m and re.search(r'merit_reloads_total\{result="ok"\} [2-9]', m),
     "reloads are counted, refused and taken")
lines = [json.loads(l) for l in srv.read_log().splitlines() if l.startswith("{")]
reqs = [l for l in lines if l.get("event") == "request"]
t.ok(reqs and all({"method", "route", "status", "ms", "agency"} <= set(l) for l in reqs),
     "one log line per request: method, route, status, duration, agency")
t.ok(not any(p in srv.read_log() for p in persons), "no person id in the log")

# 8. SIGTERM with requests in flight: each is answered and kept
socks = []
for i, p in enumerate(persons[22:30]):
    ev = json.loads(json.dumps(evidence[p]))
    ev["performance"][0]["actual"] = 1000 + i
    body = json.dumps({"evidence": ev}).encode()
    raw = (b"POST " + (base + p + "/evidence").encode() + b" HTTP/1.1\r\nHost: x\r\n"
           b"Authorization: Bearer " + tok.encode() + b"\r\nContent-Type: application/json\r\n"
           b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(raw[:-5])
    socks.append((p, s, raw))
time.sleep(0.3)
srv.proc.send_signal(signal.SIGTERM)
time.sleep(0.2)
for p, s, raw in socks:
    s.sendall(raw[-5:])
codes = [status_of(s) for p, s, raw in socks]
code = srv.stop()
t.ok(codes == [201] * 8, "requests half-sent at SIGTERM are finished and answered", codes)
t.ok(code == 0, "then the server exits 0", code)
kept = int(sql(db, "select count(*) from result where agency = '%s' and person in (%s)" % (
    A, ",".join("'%s'" % p for p, s, r in socks))))
t.ok(kept == 16, "and their results are in the register (%d of 16)" % kept)
t.ok(sql(db, "pragma integrity_check") == "ok", "the register is intact")
t.ok("intact" in merit("audit", "verify", "--db", db).stdout, "the audit chain verifies")
t.done()
PY
