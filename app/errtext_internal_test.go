package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"akimwatch/assets/i18n"
	"akimwatch/data"
	"akimwatch/data/datatest"
	"akimwatch/data/source"
	"akimwatch/data/transfer"
)

// importError imports a CSV of lines (after the header) into a new store
// and returns the error.
func importError(t *testing.T, header string, lines []string) error {
	t.Helper()
	path := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(path, []byte(header+"\n"+strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := transfer.ImportFile(context.Background(), datatest.NewStore(t), path, time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
	if err == nil {
		t.Fatal("the import succeeded")
	}
	return err
}

// TestImportErrorsTranslated imports files with bad lines and a bad header
// and checks the app says each bad line, the count and the lines left
// out in the UI language, not in the CLI's English.
func TestImportErrorsTranslated(t *testing.T) {
	const head = "official,platform,handle,time,followers"
	bad := []string{
		"Аким Один,myspace,a,2026-11-20,100",
		"Аким Один,telegram,a,27.11.2026,100",
		"Аким Один,telegram,a,2026-11-20,-5",
		",telegram,a,2026-11-20,5",
	}
	var many []string
	for i := range 25 {
		many = append(many, fmt.Sprintf("Аким %d,telegram,a,2026-11-20,x%d", i, i))
	}
	tests := []struct {
		name, lang, header string
		lines              []string
		want               []string
		notWant            string
	}{
		{"lines ru", "ru", head, bad, []string{"Строк с ошибками: 4; ничего не сохранено:",
			`строка 2: неизвестная платформа "myspace"`, `строка 3: неверное время "27.11.2026"`,
			`строка 4: followers: "-5" — не целое неотрицательное число`, "строка 5: имя чиновника пустое"}, "unknown platform"},
		{"lines kk", "kk", head, bad, []string{"Қате жолдар: 4; ештеңе сақталмады:", `2-жол: белгісіз платформа "myspace"`,
			"5-жол: шенеуніктің аты бос"}, "bad time"},
		{"lines en", "en", head, bad, []string{"4 bad line(s); nothing was saved:", `line 3: bad time "27.11.2026"`}, "want RFC 3339"},
		{"more lines than listed", "ru", head, many, []string{"Строк с ошибками: 25", "… и ещё строк с ошибками: 5", "строка 21: followers"}, "more bad lines"},
		{"header", "ru", "official,platform,handle,time,folowers", bad[:1], []string{`строка 1: неизвестный столбец "folowers" в заголовке`}, "unknown column"},
	}
	defer func() { _ = SetupLanguage("en") }()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := SetupLanguage(tc.lang); err != nil {
				t.Fatal(err)
			}
			got := importErrorText(importError(t, tc.header, tc.lines))
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("message lacks %q:\n%s", w, got)
				}
			}
			if strings.Contains(got, tc.notWant) {
				t.Errorf("message has the English %q:\n%s", tc.notWant, got)
			}
		})
	}
}

// TestConnectionTestTranslated checks what "Test connection" shows, for a
// failure and for each kind of answer, in the UI language.
func TestConnectionTestTranslated(t *testing.T) {
	rejected := fmt.Errorf("X: token rejected (401). Set it in Settings or AKIMWATCH_TOKEN_X: %w", source.ErrTokenRejected)
	tests := []struct {
		name, lang string
		p          string
		rep        source.ConnectionReport
		want       []string
	}{
		{"token rejected ru", "ru", "x", source.ConnectionReport{Err: rejected},
			[]string{"X: платформа отклонила токен", "AKIMWATCH_TOKEN_X", "Подробности: X: token rejected (401)"}},
		{"no network kk", "kk", "vk", source.ConnectionReport{Err: errors.New(`Get "https://api.vk.com/method/users.get": dial tcp: connection refused`)},
			[]string{"VK: платформамен байланыс жоқ", "Толығырақ: Get"}},
		{"unknown failure en", "en", "tiktok", source.ConnectionReport{Err: errors.New("something odd")},
			[]string{"TikTok: the test call failed", "Details: something odd"}},
		{"count read kk", "kk", "telegram", source.ConnectionReport{Handle: "telegram", Followers: 1234567, Detail: "read @telegram: 1234567"},
			[]string{"Telegram: жұмыс істейді; @telegram оқылды: " + i18n.Int(1234567, "kk")}},
		{"own account ru", "ru", "instagram", source.ConnectionReport{Own: "akimat_analyst", Detail: "token works"},
			[]string{"Instagram: токен работает; ваш аккаунт @akimat_analyst"}},
		{"token ru", "ru", "facebook", source.ConnectionReport{TokenType: "USER", Permissions: 2, Expires: time.Date(2026, 12, 27, 0, 0, 0, 0, time.UTC)},
			[]string{"Facebook: токен действителен (тип USER, разрешений: 2); истекает 2026-12-27"}},
	}
	defer func() { _ = SetupLanguage("en") }()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := SetupLanguage(tc.lang); err != nil {
				t.Fatal(err)
			}
			got := connectionText(platformOf(t, tc.p), tc.rep)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("shows %q, want it to contain %q", got, w)
				}
			}
		})
	}
}

func platformOf(t *testing.T, s string) data.Platform {
	t.Helper()
	p, err := data.ParsePlatform(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImportFileErrorsTranslated imports files that cannot be read at all
// and checks the app says why in the UI language.
func TestImportFileErrorsTranslated(t *testing.T) {
	tests := []struct {
		name, lang, file string
		body             []byte
		want             string
	}{
		{"empty ru", "ru", "in.csv", nil, "файл пуст: нужна строка заголовка official,platform,handle,time,followers"},
		{"not a workbook kk", "kk", "in.xlsx", []byte("not a zip"), "файлды Excel кітабы ретінде оқу мүмкін емес"},
		{"unknown encoding ru", "ru", "in.csv", []byte{0x81, 0x8d, 0x8f, 0x90, 0x98, 0x81, 0x8d, 0x8f, 0x90, 0x98}, "файл не в кодировке UTF-8"},
		{"file type en", "en", "in.pdf", []byte("%PDF"), "only .csv and .xlsx files"},
	}
	defer func() { _ = SetupLanguage("en") }()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := SetupLanguage(tc.lang); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(path, tc.body, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := transfer.ImportFile(context.Background(), datatest.NewStore(t), path, time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))
			if err == nil {
				t.Fatal("the import succeeded")
			}
			if got := importErrorText(err); !strings.Contains(got, tc.want) {
				t.Errorf("shows %q, want it to contain %q (error: %v)", got, tc.want, err)
			}
		})
	}
}
