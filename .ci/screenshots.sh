#!/bin/sh
# screenshots.sh: take docs/screenshots/ — every screen of the desktop app
# (official view, leaderboard, alerts, needs attention, settings, the add-official dialog
# showing an inline error) in ru, kk and en at 1366×768 and 1920×1080, on
# the DEMO history (synthetic officials and numbers, labelled DEMO).
# Runs the real app under Xvfb, driven with xdotool through its keyboard
# shortcuts; captures with ImageMagick's import.
#
#   .ci/screenshots.sh [DISPLAY_NUMBER]     (default 95)
set -eu
num=${1:-95}
work=$(mktemp -d)
xvfb=
trap 'if [ -n "$xvfb" ]; then kill $xvfb 2>/dev/null || true; fi; rm -rf "$work"' EXIT
cd "$(dirname "$0")/.."
out=docs/screenshots
mkdir -p "$out"

go build -tags migrated_fynedo -o "$work/akimwatch" .
# The same demo history as Settings → "Load demo history", ending today.
"$work/akimwatch" --db "$work/demo.db" dev gen --seed 2019 --officials 60 --accounts-per-official 3 \
	--days 730 --spikes 6 --end "$(date -u +%F)" >/dev/null
"$work/akimwatch" --db "$work/demo.db" scan >/dev/null

shot() { # shot NAME: capture the screen
	sleep "${2:-1.5}"
	import -window root "$out/$1.png"
	echo "$out/$1.png"
}

for size in ${SIZES:-1366x768 1920x1080}; do
	w=${size%x*}
	h=${size#*x}
	Xvfb ":$num" -screen 0 "${size}x24" >/dev/null 2>&1 &
	xvfb=$!
	export DISPLAY=":$num"
	sleep 1
	for l in ${LANGS:-ru kk en}; do
		home="$work/home-$l-$size"
		prefs="$home/config/fyne/kz.akimwatch.app.demo"
		mkdir -p "$prefs"
		printf '{"language":"%s","window_width":%s,"window_height":%s}\n' "$l" "$w" "$h" >"$prefs/preferences.json"
		env -u DBUS_SESSION_BUS_ADDRESS HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
			XDG_RUNTIME_DIR="$home" "$work/akimwatch" --db "$work/demo.db" >"$home/stdout" 2>"$home/stderr" &
		pid=$!
		win=$(xdotool search --sync --onlyvisible --name "akimwatch" | head -n 1)
		xdotool windowfocus --sync "$win"
		sleep 3
		# The official view: find an official with the keyboard.
		xdotool key ctrl+f
		xdotool type --delay 50 "0004"
		xdotool key Down
		shot "official-$l-$size" 4
		xdotool key ctrl+2 && shot "leaderboard-$l-$size" 2
		xdotool key ctrl+3 && shot "alerts-$l-$size"
		xdotool key ctrl+4 && shot "attention-$l-$size"
		xdotool key ctrl+5 && shot "settings-$l-$size"
		xdotool key ctrl+1
		xdotool key ctrl+n
		xdotool type --delay 30 "Test"
		xdotool key Tab
		xdotool type --delay 30 "zzz"
		xdotool key Return
		shot "addofficial-$l-$size"
		xdotool key Escape
		xdotool key ctrl+q
		wait "$pid" || echo "akimwatch ($l, $size) exited with status $?" >&2
	done
	kill "$xvfb"
	wait "$xvfb" 2>/dev/null || true
	xvfb=
done
