/**
 * The review store: change detections (items) and the reviewers' decisions, in SQLite.
 *
 * Decisions are append-only; an item's current state is its latest decision. A decision names the
 * version it was taken on (optimistic concurrency): when someone else decided in between, it is
 * refused with the current state (a conflict), never silently overwritten. Every write is one
 * transaction in WAL mode, so a server killed mid-write loses nothing it acknowledged and leaves
 * nothing half-written. Items, decisions and their vocabulary are the API's: format/review-api.ts.
 */
import Database from 'better-sqlite3';
import type {
  ClassPrecision,
  DecisionInput,
  DecisionRecord,
  NewItem,
  QueueSort,
  ReviewItem,
  ReviewStatus,
} from '../../format/review-api';
import { MIGRATIONS } from './migrations';

export type DecideResult =
  | { kind: 'ok'; item: ReviewItem }
  | { kind: 'not-found' }
  | { kind: 'conflict'; item: ReviewItem };

/** Filters and order of the queue. */
export interface ListQuery {
  bbox?: [number, number, number, number] | undefined;
  classes?: readonly string[] | undefined;
  minConfidence?: number | undefined;
  statuses?: readonly (ReviewStatus | 'pending')[] | undefined;
  /** 'priority' (confidence x area, default), 'confidence', 'area', 'date'. */
  sort?: QueueSort | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

interface StateRow {
  id: string;
  layer: string;
  class_code: string;
  class_label: string;
  confidence: number;
  area_ha: number;
  date_before: string | null;
  date_after: string | null;
  model_version: string | null;
  millesime: number | null;
  west: number;
  south: number;
  east: number;
  north: number;
  geometry: string;
  properties: string;
  version: number | null;
  status: ReviewStatus | null;
  class_new: string | null;
  cs_new: string | null;
  us_new: string | null;
  comment: string | null;
  reviewer: string | null;
  decided_at: string | null;
}

function toItem(r: StateRow): ReviewItem {
  return {
    id: r.id,
    layer: r.layer,
    classCode: r.class_code,
    classLabel: r.class_label,
    confidence: r.confidence,
    areaHa: r.area_ha,
    dateBefore: r.date_before,
    dateAfter: r.date_after,
    modelVersion: r.model_version,
    millesime: r.millesime,
    bbox: [r.west, r.south, r.east, r.north],
    geometry: JSON.parse(r.geometry) as unknown,
    properties: JSON.parse(r.properties) as Record<string, unknown>,
    status: r.status ?? 'pending',
    version: r.version ?? 0,
    classNew: r.class_new,
    csNew: r.cs_new,
    usNew: r.us_new,
    comment: r.comment,
    reviewer: r.reviewer,
    decidedAt: r.decided_at,
  };
}

const SORTS: Record<NonNullable<ListQuery['sort']>, string> = {
  priority: 'confidence * area_ha DESC, id',
  confidence: 'confidence DESC, id',
  area: 'area_ha DESC, id',
  date: 'date_after DESC, id',
};

/** Options of {@link ReviewStore.open}. */
export interface ReviewStoreOptions {
  /** 'normal' (default: survives a killed process; WAL) or 'full' (also survives power loss). */
  synchronous?: 'normal' | 'full';
  /** Clock, for tests. */
  now?: () => Date;
}

export class ReviewStore {
  private constructor(
    readonly db: Database.Database,
    private readonly now: () => Date,
  ) {}

  /** Opens (creating if needed) the database file and applies pending migrations. */
  static open(path: string, options: ReviewStoreOptions = {}): ReviewStore {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const store = new ReviewStore(db, options.now ?? (() => new Date()));
    store.migrate();
    return store;
  }

  /** Schema version after migrations. */
  get schemaVersion(): number {
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
      v: number | null;
    };
    return row.v ?? 0;
  }

