package source

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"akimwatch/data"
)

// VK reads counts from the VK API (v=5.199). Handles are tried as people
// first, in one users.get call (fields=followers_count, up to 1000 ids);
// the ones that are not people are then read as communities with
// groups.getById (fields=members_count, up to 500 ids a call). "club123",
// "public123" and "event123" go straight to groups.getById. Parameters are
// sent as a POST form, which the API accepts like a query and which keeps
// 1000 names and the token out of the URL.
type VK struct {
	c   *client
	tok *tokenHolder
}

// VK API version and batch limits.
const (
	vkVersion     = "5.199"
	vkUsersBatch  = 1000 // users.get: user_ids
	vkGroupsBatch = 500  // groups.getById: group_ids
)

// VK error codes akimwatch tells apart.
const (
	vkErrAuth        = 5   // user authorization failed (bad or expired token)
	vkErrTooMany     = 6   // too many requests per second: retry shortly
	vkErrRateLimit   = 29  // rate limit reached for this method (daily)
	vkErrParam       = 100 // a parameter is missing or invalid
	vkErrInvalidUser = 113 // invalid user id
	vkErrAccess      = 15  // access denied
	vkErrDeleted     = 18  // page deleted or banned
	vkErrPrivate     = 30  // this profile is private
	vkErrGroupDenied = 203 // access to the community denied
)

// vkRetryAfterTooMany is the pause after error 6 (limits are per second).
const vkRetryAfterTooMany = time.Second

// vkGroupHandle matches a community's numeric address.
var vkGroupHandle = regexp.MustCompile(`^(?:club|public|event)([0-9]{1,19})$`)

// vkUserID matches a person's numeric address.
var vkUserID = regexp.MustCompile(`^id([0-9]{1,19})$`)

// Platform returns data.VK.
func (v *VK) Platform() data.Platform { return data.VK }

// BatchSize is 1000 handles (users.get's limit).
func (v *VK) BatchSize() int { return clampBatch(v.c.batch, vkUsersBatch) }

// Ready checks that an access token is configured.
func (v *VK) Ready(ctx context.Context) error {
	_, err := v.tok.get(ctx)
	return err
}

// vkAnswer is the envelope of every VK method.
type vkAnswer struct {
	Response json.RawMessage `json:"response"`
	Error    *struct {
		Code int    `json:"error_code"`
		Msg  string `json:"error_msg"`
	} `json:"error"`
}

// vkObject is a person or a community as users.get and groups.getById
// describe them.
type vkObject struct {
	ID          int64  `json:"id"`
	ScreenName  string `json:"screen_name"`
	Deactivated string `json:"deactivated"`
	Followers   count  `json:"followers_count"`
	Members     count  `json:"members_count"`
	// IsClosed is true (users.get) or 1/2 (groups.getById) for a closed
	// profile or community; it is read only to explain a missing count.
	IsClosed json.RawMessage `json:"is_closed"`
}

// closed reports whether is_closed is true or a non-zero number.
func (o *vkObject) closed() bool {
	s := strings.TrimSpace(string(o.IsClosed))
	return s != "" && s != "false" && s != "0" && s != "null"
}

// Fetch reads people first, then communities.
func (v *VK) Fetch(ctx context.Context, accounts []data.Account) ([]Result, error) {
	tok, err := v.tok.get(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(accounts))
	var people, groups []data.Account
	for _, a := range accounts {
		h := strings.ToLower(handleOf(a))
		switch {
		case h == "" || strings.ContainsAny(h, ", "):
			out = append(out, Result{AccountID: a.ID, Err: malformed("%q is not a VK address", a.Handle)})
		case vkGroupHandle.MatchString(h):
			groups = append(groups, a)
		default:
			people = append(people, a)
		}
	}
	if len(people) > 0 {
		objs, err := v.call(ctx, tok, "users.get", "user_ids", people, "followers_count,screen_name")
		if err != nil && !isVKCode(err, vkErrInvalidUser) {
			res, stop := batchOutcome(people, err)
			if stop != nil {
				return nil, stop
			}
			out = append(out, res...)
		} else {
			res, rest := matchVK(people, objs, false)
			out = append(out, res...)
			groups = append(groups, rest...)
		}
	}
	for start := 0; start < len(groups); start += vkGroupsBatch {
		res, err := v.groups(ctx, tok, groups[start:min(start+vkGroupsBatch, len(groups))])
		if err != nil {
			return nil, err
		}
		out = append(out, res...)
	}
	return out, nil
}

// groups reads up to vkGroupsBatch communities in one groups.getById call.
// When VK refuses the list as invalid (error 100: some name is nobody's),
// the list is split (fetchSplitting) until the bad names are isolated, so
// one bad name cannot fail the rest.
func (v *VK) groups(ctx context.Context, tok string, chunk []data.Account) ([]Result, error) {
	call := func(ctx context.Context, accs []data.Account) ([]Result, error) {
		objs, err := v.call(ctx, tok, "groups.getById", "group_ids", accs, "members_count")
		if err != nil {
			if isVKCode(err, vkErrParam) && len(accs) == 1 {
				return []Result{{AccountID: accs[0].ID, Err: notFound("VK has no person or community %q", handleOf(accs[0]))}}, nil
			}
			return nil, err
		}
		res, rest := matchVK(accs, objs, true)
		for _, a := range rest {
			res = append(res, Result{AccountID: a.ID, Err: notFound("VK has no person or community %q (not in the answer)", handleOf(a))})
		}
		return res, nil
	}
	return fetchSplitting(ctx, chunk, call, splitter{refused: func(err error) bool { return isVKCode(err, vkErrParam) }})
}

