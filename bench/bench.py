#!/usr/bin/env python3
"""Throughput and memory of merit assess on a generated cohort.

Every figure is printed as a ratio against a baseline measured in the
same run on the same machine, so the numbers compare across machines:

  baseline   merit check AGENCY: read, validate, score in a dry run
             (single assessor per person), no register
  assess     the same cohort scored and written to a fresh register
  raters     each person rated by 4 raters + self (360 degrees)
  rescore    assess again into the same register (every receipt known)
  score-fn   the weighted sum replaced by a Lua score function

Usage: bench.py MERIT [PERSONS]   (default 20000 persons)
"""
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

merit = os.path.abspath(sys.argv[1])
persons = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
here = os.path.dirname(os.path.abspath(__file__))
fixture = os.path.join(here, "..", "t", "fixtures", "scoring")
rnd = random.Random(7)


def write_agency(d, raters, assessment):
    os.makedirs(d)
    for f in ("framework.lua", "types.lua"):
        shutil.copy(os.path.join(fixture, f), d)
    with open(os.path.join(d, "types.lua"), "a") as f:
        f.write('\nassessment "B1" {\n  title = { en = "bench" },\n'
                '  elements = elements, bands = bands,\n'
                '  raters = { combine = "median", minimum = 1 },\n'
                '  gaps = { k = 1 },\n}\n'
                'assessment "B2" {\n  title = { en = "bench, Lua" },\n'
                '  elements = elements, bands = bands,\n'
                '  raters = { combine = "median", minimum = 1 },\n'
                '  score = function(e) return (e.qualities + e.performance) / 2 end,\n}\n')
    with open(os.path.join(d, "agency.yaml"), "w") as f:
        f.write("agency: bench\nframework: ./framework.lua\n"
                "scripts: [./types.lua]\nassessment: %s\nperiod: \"2025\"\n"
                "roster: roster.yaml\nevidence: evidence.yaml\n" % assessment)
    with open(os.path.join(d, "roster.yaml"), "w") as f:
        f.write("persons:\n")
        for i in range(persons):
            f.write("  - { id: B-%06d, post_level: %d, category: official, "
                    "term: indefinite }\n" % (i, rnd.randint(1, 9)))
    rnd.seed(11)
    with open(os.path.join(d, "evidence.yaml"), "w") as f:
        f.write("evidence:\n")
        for i in range(persons):
            f.write("  - person: B-%06d\n    qualities:\n" % i)
            if raters:
                f.write("      raters:\n")
                for role in ("manager", "peer", "peer", "subordinate", "self"):
                    f.write("        - { role: %s, ratings: { planning: "
                            "{ rating: %d }, ethics: { rating: %d } } }\n"
                            % (role, rnd.randint(1, 5), rnd.randint(1, 5)))
            else:
                f.write("      planning: { rating: %d }\n      ethics: "
                        "{ rating: %d }\n" % (rnd.randint(1, 5),
                                              rnd.randint(1, 5)))
            f.write("    performance:\n      - { goal: g, target: 10, "
                    "actual: %d }\n" % rnd.randint(0, 12))


def measure(args):
    """Wall seconds and peak RSS (KiB) of one merit run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.monotonic()
    p = subprocess.run([merit] + args, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t
    if p.returncode != 0:
        sys.exit("merit %s failed (%d): %s" % (" ".join(args), p.returncode,
                                               p.stderr[-2000:]))
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(rss, before)


def main():
    tmp = tempfile.mkdtemp(prefix="merit-bench-")
    try:
        one = os.path.join(tmp, "single")
        many = os.path.join(tmp, "raters")
        write_agency(one, False, "B1")
        write_agency(many, True, "B1")
        db = os.path.join(tmp, "m.db")
        runs = [
            ("baseline", ["check", one]),
            ("assess", ["assess", one, "--db", db, "--no-export", "-q"]),
            ("rescore", ["assess", one, "--db", db, "--no-export", "-q"]),
            ("raters", ["assess", many, "--db", os.path.join(tmp, "r.db"),
                        "--no-export", "-q"]),
            ("score-fn", ["assess", one, "--db", os.path.join(tmp, "f.db"),
                          "--no-export", "-q", "--assessment", "B2"]),
        ]
        res = {}
        for name, args in runs:
            res[name] = measure(args)
        base_t, _ = res["baseline"]
        print("merit bench: %d persons; baseline = merit check (dry run, "
              "single assessor) took %.2f s, %.0f persons/s"
              % (persons, base_t, persons / base_t))
        print("%-10s %10s %10s" % ("run", "time/base", "persons/s"))
        for name, _ in runs:
            t, _ = res[name]
            print("%-10s %10.2f %10.0f" % (name, t / base_t, persons / t))
        # peak RSS is cumulative over children, so report the largest
        print("peak RSS of the largest run: %.1f MiB (%.2f KiB per person)"
              % (max(r for _, r in res.values()) / 1024,
                 max(r for _, r in res.values()) / persons))
    finally:
        shutil.rmtree(tmp)


main()
