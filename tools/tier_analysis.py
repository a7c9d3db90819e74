"""Analyse one tier's model as `NTM_WRITE_MODEL=DIR ntm plan ...` wrote it.

Needs highspy (`pip install highspy`, HiGHS 1.16 like the program). Usage:

  python tools/tier_analysis.py DIR TIER lp
      LP relaxation: its value and which fund/meets columns are fractional.
  python tools/tier_analysis.py DIR TIER partial meets|funds
      bound with only `meets` (or only `fund`) integral, the rest continuous:
      which integrality the LP gap comes from.
  python tools/tier_analysis.py DIR TIER solve [START|-] [opt=v,...] [seconds]
      the MIP as ntm solves it (presolve off, gaps 0, 1 thread, seed 0),
      from DIR/TIER.start or another start file ("-" for none), with extra
      HiGHS options; prints value, bound, nodes and CPU seconds.

TIER is weighted_communes, criteria_met or money. See docs/performance.md.
"""
import json
import sys
import time

import highspy


def value(v):
    for cast in (int, float):
        try:
            return cast(v)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(v, v)


def main():
    d, tier, mode = sys.argv[1:4]
    sets = json.load(open(f"{d}/sets.json"))
    nf, nm = len(sets["fundings"]), len(sets["meets"])
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(f"{d}/{tier}.mps")
    n = h.getNumCol()
    for k, v in [("presolve", "off"), ("mip_rel_gap", 0.0), ("mip_abs_gap", 1e-6),
                 ("threads", 1), ("random_seed", 0)]:
        h.setOptionValue(k, v)
    cont = []
    if mode == "lp":
        cont = list(range(n))
    elif mode == "partial":
        cont = list(range(nf)) if sys.argv[4] == "meets" else list(range(nf, nf + nm))
    elif mode == "solve":
        start = sys.argv[4] if len(sys.argv) > 4 else f"{d}/{tier}.start"
        for pair in filter(None, (sys.argv[5] if len(sys.argv) > 5 else "").split(",")):
            k, v = pair.split("=")
            h.setOptionValue(k, value(v))
        h.setOptionValue("time_limit", float(sys.argv[6]) if len(sys.argv) > 6 else 300.0)
        if start != "-":
            x = [float(line) for line in open(start)]
            sol = highspy.HighsSolution()
            sol.col_value = x + [0.0] * (n - len(x))
            sol.value_valid = True
            h.setSolution(sol)
    if cont:
        h.changeColsIntegrality(len(cont), cont, [highspy.HighsVarType.kContinuous] * len(cont))
    t = time.process_time()
    h.run()
    t = time.process_time() - t
    info = h.getInfo()
    print(f"{tier} {mode}: value {info.objective_function_value:.4f} "
          f"bound {info.mip_dual_bound:.4f} nodes {info.mip_node_count} cpu {t:.2f}")
    if mode == "lp":
        x = h.getSolution().col_value
        frac = [i for i in range(nf + nm) if 1e-6 < x[i] < 1 - 1e-6]
        for i in frac:
            row = sets["fundings"][i] if i < nf else sets["meets"][i - nf]
            print(("fund " if i < nf else "meets"), row, round(x[i], 4))
        print(f"{len(frac)} fractional of {nf} fund and {nm} meets columns")


main()
