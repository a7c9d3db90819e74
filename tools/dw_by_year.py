"""Dantzig-Wolfe decomposition by year of one tier's model: the master LP
bound by column generation. A research aid (docs/performance.md, "Dantzig-
Wolfe by year: measured bounds"); needs highspy (HiGHS 1.16).

  python tools/dw_by_year.py DIR TIER [--smooth A] [--max-iter N]
                             [--pricing-gap G] [--no-pool] [--pab SECONDS]

DIR is what `NTM_WRITE_MODEL=DIR ntm plan ...` wrote (TIER.mps, TIER.start,
sets.json); TIER is criteria_met or money (or weighted_communes).

The decomposition is read off the MPS, not rebuilt from the scenario:
- fund columns (the first len(sets.fundings)) belong to the year of their
  funding; flow columns to the year of their class; meets columns stay in
  the master;
- a row is a *year row* (pricing) when every column it touches belongs to
  one year (class demand, pool capacity); every other row is a *linking
  row* (once, completion, the tier rows holding the earlier tiers);
- master: meets in [0, 1] and, per year t, a convex combination of columns
  k (a 0/1 vector of year-t fundings that the year's rows can pay, flows
  included), plus an artificial column per linking row with a big penalty
  so that the first masters are feasible whatever the start;
- pricing for year t: the MIP of year t's rows (fund binary, flows
  continuous) minimising the reduced cost; fundings with reduced cost >= 0
  are fixed to 0 (dropping a gap from a payable set keeps it payable).
  Every improving solution HiGHS finds (mip_improving_solution_save) with a
  negative reduced cost is added, not only the last one;
- the Lagrangian bound after each round is z_master + sum_t min(0, the
  pricing's *dual bound* - convexity dual), valid even when a pricing MIP
  stops before proving optimality; the final DW bound is the best of these
  (equal to the master LP value when every pricing proves rc >= 0).
- optional Wentges smoothing (--smooth A): price at A*best + (1-A)*current
  duals, with a mispricing fall-back to the current duals.

Everything is solved in "min" form (a max model is negated) and reported in
the model's own sense. One HiGHS thread, presolve off for the pricing MIPs
(as ntm), random_seed 0. Times are process CPU seconds of this script.

--pab S: price-and-branch afterwards: the master with its generated columns
as a MIP (lambda and meets binary), S seconds at most; says whether the
column pool alone holds an optimal plan.
"""
import argparse
import json
import time

import numpy as np

import highspy

INF = highspy.kHighsInf


