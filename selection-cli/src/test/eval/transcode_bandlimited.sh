#!/usr/bin/env bash
# Control condition for notes/quality.md: re-encodes every group to tag-free mono 22.05 kHz 16-bit WAV
# under OUT_DIR/<group>/, which removes tags, the bitrate differences and the encoders' differing
# low-pass cut-offs (all above 11 kHz). Then run RealMusicEval on OUT_DIR/<group> folders, e.g.
#   selection-cli/src/test/eval/transcode_bandlimited.sh selection-bench/target/qeval-wav
#   java -cp selection-bench/target/benchmarks.jar dev.selection.bench.RealMusicEval \
#     --root selection-bench/target/qeval-libwav --max-per-group 30 --seed 42 --explain \
#     hyperrogue=selection-bench/target/qeval-wav/hyperrogue ... asc=selection-bench/target/qeval-wav/asc
set -u
out="${1:?usage: transcode_bandlimited.sh OUT_DIR}"
for pair in hyperrogue=/usr/share/hyperrogue/music singularity=/usr/share/games/singularity/music \
    warzone2100=/usr/share/games/warzone2100/music planetblupi=/usr/share/planetblupi/music \
    wesnoth=/usr/share/games/wesnoth/1.16/data/core/music drascula=/usr/share/scummvm/drascula/audio \
    asc=/usr/share/games/asc/music; do
  g=${pair%%=*}; d=${pair#*=}
  [ -d "$d" ] || { echo "skipping $g: $d not installed"; continue; }
  find -L "$d" -type f \( -name '*.ogg' -o -name '*.opus' -o -name '*.mp3' \) | while IFS= read -r f; do
    rel=${f#"$d"/}; dst="$out/$g/${rel%.*}.wav"; mkdir -p "$(dirname "$dst")"
    nice ffmpeg -nostdin -v error -y -i "$f" -map_metadata -1 -fflags +bitexact -ac 1 -ar 22050 \
      -c:a pcm_s16le "$dst" || echo "ffmpeg failed: $f"
  done
done
