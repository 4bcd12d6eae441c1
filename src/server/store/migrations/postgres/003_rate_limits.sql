-- Rate-limit counters shared by every instance (rate-limiter-flexible's RateLimiterPostgres):
-- one row per limiter prefix and key, `expire` in epoch milliseconds. The library inserts
-- positionally, so the columns keep its order and names.
CREATE TABLE rate_limits (
  key VARCHAR(255) PRIMARY KEY,
  points INTEGER NOT NULL DEFAULT 0,
  expire BIGINT
);
