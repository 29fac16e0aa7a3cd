#!/usr/bin/env python3
"""Independent recomputation of merit raters (rater agreement).

Usage:
    recompute_agreement.py [--assessment ID] AGENCY_DIR RATERS.json

For examples/kz-360, kr-scs, fi-senior or uz-kpi it recomputes, from the
agency's YAML files, each rater's value of each competency of each person
assessed (observe() of recompute_raters.py, which copies the examples'
rules by hand), keeps the raters counted in the score (self only when the
assessment type includes it), and per competency, over the persons with
at least two such values:

  ICC(1)   = (MSB - MSW) / (MSB + (k0 - 1) MSW)
  ICC(1,k) = (MSB - MSW) / MSB
  k0       = (N - sum k_i^2 / N) / (a - 1)

from a one-way analysis of variance written out here (a persons, N
values, k_i values of person i), and Krippendorff's alpha with the
interval metric from its definition by pairs of values:

  D_o = 1/N sum_u 1/(m_u - 1) sum_{i != j in u} (x_i - x_j)^2
  D_e = 1/(N (N - 1)) sum_{i != j over all values} (x_i - x_j)^2
  alpha = 1 - D_o / D_e

(merit computes alpha from sums of squares instead), then the persons
flagged "raters disagree" and their mean spread, and compares every number
with merit raters --format json. Output is TAP; exit status 0 when all
agree, 1 when one does not, 2 on a usage or input error.
"""

import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import yaml  # noqa: F401
except ImportError:  # pragma: no cover
    print("1..0 # SKIP PyYAML (python3-yaml) is not installed")
    sys.exit(0)
import recompute as R  # noqa: E402
import recompute_raters as RR  # noqa: E402

TOL = 1e-9


def counted_values(agency_dir, assessment):
    """{competency: [[values of person 1], [values of person 2], ...]}
    over the persons assessed, in roster order; and the recomputed
    results (recompute_raters.py) for the disagreement flags."""
    ctx, results, _ = RR.recompute(agency_dir, assessment)
    a = R.load_yaml(os.path.join(agency_dir, "agency.yaml"))
    roster = R.load_yaml(os.path.join(agency_dir, a["roster"]))["persons"]
    evidence = R.load_yaml(os.path.join(agency_dir, a["evidence"]))
    ev_by = {e["person"]: e for e in evidence["evidence"]}
    status = {r["person"]: r for r in results}
    rules = ctx["type"]["raters"]
    include_self = rules.get("self", "report") == "include"
    fw = ctx["fw"]
    per = {}
    counts = {"rating": 0, "frequency": 0, "indicators": 0}
    for p in roster:
        if status[p["id"]]["status"] != "assessed":
            continue
        app = R.applicable(fw, p["post_level"])
        raters = ev_by[p["id"]]["qualities"]["raters"]
        for cid in fw["competencies"]:
            if cid not in app:
                continue
            vals = []
            for r in raters:
                obs = r["ratings"].get(cid)
                if obs is None or (r["role"] == "self" and not include_self):
                    continue
                v = RR.observe(fw, cid, app[cid], p["post_level"], obs,
                               ctx["scale"], ctx["attain"], counts)[0]
                vals.append(v)
            per.setdefault(cid, []).append(vals)
    return ctx, results, per


def icc(groups):
    groups = [g for g in groups if len(g) >= 2]
    a = len(groups)
    n = sum(len(g) for g in groups)
    out = {"persons": a, "ratings": n}
    if a < 2:
        return dict(out, k0=None, msb=None, msw=None, icc1=None, icck=None)
    grand = sum(sum(g) for g in groups) / n
    ssb = sum(len(g) * (sum(g) / len(g) - grand) ** 2 for g in groups)
    ssw = sum(sum((x - sum(g) / len(g)) ** 2 for x in g) for g in groups)
    msb, msw = ssb / (a - 1), ssw / (n - a)
    k0 = (n - sum(len(g) ** 2 for g in groups) / n) / (a - 1)
    return dict(out, k0=k0, msb=msb, msw=msw,
                icc1=(msb - msw) / (msb + (k0 - 1) * msw),
                icck=(msb - msw) / msb)


