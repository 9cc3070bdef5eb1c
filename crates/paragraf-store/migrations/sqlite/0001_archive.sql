-- The archive. `documents.original` keeps every file byte for byte and is
-- never updated; everything else is derived from it. `meetings.record` is
-- the meeting record (meeting-record/1 JSON) as parsed; the tables after it
-- are its projection, written in the same transaction, for queries that
-- cross meetings (people, attendance, decisions, actions).

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256      TEXT    NOT NULL UNIQUE,
    file_name   TEXT    NOT NULL,
    format      TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    original    BLOB    NOT NULL,
    -- Cleaned and (when OCR'd) repaired text; the record's line spans point here.
    text        TEXT    NOT NULL,
    ingested_at TEXT    NOT NULL
);

-- AUTOINCREMENT: ids only grow, so "indexed through id N" (the search
-- index's commit payload) stays true when meetings are deleted.
CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id  INTEGER NOT NULL UNIQUE REFERENCES documents (id),
    organization TEXT,
    body         TEXT,
    date         TEXT,
    start_time   TEXT,
    end_time     TEXT,
    location     TEXT,
    record       TEXT    NOT NULL
);
CREATE INDEX meetings_by_date ON meetings (date);

CREATE TABLE people (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    -- Lowercased, whitespace collapsed: the same written name is one person.
    key  TEXT NOT NULL UNIQUE
);

CREATE TABLE attendance (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people (id),
    role       TEXT    NOT NULL
        CHECK (role IN ('attendee', 'guest', 'absent', 'secretary', 'chair', 'adjuster')),
    grp        TEXT,
    party      TEXT,
    initials   TEXT,
    note       TEXT,
    PRIMARY KEY (meeting_id, person_id, role)
);
CREATE INDEX attendance_by_person ON attendance (person_id);

CREATE TABLE items (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    number     TEXT,
    title      TEXT    NOT NULL,
    section    TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    line_start INTEGER NOT NULL,
    line_end   INTEGER NOT NULL,
    UNIQUE (meeting_id, position)
);

CREATE TABLE item_presenters (
    item_id   INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (item_id, person_id)
);

CREATE TABLE decisions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id    INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    line_start INTEGER NOT NULL,
    line_end   INTEGER NOT NULL,
    UNIQUE (item_id, position)
);

CREATE TABLE actions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id          INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    text             TEXT    NOT NULL,
    due_date         TEXT,
    due_next_meeting INTEGER NOT NULL DEFAULT 0,
    line_start       INTEGER NOT NULL,
    line_end         INTEGER NOT NULL,
    UNIQUE (item_id, position)
);

CREATE TABLE action_owners (
    action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (action_id, person_id)
);
CREATE INDEX action_owners_by_person ON action_owners (person_id);

-- Every change made to a document's words after reading it: OCR repairs
-- now, corrections by people later. The original stays in `documents`.
CREATE TABLE corrections (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    origin      TEXT    NOT NULL CHECK (origin IN ('ocr-repair', 'manual')),
    line        INTEGER,
    original    TEXT    NOT NULL,
    replacement TEXT    NOT NULL,
    confidence  REAL,
    author      TEXT,
    created_at  TEXT    NOT NULL
);
CREATE INDEX corrections_by_document ON corrections (document_id);
