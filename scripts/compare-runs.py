# Compares two batch folders run by run (matched by row slug): weights.json (ignoring a trailing
# trainedBy.engine, which newer model files record), metrics.json, weights.csv, history.csv without
# its seconds column, predictions/**/*.lab byte for byte; artifacts.json byte for byte, else the
# largest difference in the alignment figures' E and whether the DTW paths agree.
#   python3 scripts/compare-runs.py results-before/table4_1 results-after/table4_1
import sys, os, glob, json, re
before, after = sys.argv[1], sys.argv[2]
def runs(root):
    out = {}
    for d in glob.glob(os.path.join(root, "*", "*", "run.json")):
        run = os.path.dirname(d); slug = os.path.basename(os.path.dirname(run))
        out[slug] = run
    return out
b, a = runs(before), runs(after)
print("rows before", sorted(b), "after", sorted(a))
ok = True
for slug in sorted(b):
    if slug not in a: print("MISSING", slug); ok = False; continue
    rb, ra = b[slug], a[slug]
    res = {}
    wb = open(os.path.join(rb, "weights.json"), "rb").read()
    wa = open(os.path.join(ra, "weights.json"), "rb").read()
    # the one intended change: trainedBy.engine added
    wa_stripped = re.sub(rb',\s*"engine":\s*"(js|tfjs)"', b"", wa)
    res["weights.json (minus trainedBy.engine)"] = wb == wa_stripped
    res["weights.json adds trainedBy.engine"] = "yes" if wa != wb else "no"
    for f in ["metrics.json", "weights.csv"]:
        res[f] = open(os.path.join(rb, f), "rb").read() == open(os.path.join(ra, f), "rb").read()
    def hist(p):
        lines = open(p).read().splitlines()
        head = lines[0].split(","); i = head.index("seconds")
        return [",".join(c for k, c in enumerate(l.split(",")) if k != i) for l in lines]
    res["history.csv (minus seconds)"] = hist(os.path.join(rb, "history.csv")) == hist(os.path.join(ra, "history.csv"))
    pb = sorted(os.path.relpath(p, rb) for p in glob.glob(os.path.join(rb, "predictions", "**", "*.lab"), recursive=True))
    pa = sorted(os.path.relpath(p, ra) for p in glob.glob(os.path.join(ra, "predictions", "**", "*.lab"), recursive=True))
    res["predictions/*.lab (%d files)" % len(pb)] = pb == pa and all(open(os.path.join(rb, p), "rb").read() == open(os.path.join(ra, p), "rb").read() for p in pb)
    ab = json.load(open(os.path.join(rb, "artifacts.json"))); aa = json.load(open(os.path.join(ra, "artifacts.json")))
    res["artifacts.json"] = open(os.path.join(rb, "artifacts.json"), "rb").read() == open(os.path.join(ra, "artifacts.json"), "rb").read()
    if not res["artifacts.json"]:
        same_other = {k: ab[k] == aa[k] for k in ab}
        md = 0.0
        for x, y in zip(ab.get("alignments", []), aa.get("alignments", [])):
            md = max([md] + [abs(p - q) for p, q in zip(x["E"], y["E"])])
            if x["path"] != y["path"]: md = float("inf")
        res["artifacts detail"] = {"keys equal": same_other, "max |ΔE| in alignments": md}
    print(slug)
    for k, v in res.items():
        print("   ", k, v)
        if v is False: ok = False
print("ALL IDENTICAL" if ok else "DIFFERENCES")
sys.exit(0 if ok else 1)
