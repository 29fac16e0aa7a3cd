"""What the merit serve tests share: a register with two agencies, tokens,
a real server on 127.0.0.1, an HTTP client (http.client) and TAP output.

The expected values in the tests come from the register (sqlite3), the
example files or the CLI, never from the server under test."""
import atexit
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

MERIT = os.environ.get("MERIT", "./merit")
SRCDIR = os.environ.get("srcdir", ".")


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, what, detail=None):
        self.n += 1
        self.failed |= not cond
        print("%sok %d - %s" % ("" if cond else "not ", self.n, what))
        if not cond and detail is not None:
            for line in str(detail).splitlines()[:20]:
                print("# " + line)
        sys.stdout.flush()
        return cond

    def done(self):
        print("1..%d" % self.n)
        sys.exit(1 if self.failed else 0)


def merit(*args, check=True, input=None):
    p = subprocess.run([MERIT] + list(args), capture_output=True, text=True,
                       input=input)
    if check and p.returncode != 0:
        raise SystemExit("Bail out! merit %s: %s" % (" ".join(args), p.stderr))
    return p


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def workspace(tmp, agencies=("kz-digital", "kz-360")):
    """Copies of the example agencies under tmp/conf, assessed into
    tmp/r.db; returns (conf, db)."""
    conf = os.path.join(tmp, "conf")
    os.makedirs(conf, exist_ok=True)
    db = os.path.join(tmp, "r.db")
    for a in agencies:
        shutil.copytree(os.path.join(SRCDIR, "examples", a), os.path.join(conf, a))
        merit("assess", os.path.join(conf, a), "--db", db, "--no-export", "-q")
    return conf, db


def token(db, agency, role, label=None):
    args = ["token", "create", "--db", db, "--agency", agency, "--role", role]
    if label:
        args += ["--label", label]
    return merit(*args).stdout.strip()


class Server:
    def __init__(self, db, conf, *extra, log=None):
        self.port = free_port()
        self.log_path = log or os.path.join(os.path.dirname(db), "serve.log")
        self.log = open(self.log_path, "w")
        args = [MERIT, "serve", "--listen", "127.0.0.1:%d" % self.port,
                "--db", db] + (["--config", conf] if conf else []) + list(extra)
        self.proc = subprocess.Popen(args, stderr=self.log)
        # a test that dies must not leave its server holding make check
        atexit.register(lambda p=self.proc: p.poll() is None and p.kill())
        for _ in range(200):
            if self.proc.poll() is not None:
                raise SystemExit("Bail out! merit serve exited: " + self.read_log())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("Bail out! merit serve did not start")

    def read_log(self):
        if not self.log.closed:
            self.log.flush()
        with open(self.log_path) as f:
            return f.read()

    def conn(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)

    def request(self, method, path, tok=None, body=None, headers=None, conn=None):
        """(status, headers, parsed JSON body or text)."""
        h = dict(headers or {})
        if tok:
            h["Authorization"] = "Bearer " + tok
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            h.setdefault("Content-Type", "application/json")
        c = conn or self.conn()
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        raw = r.read()
        if conn is None:
            c.close()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw.decode("utf-8", "replace")
        return r.status, {k.lower(): v for k, v in r.getheaders()}, parsed

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = None
        self.log.close()
        return code


def sql(db, query):
    p = subprocess.run(["sqlite3", db, query], capture_output=True, text=True)
    if p.returncode:
        raise SystemExit("Bail out! sqlite3: " + p.stderr)
    return p.stdout.strip()


def dump(db):
    return subprocess.run(["sqlite3", db, ".dump"], capture_output=True,
                          text=True).stdout
