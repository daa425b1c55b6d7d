#!/usr/bin/env bash
# The corpora of the generalisation benchmark (configs/generalization.yaml, docs/generalization.md),
# rebuilt deterministically (same script ⇒ byte-identical WAV, .lab and .mid):
#   osc/  60 random song plans (chordtrain synth --random, seed 0, 60 s each) rendered by the
#         built-in oscillator synthesizer: osc-g00 … osc-g59 (.wav, .lab, .mid, plans.json)
#   sf/   the same songs (same notes, same .lab) as MIDI rendered by fluidsynth with the FluidR3
#         General MIDI SoundFont, GM programs drawn per song: sf-g00 … sf-g59
#   tgm/  the same with the TimGM6mb SoundFont, when installed (a third family): tgm-g00 … tgm-g59
#   <out>-manifests/osc4.csv, sf4.csv, tgm4.csv  manifests of the first four songs of each family
#         (the 4-song leave-one-song-out protocol); outside <out>, since a .csv under a data.dir tree
#         would be read as an annotation
# Needs: fluidsynth and fluid-soundfont-gm (apt-get install -y fluidsynth fluid-soundfont-gm
# [timgm6mb-soundfont]). Usage: scripts/make-generalization-corpora.sh [out-dir] [songs] [plan-seed]
# Another plan seed gives other songs: scripts/make-generalization-corpora.sh data/heldout 4 1 is the
# held-out check of the shipped configs (configs/generalization-heldout.yaml): songs no setting was
# chosen on.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-data/generalization}
songs=${2:-60}
plan_seed=${3:-0}
fluid_font=/usr/share/sounds/sf2/FluidR3_GM.sf2
tgm_font=/usr/share/sounds/sf2/TimGM6mb.sf2
command -v fluidsynth >/dev/null || { echo "make-generalization-corpora: fluidsynth is not installed (apt-get install -y fluidsynth fluid-soundfont-gm)" >&2; exit 1; }
[ -f "$fluid_font" ] || { echo "make-generalization-corpora: $fluid_font is missing (apt-get install -y fluid-soundfont-gm)" >&2; exit 1; }

node bin/chordtrain.js synth --random "$songs" --seconds 60 --seed "$plan_seed" --prefix osc-g --midi --out "$out/osc" >/dev/null

# Render every .mid with a SoundFont into a family folder (staged, then swapped in).
render() { # family font
  local family=$1 font=$2 stage="$out/.$1.tmp"
  rm -rf "$stage" && mkdir -p "$stage"
  for mid in "$out"/osc/*.mid; do
    local base; base=$(basename "$mid" .mid)
    local name="$family-${base#osc-}"
    # -n no MIDI input, -i no shell, -q quiet; 22050 Hz (the features' rate); reverb and chorus stay on (fluidsynth's defaults).
    fluidsynth -n -i -q -F "$stage/$name.wav" -r 22050 "$font" "$mid" >/dev/null
    cp "$out/osc/$base.lab" "$stage/$name.lab"
  done
  rm -rf "${out:?}/$family" && mv "$stage" "$out/$family"
}
render sf "$fluid_font"
if [ -f "$tgm_font" ]; then render tgm "$tgm_font"; else echo "make-generalization-corpora: $tgm_font not installed: no tgm/ family" >&2; fi

manifests="$out-manifests"
mkdir -p "$manifests"
rel=$(basename "$out")
for family in osc sf tgm; do
  [ -d "$out/$family" ] || continue
  # the first four songs by name (names are zero-padded to the song count: -g00 with 60 songs, -g0 with 4)
  { echo "audio,annotation"; for wav in $(ls "$out/$family"/*.wav | head -4); do
      song=$(basename "$wav" .wav); echo "../$rel/$family/$song.wav,../$rel/$family/$song.lab"; done; } > "$manifests/${family}4.csv"
done
echo "make-generalization-corpora: wrote $out/{osc,sf$([ -f "$tgm_font" ] && echo ,tgm)}/ and $manifests/{osc4,sf4$([ -f "$tgm_font" ] && echo ,tgm4)}.csv"
