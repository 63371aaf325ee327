// The mock platform's durable state: one SQLite file (WAL, locked to one process) with versioned migrations.
// Domain objects share one table (kind + JSON document + the few columns lists filter on), so a new
// object kind needs no migration; the event log, timers and idempotency records have their own.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { openSqlite, type SqlDatabase, type SqlStatement } from './sqlite.js';
import { StoreError } from './store-error.js';
import { lockDatabase, releaseDatabase } from './store-lock.js';

/** One schema step; applied once, in order, recorded by id in the `migrations` table. */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}

/** The core's migrations. Plugins (the delivery engine) bring their own with distinct ids. */
export const coreMigrations: readonly Migration[] = [
  {
    id: 'core-001-initial',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE objects (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        parent_id TEXT,
        status TEXT NOT NULL,
        email TEXT,
        created_ms INTEGER NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX objects_kind_seq ON objects (kind, seq);
      CREATE INDEX objects_parent_seq ON objects (parent_id, seq);
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        object_id TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX events_type_seq ON events (type, seq);
      CREATE INDEX events_created ON events (created_ms, seq);
      CREATE TABLE timers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        due_ms INTEGER NOT NULL,
        action TEXT NOT NULL,
        object_id TEXT NOT NULL,
        payload TEXT
      );
      CREATE INDEX timers_due ON timers (due_ms, id);
      CREATE TABLE idempotency (
        key TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        status INTEGER NOT NULL,
        headers TEXT NOT NULL,
        body TEXT,
        created_ms INTEGER NOT NULL
      );
    `,
  },
];

/** Object kinds stored in the `objects` table (the `object` field of API objects). */
export type ObjectKind = 'credential' | 'bulk_issuance' | 'case' | 'check' | 'business';

/** What every stored API object has. */
export interface StoredObject {
  object: string;
  id: string;
  status: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
  [key: string]: unknown;
}

/** Filters of {@link Store.list}. */
export interface ListQuery {
  status?: string | undefined;
  email?: string | undefined;
  parentId?: string | undefined;
  createdAfterMs?: number | undefined;
  /** Exclusive: items with seq > afterSeq. */
  afterSeq?: number | undefined;
  limit: number;
  /** 'asc' = oldest first (default); 'desc' = newest first, the cursor then means seq < afterSeq. */
  order?: 'asc' | 'desc';
}

/** A page: `nextSeq` is the last item's seq when more follow, else null. */
export interface Page<T> {
  items: T[];
  nextSeq: number | null;
}

/** Options of {@link openStore}. */
export interface StoreOptions {
  /** File path, or ':memory:' (default). A file is locked: one process at a time (see store-lock.ts). */
  path?: string;
  migrations?: readonly Migration[];
  /**
   * Create the file's folder when it is missing. Default: only when that folder is named `.credkit`
   * and its parent exists (the CLI's default `.credkit/mock.sqlite`); any other missing folder is a
   * StoreError `db_dir_missing`, so a typo in a path never makes folders. `true` creates the whole path.
   */
  createDir?: boolean;
}

/** The folder credkit creates for its default database, with a .gitignore so its state stays out of git. */
const CREDKIT_DIR = '.credkit';

/** Makes sure the file's folder exists, creating only what `createDir` allows. */
function ensureFolder(path: string, createDir: boolean | undefined): void {
  const dir = dirname(resolve(path));
  if (existsSync(dir)) return;
  const isCredkitDir = basename(dir) === CREDKIT_DIR && existsSync(dirname(dir));
  if (!(createDir ?? isCredkitDir)) {
    throw new StoreError(
      'db_dir_missing',
      resolve(path),
      `the folder ${dir} of the database ${resolve(path)} does not exist`,
      `create it first (mkdir -p "${dir}") or pick a file in an existing folder; only a missing ${CREDKIT_DIR}/ folder is created for you`,
    );
  }
  mkdirSync(dir, { recursive: true });
  if (basename(dir) === CREDKIT_DIR) writeFileSync(`${dir}/.gitignore`, '# Created by credkit: the mock platform\'s local state, not source.\n*\n');
}

/** Refuses a SQLite file that holds another application's tables (credkit would migrate into it). */
function refuseForeign(db: SqlDatabase, path: string, firstMigration: string | undefined): void {
  if (firstMigration === undefined) return;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  if (tables.every((t) => t === 'migrations')) return; // new, or a first open that stopped before its first migration
  let ours = false;
  try {
    ours = tables.includes('migrations') && db.prepare('SELECT 1 AS one FROM migrations WHERE id = ?').get(firstMigration) !== undefined;
  } catch {
    ours = false; // a `migrations` table of another shape
  }
  if (ours) return;
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, … (${tables.length} tables)` : '');
  throw new StoreError(
    'db_foreign',
    resolve(path),
    `${resolve(path)} is a SQLite database of something else (tables: ${shown}; no credkit migrations), so credkit will not write into it`,
    'give the mock a file of its own, e.g. --db .credkit/mock.sqlite (or --db :memory:)',
  );
}

/** Typed access to the objects table and meta; raw SQL via `db`. */
export interface Store {
  readonly db: SqlDatabase;
  readonly path: string;
  /** Runs `fn` in one IMMEDIATE transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T;
  get<T extends StoredObject = StoredObject>(id: string, kind?: ObjectKind): T | undefined;
  insert(kind: ObjectKind, doc: StoredObject, extra?: { parentId?: string; email?: string; createdMs?: number }): void;
  update(doc: StoredObject): void;
  list<T extends StoredObject = StoredObject>(kind: ObjectKind, query: ListQuery): Page<T>;
  count(kind: ObjectKind): number;
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  /** Applies migrations not yet applied (plugins call this with theirs). */
  migrate(migrations: readonly Migration[]): void;
  close(): void;
}

