#!/bin/sh
# exit-check.sh: start the desktop app under Xvfb with NO session bus (no
# tray), then quit it twice — once with Ctrl+Q, once by closing the window
# (WM_DELETE_WINDOW, as a window manager's close button sends) — and check
# that each run exits with status 0 and logs nothing at warning level or
# above. Needs Xvfb, xdotool and a C compiler with Xlib headers.
#
#   .ci/exit-check.sh [DISPLAY_NUMBER]     (default 95)
set -eu
num=${1:-95}
work=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "keeping $work"
trap 'kill $xvfb 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
cd "$(dirname "$0")/.."

go build -tags migrated_fynedo -o "$work/akimwatch" .
# A tiny client that asks a window to close the way a window manager does.
cat >"$work/wmdelete.c" <<'C'
#include <X11/Xlib.h>
#include <stdlib.h>
int main(int argc, char **argv) {
	Display *d = XOpenDisplay(NULL);
	if (!d || argc < 2) return 2;
	Window w = (Window)strtoul(argv[1], NULL, 0);
	XEvent e = {0};
	e.xclient.type = ClientMessage;
	e.xclient.window = w;
	e.xclient.message_type = XInternAtom(d, "WM_PROTOCOLS", False);
	e.xclient.format = 32;
	e.xclient.data.l[0] = XInternAtom(d, "WM_DELETE_WINDOW", False);
	e.xclient.data.l[1] = CurrentTime;
	XSendEvent(d, w, False, NoEventMask, &e);
	XCloseDisplay(d);
	return 0;
}
C
cc -o "$work/wmdelete" "$work/wmdelete.c" -lX11

Xvfb ":$num" -screen 0 1366x768x24 >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=":$num"
sleep 1

fail=0
for how in ctrl+q close; do
	home="$work/home-$how"
	mkdir -p "$home"
	env -u DBUS_SESSION_BUS_ADDRESS HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
		XDG_RUNTIME_DIR="$home" LANG=ru_RU.UTF-8 \
		"$work/akimwatch" --db "$home/akimwatch.db" >"$home/stdout" 2>"$home/stderr" &
	pid=$!
	win=$(xdotool search --sync --onlyvisible --name "akimwatch" | head -n 1)
	sleep 3 # let the watchlist load
	if [ "$how" = ctrl+q ]; then
		xdotool windowfocus --sync "$win" key ctrl+q
	else
		"$work/wmdelete" "$win"
	fi
	code=0
	wait "$pid" || code=$?
	log="$home/data/akimwatch/logs/akimwatch.log"
	bad=$(grep -ciE 'level=(warn|warning|error|fatal|panic)|panic:' "$log" "$home/stderr" 2>/dev/null | awk -F: '{s+=$NF} END {print s+0}')
	echo "$how: exit status $code, $bad log lines at warning or above"
	if [ "$code" -ne 0 ] || [ "$bad" -ne 0 ]; then
		fail=1
		cat "$home/stderr"
		grep -iE 'level=(warn|warning|error|fatal|panic)' "$log" || true
	fi
	if ps -o stat= --ppid $$ | grep -q Z; then
		echo "$how: a zombie process is left"
		fail=1
	fi
done
exit $fail
