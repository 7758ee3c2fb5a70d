package source

import (
	"time"

	"golang.org/x/time/rate"

	"akimwatch/data"
)

// Limit is one platform's request budget and batch size.
type Limit struct {
	// Rate is the sustained number of API calls per second (rate.Inf lifts
	// the limit, as tests and benchmarks do).
	Rate rate.Limit
	// Burst is how many calls may go at once after a quiet spell.
	Burst int
	// Batch is the most accounts one call may name.
	Batch int
}

// DefaultLimits are the documented limits of each platform's API, kept a
// little under the published figure so a pass never trips them. The reason
// for each figure is beside it. Batch is the documented maximum per call.
var DefaultLimits = map[data.Platform]Limit{
	// t.me pages have no published limit; one page a second is polite and
	// stays clear of the 429s t.me gives to crawlers.
	data.Telegram: {Rate: 1, Burst: 2, Batch: 1},
	// channels.list costs 1 quota unit of 10,000 a day; Google also caps
	// queries per 100 s per user. 5 calls/s keeps well inside both.
	data.YouTube: {Rate: 5, Burst: 5, Batch: 50},
	// GET /2/users/by: 300 requests per 15 minutes per app (app-only
	// bearer token), that is one call every 3 s; up to 100 usernames.
	data.X: {Rate: rate.Every(3 * time.Second), Burst: 1, Batch: 100},
	// Graph API platform rate limit: 200 calls per hour per user token
	// (Business Use Case limits are similar); ?ids= takes up to 50 ids.
	data.Facebook: {Rate: rate.Every(18 * time.Second), Burst: 5, Batch: 50},
	// Instagram Graph API: 200 calls per hour per user token; business
	// discovery names one username per call.
	data.Instagram: {Rate: rate.Every(18 * time.Second), Burst: 5, Batch: 1},
	// VK: 3 requests per second for a user token (error 6 above that);
	// users.get takes 1000 ids, groups.getById 500 (split inside Fetch).
	data.VK: {Rate: 3, Burst: 1, Batch: vkUsersBatch},
	// Threads API limits are per user and scale with the account's reach;
	// profile discovery is meant for occasional lookups. One call every
	// 10 s stays clear of them; one username per call.
	data.Threads: {Rate: rate.Every(10 * time.Second), Burst: 5, Batch: 1},
	// TikTok Research API: a daily quota of 1000 requests per client; one
	// username per call. A pass spends a few of them, so pace gently.
	data.TikTok: {Rate: rate.Every(10 * time.Second), Burst: 5, Batch: 1},
}

// Retry and transport defaults, with the reason for each.
const (
	// DefaultMaxAttempts bounds the tries of one call (the first included):
	// enough to ride out a short 5xx spell without hammering the platform.
	DefaultMaxAttempts = 4
	// DefaultInitialBackoff is the first wait after a failed try; it grows
	// by DefaultBackoffMultiplier each time, with ±50% jitter.
	DefaultInitialBackoff = 500 * time.Millisecond
	// DefaultBackoffMultiplier is the growth factor of the backoff.
	DefaultBackoffMultiplier = 2.0
	// DefaultMaxBackoff caps one backoff wait.
	DefaultMaxBackoff = 30 * time.Second
	// DefaultMaxRetryWait is the longest Retry-After (or reset) the client
	// will sit out; beyond it the batch fails as rate limited instead of
	// holding the whole pass for a quarter of an hour.
	DefaultMaxRetryWait = 2 * time.Minute
	// DefaultCallTimeout bounds one HTTP exchange, body included.
	DefaultCallTimeout = 30 * time.Second
	// DefaultMaxBody caps a response: the largest real answer (100 X users)
	// is about 60 KiB; a t.me page about 20 KiB.
	DefaultMaxBody = 4 << 20
	// keyringTimeout bounds one keyring lookup: a missing Secret Service on
	// a headless machine must fall back to the environment at once.
	keyringTimeout = 2 * time.Second
)