def kalpha(groups):
    groups = [g for g in groups if len(g) >= 2]
    values = [x for g in groups for x in g]
    n = len(values)
    d_o = 0.0
    for g in groups:
        m = len(g)
        d_o += sum((g[i] - g[j]) ** 2 for i in range(m) for j in range(m)
                   if i != j) / (m - 1)
    d_o /= n
    d_e = sum((values[i] - values[j]) ** 2 for i in range(n)
              for j in range(n) if i != j) / (n * (n - 1))
    return 1 - d_o / d_e if d_e > 0 else None


def icc_reading(x):
    return "-" if x is None else "poor" if x < 0.5 else "moderate" \
        if x < 0.75 else "good" if x < 0.9 else "excellent"


def alpha_reading(x):
    return "-" if x is None else "unreliable" if x < 0.667 else \
        "tentative" if x < 0.8 else "reliable"


def expected(agency_dir, assessment):
    ctx, results, per = counted_values(agency_dir, assessment)
    comps = {}
    for cid, groups in per.items():
        e = icc(groups)
        e["alpha"] = kalpha(groups)
        flags = [r["competencies"][cid] for r in results
                 if r["status"] == "assessed" and cid in r["competencies"]]
        e["disagreement"] = sum(1 for c in flags if c["disagreement"])
        spreads = [c["spread"] for c in flags if not RR.isnan(c["spread"])]
        e["mean_spread"] = sum(spreads) / len(spreads) if spreads else None
        e["icc_reading"] = icc_reading(e["icck"])
        e["alpha_reading"] = alpha_reading(e["alpha"])
        comps[cid] = e
    assessed = sum(1 for r in results if r["status"] == "assessed")
    return ctx, assessed, comps


def close(got, want):
    if want is None:
        return got is None
    return isinstance(got, (int, float)) and abs(got - want) <= TOL


def main(argv):
    args, assessment = [], None
    it = iter(argv[1:])
    for a in it:
        if a == "--assessment":
            assessment = next(it, None)
        else:
            args.append(a)
    if len(args) != 2:
        sys.stderr.write(__doc__.strip().split("\n\n")[1] + "\n")
        return 2
    try:
        ctx, assessed, want = expected(args[0], assessment)
        with open(args[1], encoding="utf-8") as f:
            got = json.load(f)
    except (R.InputError, KeyError, TypeError, ValueError, OSError) as e:
        print("Bail out! %s" % e)
        return 2
    have = {c["id"]: c for c in got.get("competencies", [])}
    print("1..%d" % (len(want) + 2))
    n = failed = 0
    n += 1
    head = [got.get("agency") == ctx["agency"],
            got.get("assessment") == ctx["type_id"],
            got.get("persons") == assessed, set(have) == set(want)]
    if all(head):
        print("ok %d - %s %s: %d persons, competencies %s" % (
            n, ctx["agency"], ctx["type_id"], assessed, len(want)))
    else:
        failed += 1
        print("not ok %d - header: agency %r, assessment %r, persons %r "
              "(expected %d), competencies %s" % (
                  n, got.get("agency"), got.get("assessment"),
                  got.get("persons"), assessed, sorted(have)))
    for cid in sorted(want):
        n += 1
        w, h = want[cid], have.get(cid, {})
        bad = []
        for key in ("k0", "msb", "msw", "icc1", "icck", "alpha",
                    "mean_spread"):
            if not close(h.get(key), w[key]):
                bad.append("%s %r, expected %r" % (key, h.get(key), w[key]))
        for key in ("persons", "ratings", "disagreement", "icc_reading",
                    "alpha_reading"):
            if h.get(key) != w[key]:
                bad.append("%s %r, expected %r" % (key, h.get(key), w[key]))
        if bad:
            failed += 1
            print("not ok %d - %s" % (n, cid))
            for b in bad:
                print("#   %s" % b)
        else:
            print("ok %d - %s: ICC(1) %.4f, ICC(1,k) %.4f, alpha %.4f" % (
                n, cid, w["icc1"], w["icck"], w["alpha"]))
    # coverage: the example shows unequal numbers of raters (k0 below the
    # mean number) and some persons flagged
    n += 1
    unequal = any(w["k0"] < w["ratings"] / w["persons"] - 1e-12
                  for w in want.values())
    flagged = sum(w["disagreement"] for w in want.values())
    if unequal and flagged:
        print("ok %d - coverage: unequal raters per person, %d flags"
              % (n, flagged))
    else:
        failed += 1
        print("not ok %d - coverage: unequal %s, flags %d"
              % (n, unequal, flagged))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