def quiet(h):
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("tier")
    ap.add_argument("--smooth", type=float, default=0.0)
    ap.add_argument("--max-iter", type=int, default=2000)
    ap.add_argument("--pricing-gap", type=float, default=0.0,
                    help="mip_rel_gap of the pricing MIPs (bound stays valid)")
    ap.add_argument("--no-pool", action="store_true",
                    help="add only the best pricing solution per year")
    ap.add_argument("--pab", type=float, default=0.0)
    ap.add_argument("--time", type=float, default=3600.0)
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--round-seed", type=int, default=0,
                    help="with --lp-seed: this many random greedy roundings of the LP's x* "
                         "per year as initial columns")
    ap.add_argument("--add-sep", action="store_true",
                    help="with --smooth: also add the columns the smoothed point prices negative")
    ap.add_argument("--seed", action="append", default=[],
                    help="another solution file (one column value a line) whose "
                         "years become initial columns, e.g. the next tier's start")
    ap.add_argument("--lp-seed", action="store_true",
                    help="start the stability centre at the compact LP's duals")
    args = ap.parse_args()
    t_start = time.process_time()

    sets = json.load(open(f"{args.dir}/sets.json"))
    src = highspy.Highs()
    quiet(src)
    src.readModel(f"{args.dir}/{args.tier}.mps")
    lp = src.getLp()
    sign = -1.0 if lp.sense_ == highspy.ObjSense.kMaximize else 1.0
    n, m = lp.num_col_, lp.num_row_
    nf, nm = len(sets["fundings"]), len(sets["meets"])
    cost = sign * np.array(lp.col_cost_)
    offset = sign * lp.offset_
    A = lp.a_matrix_
    start, index, value = np.array(A.start_), np.array(A.index_), np.array(A.value_)

    class_year = {f[4]: f[3] for f in sets["fundings"]}
    year_of = np.full(n, -1)
    for j, f in enumerate(sets["fundings"]):
        year_of[j] = f[3]
    for k, (q, _p) in enumerate(sets["flows"]):
        year_of[nf + nm + k] = class_year[q]
    assert n == nf + nm + len(sets["flows"]), "columns are fund, meets, flows"
    years = sorted(set(year_of[:nf]))

    # rows: which years/meets each touches
    row_cols = [[] for _ in range(m)]
    for j in range(n):
        for e in range(start[j], start[j + 1]):
            row_cols[index[e]].append((j, value[e]))
    row_year = []
    for i in range(m):
        ys = {year_of[j] for j, _ in row_cols[i]}
        row_year.append(ys.pop() if len(ys) == 1 and -1 not in ys else None)
    link = [i for i in range(m) if row_year[i] is None]
    for i in link:
        assert all(j < nf + nm for j, _ in row_cols[i]), "flow in a linking row"
    lrow = {i: r for r, i in enumerate(link)}
    nl = len(link)
    # linking coefficients of fund columns: dense (nl x nf) is small enough
    Lf = np.zeros((nl, nf))
    for i in link:
        for j, v in row_cols[i]:
            if j < nf:
                Lf[lrow[i], j] = v

    # ---- master ----
    M = highspy.Highs()
    quiet(M)
    M.setOptionValue("presolve", "off")
    rl = [lp.row_lower_[i] for i in link] + [1.0] * len(years)
    ru = [lp.row_upper_[i] for i in link] + [1.0] * len(years)
    M.addRows(len(rl), np.array(rl), np.array(ru), 0, np.array([], dtype=np.int32),
              np.array([], dtype=np.int32), np.array([]))
    conv = {t: nl + k for k, t in enumerate(years)}
    # meets columns (master variables)
    for j in range(nf, nf + nm):
        ent = [(lrow[index[e]], value[e]) for e in range(start[j], start[j + 1])]
        M.addCol(cost[j], lp.col_lower_[j], lp.col_upper_[j], len(ent),
                 np.array([r for r, _ in ent], dtype=np.int32), np.array([v for _, v in ent]))
    # artificials
    big = 1e4 * max(1.0, np.abs(cost).max())
    art = []
    for r in range(nl):
        if rl[r] > -INF:
            art.append(M.getNumCol())
            M.addCol(big, 0.0, INF, 1, np.array([r], dtype=np.int32), np.array([1.0]))
        if ru[r] < INF:
            art.append(M.getNumCol())
            M.addCol(big, 0.0, INF, 1, np.array([r], dtype=np.int32), np.array([-1.0]))
    columns = []  # (year, frozenset of fund indices, master col)
    seen = set()

    def add_column(t, funds):
        key = (t, frozenset(funds))
        if key in seen:
            return False
        seen.add(key)
        fl = list(funds)
        a = Lf[:, fl].sum(axis=1) if fl else np.zeros(nl)
        nz = np.nonzero(np.abs(a) > 1e-12)[0]
        idx = np.concatenate([nz, [conv[t]]]).astype(np.int32)
        val = np.concatenate([a[nz], [1.0]])
        c = float(cost[fl].sum()) if fl else 0.0
        col = M.getNumCol()
        M.addCol(c, 0.0, INF, len(idx), idx, val)
        columns.append((t, key[1], col))
        return True

    for t in years:
        add_column(t, [])
    for path in [f"{args.dir}/{args.tier}.start"] + args.seed:
        try:
            x0 = [float(v) for v in open(path)]
        except FileNotFoundError:
            continue
        for t in years:
            add_column(t, [j for j in range(nf) if year_of[j] == t and x0[j] > 0.5])

    # ---- pricing models, one per year ----
    pricing = {}
    for t in years:
        cols = [j for j in range(n) if year_of[j] == t]
        rows = [i for i in range(m) if row_year[i] == t]
        rmap = {i: r for r, i in enumerate(rows)}
        P = highspy.Highs()
        quiet(P)
        for k, v in [("presolve", "off"), ("mip_rel_gap", args.pricing_gap),
                     ("mip_abs_gap", 1e-6)]:
            P.setOptionValue(k, v)
        if not args.no_pool:
            P.setOptionValue("mip_improving_solution_save", True)
        P.addRows(len(rows), np.array([lp.row_lower_[i] for i in rows]),
                  np.array([lp.row_upper_[i] for i in rows]), 0,
                  np.array([], dtype=np.int32), np.array([], dtype=np.int32), np.array([]))
        for j in cols:
            ent = [(rmap[index[e]], value[e]) for e in range(start[j], start[j + 1])
                   if index[e] in rmap]
            P.addCol(0.0, lp.col_lower_[j], lp.col_upper_[j], len(ent),
                     np.array([r for r, _ in ent], dtype=np.int32),
                     np.array([v for _, v in ent]))
        fcols = [k for k, j in enumerate(cols) if j < nf]
        P.changeColsIntegrality(len(fcols), np.array(fcols, dtype=np.int32),
                                np.array([highspy.HighsVarType.kInteger] * len(fcols)))
        pricing[t] = (P, cols, fcols)

    def price(t, y):
        """min over year t's payable sets of (c - y L) x; returns (value,
        dual bound, list of fund-index sets with their values)."""
        P, cols, fcols = pricing[t]
        fj = [cols[k] for k in fcols]
        rc = cost[fj] - y[:nl] @ Lf[:, fj]
        P.changeColsCost(len(fcols), np.array(fcols, dtype=np.int32), rc)
        ub = np.where(rc < -1e-9, 1.0, 0.0)
        P.changeColsBounds(len(fcols), np.array(fcols, dtype=np.int32), np.zeros(len(fcols)), ub)
        if ub.sum() == 0:
            return 0.0, 0.0, [], 0.0
        tt = time.process_time()
        P.run()
        tt = time.process_time() - tt
        info = P.getInfo()
        sols = []
        cand = []
        if not args.no_pool:
            try:
                cand = [s.col_value for s in P.getSavedMipSolutions()]
            except Exception:
                cand = []
        cand.append(P.getSolution().col_value)
        for xv in cand:
            funds = [cols[k] for k in fcols if xv[k] > 0.5]
            v = float(cost[funds].sum() - y[:nl] @ Lf[:, funds].sum(axis=1)) if funds else 0.0
            sols.append((v, funds))
        return info.objective_function_value, info.mip_dual_bound, sols, tt

    # meets columns' linking coefficients, for the Lagrangian at any duals
    Lm = np.zeros((nl, nm))
    for k, j in enumerate(range(nf, nf + nm)):
        for e in range(start[j], start[j + 1]):
            Lm[lrow[index[e]], k] = value[e]
    rl_a, ru_a = np.array(rl[:nl]), np.array(ru[:nl])
    mlo, mup = np.array(lp.col_lower_[nf:nf + nm]), np.array(lp.col_upper_[nf:nf + nm])

    def lagrangian(yy, year_mins):
        """L(y) = sum_i y_i b_i(y) + min over meets box + sum_t min_x
        (c - y L) x (each year's min <= 0: the empty set). With HiGHS's sign
        convention (min form: row dual > 0 when the lower side binds)."""
        yl = yy[:nl]
        if np.any(np.abs(yl) > big + 1e-9):
            return -INF
        with np.errstate(invalid="ignore"):
            rows = np.where(yl > 0, yl * rl_a, np.where(yl < 0, yl * ru_a, 0.0))
        if not np.all(np.isfinite(rows)):
            return -INF
        d = cost[nf:nf + nm] - yl @ Lm
        return offset_free + rows.sum() + np.minimum(d * mlo, d * mup).sum() + sum(year_mins)

    offset_free = 0.0

    # ---- column generation ----
    def add_if_improving(t, funds, y, ysep):
        """Adds the column when its reduced cost at the master's duals y is
        negative, or (with --add-sep) its reduced cost at the pricing
        point without the convexity dual (1 if added)."""
        def rc(yy):
            return float(cost[funds].sum() - yy[:nl] @ Lf[:, funds].sum(axis=1)) if funds else 0.0
        ok = rc(y) - y[conv[t]] < -1e-7 or (args.add_sep and ysep is not y and rc(ysep) < -1e-7)
        return 1 if ok and add_column(t, funds) else 0

    gap_now = [args.pricing_gap]
    best_lb = -INF
    stab = None
    t_seed = 0.0
    if args.lp_seed:
        # duals of the compact LP relaxation: L(y_LP) >= the LP bound, a good
        # first stability centre; every pricing solution there is a column
        tt = time.process_time()
        R = highspy.Highs()
        quiet(R)
        R.passModel(src.getLp())
        R.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                                np.array([highspy.HighsVarType.kContinuous] * n))
        R.run()
        ylp = sign * np.array(R.getSolution().row_dual)
        lp_value = R.getInfo().objective_function_value
        yseed = np.concatenate([ylp[link], np.zeros(len(years))])
        terms = []
        for t in years:
            val, bnd, sols, tp = price(t, yseed)
            terms.append(min(0.0, bnd))
            for _, funds in sols:
                add_column(t, funds)
        best_lb, stab = lagrangian(yseed, terms), yseed
        if args.round_seed > 0:
            # columns around the compact LP's x*: per year, the gaps at 1
            # plus the fractional ones added greedily in random orders
            # while the year's rows stay feasible (an LP with fund fixed)
            xs = np.array(R.getSolution().col_value)
            rng = np.random.default_rng(0)
            made = 0
            for t in years:
                P, cols, fcols = pricing[t]
                F = highspy.Highs()
                quiet(F)
                F.passModel(P.getLp())
                F.changeColsIntegrality(len(cols), np.arange(len(cols), dtype=np.int32),
                                        np.array([highspy.HighsVarType.kContinuous] * len(cols)))
                F.changeColsCost(len(cols), np.arange(len(cols), dtype=np.int32), np.zeros(len(cols)))
                fidx = np.array(fcols, dtype=np.int32)
                one = [k for k in fcols if xs[cols[k]] > 1 - 1e-6]
                frac = [k for k in fcols if 1e-6 < xs[cols[k]] < 1 - 1e-6]

                def feasible(chosen):
                    ub = np.zeros(len(fcols))
                    pos = {k: i for i, k in enumerate(fcols)}
                    for k in chosen:
                        ub[pos[k]] = 1.0
                    F.changeColsBounds(len(fcols), fidx, ub, ub)
                    F.run()
                    return F.getModelStatus() == highspy.HighsModelStatus.kOptimal

                for _ in range(args.round_seed):
                    chosen = list(one)
                    for k in rng.permutation(frac):
                        if feasible(chosen + [k]):
                            chosen.append(k)
                    made += add_column(t, [cols[k] for k in chosen])
            print(f"rounding seed: {made} columns")
        t_seed = time.process_time() - tt
        print(f"compact LP {lp_value:.6f}; Lagrangian at its duals {sign * best_lb:.6f} "
              f"({t_seed:.1f} s)")
    it = 0
    t_master = t_price = 0.0
    n_price = 0
    log = []
    z = None
    while it < args.max_iter:
        it += 1
        tt = time.process_time()
        M.run()
        if M.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            # rare numerical trouble of the warm start: solve from scratch
            M.clearSolver()
            M.run()
        t_master += time.process_time() - tt
        assert M.getModelStatus() == highspy.HighsModelStatus.kOptimal, M.getModelStatus()
        z = M.getInfo().objective_function_value
        y = np.array(M.getSolution().row_dual)
        added = 0
        points = [y] if stab is None or args.smooth == 0 else \
            [args.smooth * stab + (1 - args.smooth) * y, y]
        for ysep in points:  # the smoothed point, then y if it mispriced
            lag_terms = []
            for t in years:
                val, bnd, sols, tp = price(t, ysep)
                t_price += tp
                n_price += 1 if tp > 0 else 0
                lag_terms.append(min(0.0, bnd))
                for _, funds in sorted(sols):
                    added += add_if_improving(t, funds, y, ysep)
            lb = lagrangian(ysep, lag_terms)
            if ysep is y and it == 1:
                # sanity: at the master's duals L(y) = z + sum_t (min(0, bnd_t) - mu_t)
                chk = z + sum(b - y[conv[t]] for b, t in zip(lag_terms, years))
                print(f"check L(y) {lb:.6f} vs z-based {chk:.6f}")
            if lb > best_lb:
                best_lb, stab = lb, ysep.copy()
            if added > 0:
                break
        log.append((it, z, best_lb, added, M.getNumCol()))
        if not args.quiet:
            print(f"it {it:4d} master {sign * z:.6f} lag {sign * best_lb:.6f} "
                  f"new {added:3d} cols {len(columns):5d} "
                  f"cpu master {t_master:.1f} pricing {t_price:.1f}", flush=True)
        if z - best_lb < 1e-6 * max(1.0, abs(z)):
            break
        if added == 0:
            if gap_now[0] > 0:
                # early-stopped pricing found nothing: price exactly from now on
                gap_now[0] = 0.0
                for P, _, _ in pricing.values():
                    P.setOptionValue("mip_rel_gap", 0.0)
                continue
            break
        if time.process_time() - t_start > args.time:
            print("time limit")
            break

    # ---- report ----
    sol = M.getSolution().col_value
    art_used = sum(sol[c] for c in art)
    xf = np.zeros(nf)
    pos = {t: [] for t in years}
    for t, funds, col in columns:
        if sol[col] > 1e-9:
            pos[t].append(sol[col])
            for j in funds:
                xf[j] += sol[col]
    meets = np.array(sol[:nm])
    fr_f = [j for j in range(nf) if 1e-6 < xf[j] < 1 - 1e-6]
    fr_m = [k for k in range(nm) if 1e-6 < meets[k] < 1 - 1e-6]
    total = time.process_time() - t_start
    print(f"\n{args.tier}: DW master LP {sign * z:.6f}, best Lagrangian bound "
          f"{sign * best_lb:.6f}, iterations {it}, columns {len(columns)}, "
          f"artificials {art_used:.2e}")
    print(f"cpu: total {total:.1f} s, master {t_master:.1f} s, pricing {t_price:.1f} s "
          f"over {n_price} MIPs ({t_price / max(1, n_price):.3f} s each)")
    for t in years:
        print(f"  year {t}: {len(pos[t])} columns at positive weight "
              f"({', '.join(f'{v:.3f}' for v in sorted(pos[t], reverse=True)[:8])})")
    print(f"  fractional fund {len(fr_f)} of {nf}; fractional meets {len(fr_m)} of {nm}")
    for j in fr_f[:30]:
        print("   fund", sets["fundings"][j], round(xf[j], 4))
    for k in fr_m:
        print("   meets", sets["meets"][k], round(meets[k], 4))

    if args.pab > 0:
        lam = [col for _, _, col in columns]
        M.changeColsIntegrality(len(lam), np.array(lam, dtype=np.int32),
                                np.array([highspy.HighsVarType.kInteger] * len(lam)))
        mc = list(range(nm))
        M.changeColsIntegrality(nm, np.array(mc, dtype=np.int32),
                                np.array([highspy.HighsVarType.kInteger] * nm))
        for k, v in [("mip_rel_gap", 0.0), ("mip_abs_gap", 1e-6), ("time_limit", args.pab)]:
            M.setOptionValue(k, v)
        tt = time.process_time()
        M.run()
        tt = time.process_time() - tt
        info = M.getInfo()
        print(f"price-and-branch over the {len(columns)} columns: "
              f"{M.modelStatusToString(M.getModelStatus())} value "
              f"{sign * info.objective_function_value:.6f} bound {sign * info.mip_dual_bound:.6f} "
              f"nodes {info.mip_node_count} cpu {tt:.1f}")


if __name__ == "__main__":
    main()
