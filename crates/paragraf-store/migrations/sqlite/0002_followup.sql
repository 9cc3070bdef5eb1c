-- Follow-up: what people record about the extracted data. Rows are only
-- ever added; the latest change for an action is its status, and the ones
-- before it are its history (who, when, why).

CREATE TABLE action_status_changes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id  INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    status     TEXT    NOT NULL
        CHECK (status IN ('open', 'done', 'carried_over', 'dropped')),
    note       TEXT    NOT NULL,
    author     TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX action_status_changes_by_action ON action_status_changes (action_id);

-- A user's "these two items are not about the same matter": topics never
-- link the pair again.
CREATE TABLE topic_unlinks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id    INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    other_id   INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    note       TEXT    NOT NULL,
    author     TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    CHECK (item_id < other_id)
);

-- A user's correction of who is who: `merge` says the people written
-- `name` and `into_name` are one human; `split` that `name` is a human of
-- its own. Names are folded (lowercase, no diacritics).
CREATE TABLE person_overrides (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT    NOT NULL CHECK (kind IN ('merge', 'split')),
    name       TEXT    NOT NULL,
    into_name  TEXT,
    note       TEXT    NOT NULL,
    author     TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    CHECK ((kind = 'merge') = (into_name IS NOT NULL))
);
