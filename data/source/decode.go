package source

import (
	"bytes"
	"encoding/json"
	"strconv"

	"akimwatch/data"
)

// decodeJSON reads a JSON answer into v. An HTML page, an empty body or
// broken JSON is ErrMalformed.
func decodeJSON(body []byte, v any) error {
	b := bytes.TrimLeft(body, " \t\r\n\ufeff")
	if len(b) == 0 {
		return malformed("empty answer")
	}
	if b[0] != '{' && b[0] != '[' {
		if b[0] == '<' {
			return malformed("answer is an HTML page, not JSON")
		}
		return malformed("answer is not JSON")
	}
	if err := json.Unmarshal(b, v); err != nil {
		return malformed("answer is not valid JSON (%v)", err)
	}
	return nil
}

// count is a counter that a platform sends as a JSON number or, as YouTube
// does, a decimal string. Missing or null leaves it unset.
type count struct {
	v  int64
	ok bool
}

// UnmarshalJSON accepts 123 or "123"; anything else (negative, fractional,
// out of range, another type) is an error.
func (c *count) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*c = count{}
		return nil
	}
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	v, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil || v < 0 {
		return malformed("counter %.40q is not a non-negative integer", b)
	}
	*c = count{v: v, ok: true}
	return nil
}

// ptr returns the counter for an optional snapshot field, or nil.
func (c count) ptr() *int64 {
	if !c.ok {
		return nil
	}
	return data.Int64(c.v)
}

// snapshot builds a result's snapshot from the counters read. followers
// must be set; the others are optional.
func snapshot(a data.Account, src data.Source, followers count, following, posts, likes, views count) (*data.Snapshot, error) {
	if !followers.ok {
		return nil, malformed("answer has no follower count")
	}
	return &data.Snapshot{
		AccountID: a.ID,
		Followers: followers.v,
		Following: following.ptr(),
		Posts:     posts.ptr(),
		Likes:     likes.ptr(),
		Views:     views.ptr(),
		Source:    src,
	}, nil
}
