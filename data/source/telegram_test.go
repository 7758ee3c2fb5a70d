package source

import (
	"errors"
	"testing"

	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

func TestParseTelegramPage(t *testing.T) {
	tests := []struct {
		name  string
		page  string
		want  int64
		flags data.Flags
		err   error
	}{
		{"subscribers", sourcetest.TelegramPage("c", "12 345 subscribers"), 12345, 0, nil},
		{"members online", sourcetest.TelegramPage("g", "1 234 members, 56 online"), 1234, data.FlagMembers, nil},
		{"ru subscribers", sourcetest.TelegramPage("c", "12 345 подписчиков"), 12345, 0, nil},
		{"ru one subscriber", sourcetest.TelegramPage("c", "1 подписчик"), 1, 0, nil},
		{"ru members online", sourcetest.TelegramPage("g", "1 234 участника, 56 в сети"), 1234, data.FlagMembers, nil},
		{"ru K", sourcetest.TelegramPage("c", "12,3K подписчиков"), 12300, data.FlagApproxCount, nil},
		{"ru thousand word", sourcetest.TelegramPage("c", "12,3 тыс. подписчиков"), 12300, data.FlagApproxCount, nil},
		{"ru million", sourcetest.TelegramPage("c", "1,2 млн подписчиков"), 1200000, data.FlagApproxCount, nil},
		{"kk subscribers", sourcetest.TelegramPage("c", "12 345 жазылушы"), 12345, 0, nil},
		{"kk members", sourcetest.TelegramPage("g", "1 234 қатысушы, 56 желіде"), 1234, data.FlagMembers, nil},
		{"kk thousand word", sourcetest.TelegramPage("c", "45 мың жазылушы"), 45000, data.FlagApproxCount, nil},
		{"ru no such name", telegramNoSuchPageRU("nobody"), 0, 0, ErrNotFound},
		{"nbsp", sourcetest.TelegramPage("c", "12\u00a0345\u00a0subscribers"), 12345, 0, nil},
		{"narrow nbsp", sourcetest.TelegramPage("c", "1\u202f234\u202f567 subscribers"), 1234567, 0, nil},
		{"entity nbsp", sourcetest.TelegramPage("c", "7&nbsp;001 subscribers"), 7001, 0, nil},
		{"comma thousands", sourcetest.TelegramPage("c", "1,234 subscribers"), 1234, 0, nil},
		{"one subscriber", sourcetest.TelegramPage("c", "1 subscriber"), 1, 0, nil},
		{"K", sourcetest.TelegramPage("c", "12.3K subscribers"), 12300, data.FlagApproxCount, nil},
		{"M", sourcetest.TelegramPage("c", "1.2M subscribers"), 1200000, data.FlagApproxCount, nil},
		{"M comma", sourcetest.TelegramPage("c", "1,5M members"), 1500000, data.FlagApproxCount | data.FlagMembers, nil},
		{"K spaced", sourcetest.TelegramPage("c", "45 K subscribers"), 45000, data.FlagApproxCount, nil},
		{"nested markup", sourcetest.TelegramPage("c", "<span>3 210</span> subscribers"), 3210, 0, nil},
		{"no such name", sourcetest.TelegramNoSuchPage("nobody"), 0, 0, ErrNotFound},
		{"person", sourcetest.TelegramPage("p", "@someone"), 0, 0, ErrMalformed},
		{"no count", sourcetest.TelegramPage("c", "subscribers"), 0, 0, ErrMalformed},
		{"negative", sourcetest.TelegramPage("c", "-5 subscribers"), 0, 0, ErrMalformed},
		{"garbage number", sourcetest.TelegramPage("c", "12.3.4K subscribers"), 0, 0, ErrMalformed},
		{"hex float", sourcetest.TelegramPage("c", "0x1p3K subscribers"), 0, 0, ErrMalformed},
		{"huge", sourcetest.TelegramPage("c", "99999999999999999999 subscribers"), 0, 0, ErrMalformed},
		{"error page", "<html><body>502 Bad Gateway</body></html>", 0, 0, ErrMalformed},
		{"empty", "", 0, 0, ErrMalformed},
		{"json", `{"ok":true}`, 0, 0, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, flags, err := ParseTelegramPage([]byte(tt.page))
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil || n != tt.want || flags != tt.flags {
				t.Errorf("got %d %v %v, want %d %v", n, flags, err, tt.want, tt.flags)
			}
		})
	}
}

// telegramNoSuchPageRU is t.me's page for a name nobody holds, served in
// Russian (shape of sourcetest.TelegramNoSuchPage with t.me's Russian text).
func telegramNoSuchPageRU(name string) string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Telegram: Contact @` + name + `</title></head><body>
<div class="tgme_page_wrap"><div class="tgme_page"><div class="tgme_page_photo"></div>
<div class="tgme_page_description">Если у Вас есть <strong>Telegram</strong>, Вы можете связаться с <a class="tgme_username_link" href="tg://resolve?domain=` + name + `">@` + name + `</a> прямо сейчас.</div>
</div></div></body></html>`
}
