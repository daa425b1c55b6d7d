# Per cell of a batch (the part of a row name before " · "; a trailing " fold <k>" in it is the fold),
# each method against a reference method (default "BCE (strong labels)"), paired by seed and fold
# from runs.csv: mean test F, the mean paired difference, the worst seed (the seed whose paired
# difference, averaged over the cell's folds, is lowest) and its difference, and collapsed runs
# (minor recall 0 where the test songs have minor frames; src/experiment/worstCase.ts) of judged runs.
#   python3 scripts/paired-cells.py results/<batch>/runs.csv ["BCE (strong labels)"]
import csv, sys, re, math
from collections import defaultdict

path = sys.argv[1]
ref = sys.argv[2] if len(sys.argv) > 2 else "BCE (strong labels)"
runs = defaultdict(dict)  # (cell, method) -> {(seed, fold): (F, minor recall)}
order = []
for r in csv.DictReader(open(path, newline="")):
    if r["status"] != "COMPLETED" or " · " not in r["row"]:
        continue
    cell, method = r["row"].split(" · ", 1)
    fold = r["fold"]
    m = re.match(r"(.*) fold (\d+)$", cell)
    if m:
        cell, fold = m.group(1), m.group(2)
    minor = float(r["minor_recall"]) if r["minor_recall"] not in ("", "NaN") else math.nan
    runs[(cell, method)][(int(r["seed"]), fold)] = (float(r["test_f1"]), minor)
    if (cell, method) not in order:
        order.append((cell, method))

def collapsed(x):
    judged = [v for v in x.values() if not math.isnan(v[1])]
    return f"{sum(1 for v in judged if v[1] == 0)}/{len(judged)}"

for cell in dict.fromkeys(c for c, _ in order):
    base = runs.get((cell, ref), {})
    if not base:
        continue
    print(f"{cell}: {ref} F {sum(v[0] for v in base.values()) / len(base):.3f}, collapsed {collapsed(base)}")
    for c, method in order:
        if c != cell or method == ref:
            continue
        x = runs[(c, method)]
        keys = [k for k in x if k in base]
        if not keys:
            continue
        diff = [x[k][0] - base[k][0] for k in keys]
        by_seed = defaultdict(list)
        for k in keys:
            by_seed[k[0]].append(x[k][0] - base[k][0])
        worst = min(by_seed, key=lambda s: sum(by_seed[s]) / len(by_seed[s]))
        print(
            f"  {method}: F {sum(x[k][0] for k in keys) / len(keys):.3f}, − {ref} {sum(diff) / len(diff):+.4f}"
            f" (worst seed {worst}: {sum(by_seed[worst]) / len(by_seed[worst]):+.3f}), collapsed {collapsed(x)}, {len(keys)} pairs"
        )
