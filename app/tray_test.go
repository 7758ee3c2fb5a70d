package app

import (
	"runtime"
	"testing"
)

func TestTrayAvailable(t *testing.T) {
	xdg := runtime.GOOS == "linux" || runtime.GOOS == "freebsd" || runtime.GOOS == "openbsd" || runtime.GOOS == "netbsd"
	tests := []struct {
		name string
		env  map[string]string
		bus  bool // $XDG_RUNTIME_DIR/bus exists
		want bool
	}{
		{"session bus address", map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"}, false, true},
		{"systemd user bus", map[string]string{"XDG_RUNTIME_DIR": "/run/user/1000"}, true, true},
		{"runtime dir without a bus", map[string]string{"XDG_RUNTIME_DIR": "/run/user/1000"}, false, !xdg},
		{"no session at all (Xvfb, ssh)", nil, false, !xdg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := trayAvailable(func(k string) string { return tt.env[k] }, func(string) bool { return tt.bus })
			if got != tt.want {
				t.Errorf("trayAvailable = %v, want %v", got, tt.want)
			}
		})
	}
}
