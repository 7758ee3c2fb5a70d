package assets_test

import (
	"debug/pe"
	"encoding/binary"
	"os"
	"testing"
)

// Resource types in a Windows executable's .rsrc section.
const (
	rtIcon      = 3
	rtGroupIcon = 14
	rtVersion   = 16
)

// TestWindowsExecutable checks the file named by AKIMWATCH_EXE (set by
// "make windows" after it builds akimwatch.exe) is a PE32+ x86-64 GUI
// executable with the app icon and version info embedded. It is skipped
// when the variable is unset, because cross-building takes many minutes.
func TestWindowsExecutable(t *testing.T) {
	path := os.Getenv("AKIMWATCH_EXE")
	if path == "" {
		t.Skip("AKIMWATCH_EXE not set: run make windows")
	}
	f, err := pe.Open(path)
	if err != nil {
		t.Fatalf("%s is not a PE file: %v", path, err)
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Fatalf("machine %#x, want amd64", f.Machine)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		t.Fatal("not PE32+ (no 64-bit optional header)")
	}
	if oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		t.Fatalf("subsystem %d, want Windows GUI (no console window)", oh.Subsystem)
	}
	rsrc := f.Section(".rsrc")
	if rsrc == nil {
		t.Fatal("no .rsrc section: the icon and version info are missing")
	}
	b, err := rsrc.Data()
	if err != nil || len(b) < 16 {
		t.Fatalf("read .rsrc: %v", err)
	}
	named := int(binary.LittleEndian.Uint16(b[12:]))
	ids := int(binary.LittleEndian.Uint16(b[14:]))
	types := map[uint32]bool{}
	for i := 0; i < named+ids; i++ {
		off := 16 + 8*i
		if off+8 > len(b) {
			t.Fatal("truncated resource directory")
		}
		types[binary.LittleEndian.Uint32(b[off:])] = true
	}
	for _, want := range []struct {
		id   uint32
		name string
	}{{rtIcon, "icon"}, {rtGroupIcon, "icon group"}, {rtVersion, "version info"}} {
		if !types[want.id] {
			t.Errorf("resource %s (type %d) missing", want.name, want.id)
		}
	}
}
