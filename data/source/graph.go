package source

import (
	"encoding/json"
	"fmt"
	"net/http"
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
	graphCodeNoAlias      = 803   // "some of the aliases you requested do not exist"
	graphCodeInvalidUser  = 110   // invalid user id (business discovery)
	graphCodeParam        = 100   // invalid parameter; subcode 33 = object does not exist
	graphSubcodeNoObject  = 33
	graphSubcodeIGNoUser  = 2207013 // business discovery: username not found / not a professional account
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

// graphFailure classifies a Graph API answer that carries an error (or a
// non-2xx status): token problems stop the platform, throttling and missing
// objects get their kinds, anything else is a StatusError.
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
	switch {
	case ge.Code == graphCodeTokenInvalid || resp.status == http.StatusUnauthorized:
		return c.tokenRejected(resp.status)
	case ge.Code == graphCodeAppLimit || ge.Code == graphCodeUserLimit || ge.Code == graphCodePageLimit ||
		ge.Code == graphCodeCallLimit || (ge.Code >= graphCodeBUCLimit && ge.Code <= graphCodeBUCLimitMax):
		return fmt.Errorf("%s (code %d): %w", msg, ge.Code, ErrRateLimited)
	case ge.Code == graphCodeNoAlias || ge.Code == graphCodeInvalidUser || ge.Subcode == graphSubcodeIGNoUser ||
		(ge.Code == graphCodeParam && ge.Subcode == graphSubcodeNoObject):
		return notFound("%s (code %d)", msg, ge.Code)
	}
	return &StatusError{Code: resp.status, Detail: fmt.Sprintf("%s (code %d)", msg, ge.Code)}
}
