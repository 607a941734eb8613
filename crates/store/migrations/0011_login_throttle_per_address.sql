-- Login failures are counted per user name and client address: failures from one
-- address slow that address down for that name, and never lock the rightful user out
-- from elsewhere.
DROP TABLE login_throttle;
CREATE TABLE login_throttle (
    username TEXT NOT NULL,
    ip TEXT NOT NULL,
    failures BIGINT NOT NULL,
    locked_until TEXT NOT NULL,
    last_failure_at TEXT NOT NULL,
    PRIMARY KEY (username, ip)
);
