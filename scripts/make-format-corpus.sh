#!/usr/bin/env bash
# Lays the built-in corpus (data/synth, generated when missing) out as researchers keep real
# datasets, in the formats they keep them in, for configs/formats.yaml:
#
#   data/formats/isophonics/audio/The Beatles/<album>/<song>.<flac|mp3|ogg|m4a>
#   data/formats/isophonics/chordlab/The Beatles/<album>/<song>.lab      (Isophonics-style trees)
#   data/formats/recursive/<album>/<song>.<ext> + <song>.lab             (one recursive folder)
#   data/formats/manifest/audio/<NN> - <Title>.<ext> + manifest.csv      (audio names differ;
#                                   annotations taken from the isophonics chordlab tree)
#
# Each song gets one format (FLAC, MP3 192k, Ogg Vorbis q5, AAC 192k in .m4a), upsampled to
# 44.1 kHz stereo as a CD rip would be, so decoding, mix-down and resampling are all exercised.
# Needs Debian's ffmpeg (apt-get install -y ffmpeg). Usage: scripts/make-format-corpus.sh [SRC] [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
src="${1:-data/synth}"
out="${2:-data/formats}"
[ -f "$src/corpus.json" ] || npx tsx src/cli/main.ts synth --out "$src"
rm -rf "$out"
album=("Let It Be (Remastered 2009)" "Abbey Road" "The Beatles [White Album], Disc 1" "Magical Mystery Tour")
formats=(flac mp3 ogg m4a)
declare -A codec=(
  [flac]="-c:a flac" [mp3]="-c:a libmp3lame -b:a 192k" [ogg]="-c:a libvorbis -q:a 5" [m4a]="-c:a aac -b:a 192k"
)
mkdir -p "$out/manifest/audio"
echo "audio,annotation,name" > "$out/manifest/manifest.csv"
i=0
for wav in "$src"/*.wav; do
  song="$(basename "$wav" .wav)"
  ext="${formats[$((i % 4))]}"
  alb="${album[$((i % 4))]}"
  iso_audio="$out/isophonics/audio/The Beatles/$alb/$song.$ext"
  iso_lab="$out/isophonics/chordlab/The Beatles/$alb/$song.lab"
  mkdir -p "$(dirname "$iso_audio")" "$(dirname "$iso_lab")" "$out/recursive/$alb"
  # shellcheck disable=SC2086
  ffmpeg -nostdin -hide_banner -loglevel error -y -i "$wav" -ar 44100 -ac 2 ${codec[$ext]} "$iso_audio"
  cp "$src/$song.lab" "$iso_lab"
  cp "$iso_audio" "$out/recursive/$alb/$song.$ext"
  cp "$src/$song.lab" "$out/recursive/$alb/$song.lab"
  renamed="$(printf '%02d' $((i + 1))) - ${song//_/ } (CD rip).$ext"
  cp "$iso_audio" "$out/manifest/audio/$renamed"
  echo "\"audio/$renamed\",\"../isophonics/chordlab/The Beatles/$alb/$song.lab\",$song" >> "$out/manifest/manifest.csv"
  i=$((i + 1))
done
find "$out" -type f | sort