/**
 * Opens (and migrates) the store.
 * @example const store = openStore({ path: '.credkit/mock.sqlite' });
 */
export function openStore({ path = ':memory:', migrations = coreMigrations, createDir }: StoreOptions = {}): Store {
  const isFile = path !== ':memory:';
  if (isFile) ensureFolder(path, createDir);
  const db = openSqlite(path);
  let locked = false;
  try {
    if (isFile) {
      lockDatabase(db, path);
      locked = true;
      refuseForeign(db, path, migrations[0]?.id);
    }
    return storeOn(db, path, migrations, isFile);
  } catch (err) {
    if (locked) releaseDatabase(path);
    db.close();
    throw err;
  }
}

function storeOn(db: SqlDatabase, path: string, migrations: readonly Migration[], isFile: boolean): Store {
  // A committed transaction is in the OS page cache before the answer goes out, so kill -9 of the mock
  // loses nothing; skipping fsync (synchronous = OFF) only risks the tail on an OS crash or power
  // loss, which a local mock can afford, and it halves the cost of every write (measured: POST
  // 233 µs → 128 µs in-process).
  db.exec('PRAGMA synchronous = OFF');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');

  const migrate = (list: readonly Migration[]) => {
    const applied = new Set((db.prepare('SELECT id FROM migrations').all() as { id: string }[]).map((r) => r.id));
    const record = db.prepare('INSERT INTO migrations (id, applied_at) VALUES (?, ?)');
    for (const m of list) {
      if (applied.has(m.id)) continue;
      db.transaction(() => {
        db.exec(m.sql);
        record.run(m.id, new Date().toISOString());
      });
    }
  };
  migrate(migrations);

  const getStmt = db.prepare('SELECT doc FROM objects WHERE id = ?');
  const getKindStmt = db.prepare('SELECT doc FROM objects WHERE id = ? AND kind = ?');
  const insertStmt = db.prepare(
    'INSERT INTO objects (id, kind, parent_id, status, email, created_ms, doc) VALUES (@id, @kind, @parentId, @status, @email, @createdMs, @doc)',
  );
  const updateStmt = db.prepare('UPDATE objects SET status = ?, doc = ? WHERE id = ?');
  const countStmt = db.prepare('SELECT count(*) AS n FROM objects WHERE kind = ?');
  const getMetaStmt = db.prepare('SELECT value FROM meta WHERE key = ?');
  const setMetaStmt = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const listCache = new Map<string, SqlStatement>();

  const store: Store = {
    db,
    path,
    transaction(fn) {
      // Inside any open transaction (ours or a plugin's raw db.transaction) we join it: one commit, one rollback.
      return db.transaction(fn);
    },
    get<T extends StoredObject>(id: string, kind?: ObjectKind) {
      const row = (kind ? getKindStmt.get(id, kind) : getStmt.get(id)) as { doc: string } | undefined;
      return row ? (JSON.parse(row.doc) as T) : undefined;
    },
    insert(kind, doc, extra = {}) {
      insertStmt.run({
        id: doc.id,
        kind,
        parentId: extra.parentId ?? null,
        status: doc.status,
        email: extra.email ?? null,
        createdMs: extra.createdMs ?? Date.parse(doc.createdAt),
        doc: JSON.stringify(doc),
      });
    },
    update(doc) {
      updateStmt.run(doc.status, JSON.stringify(doc), doc.id);
    },
    list<T extends StoredObject>(kind: ObjectKind, q: ListQuery): Page<T> {
      const where = ['kind = @kind'];
      if (q.status !== undefined) where.push('status = @status');
      if (q.email !== undefined) where.push('email = @email COLLATE NOCASE');
      if (q.parentId !== undefined) where.push('parent_id = @parentId');
      if (q.createdAfterMs !== undefined) where.push('created_ms > @createdAfterMs');
      const desc = q.order === 'desc';
      if (q.afterSeq !== undefined) where.push(desc ? 'seq < @afterSeq' : 'seq > @afterSeq');
      const sql = `SELECT seq, doc FROM objects WHERE ${where.join(' AND ')} ORDER BY seq ${desc ? 'DESC' : 'ASC'} LIMIT @take`;
      let stmt = listCache.get(sql);
      if (!stmt) listCache.set(sql, (stmt = db.prepare(sql)));
      const rows = stmt.all({ status: q.status, email: q.email, parentId: q.parentId, createdAfterMs: q.createdAfterMs, afterSeq: q.afterSeq, kind, take: q.limit + 1 }) as { seq: number; doc: string }[];
      const more = rows.length > q.limit;
      const page = more ? rows.slice(0, q.limit) : rows;
      return { items: page.map((r) => JSON.parse(r.doc) as T), nextSeq: more ? page[page.length - 1]!.seq : null };
    },
    count: (kind) => (countStmt.get(kind) as { n: number }).n,
    getMeta: (key) => (getMetaStmt.get(key) as { value: string } | undefined)?.value,
    setMeta: (key, value) => void setMetaStmt.run(key, value),
    migrate,
    close() {
      if (!db.open) return;
      if (isFile) releaseDatabase(path);
      db.close();
    },
  };
  return store;
}
