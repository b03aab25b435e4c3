#!/usr/bin/env bash
# The real-music evaluation corpus (docs/quality.md): every music file of 19 Debian game-soundtrack
# packages, re-encoded to ONE format with no tags, so that neither codec, bitrate nor tags can tell the
# sources apart: FLAC, 44.1 kHz, stereo, 16-bit, metadata dropped (-map_metadata -1, bitexact muxer).
# With --bandlimit the copies are mono 22.05 kHz instead (a control that also removes the encoders'
# different low-pass cut-offs, all above 11 kHz).
#
# Usage: build_eval_corpus.sh OUT_DIR [--bandlimit]
# Install the packages first (as root):
#   apt-get install hyperrogue-music singularity-music warzone2100-music planetblupi-music-ogg \
#     wesnoth-1.16-music drascula-music asc-music nexuiz-music ufoai-music colobot-common-sounds \
#     hedgewars-data freedroidrpg-data supertux-data xmoto-data fillets-ng-data flare-game \
#     lincity-ng-data extremetuxracer-data fretsonfire-songs-muldjord fretsonfire-songs-sectoid
# A package that is not installed is skipped with a message. Writes OUT_DIR/<group>/<file>.flac (or .wav).
set -u
out="${1:?usage: build_eval_corpus.sh OUT_DIR [--bandlimit]}"
mode="${2:-}"
command -v ffmpeg >/dev/null || { echo "ffmpeg is needed"; exit 2; }
command -v unzip >/dev/null || { echo "unzip is needed"; exit 2; }
if [ "$mode" = --bandlimit ]; then
  ext=wav; fmt=(-ac 1 -ar 22050 -c:a pcm_s16le)
else
  ext=flac; fmt=(-ac 2 -ar 44100 -sample_fmt s16 -c:a flac)
fi
scratch="$out/.pk3"
mkdir -p "$out" "$scratch"

transcode() { # SRC... DST: mixes several sources (stems) into one file
  local dst="${!#}"; local n=$(($# - 1)); local ins=() i
  for ((i = 1; i <= n; i++)); do ins+=(-i "${!i}"); done
  mkdir -p "$(dirname "$dst")"
  if [ "$n" -gt 1 ]; then
    nice ffmpeg -nostdin -v error -y "${ins[@]}" -filter_complex "amix=inputs=$n:duration=longest:normalize=0" \
      -map_metadata -1 -fflags +bitexact -flags:a +bitexact "${fmt[@]}" "$dst" || echo "ffmpeg failed: $dst"
  else
    nice ffmpeg -nostdin -v error -y "${ins[@]}" -map 0:a:0 -map_metadata -1 -fflags +bitexact \
      -flags:a +bitexact "${fmt[@]}" "$dst" || echo "ffmpeg failed: $dst"
  fi
}

folder() { # GROUP DIR [FIND_ARGS...]
  local g="$1" d="$2"; shift 2
  [ -d "$d" ] || { echo "skipping $g: $d not installed"; return; }
  find -L "$d" -type f \( -iname '*.ogg' -o -iname '*.opus' -o -iname '*.mp3' -o -iname '*.flac' \) "$@" |
    sort | while IFS= read -r f; do
      rel=${f#"$d"/}; rel=${rel//\//_}
      transcode "$f" "$out/$g/${rel%.*}.$ext"
    done
}

pk3() { # GROUP PK3 MEMBER_GLOB
  local g="$1" p="$2" glob="$3"
  [ -f "$p" ] || { echo "skipping $g: $p not installed"; return; }
  mkdir -p "$scratch/$g" && unzip -q -o "$p" "$glob" -d "$scratch/$g" && folder "$g" "$scratch/$g"
}

folder hyperrogue /usr/share/hyperrogue/music
folder singularity /usr/share/games/singularity/music
folder warzone2100 /usr/share/games/warzone2100/music
folder planetblupi /usr/share/planetblupi/music
folder wesnoth /usr/share/games/wesnoth/1.16/data/core/music
folder drascula /usr/share/scummvm/drascula/audio
folder asc /usr/share/games/asc/music
folder colobot /usr/share/games/colobot/music
folder hedgewars /usr/share/games/hedgewars/Data/Music
folder freedroidrpg /usr/share/freedroidrpg/data/sound/music
folder supertux /usr/share/games/supertux2/music
folder xmoto /usr/share/games/xmoto/Textures/Musics
folder fillets /usr/share/games/fillets-ng/music
folder flare /usr/share/games/flare/mods/fantasycore/music
folder lincity /usr/share/games/lincity-ng/music
folder etr /usr/share/games/etr/music
pk3 nexuiz /usr/share/games/nexuiz/data/music.pk3 'sound/cdtracks/*'
pk3 ufoai /usr/share/games/ufoai/base/0music.pk3 'music/*'
# Frets on Fire songs come as stems (song, guitar, rhythm): mix each song's stems into one file.
for d in /usr/share/games/fretsonfire/data/songs/*/*/; do
  [ -d "$d" ] || continue
  stems=(); for s in song guitar rhythm; do [ -f "$d$s.ogg" ] && stems+=("$d$s.ogg"); done
  [ ${#stems[@]} -gt 0 ] && transcode "${stems[@]}" "$out/fretsonfire/$(basename "$d").$ext"
done
rm -rf "$scratch"
for g in "$out"/*/; do echo "$(basename "$g") $(find "$g" -type f | wc -l)"; done
