# Scores a run's whole-song predictions (predictions/songs/*.lab) with chordtrain eval after
# setting everything outside each reference's chord range (first chord start … last chord end)
# to N. That is what dataset.trimNoChord: true gives dChord for free: it predicts only inside the
# reference's chord range, and mir_eval counts the rest as N. A context model trained with
# trimNoChord: false has to find those N stretches itself; this shows its score without them.
#   python3 scripts/eval-chord-range.py <run folder> <reference folder> <output folder>
import sys, glob, os, subprocess, json
run, refdir, out = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
for est in glob.glob(os.path.join(run, "predictions", "songs", "*.lab")):
    name = os.path.basename(est)
    ref = [l.split() for l in open(os.path.join(refdir, name)) if l.strip()]
    chords = [r for r in ref if r[2] != "N"]
    lo, hi = float(chords[0][0]), float(chords[-1][1])
    rows = []
    for s, e, label in (l.split() for l in open(est) if l.strip()):
        s, e = float(s), float(e)
        for a, b, lab in ((s, min(e, lo), "N"), (max(s, lo), min(e, hi), label), (max(s, hi), e, "N")):
            if b > a:
                rows.append((a, b, lab))
    with open(os.path.join(out, name), "w") as f:
        for a, b, lab in rows:
            f.write(f"{a:.6f} {b:.6f} {lab}\n")
here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
result = subprocess.run(["npx", "tsx", "src/cli/main.ts", "eval", "--ref", refdir, "--est", out, "--json"], cwd=here, capture_output=True, text=True, check=True)
total = json.loads(result.stdout)["total"]
print(f"{run}: sevenths {total['sevenths']:.4f} majmin {total['majmin']:.4f} (outside the reference's chord range: N)")
