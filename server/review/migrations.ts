/**
 * The review database's schema, as numbered migrations applied in order, each in its own
 * transaction and recorded in `schema_migrations`. Never edit a released migration: add one.
 */

/** One schema step. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'items and append-only decisions',
    sql: `
      CREATE TABLE items (
        id            TEXT PRIMARY KEY,
        layer         TEXT NOT NULL,
        class_code    TEXT NOT NULL,
        class_label   TEXT NOT NULL,
        confidence    REAL NOT NULL,
        area_ha       REAL NOT NULL,
        date_before   TEXT,
        date_after    TEXT,
        model_version TEXT,
        millesime     INTEGER,
        west REAL NOT NULL, south REAL NOT NULL, east REAL NOT NULL, north REAL NOT NULL,
        geometry      TEXT NOT NULL,
        properties    TEXT NOT NULL
      );
      CREATE INDEX items_bbox ON items (west, east, south, north);

      -- Every decision ever taken, never updated nor deleted: the current state of an item is its
      -- decision of highest version. UNIQUE (item_id, version) makes a lost update impossible.
      CREATE TABLE decisions (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        item_id    TEXT NOT NULL REFERENCES items (id),
        version    INTEGER NOT NULL,
        reviewer   TEXT NOT NULL,
        at         TEXT NOT NULL,
        status     TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'reclassified')),
        class_new  TEXT,
        cs_new     TEXT,
        us_new     TEXT,
        comment    TEXT,
        previous   TEXT NOT NULL,
        UNIQUE (item_id, version)
      );
      CREATE TRIGGER decisions_append_only_update BEFORE UPDATE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
      CREATE TRIGGER decisions_append_only_delete BEFORE DELETE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;

      -- The current state of each item: its latest decision, written in the same transaction as
      -- the decision (so it never disagrees with the history; rebuildable from it).
      CREATE TABLE item_current (
        item_id    TEXT PRIMARY KEY REFERENCES items (id),
        version    INTEGER NOT NULL,
        status     TEXT NOT NULL,
        class_new  TEXT,
        cs_new     TEXT,
        us_new     TEXT,
        comment    TEXT,
        reviewer   TEXT NOT NULL,
        decided_at TEXT NOT NULL
      );
      CREATE INDEX items_priority ON items ((confidence * area_ha) DESC, id);
      CREATE INDEX item_current_status ON item_current (status);

      CREATE VIEW item_state AS
        SELECT i.*, c.version AS version, c.status AS status, c.class_new, c.cs_new, c.us_new,
               c.comment, c.reviewer, c.decided_at
        FROM items i LEFT JOIN item_current c ON c.item_id = i.id;
    `,
  },
];
