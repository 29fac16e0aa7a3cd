#!/bin/sh
# merit serve against hostile Lua: a model reloaded while serving that
# never finishes loading, and an assessment type whose score function
# never returns (and hides the stop behind pcall), are each stopped by
# the sandbox's time limit. The server answers /healthz meanwhile, within
# a bounded time, and still stops cleanly on SIGTERM.
PY=${PYTHON3:-python3}
srcdir=${srcdir:-.}
export srcdir
PYTHONPATH="$srcdir/t${PYTHONPATH:+:$PYTHONPATH}" exec "$PY" - <<'PY'
import os, signal, tempfile, threading, time
import yaml
from apiclient import Tap, Server, workspace, token

t = Tap()
tmp = tempfile.mkdtemp()
A = "kr-scs"
conf, db = workspace(tmp, (A,))
tok = token(db, A, "assessor")
srv = Server(db, conf)
model = os.path.join(conf, A, "assessment-centre.lua")
good = open(model).read()
evidence = {e["person"]: {k: v for k, v in e.items() if k != "person"}
            for e in yaml.safe_load(open(os.path.join(conf, A, "evidence.yaml")))["evidence"]}
persons = sorted(evidence)
# Seconds within which the server must answer again: the sandbox stops a
# file after 5 s and a score function after 2 s; the rest is slack for a
# loaded machine.
BOUND = 45


def post(person):
    """(status, headers, body); (None, None, why) when no answer came."""
    try:
        return srv.request("POST", "/v1/agencies/%s/persons/%s/evidence" % (A, person),
                           tok, {"evidence": evidence[person]})
    except OSError as e:
        return None, None, str(e)


def healthy_within(seconds):
    """Seconds until /healthz answered 200, or None. Every wait bounded."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        try:
            st, h, b = srv.request("GET", "/healthz")
            if st == 200:
                return time.monotonic() - t0
        except OSError:
            pass
        time.sleep(0.2)
    return None


def wait_log(phrase, seconds, start=0):
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        if phrase in srv.read_log()[start:]:
            return True
        time.sleep(0.2)
    return False


st, h, b = post(persons[0])
t.ok(st in (200, 201), "before: evidence is scored by the score function", (st, b))

# 1. a reload whose model file compares two long strings forever: each
# comparison is one VM instruction, so only the clock stops it
mark = len(srv.read_log())
with open(model, "w") as f:
    f.write(good + """
local a = string.rep("x", 8000000)
local b = a:sub(1, -2) .. "y"
while true do
  if a == b then break end
end
""")
refused = wait_log("reload-refused", BOUND, mark)
log = srv.read_log()[mark:]
t.ok(refused and "time limit of 5 s exceeded" in log and "assessment-centre.lua" in log,
     "a model file that never finishes is stopped by the time limit, the reload refused",
     log[-800:])
took = healthy_within(BOUND)
t.ok(took is not None, "the server answers /healthz after it (%s)" % took)
st, h, b = post(persons[1])
t.ok(st in (200, 201) and isinstance(b, dict) and b.get("model_version", "").endswith("/1"),
     "and the model it had goes on scoring", (st, b))

# 2. a score function that spins inside pcall: the stop cannot be caught
mark = len(srv.read_log())
with open(model, "w") as f:
    f.write(good.replace("local function pass_at_mean(e)\n", """
local long_a = string.rep("x", 8000000)
local long_b = long_a:sub(1, -2) .. "y"
local function spin()
  while true do
    if long_a == long_b then break end
  end
end

local function pass_at_mean(e)
  pcall(spin)
""", 1))
t.ok(wait_log('"reloaded"', BOUND, mark), "the model with the spinning score function loads",
     srv.read_log()[mark:][-800:])
answer = {}


def post_in_background():
    answer["r"] = post(persons[2])


poster = threading.Thread(target=post_in_background, daemon=True)
t0 = time.monotonic()
poster.start()
time.sleep(0.5)
took = healthy_within(BOUND)
t.ok(took is not None, "/healthz is answered while the evidence is being scored (%s)" % took)
poster.join(BOUND)
st, h, b = answer.get("r", (None, None, "no answer within %ds" % BOUND))
t.ok(st is not None and st >= 400 and "time limit of 2 s exceeded" in str(b),
     "the evidence is refused: the score function was stopped by the time limit, "
     "pcall notwithstanding (%.1fs)" % (time.monotonic() - t0), (st, b))

# 3. SIGTERM still stops it, at once
t0 = time.monotonic()
code = srv.stop(timeout=20)
t.ok(code == 0, "SIGTERM: exit status 0 (%s) in %.1fs" % (code, time.monotonic() - t0),
     srv.read_log()[-800:])
t.done()
PY
