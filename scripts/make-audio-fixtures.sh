#!/usr/bin/env bash
# Regenerates test/fixtures/audio: one planted chord (F major: F4 A4 C5 = 349.23, 440, 523.25 Hz,
# sines of equal amplitude, 1 s) in every compressed format chordtrain reads (MP3 is made in the tests with lamejs), plus the WAV it
# was encoded from. Needs Debian's sox and ffmpeg (apt-get install -y sox ffmpeg); CI does not
# run this, the outputs are committed (a few KB each).
#
# The source is 11.025 kHz stereo (left = the triad, right = the triad at half amplitude) so the
# decoders' channel mix-down and the resampler (up to 22.05 kHz) are exercised and the files stay
# small; Opus is 48 kHz by definition; AIFF is kept mono to stay small (16-bit: 8-bit AIFF is misread by @audio/decode-aiff 1.3, see src/audio/containerChecks.ts).
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/test/fixtures/audio"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

sox -D -n -r 11025 -b 16 -c 1 "$tmp/l.wav" synth 1 sine 349.23 sine 440 sine 523.25 remix - gain -n -6 fade 0.02 1 0.02
sox -D "$tmp/l.wav" "$tmp/r.wav" vol 0.5
sox -D -M "$tmp/l.wav" "$tmp/r.wav" "$out/fmaj.wav"

ff() { ffmpeg -nostdin -hide_banner -loglevel error -y -i "$out/fmaj.wav" -map_metadata -1 -fflags +bitexact -flags:a +bitexact "$@"; }
ff -c:a flac "$out/fmaj.flac"
ff -c:a libvorbis -q:a 0 "$out/fmaj.ogg"
ff -c:a libopus -b:a 32k "$out/fmaj.opus"
ff -c:a aac -b:a 32k "$out/fmaj.m4a"
ff -c:a pcm_s16be -ac 1 "$out/fmaj.aiff"
ls -l "$out"
