"""Dantzig-Wolfe decomposition of one tier's model into blocks: the master
LP bound by column generation. A research aid (docs/performance.md,
"Dantzig-Wolfe: measured bounds"); needs numpy and highspy (HiGHS 1.16).

  python tools/dw.py DIR TIER --by year|district [--smooth A] [--lp-seed]
                     [--max-iter N] [--time S] [--pab S] [--quiet]

DIR is what `NTM_WRITE_MODEL=DIR ntm plan ...` wrote (TIER.mps, TIER.start,
sets.json); TIER is weighted_communes, criteria_met or money.

The decomposition is read off the MPS, not rebuilt from the scenario. Some
rows are *linking* rows and stay in the master; the blocks are the
connected components of the columns over the other rows, and a column that
only linking rows touch is an ordinary master column.
- --by year: a row is linking when it touches a `meets` column or columns
  of two years (the once and completion rows, the tier rows), so each year
  is a block (or several) and `meets` stays in the master.
- --by district: a row is linking when it is the capacity row of a
  province-wide pool (a (source, year) with a single line) or touches the
  fundings or `meets` of more than one commune without any flow (the tier
  rows). Class demand rows, district pool rows, once and completion rows
  stay inside, so a block holds a district's gaps over *all* years with its
  own lines, and the province-wide lines link the blocks.

Master: per block a convex combination of block solutions (fund, meets and
flows as one vector), an artificial column per linking row side with a big
penalty so the first masters are feasible. Pricing: the block's MIP
(fund and meets binary, flows continuous, presolve off, 1 thread, seed 0)
at cost c - y A_link; every improving solution HiGHS saves is a candidate.
The Lagrangian bound L(y) = sum_i y_i b_i(y) + the master columns at their
best bound + sum_b the pricing dual bound_b is valid whatever the master;
the DW bound reported is the best L seen. --smooth A prices at
A*centre + (1-A)*y (Wentges), falling back to y when that adds nothing.
Everything is in "min" form internally and reported in the model's sense.
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


class Union:
    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, a):
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def join(self, a, b):
        self.parent[self.find(a)] = self.find(b)


def linking_rows(by, row_cols, sets, nf, nm):
    """Which rows stay in the master."""
    funding = sets["fundings"]
    flows = sets["flows"]
    pools = sets["pools"]
    lines = {}
    for source, year, _ in pools:
        lines[(source, year)] = lines.get((source, year), 0) + 1
    province = [lines[(s, y)] == 1 for s, y, _ in pools]
    class_year = {f[4]: f[3] for f in funding}
    link = []
    for i, cols in enumerate(row_cols):
        js = [j for j, _ in cols]
        if by == "year":
            years = set()
            has_meets = False
            for j in js:
                if j < nf:
                    years.add(funding[j][3])
                elif j < nf + nm:
                    has_meets = True
                else:
                    years.add(class_year[flows[j - nf - nm][0]])
            link.append(has_meets or len(years) > 1)
        else:
            flow_pools = {flows[j - nf - nm][1] for j in js if j >= nf + nm}
            if flow_pools and len(flow_pools) == 1 and all(j >= nf + nm for j in js):
                link.append(province[flow_pools.pop()])
            elif not flow_pools:
                communes = {funding[j][1] if j < nf else sets["meets"][j - nf][0] for j in js}
                link.append(len(communes) > 1)
            else:
                link.append(False)
    return link


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("tier")
    ap.add_argument("--by", choices=["year", "district"], required=True)
    ap.add_argument("--smooth", type=float, default=0.0)
    ap.add_argument("--lp-seed", action="store_true",
                    help="first pricing round (and smoothing centre) at the compact LP's duals")
    ap.add_argument("--max-iter", type=int, default=5000)
    ap.add_argument("--time", type=float, default=3600.0)
    ap.add_argument("--pab", type=float, default=0.0,
                    help="afterwards, the master over its columns as a MIP for this many seconds")
    ap.add_argument("--quiet", action="store_true")
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
    assert n == nf + nm + len(sets["flows"]), "columns are fund, meets, flows"
    cost = sign * np.array(lp.col_cost_)
    lo, up = np.array(lp.col_lower_), np.array(lp.col_upper_)
    A = lp.a_matrix_
    start, index, value = np.array(A.start_), np.array(A.index_), np.array(A.value_)
    integer = np.array([j < nf + nm for j in range(n)])

    row_cols = [[] for _ in range(m)]
    for j in range(n):
        for e in range(start[j], start[j + 1]):
            row_cols[index[e]].append((j, value[e]))
    link = linking_rows(args.by, row_cols, sets, nf, nm)
    L = [i for i in range(m) if link[i]]
    nl = len(L)
    lrow = {i: r for r, i in enumerate(L)}

    union = Union(n)
    touched = np.zeros(n, dtype=bool)
    for i in range(m):
        if not link[i] and row_cols[i]:
            j0 = row_cols[i][0][0]
            for j, _ in row_cols[i]:
                touched[j] = True
                union.join(j, j0)
    roots = sorted({union.find(j) for j in range(n) if touched[j]})
    block_of = {r: b for b, r in enumerate(roots)}
    blocks = [[] for _ in roots]
    for j in range(n):
        if touched[j]:
            blocks[block_of[union.find(j)]].append(j)
    free = [j for j in range(n) if not touched[j]]
    brows = [[] for _ in roots]
    for i in range(m):
        if not link[i] and row_cols[i]:
            brows[block_of[union.find(row_cols[i][0][0])]].append(i)
    nb = len(blocks)
    print(f"{args.tier} by {args.by}: {nl} linking rows, {nb} blocks "
          f"(columns {sorted(len(b) for b in blocks)}), {len(free)} master columns")

    # linking matrix, dense (nl x n): small enough here
    AL = np.zeros((nl, n))
    for i in L:
        for j, v in row_cols[i]:
            AL[lrow[i], j] = v

    # ---- master ----
    M = highspy.Highs()
    quiet(M)
    M.setOptionValue("presolve", "off")
    rl = np.array([lp.row_lower_[i] for i in L] + [1.0] * nb)
    ru = np.array([lp.row_upper_[i] for i in L] + [1.0] * nb)
    M.addRows(len(rl), rl, ru, 0, np.array([], dtype=np.int32),
              np.array([], dtype=np.int32), np.array([]))
    for j in free:
        nz = np.nonzero(AL[:, j])[0]
        M.addCol(cost[j], lo[j], up[j], len(nz), nz.astype(np.int32), AL[nz, j])
    nfree = len(free)
    big = 1e4 * max(1.0, np.abs(cost).max())
    art = []
    for r in range(nl):
        for side, ok in ((1.0, rl[r] > -INF), (-1.0, ru[r] < INF)):
            if ok:
                art.append(M.getNumCol())
                M.addCol(big, 0.0, INF, 1, np.array([r], dtype=np.int32), np.array([side]))
    columns = []  # (block, x over the block's columns, master column)
    seen = set()

    def add_column(b, x):
        key = (b, tuple(np.round(x, 9)))
        if key in seen:
            return False
        seen.add(key)
        cols = blocks[b]
        a = AL[:, cols] @ x
        nz = np.nonzero(np.abs(a) > 1e-12)[0]
        idx = np.concatenate([nz, [nl + b]]).astype(np.int32)
        val = np.concatenate([a[nz], [1.0]])
        M.addCol(float(cost[cols] @ x), 0.0, INF, len(idx), idx, val)
        columns.append((b, x, M.getNumCol() - 1))
        return True

    for b in range(nb):
        add_column(b, np.zeros(len(blocks[b])))
    try:
        x0 = np.array([float(v) for v in open(f"{args.dir}/{args.tier}.start")])
        for b in range(nb):
            add_column(b, x0[blocks[b]])
    except FileNotFoundError:
        pass

    # ---- pricing models ----
    pricing = []
    for b in range(nb):
        cols, rows = blocks[b], brows[b]
        cmap = {j: k for k, j in enumerate(cols)}
        P = highspy.Highs()
        quiet(P)
        for k, v in [("presolve", "off"), ("mip_rel_gap", 0.0), ("mip_abs_gap", 1e-9),
                     ("mip_improving_solution_save", True)]:
            P.setOptionValue(k, v)
        for j in cols:
            P.addCol(0.0, lo[j], up[j], 0, np.array([], dtype=np.int32), np.array([]))
        for i in rows:
            P.addRow(lp.row_lower_[i], lp.row_upper_[i], len(row_cols[i]),
                     np.array([cmap[j] for j, _ in row_cols[i]], dtype=np.int32),
                     np.array([v for _, v in row_cols[i]]))
        ints = [k for k, j in enumerate(cols) if integer[j]]
        P.changeColsIntegrality(len(ints), np.array(ints, dtype=np.int32),
                                np.array([highspy.HighsVarType.kInteger] * len(ints)))
        pricing.append(P)

    def price(b, y):
        cols = blocks[b]
        P = pricing[b]
        rc = cost[cols] - y[:nl] @ AL[:, cols]
        P.changeColsCost(len(cols), np.arange(len(cols), dtype=np.int32), rc)
        P.run()
        info = P.getInfo()
        cands = [np.array(s.col_value) for s in P.getSavedMipSolutions()]
        cands.append(np.array(P.getSolution().col_value))
        for x in cands:
            x[integer[cols]] = np.round(x[integer[cols]])
        return min(0.0, info.mip_dual_bound), [(float(rc @ x), x) for x in cands]

    def lagrangian(y, block_mins):
        yl = y[:nl]
        if np.any(np.abs(yl) > big + 1e-9):
            return -INF
        with np.errstate(invalid="ignore"):
            rows = np.where(yl > 0, yl * rl[:nl], np.where(yl < 0, yl * ru[:nl], 0.0))
        if not np.all(np.isfinite(rows)):
            return -INF
        d = cost[free] - yl @ AL[:, free]
        box = np.minimum(d * lo[free], d * up[free]) if free else np.zeros(0)
        return rows.sum() + box.sum() + sum(block_mins)

    best, centre = -INF, None
    if args.lp_seed:
        R = highspy.Highs()
        quiet(R)
        R.passModel(lp)
        R.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                                np.array([highspy.HighsVarType.kContinuous] * n))
        R.run()
        ylp = sign * np.array(R.getSolution().row_dual)
        y0 = np.concatenate([ylp[L], np.zeros(nb)])
        mins = []
        for b in range(nb):
            bound, sols = price(b, y0)
            mins.append(bound)
            for _, x in sols:
                add_column(b, x)
        best, centre = lagrangian(y0, mins), y0
        print(f"compact LP {R.getInfo().objective_function_value:.6f}; "
              f"Lagrangian at its duals {sign * best:.6f}")

    it, z = 0, None
    t_master = t_price = 0.0
    while it < args.max_iter:
        it += 1
        tt = time.process_time()
        M.run()
        if M.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            M.clearSolver()
            M.run()
        t_master += time.process_time() - tt
        assert M.getModelStatus() == highspy.HighsModelStatus.kOptimal, M.getModelStatus()
        z = M.getInfo().objective_function_value
        y = np.array(M.getSolution().row_dual)
        points = [y] if centre is None or args.smooth == 0 else \
            [args.smooth * centre + (1 - args.smooth) * y, y]
        added = 0
        for point in points:
            mins = []
            tt = time.process_time()
            for b in range(nb):
                bound, sols = price(b, point)
                mins.append(bound)
                for _, x in sols:
                    cols = blocks[b]
                    rc_y = float((cost[cols] - y[:nl] @ AL[:, cols]) @ x) - y[nl + b]
                    if rc_y < -1e-7 and add_column(b, x):
                        added += 1
            t_price += time.process_time() - tt
            lb = lagrangian(point, mins)
            if lb > best:
                best, centre = lb, point.copy()
            if added:
                break
        if not args.quiet:
            print(f"it {it:4d} master {sign * z:.6f} lagrangian {sign * best:.6f} new {added:3d} "
                  f"columns {len(columns):5d} cpu master {t_master:.1f} pricing {t_price:.1f}",
                  flush=True)
        if z - best < 1e-6 * max(1.0, abs(z)) or added == 0:
            break
        if time.process_time() - t_start > args.time:
            print("time limit")
            break

    sol = np.array(M.getSolution().col_value)
    x = np.zeros(n)
    for j, v in zip(free, sol[:nfree]):
        x[j] = v
    for b, xb, col in columns:
        x[blocks[b]] += sol[col] * xb
    frac_f = int(np.sum((x[:nf] > 1e-6) & (x[:nf] < 1 - 1e-6)))
    frac_m = int(np.sum((x[nf:nf + nm] > 1e-6) & (x[nf:nf + nm] < 1 - 1e-6)))
    print(f"\n{args.tier} by {args.by}: DW master {sign * z:.6f}, best Lagrangian "
          f"{sign * best:.6f}, iterations {it}, columns {len(columns)}, artificials "
          f"{sum(sol[c] for c in art):.2e}, fractional fund {frac_f} of {nf}, meets "
          f"{frac_m} of {nm}; cpu {time.process_time() - t_start:.1f} s "
          f"(master {t_master:.1f}, pricing {t_price:.1f})")

    if args.pab > 0:
        lam = [col for _, _, col in columns]
        M.changeColsIntegrality(len(lam), np.array(lam, dtype=np.int32),
                                np.array([highspy.HighsVarType.kInteger] * len(lam)))
        for k, v in [("mip_rel_gap", 0.0), ("mip_abs_gap", 1e-6), ("time_limit", args.pab)]:
            M.setOptionValue(k, v)
        tt = time.process_time()
        M.run()
        info = M.getInfo()
        print(f"price-and-branch over {len(columns)} columns: "
              f"{M.modelStatusToString(M.getModelStatus())} value "
              f"{sign * info.objective_function_value:.6f} bound "
              f"{sign * info.mip_dual_bound:.6f} nodes {info.mip_node_count} "
              f"cpu {time.process_time() - tt:.1f}")


if __name__ == "__main__":
    main()
