//go:build !(windows || darwin)

package app

// choosePath asks for a file with Fyne's dialog: on Linux the system
// dialogs would need GTK at build time, which CI does not install.
func (m *MainWindow) choosePath(p filePick, done func(path string)) { m.chooseFileFyne(p, done) }
