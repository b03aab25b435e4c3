#!/usr/bin/env bash
# Quality on real recorded music (issue 5 item 6): like one group, dislike the others, 5-fold
# cross-validated model vs centroid-cosine baseline, tagged and audio-only. See docs/quality.md.
#
# Usage: selection-cli/src/test/eval/real_music_eval.sh [LIBRARY_ROOT] [extra RealMusicEval options]
# The groups are the Debian game-soundtrack packages below (install them with apt); a missing folder
# is skipped. The audio is read in place; only the feature databases are written under LIBRARY_ROOT.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
root="${1:-selection-bench/target/real-music-eval}"
shift || true
mvn -q -B -o -pl selection-bench -am package -DskipTests
rm -rf "$root"
echo "machine: $(nproc) cores; $(uptime)"
start=$(date +%s)
java -cp selection-bench/target/benchmarks.jar dev.selection.bench.RealMusicEval \
  --root "$root" --max-per-group 30 --seed 42 --min-duration-sec 30 --min-group 10 "$@" \
  hyperrogue=/usr/share/hyperrogue/music \
  singularity=/usr/share/games/singularity/music \
  warzone2100=/usr/share/games/warzone2100/music \
  planetblupi=/usr/share/planetblupi/music \
  wesnoth=/usr/share/games/wesnoth/1.16/data/core/music \
  drascula=/usr/share/scummvm/drascula/audio \
  asc=/usr/share/games/asc/music
echo "wall time: $(( $(date +%s) - start )) s; $(uptime)"
