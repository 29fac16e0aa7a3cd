#!/usr/bin/env python3
"""merit serve under load: wrk on loopback against a bare GET /healthz
(the baseline, measured in the same run), GET of a person's latest
result, and POST of evidence scored and stored (each with different
evidence, so each is a new result). Prints requests/s, p99 latency and
the ratios against the targets.

Usage: serve-bench.py MERIT [SECONDS] [CONNECTIONS]
Needs wrk (Debian: apt-get install wrk).
"""
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

merit = os.path.abspath(sys.argv[1])
seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
conns = int(sys.argv[3]) if len(sys.argv) > 3 else 50
here = os.path.dirname(os.path.abspath(__file__))
srcdir = os.path.dirname(here)
if not shutil.which("wrk"):
    sys.exit("serve-bench: wrk is needed: apt-get install wrk")

tmp = tempfile.mkdtemp(prefix="merit-serve-bench.")
conf = os.path.join(tmp, "conf")
db = os.path.join(tmp, "r.db")
agency = "kz-digital"
shutil.copytree(os.path.join(srcdir, "examples", agency), os.path.join(conf, agency))
subprocess.run([merit, "assess", os.path.join(conf, agency), "--db", db,
                "--no-export", "-q"], check=True, stdout=subprocess.DEVNULL)
tok = subprocess.run([merit, "token", "create", "--db", db, "--agency", agency,
                      "--role", "assessor"], check=True, capture_output=True,
                     text=True).stdout.strip()

# the evidence of the example, as the POST bodies' template
import yaml  # noqa: E402  (python3-yaml, a build dependency)
ev = yaml.safe_load(open(os.path.join(conf, agency, "evidence.yaml")))["evidence"]
persons = [e["person"] for e in ev]

s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
log = open(os.path.join(tmp, "serve.log"), "w")
# the log line per request goes to a file, as it would to journald
server = subprocess.Popen([merit, "serve", "--listen", "127.0.0.1:%d" % port,
                           "--db", db, "--config", conf, "--no-watch"],
                          stderr=log)
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", port)).close()
        break
    except OSError:
        time.sleep(0.05)

post_lua = os.path.join(tmp, "post.lua")
with open(post_lua, "w") as f:
    f.write("local bodies, paths = {}, {}\n")
    for e in ev:
        body = {"evidence": {k: v for k, v in e.items() if k != "person"}}
        # the first goal's actual value is replaced per request: every
        # POST is new evidence, so every POST stores a new result
        goal = body["evidence"]["performance"][0]
        goal["actual"] = 123456789
        text = json.dumps(body, ensure_ascii=False)
        f.write("bodies[#bodies + 1] = %s\n" % json.dumps(text, ensure_ascii=False))
        f.write("paths[#paths + 1] = %s\n" % json.dumps(
            "/v1/agencies/%s/persons/%s/evidence" % (agency, e["person"])))
    f.write("""
local n = 0
local headers = { ["Authorization"] = "Bearer %s",
                  ["Content-Type"] = "application/json" }
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
  n = n + 1
  local i = n %% #bodies + 1
  local actual = string.format("%%.6f", math.random() * 100)
  local body = bodies[i]:gsub("123456789", actual)
  return wrk.format("POST", paths[i], headers, body)
end
""" % tok)

get_lua = os.path.join(tmp, "get.lua")
with open(get_lua, "w") as f:
    f.write('wrk.headers["Authorization"] = "Bearer %s"\n' % tok)


def wrk(path, script=None):
    args = ["wrk", "-t1", "-c%d" % conns, "-d%ds" % seconds, "--latency"]
    if script:
        args += ["-s", script]
    args.append("http://127.0.0.1:%d%s" % (port, path))
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out)
    p99 = float(m.group(1)) * {"us": 1e-3, "ms": 1, "s": 1e3}[m.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errs = re.search(r"Socket errors: (.*)", out)
    return rps, p99, int(bad.group(1)) if bad else 0, errs.group(1) if errs else ""


def results():
    c = sqlite3.connect(db)
    n = c.execute("select count(*) from result").fetchone()[0]
    c.close()
    return n


print("merit serve: %d s per run, %d connections, wrk -t1 on loopback, "
      "2-core machine" % (seconds, conns))
rows = []
base = wrk("/healthz")
rows.append(("GET /healthz (baseline)",) + base)
get = wrk("/v1/agencies/%s/persons/%s/results?limit=1" % (agency, persons[0]), get_lua)
rows.append(("GET a result",) + get)
before = results()
t0 = time.monotonic()
post = wrk("/", post_lua)
stored = results() - before
rows.append(("POST evidence",) + post)
server.terminate()
code = server.wait(30)

print("%-26s %10s %9s %8s %s" % ("", "req/s", "p99 ms", "non-2xx", "x /healthz"))
for name, rps, p99, bad, errs in rows:
    print("%-26s %10.0f %9.2f %8d %9.2f%s" % (name, rps, p99, bad, rps / base[0],
                                             ("  socket errors: " + errs) if errs else ""))
print()
print("GET a result: %.0f%% of /healthz throughput (target >= 60%%): %s" % (
    100 * get[0] / base[0], "met" if get[0] >= 0.6 * base[0] else "MISSED"))
print("GET a result: p99 %.2f ms at %d connections (target < 10 ms): %s" % (
    get[1], conns, "met" if get[1] < 10 else "MISSED"))
print("POST evidence: %d results stored in %d s = %.0f scored and stored per "
      "second (target >= 5000): %s" % (stored, seconds, stored / seconds,
                                        "met" if stored / seconds >= 5000 else "MISSED"))
print("server exit status after SIGTERM: %d" % code)
shutil.rmtree(tmp)
