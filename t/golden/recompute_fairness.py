#!/usr/bin/env python3
"""Independent recomputation of merit fairness.

Usage:
    recompute_fairness.py --by FIELD [--pass BAND] AGENCY_DIR FAIRNESS.json

For one of the examples with raters (kz-360, kr-scs, fi-senior, uz-kpi)
it recomputes every person's K and band (recompute_raters.py, from the
YAML and hand-copied rules), groups the persons assessed by the roster
field FIELD ("(none)" when a person lacks it), and per group:

  n, passes (band at or above BAND; default every band but the lowest),
  pass rate, the rate of each band;
  impact ratio = pass rate / the highest group's pass rate;
  Fisher's exact test, two-sided, of the 2x2 table (pass, fail) x (group,
  reference group), summed here over the hypergeometric probabilities
  from math.comb: every table with the same margins as likely as the one
  seen or less (within a relative 1e-7);
  mean K, its SD (n - 1), the difference to the reference group's mean,
  and Welch's 95 % interval diff +- t(0.975, df) * sqrt(s1^2/n1 + s2^2/n2)
  with df = (s1^2/n1 + s2^2/n2)^2 / ((s1^2/n1)^2/(n1-1) + (s2^2/n2)^2/(n2-1)),
  the t quantile found by bisection on the t distribution's CDF, itself
  integrated here from the density by Simpson's rule.

The reference group has the highest pass rate (ties: the larger group,
then the first by name). Then it compares all of it with merit fairness
--format json, and says the exit status merit must give: 1 when a ratio
is below 0.8. Output is TAP; exit status 0 when all agree, 1 when not, 2
on a usage or input error.
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


def fisher_two_sided(a, b, c, d):
    n1, n2, t = a + b, c + d, a + c

    def prob(k):
        return math.comb(n1, k) * math.comb(n2, t - k) / math.comb(n1 + n2, t)
    seen = prob(a)
    ks = range(max(0, t - n2), min(n1, t) + 1)
    return min(1.0, sum(prob(k) for k in ks if prob(k) <= seen * (1 + 1e-7)))


def t_cdf(x, df):
    const = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / \
        math.sqrt(df * math.pi)
    steps = 4000
    h = x / steps
    ys = [const * (1 + (i * h) ** 2 / df) ** (-(df + 1) / 2)
          for i in range(steps + 1)]
    area = h / 3 * (ys[0] + ys[-1] + 4 * sum(ys[1:-1:2]) +
                    2 * sum(ys[2:-1:2]))
    return 0.5 + area


def t_quantile(p, df):
    lo, hi = 0.0, 50.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def field_text(v):
    if v is None:
        return "(none)"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return "%g" % v
    return str(v)


def expected(agency_dir, field, pass_band):
    ctx, results, _ = RR.recompute(agency_dir)
    a = R.load_yaml(os.path.join(agency_dir, "agency.yaml"))
    roster = R.load_yaml(os.path.join(agency_dir, a["roster"]))["persons"]
    bands = [label for _, label in sorted(ctx["type"]["bands"],
                                          reverse=True)]
    if pass_band is None:
        pass_band = bands[-2] if len(bands) > 1 else bands[0]
    passing = set(bands[:bands.index(pass_band) + 1])
    res = {r["person"]: r for r in results}
    groups = {}
    not_assessed = 0
    for p in roster:
        r = res[p["id"]]
        if r["status"] != "assessed":
            not_assessed += 1
            continue
        groups.setdefault(field_text(p.get(field)), []).append(r)
    out = {}
    for name, rs in groups.items():
        n = len(rs)
        ks = [r["K"] for r in rs]
        mean = sum(ks) / n
        sd = math.sqrt(sum((k - mean) ** 2 for k in ks) / (n - 1)) \
            if n > 1 else None
        out[name] = {"n": n, "pass": sum(r["band"] in passing for r in rs),
                     "mean_k": mean, "sd_k": sd,
                     "band_rates": {b: sum(r["band"] == b for r in rs) / n
                                    for b in bands}}
        out[name]["pass_rate"] = out[name]["pass"] / n
    ref = sorted(out, key=lambda g: (-out[g]["pass_rate"], -out[g]["n"],
                                     g))[0]
    r = out[ref]
    for name, g in out.items():
        g["impact_ratio"] = g["pass_rate"] / r["pass_rate"] \
            if r["pass_rate"] > 0 else None
        g["adverse"] = g["impact_ratio"] is not None and \
            g["impact_ratio"] < 0.8
        g["reference"] = name == ref
        g["diff"] = g["mean_k"] - r["mean_k"]
        g["fisher_p"] = g["diff_lo"] = g["diff_hi"] = g["welch_df"] = None
        if name == ref:
            g["diff"] = 0.0
            continue
        g["fisher_p"] = fisher_two_sided(g["pass"], g["n"] - g["pass"],
                                         r["pass"], r["n"] - r["pass"])
        if g["n"] > 1 and r["n"] > 1:
            vg, vr = g["sd_k"] ** 2 / g["n"], r["sd_k"] ** 2 / r["n"]
            if vg + vr > 0:
                df = (vg + vr) ** 2 / (vg ** 2 / (g["n"] - 1) +
                                       vr ** 2 / (r["n"] - 1))
                t = t_quantile(0.975, df)
                g["welch_df"] = df
                g["diff_lo"] = g["diff"] - t * math.sqrt(vg + vr)
                g["diff_hi"] = g["diff"] + t * math.sqrt(vg + vr)
    return ctx, {"pass_band": pass_band, "reference": ref,
                 "not_assessed": not_assessed,
                 "assessed": sum(g["n"] for g in out.values())}, out


def close(got, want):
    if want is None:
        return got is None
    return isinstance(got, (int, float)) and abs(got - want) <= TOL


def main(argv):
    args, field, pass_band = [], None, None
    it = iter(argv[1:])
    for a in it:
        if a == "--by":
            field = next(it, None)
        elif a == "--pass":
            pass_band = next(it, None)
        else:
            args.append(a)
    if len(args) != 2 or not field:
        sys.stderr.write(__doc__.strip().split("\n\n")[1] + "\n")
        return 2
    try:
        ctx, head, want = expected(args[0], field, pass_band)
        with open(args[1], encoding="utf-8") as f:
            got = json.load(f)
    except (R.InputError, KeyError, TypeError, ValueError, OSError) as e:
        print("Bail out! %s" % e)
        return 2
    have = {g["group"]: g for g in got.get("groups", [])}
    print("1..%d" % (len(want) + 2))
    n = failed = 0
    n += 1
    bad = ["%s %r, expected %r" % (k, got.get(k), v) for k, v in
           (("agency", ctx["agency"]), ("assessment", ctx["type_id"]),
            ("by", field)) + tuple(head.items()) if got.get(k) != v]
    if [g.get("group") for g in got.get("groups", [])] != sorted(want):
        bad.append("groups %s, expected %s" % (list(have), sorted(want)))
    if bad:
        failed += 1
        print("not ok %d - header" % n)
        for b in bad:
            print("#   %s" % b)
    else:
        print("ok %d - %s by %s: %d groups, reference %s, pass from %s" % (
            n, ctx["agency"], field, len(want), head["reference"],
            head["pass_band"]))
    for name in sorted(want):
        n += 1
        w, h = want[name], have.get(name, {})
        bad = []
        for k in ("pass_rate", "impact_ratio", "fisher_p", "mean_k", "sd_k",
                  "diff", "diff_lo", "diff_hi", "welch_df"):
            if not close(h.get(k), w[k]):
                bad.append("%s %r, expected %r" % (k, h.get(k), w[k]))
        for k in ("n", "pass", "adverse", "reference"):
            if h.get(k) != w[k]:
                bad.append("%s %r, expected %r" % (k, h.get(k), w[k]))
        hb = h.get("band_rates") or {}
        if set(hb) != set(w["band_rates"]) or \
                any(not close(hb[b], v) for b, v in w["band_rates"].items()):
            bad.append("band_rates %r, expected %r" % (hb, w["band_rates"]))
        if bad:
            failed += 1
            print("not ok %d - %s" % (n, name))
            for b in bad:
                print("#   %s" % b)
        else:
            print("ok %d - %s: n %d, pass %.3f, ratio %s, p %s, diff %.4f" % (
                n, name, w["n"], w["pass_rate"],
                "%.3f" % w["impact_ratio"] if w["impact_ratio"] is not None
                else "-", "%.4f" % w["fisher_p"] if w["fisher_p"] is not None
                else "-", w["diff"]))
    n += 1
    status = 1 if any(w["adverse"] for w in want.values()) else 0
    print("ok %d - expected exit status %d # %s" % (
        n, status, ", ".join(g for g in sorted(want) if want[g]["adverse"])
        or "no adverse impact"))
    print("# exit %d" % status)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
