package source

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// graphAPIError is the error envelope of Meta's Graph APIs (Facebook,
// Instagram and Threads):
// {"error":{"message":…,"type":"OAuthException","code":190,"error_subcode":…}}.
type graphAPIError struct {
	Message string `json:"message"`
	Type    string `json:"type"`
	Code    int    `json:"code"`
	Subcode int    `json:"error_subcode"`
}

// Graph API error codes akimwatch tells apart.
const (
	graphCodeTokenInvalid = 190 // access token expired, revoked or invalid
	graphCodeAppLimit     = 4   // application request limit reached
	graphCodeUserLimit    = 17  // user request limit reached
	graphCodePageLimit    = 32  // page request limit reached
	graphCodeCallLimit    = 613 // calls within one hour exceeded
	graphCodeBUCLimit     = 80001
	graphCodeBUCLimitMax  = 80014 // business use case limits span 80001–80014
	graphCodeNoAlias      = 803   // "some of the aliases you requested do not exist" / "cannot query users by their username"
	graphCodeInvalidUser  = 110   // invalid user id (business discovery: see graphSubcodeIGNoUser)
	graphCodeParam        = 100   // invalid parameter; subcode 33 = object missing OR not readable with this token
	graphCodePermission   = 10    // application does not have permission for this action
	graphCodePermsMin     = 200   // 200–299: permission errors
	graphCodePermsMax     = 299
	graphSubcodeNoObject  = 33
	graphSubcodeIGNoUser  = 2207013 // business discovery: a personal account, or no such username (Meta does not tell them apart)
)

// parseGraphError reads the error envelope from body, or nil if there is none.
func parseGraphError(body []byte) *graphAPIError {
	var env struct {
		Error *graphAPIError `json:"error"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil
	}
	return env.Error
}

// GraphError is a classified Graph API error; Code and Subcode let callers
// (the Facebook batch split) tell what the platform refused.
type GraphError struct {
	Code    int
	Subcode int
	Message string
	kind    error
}

// Error gives the platform's message with its code.
func (e *GraphError) Error() string {
	if e.Subcode != 0 {
		return fmt.Sprintf("%s (code %d/%d): %s", e.Message, e.Code, e.Subcode, e.kind)
	}
	return fmt.Sprintf("%s (code %d): %s", e.Message, e.Code, e.kind)
}

// Unwrap gives the kind (ErrNotFound, ErrPermission…).
func (e *GraphError) Unwrap() error { return e.kind }

// graphFailure classifies a Graph API answer that carries an error (or a
// non-2xx status): token problems stop the platform; throttling, missing
// objects, personal profiles and missing permissions get their kinds;
// anything else is a StatusError.
func (c *client) graphFailure(resp *response) error {
	ge := parseGraphError(resp.body)
	if ge == nil {
		if resp.status == http.StatusUnauthorized {
			return c.tokenRejected(resp.status)
		}
		if err := decodeJSON(resp.body, &struct{}{}); err != nil {
			return fmt.Errorf("HTTP status %d: %w", resp.status, err)
		}
		return c.statusError(resp)
	}
	msg := c.scrub(ge.Message)
	if ge.Code == graphCodeParam && ge.Subcode == graphSubcodeNoObject {
		msg += " (Meta gives this both for a missing object and for one the token may not read: check the address, then the token's permissions)"
	}
	g := &GraphError{Code: ge.Code, Subcode: ge.Subcode, Message: msg}
	switch {
	case ge.Code == graphCodeTokenInvalid || resp.status == http.StatusUnauthorized:
		return c.tokenRejected(resp.status)
	case ge.Code == graphCodeAppLimit || ge.Code == graphCodeUserLimit || ge.Code == graphCodePageLimit ||
		ge.Code == graphCodeCallLimit || (ge.Code >= graphCodeBUCLimit && ge.Code <= graphCodeBUCLimitMax):
		g.kind = ErrRateLimited
	case ge.Code == graphCodeNoAlias && strings.Contains(strings.ToLower(msg), "by their username"):
		// "(#803) Cannot query users by their username (name)": a personal
		// profile; the Graph API reads Pages only.
		g.kind = ErrNotProfessional
	case ge.Code == graphCodeNoAlias:
		g.kind = ErrNotFound
	case ge.Code == graphCodeInvalidUser || ge.Subcode == graphSubcodeIGNoUser:
		g.kind = ErrNotProfessional
	case ge.Code == graphCodeParam && ge.Subcode == graphSubcodeNoObject:
		// "Object with ID 'x' does not exist, cannot be loaded due to missing
		// permissions, or does not support this operation": Meta does not
		// say which, so it is recorded as a missing permission (the analyst
		// checks the address and the token's permissions).
		g.kind = ErrPermission
	case ge.Code == graphCodePermission || (ge.Code >= graphCodePermsMin && ge.Code <= graphCodePermsMax):
		g.kind = ErrPermission
	default:
		return &StatusError{Code: resp.status, Detail: fmt.Sprintf("%s (code %d)", msg, ge.Code)}
	}
	return g
}

// graphBatchRefused reports whether a Graph error about a multi-id call was
// caused by some of its ids (803, 100/33, a permission on one object), so
// the batch is worth splitting.
func graphBatchRefused(err error) bool {
	var g *GraphError
	if !errors.As(err, &g) {
		return false
	}
	return g.Code == graphCodeNoAlias || g.Code == graphCodeParam || g.Code == graphCodeInvalidUser ||
		g.Code == graphCodePermission || (g.Code >= graphCodePermsMin && g.Code <= graphCodePermsMax)
}

// graphNamedIDs reads the ids a Graph error names, lower-cased: "Some of
// the aliases you requested do not exist: a,b", "Cannot query users by
// their username (name)" or "Object with ID 'x' does not exist". Nil when
// it names none.
func graphNamedIDs(err error) map[string]bool {
	var g *GraphError
	if !errors.As(err, &g) {
		return nil
	}
	msg := g.Message
	var list string
	switch {
	case strings.Contains(msg, "do not exist:"):
		list = msg[strings.Index(msg, "do not exist:")+len("do not exist:"):]
	case strings.Contains(msg, "by their username ("):
		list = msg[strings.Index(msg, "by their username (")+len("by their username ("):]
		list, _, _ = strings.Cut(list, ")")
	case strings.Contains(msg, "Object with ID '"):
		list = msg[strings.Index(msg, "Object with ID '")+len("Object with ID '"):]
		list, _, _ = strings.Cut(list, "'")
	default:
		return nil
	}
	out := map[string]bool{}
	for _, s := range strings.Split(list, ",") {
		if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
			out[s] = true
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
