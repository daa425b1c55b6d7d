"""mir_eval's view of `chordtrain predict`'s defaults (docs/predict-eval.md, "How the defaults were chosen").

    /usr/bin/python3 bench/predict-mireval.py REF_DIR EST_DIR...

Debian's python3-mir-eval (apt). For every EST_DIR (one decoding setting), each `<song>.lab` is
scored against REF_DIR/<song>.lab as mir_eval.chord.evaluate does (estimate adjusted to the
reference's span with N, intervals merged), and majmin, root and mirex are pooled over the songs
weighted by duration (mir_eval's weighting, summed over files); seg is the mean over songs.
"""
import glob
import os
import sys

import mir_eval
import numpy as np

ref_dir, est_dirs = sys.argv[1], sys.argv[2:]
MEASURES = [("majmin", mir_eval.chord.majmin), ("root", mir_eval.chord.root), ("mirex", mir_eval.chord.mirex)]
for d in est_dirs:
    scored = {name: 0.0 for name, _ in MEASURES}
    weight = {name: 0.0 for name, _ in MEASURES}
    seg = []
    for est in sorted(glob.glob(os.path.join(d, "*.lab"))):
        song = os.path.splitext(os.path.basename(est))[0]
        ri, rl = mir_eval.io.load_labeled_intervals(os.path.join(ref_dir, song + ".lab"))
        ei, el = mir_eval.io.load_labeled_intervals(est)
        ei, el = mir_eval.util.adjust_intervals(ei, el, ri.min(), ri.max(), mir_eval.chord.NO_CHORD, mir_eval.chord.NO_CHORD)
        intervals, r, e = mir_eval.util.merge_labeled_intervals(ri, rl, ei, el)
        durations = mir_eval.util.intervals_to_durations(intervals)
        for name, compare in MEASURES:
            c = compare(r, e)
            scored[name] += np.sum(np.maximum(c, 0) * durations)
            weight[name] += np.sum(durations * (c >= 0))  # -1 = outside the measure's vocabulary
        seg.append(mir_eval.chord.evaluate(ri, rl, ei, el)["seg"])
    print(d, len(seg), " ".join(f"{n} {scored[n] / weight[n]:.4f}" for n, _ in MEASURES), f"seg {np.mean(seg):.4f}")
