-- The web application: accounts, their sessions, what they watch, the
-- corrections people make to extracted records, and the audit log of
-- every change anyone makes.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    -- What the user logs in with.
    name          TEXT    NOT NULL UNIQUE,
    -- The name the minutes write: an action owned by it is the user's own.
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL
        CHECK (role IN ('admin', 'secretary', 'member', 'reader')),
    -- Argon2id in PHC string form.
    password_hash TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);

-- Only a hash of the cookie's token is kept: a copy of the database
-- opens no session.
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- A saved search or topic. `seen_through` is the newest meeting id when
-- the user last looked: anything from a later meeting is new to them.
-- The feed token is the Atom feed's address, which feed readers fetch
-- without a session.
CREATE TABLE watches (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN ('search', 'topic')),
    query        TEXT    NOT NULL,
    feed_token   TEXT    NOT NULL UNIQUE,
    seen_through INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    UNIQUE (user_id, kind, query)
);

-- A person's correction of one field of an extracted record, addressed by
-- a JSON pointer (`/location`, `/items/2/decisions/0/text`). The record
-- stays as extracted; the latest correction of a field is shown over it.
CREATE TABLE record_corrections (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    field      TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    note       TEXT    NOT NULL,
    author     TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX record_corrections_by_meeting ON record_corrections (meeting_id);

-- Every change anyone makes: who, when, what, and the value before and
-- after (JSON). Rows are only ever added.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    author     TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    target     TEXT    NOT NULL,
    before     TEXT,
    after      TEXT,
    created_at TEXT    NOT NULL
);