  private migrate(): void {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
        (r) => r.version,
      ),
    );
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db
          .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(m.version, m.name, this.now().toISOString());
      })();
    }
  }

  /** Adds items not yet known (same id: left as it is, decisions kept). Returns how many were new. */
  importItems(items: readonly NewItem[]): number {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO items (id, layer, class_code, class_label, confidence, area_ha, date_before,
         date_after, model_version, millesime, west, south, east, north, geometry, properties)
       VALUES (@id, @layer, @classCode, @classLabel, @confidence, @areaHa, @dateBefore, @dateAfter,
         @modelVersion, @millesime, @west, @south, @east, @north, @geometry, @properties)`,
    );
    return this.db.transaction(() => {
      let added = 0;
      for (const it of items) {
        const [west, south, east, north] = it.bbox;
        added += insert.run({
          ...it,
          west,
          south,
          east,
          north,
          geometry: JSON.stringify(it.geometry),
          properties: JSON.stringify(it.properties),
        }).changes;
      }
      return added;
    })();
  }

  /** The queue: items with their state, filtered and sorted; `total` before paging. */
  list(q: ListQuery = {}): { total: number; items: ReviewItem[] } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (q.bbox) {
      where.push('east >= @w AND west <= @e AND north >= @s AND south <= @n');
      [params.w, params.s, params.e, params.n] = q.bbox;
    }
    if (q.classes && q.classes.length > 0) {
      where.push(`class_code IN (${q.classes.map((_, k) => `@c${k}`).join(', ')})`);
      q.classes.forEach((c, k) => {
        params[`c${k}`] = c;
      });
    }
    if (q.minConfidence !== undefined) {
      where.push('confidence >= @minConfidence');
      params.minConfidence = q.minConfidence;
    }
    if (q.statuses && q.statuses.length > 0) {
      where.push(`COALESCE(status, 'pending') IN (${q.statuses.map((_, k) => `@st${k}`).join(', ')})`);
      q.statuses.forEach((s, k) => {
        params[`st${k}`] = s;
      });
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM item_state ${clause}`).get(params) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT * FROM item_state ${clause} ORDER BY ${SORTS[q.sort ?? 'priority']} LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: q.limit ?? 50, offset: q.offset ?? 0 }) as StateRow[];
    return { total, items: rows.map(toItem) };
  }

  get(id: string): ReviewItem | null {
    const row = this.db.prepare('SELECT * FROM item_state WHERE id = ?').get(id) as StateRow | undefined;
    return row ? toItem(row) : null;
  }

  /** An item's decisions, oldest first. */
  history(id: string): DecisionRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM decisions WHERE item_id = ? ORDER BY version')
      .all(id) as (Omit<StateRow, 'decided_at'> & {
      at: string;
      previous: string;
      version: number;
      status: ReviewStatus;
      reviewer: string;
    })[];
    return rows.map((r) => ({
      version: r.version,
      reviewer: r.reviewer,
      at: r.at,
      status: r.status,
      classNew: r.class_new,
      csNew: r.cs_new,
      usNew: r.us_new,
      comment: r.comment,
      previous: JSON.parse(r.previous) as DecisionRecord['previous'],
    }));
  }

  /**
   * Records a decision taken on `expectedVersion`. One IMMEDIATE transaction: the version check
   * and the insert cannot interleave with another writer.
   */
  decide(id: string, reviewer: string, d: DecisionInput): DecideResult {
    return this.db
      .transaction((): DecideResult => {
        const current = this.get(id);
        if (!current) return { kind: 'not-found' };
        if (current.version !== d.expectedVersion) return { kind: 'conflict', item: current };
        const previous = {
          status: current.status,
          classNew: current.classNew,
          csNew: current.csNew,
          usNew: current.usNew,
          comment: current.comment,
        };
        const row = {
          id,
          version: current.version + 1,
          reviewer,
          at: this.now().toISOString(),
          status: d.status,
          classNew: d.status === 'reclassified' ? (d.classNew ?? null) : null,
          csNew: d.csNew ?? null,
          usNew: d.usNew ?? null,
          comment: d.comment ?? null,
          previous: JSON.stringify(previous),
        };
        this.db
          .prepare(
            `INSERT INTO decisions (item_id, version, reviewer, at, status, class_new, cs_new, us_new, comment, previous)
             VALUES (@id, @version, @reviewer, @at, @status, @classNew, @csNew, @usNew, @comment, @previous)`,
          )
          .run(row);
        this.db
          .prepare(
            `INSERT INTO item_current (item_id, version, status, class_new, cs_new, us_new, comment, reviewer, decided_at)
             VALUES (@id, @version, @status, @classNew, @csNew, @usNew, @comment, @reviewer, @at)
             ON CONFLICT (item_id) DO UPDATE SET version = excluded.version, status = excluded.status,
               class_new = excluded.class_new, cs_new = excluded.cs_new, us_new = excluded.us_new,
               comment = excluded.comment, reviewer = excluded.reviewer, decided_at = excluded.decided_at`,
          )
          .run(row);
        return { kind: 'ok', item: this.get(id) as ReviewItem };
      })
      .immediate();
  }

  /** Per original class, the share of decided detections that were right. */
  precision(): ClassPrecision[] {
    const rows = this.db
      .prepare(
        `SELECT class_code, class_label, COUNT(*) AS total,
           SUM(status = 'accepted') AS accepted, SUM(status = 'rejected') AS rejected,
           SUM(status = 'reclassified') AS reclassified, SUM(status IS NULL) AS pending
         FROM item_state GROUP BY class_code, class_label ORDER BY class_code`,
      )
      .all() as {
      class_code: string;
      class_label: string;
      total: number;
      accepted: number | null;
      rejected: number | null;
      reclassified: number | null;
      pending: number | null;
    }[];
    return rows.map((r) => {
      const accepted = r.accepted ?? 0;
      const decided = accepted + (r.rejected ?? 0) + (r.reclassified ?? 0);
      return {
        classCode: r.class_code,
        classLabel: r.class_label,
        total: r.total,
        accepted,
        rejected: r.rejected ?? 0,
        reclassified: r.reclassified ?? 0,
        pending: r.pending ?? 0,
        precision: decided > 0 ? accepted / decided : null,
      };
    });
  }

  /** Every decided item with its latest decision (for the exports). */
  decided(): ReviewItem[] {
    const rows = this.db
      .prepare('SELECT * FROM item_state WHERE status IS NOT NULL ORDER BY id')
      .all() as StateRow[];
    return rows.map(toItem);
  }

  /** SQLite's own consistency check ("ok" when sound). */
  integrityCheck(): string {
    return (this.db.pragma('integrity_check', { simple: true }) as string) ?? '';
  }

  close(): void {
    this.db.close();
  }
}
