#!/usr/bin/env python3
"""Generate the course history of the example register examples/kz-register.

Writes, for the 56 synthetic persons KZ-1001..KZ-1056 of
examples/kz-360/roster.yaml (read from that file, no personal data):

  examples/kz-register/completions.csv   courses completed 2021-2025:
                                         UTF-8 with a byte order mark, CRLF,
                                         columns person, course,
                                         completed_on, hours, certificate
  examples/kz-register/enrolments.jsonl  a few current enrolments

Course ids and hours come from scripts/courses/kz.lua. The histories are
drawn so that on 2025-12-31 most persons meet the example's policies
(development.lua: one course every three years; a yearly integrity
refresher for officials), some are due soon and some are overdue.

The output is deterministic: every random choice comes from
random.Random(SEED), so re-running reproduces byte-identical files.

Run from anywhere (python3, standard library only):

    python3 examples/generate_register.py            # write the files
    python3 examples/generate_register.py --check    # exit 1 if a file would change
"""

import datetime
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
OUT = os.path.join(HERE, "kz-register")
SEED = 20251231
AS_OF = datetime.date(2025, 12, 31)
INTEGRITY = "kz-integrity"


def read_roster():
    """(id, category, post_level) of each person of kz-360, in order."""
    persons = []
    pat = re.compile(r"\{ id: (KZ-\d+), post_level: (\d+), category: (\w+),")
    with open(os.path.join(HERE, "kz-360", "roster.yaml"), encoding="utf-8") as f:
        for line in f:
            m = pat.search(line)
            if m:
                persons.append((m.group(1), m.group(3), int(m.group(2))))
    return persons


def read_courses():
    """{course id: hours} of the Kazakh catalogue, in declaration order."""
    with open(os.path.join(TOP, "scripts", "courses", "kz.lua"), encoding="utf-8") as f:
        text = f.read()
    courses = {}
    for m in re.finditer(r'course "(kz-[a-z-]+)" \{(.*?)\n\}', text, re.S):
        h = re.search(r"hours = (\d+)", m.group(2))
        courses[m.group(1)] = int(h.group(1))
    return courses


def day_between(rng, a, b):
    """A day from a to b inclusive, a working day (Monday to Friday)."""
    while True:
        d = a + datetime.timedelta(days=rng.randint(0, (b - a).days))
        if d.weekday() < 5:
            return d


D = datetime.date


def histories(rng, persons, courses):
    """Completions per person: a list of (course, date)."""
    others = [c for c in courses if c != INTEGRITY]
    n = len(persons)
    # profiles for the three-year policy, fixed positions spread over the roster
    order = list(range(n))
    rng.shuffle(order)
    profile = ["compliant"] * n
    for i in order[:5]:
        profile[i] = "overdue"        # last course before 2022-12-31
    for i in order[5:10]:
        profile[i] = "due-soon"       # last course early in 2023
    integrity_late = set(order[10:14])   # refresher only in 2024: overdue
    integrity_soon = set(order[14:18])   # refresher in January 2025: due soon
    out = []
    for i, (pid, category, _post) in enumerate(persons):
        done = []
        p = profile[i]
        if p == "overdue":
            if i != order[0]:          # one person has no course at all
                for _ in range(rng.randint(1, 2)):
                    done.append((rng.choice(others), day_between(rng, D(2021, 2, 1), D(2022, 11, 30))))
        elif p == "due-soon":
            if rng.random() < 0.5:
                done.append((rng.choice(others), day_between(rng, D(2021, 2, 1), D(2022, 6, 30))))
            done.append((rng.choice(others), day_between(rng, D(2023, 1, 9), D(2023, 3, 24))))
        else:
            for _ in range(rng.randint(0, 2)):
                done.append((rng.choice(others), day_between(rng, D(2021, 2, 1), D(2023, 4, 30))))
            if category == "official":
                if i in integrity_late:
                    done.append((INTEGRITY, day_between(rng, D(2024, 2, 1), D(2024, 11, 29))))
                elif i in integrity_soon:
                    done.append((INTEGRITY, day_between(rng, D(2025, 1, 13), D(2025, 1, 31))))
                else:
                    if rng.random() < 0.5:
                        done.append((INTEGRITY, day_between(rng, D(2024, 3, 1), D(2024, 11, 29))))
                    done.append((INTEGRITY, day_between(rng, D(2025, 3, 3), D(2025, 11, 28))))
                if rng.random() < 0.4:
                    done.append((rng.choice(others), day_between(rng, D(2023, 6, 1), D(2025, 11, 28))))
            else:
                done.append((rng.choice(others), day_between(rng, D(2023, 6, 1), D(2025, 11, 28))))
        seen = set()
        for c, d in sorted(done, key=lambda x: (x[1], x[0])):
            if (c, d) in seen:
                continue
            seen.add((c, d))
            out.append((pid, c, d))
    return out, profile, order


def completions_csv(rng, rows, courses):
    lines = ["person,course,completed_on,hours,certificate"]
    for k, (pid, c, d) in enumerate(rows, 1):
        # most certificates are recorded; some older ones were not
        cert = "" if (d.year < 2023 and rng.random() < 0.3) else "CERT-%d-%04d" % (d.year, k)
        lines.append("%s,%s,%s,%d,%s" % (pid, c, d.isoformat(), courses[c], cert))
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


def enrolments_jsonl(rng, persons, profile, order, courses):
    others = sorted(c for c in courses if c != INTEGRITY)
    picks = sorted(order[1:5] + order[5:8])   # some overdue, some due soon
    out = []
    for i in picks:
        row = {"person": persons[i][0], "course": rng.choice(others),
               "enrolled_on": day_between(rng, D(2025, 10, 1), D(2025, 12, 19)).isoformat(),
               "status": "enrolled"}
        out.append(json.dumps(row, ensure_ascii=False))
    return "\n".join(out) + "\n"


def write(path, data, check, changed):
    data = data.encode("utf-8")
    old = None
    if os.path.exists(path):
        with open(path, "rb") as f:
            old = f.read()
    if old == data:
        return
    changed.append(path)
    if not check:
        with open(path, "wb") as f:
            f.write(data)


def main(argv):
    check = "--check" in argv[1:]
    if [a for a in argv[1:] if a != "--check"]:
        sys.stderr.write("usage: generate_register.py [--check]\n")
        return 2
    rng = random.Random(SEED)
    persons = read_roster()
    courses = read_courses()
    if len(persons) != 56 or INTEGRITY not in courses:
        sys.stderr.write("generate_register.py: unexpected kz-360 roster or kz catalogue\n")
        return 2
    rows, profile, order = histories(rng, persons, courses)
    changed = []
    write(os.path.join(OUT, "completions.csv"), completions_csv(rng, rows, courses), check, changed)
    write(os.path.join(OUT, "enrolments.jsonl"),
          enrolments_jsonl(rng, persons, profile, order, courses), check, changed)
    for p in changed:
        print(("would change: " if check else "wrote: ") + os.path.relpath(p, TOP))
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
