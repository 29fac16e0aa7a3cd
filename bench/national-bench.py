#!/usr/bin/env python3
"""merit on a national civil service: import, assess and compliance of a
generated cohort (bench/national.py), against a baseline measured in the
same run on the same machine: bench/raw-insert, a bare C loop inserting
the same result rows into SQLite with one prepared statement per table in
one transaction.

Usage: national-bench.py MERIT RAW_INSERT [PERSONS [PERSONS...]]
       (default 118000; give several sizes to see memory stay flat)
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

merit = os.path.abspath(sys.argv[1])
raw_insert = os.path.abspath(sys.argv[2])
sizes = [int(x) for x in sys.argv[3:]] or [118000]
here = os.path.dirname(os.path.abspath(__file__))


def timed(args, ok=(0,)):
    """Wall seconds and the process's own peak RSS (KiB)."""
    with tempfile.TemporaryFile() as err:
        t = time.monotonic()
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t
        code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            err.seek(0)
            sys.exit("%s failed (%d): %s" % (" ".join(args), code,
                                             err.read().decode()[-2000:]))
    return wall, ru.ru_maxrss


def count(db, sql):
    import sqlite3
    c = sqlite3.connect(db)
    n = c.execute(sql).fetchone()[0]
    c.close()
    return n


def one(persons, tmp):
    out = os.path.join(tmp, "cohort-%d" % persons)
    subprocess.run([sys.executable, os.path.join(here, "national.py"), out,
                    "--persons", str(persons)], check=True)
    agencies = open(os.path.join(out, "agencies.txt")).read().split()
    db = os.path.join(tmp, "national-%d.db" % persons)
    steps = {"import": [0.0, 0], "assess": [0.0, 0], "compliance": [0.0, 0]}

    def add(step, wall, rss):
        steps[step][0] += wall
        steps[step][1] = max(steps[step][1], rss)

    for a in agencies:
        d = os.path.join(out, a)
        add("import", *timed([merit, "import", "--db", db, d,
                              os.path.join(d, "roster.csv"),
                              os.path.join(d, "evidence.jsonl"),
                              os.path.join(d, "completions.csv")]))
    for a in agencies:
        add("assess", *timed([merit, "assess", os.path.join(out, a), "--db",
                              db, "--no-export", "-q"], ok=(0, 1)))
    # exit 1 means someone is overdue: expected in a real civil service
    add("compliance", *timed([merit, "compliance", "--db", db,
                              "--as-of", "2025-12-31"], ok=(0, 1)))
    results = count(db, "select count(*) from result")
    rows = results + count(db, "select count(*) from competency_result") + \
        count(db, "select count(*) from gap")
    raw = subprocess.run([raw_insert, db, os.path.join(tmp, "raw.db")],
                         check=True, capture_output=True, text=True).stdout
    base = float(raw.split()[3])
    os.remove(os.path.join(tmp, "raw.db"))
    shutil.rmtree(out)
    os.remove(db)
    for ext in ("-wal", "-shm"):
        if os.path.exists(db + ext):
            os.remove(db + ext)
    return steps, results, rows, base


def main():
    tmp = tempfile.mkdtemp(prefix="merit-national-")
    try:
        for persons in sizes:
            steps, results, rows, base = one(persons, tmp)
            ia = steps["import"][0] + steps["assess"][0]
            print("merit national bench: %d persons in 24 agencies, %d "
                  "results, %d result rows (result, competency_result, gap)"
                  % (persons, results, rows))
            print("baseline: raw-insert of the same %d rows, one prepared "
                  "statement per table, one transaction: %.2f s (%.0f rows/s)"
                  % (rows, base, rows / base))
            print("%-18s %8s %10s %12s %14s %10s"
                  % ("step", "seconds", "x baseline", "persons/s",
                     "result rows/s", "peak RSS"))
            for name in ("import", "assess", "compliance"):
                wall, rss = steps[name]
                print("%-18s %8.2f %10.2f %12.0f %14s %7.1f MiB"
                      % (name, wall, wall / base, persons / wall,
                         "%.0f" % (rows / wall) if name == "assess" else "-",
                         rss / 1024))
            print("%-18s %8.2f %10.2f %12.0f %14.0f %7.1f MiB"
                  % ("import + assess", ia, ia / base, persons / ia,
                     rows / ia, max(steps["import"][1],
                                    steps["assess"][1]) / 1024))
            print("targets: import + assess under 10 s (%s), within 3x of "
                  "the baseline (%.1fx: %s), peak RSS under 200 MiB (%s)\n"
                  % ("met" if ia < 10 else "missed by %.1f s" % (ia - 10),
                     ia / base, "met" if ia / base <= 3 else "missed",
                     "met" if max(s[1] for s in steps.values()) < 200 * 1024
                     else "missed"))
    finally:
        shutil.rmtree(tmp)


main()