// vkCodeError is a VK API error answer.
type vkCodeError struct {
	code int
	msg  string
	kind error // ErrPrivate, ErrPermission…, or nil
}

func (e *vkCodeError) Error() string { return fmt.Sprintf("VK error %d: %s", e.code, e.msg) }

// Unwrap gives the error's kind, if VK's code says one.
func (e *vkCodeError) Unwrap() error { return e.kind }

func isVKCode(err error, code int) bool {
	var ce *vkCodeError
	return errors.As(err, &ce) && ce.code == code
}

// call runs one VK method over accounts and returns the objects it gave.
func (v *VK) call(ctx context.Context, tok, method, param string, accounts []data.Account, fields string) ([]vkObject, error) {
	ids := make([]string, len(accounts))
	for i, a := range accounts {
		ids[i] = strings.ToLower(handleOf(a))
	}
	form := url.Values{param: {strings.Join(ids, ",")}, "fields": {fields}, "v": {vkVersion}, "access_token": {tok}}
	var ans vkAnswer
	resp, err := v.c.do(ctx, request{
		method: http.MethodPost,
		path:   "/method/" + method,
		header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
		body:   []byte(form.Encode()),
		check: func(resp *response) error {
			if resp.status != http.StatusOK {
				return nil
			}
			ans = vkAnswer{}
			if err := decodeJSON(resp.body, &ans); err != nil {
				return err
			}
			if ans.Error != nil && ans.Error.Code == vkErrTooMany {
				return retryLater(fmt.Errorf("VK error %d (%s): %w", vkErrTooMany, v.c.scrub(ans.Error.Msg), ErrRateLimited), vkRetryAfterTooMany)
			}
			return nil
		},
	})
	if err != nil {
		return nil, err
	}
	if resp.status != http.StatusOK {
		return nil, v.c.statusError(resp)
	}
	if e := ans.Error; e != nil {
		switch e.Code {
		case vkErrAuth:
			return nil, v.c.tokenRejected(0)
		case vkErrTooMany, vkErrRateLimit:
			return nil, fmt.Errorf("VK error %d (%s): %w", e.Code, v.c.scrub(e.Msg), ErrRateLimited)
		}
		ce := &vkCodeError{code: e.Code, msg: v.c.scrub(e.Msg)}
		switch e.Code {
		case vkErrPrivate, vkErrGroupDenied:
			ce.kind = ErrPrivate
		case vkErrAccess:
			ce.kind = ErrPermission
		case vkErrDeleted:
			ce.kind = ErrNotFound
		}
		return nil, ce
	}
	return parseVKObjects(ans.Response)
}

// parseVKObjects reads users.get's array or groups.getById's
// {"groups":[…],"profiles":[…]} (5.199); the older bare array is accepted.
func parseVKObjects(raw json.RawMessage) ([]vkObject, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, malformed("VK answer has no response")
	}
	var objs []vkObject
	if raw[0] == '[' {
		if err := decodeJSON(raw, &objs); err != nil {
			return nil, err
		}
		return objs, nil
	}
	var wrapped struct {
		Groups *[]vkObject `json:"groups"`
	}
	if err := decodeJSON(raw, &wrapped); err != nil {
		return nil, err
	}
	if wrapped.Groups == nil {
		return nil, malformed("VK answer has no groups")
	}
	return *wrapped.Groups, nil
}

// matchVK pairs accounts with objects by screen name or numeric address.
// It returns the results and the accounts nothing matched.
func matchVK(accounts []data.Account, objs []vkObject, groups bool) ([]Result, []data.Account) {
	byName := make(map[string]*vkObject, len(objs))
	byID := make(map[int64]*vkObject, len(objs))
	for i := range objs {
		if objs[i].ScreenName != "" {
			byName[strings.ToLower(objs[i].ScreenName)] = &objs[i]
		}
		byID[objs[i].ID] = &objs[i]
	}
	var out []Result
	var rest []data.Account
	for _, a := range accounts {
		h := strings.ToLower(handleOf(a))
		obj := byName[h]
		if obj == nil {
			if id, ok := vkNumericID(h, groups); ok {
				obj = byID[id]
			}
		}
		if obj == nil {
			rest = append(rest, a)
			continue
		}
		res := Result{AccountID: a.ID}
		n := obj.Followers
		if groups {
			n = obj.Members
		}
		switch {
		case obj.Deactivated == "banned":
			res.Err = kindErr(ErrSuspended, "VK account %s is banned", h)
		case obj.Deactivated != "":
			res.Err = notFound("VK account %s is %s", h, obj.Deactivated)
		case !n.ok && obj.closed():
			res.Err = kindErr(ErrPrivate, "VK account %s is closed and shows no count", h)
		default:
			res.Snapshot, res.Err = snapshot(a, data.SourceAPI, n, count{}, count{}, count{}, count{})
			if res.Snapshot != nil && groups {
				res.Snapshot.Flags |= data.FlagMembers
			}
		}
		out = append(out, res)
	}
	return out, rest
}

// vkNumericID reads the id of an "id123" (person) or "club123" (community)
// address, or of a bare number such as "12345" (VK's own numeric id of
// either, as users.get and groups.getById take it).
func vkNumericID(h string, groups bool) (int64, bool) {
	re := vkUserID
	if groups {
		re = vkGroupHandle
	}
	digits := ""
	if m := re.FindStringSubmatch(h); m != nil {
		digits = m[1]
	} else if vkBareID.MatchString(h) {
		digits = h
	} else {
		return 0, false
	}
	id, err := strconv.ParseInt(digits, 10, 64)
	return id, err == nil && id > 0
}

// vkBareID matches a bare numeric id.
var vkBareID = regexp.MustCompile(`^[0-9]{1,19}$`)
