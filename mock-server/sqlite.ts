// The one door to SQLite. Node ≥ 22.13 ships `node:sqlite`, so there credkit needs no native module;
// Node 20 has none, so there the optional dependency better-sqlite3 is loaded instead. Everything
// else in the mock talks to the small interface below, never to a driver, so the public types name
// no driver package and an install that never runs the mock never needs one. Errors about the file
// itself (a full disk, a damaged file, a lock) come out of every call as a StoreError naming it.
import { createRequire } from 'node:module';
import { storeErrorFrom } from './store-error.js';

/** A value SQLite stores. */
export type SqlValue = string | number | bigint | null | Uint8Array;

/** What one `run` changed. */
export interface SqlRunResult {
  changes: number;
  lastInsertRowid: number;
}

/** A prepared statement. Parameters are positional values, or one object for `@name` placeholders. */
export interface SqlStatement {
  run(...params: unknown[]): SqlRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** The driver-neutral database handle of the mock's store. */
export interface SqlDatabase {
  /** Which driver is underneath (printed by `credkit mock --help`'s environment section and in errors). */
  readonly driver: SqliteDriverName;
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): SqlStatement;
  exec(sql: string): void;
  /** Runs `fn` in one `BEGIN IMMEDIATE` transaction; a nested call joins the outer one. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export type SqliteDriverName = 'node:sqlite' | 'better-sqlite3';

/** Raised when no SQLite driver can be loaded; `code` says which way it failed. */
export class SqliteDriverError extends Error {
  override readonly name = 'SqliteDriverError';
  constructor(
    readonly code: 'sqlite_driver_missing' | 'sqlite_driver_unknown',
    message: string,
  ) {
    super(message);
  }
}

// ── node:sqlite ───────────────────────────────────────────────────────────────────────────────

interface NodeSqliteStatement {
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface NodeSqliteDatabase {
  prepare(sql: string): NodeSqliteStatement;
  exec(sql: string): void;
  close(): void;
}
type NodeSqliteModule = { DatabaseSync: new (path: string) => NodeSqliteDatabase };

/** The answer of the one load of `node:sqlite` (null: this Node has none); every open reuses it. */
let nodeSqlite: NodeSqliteModule | null | undefined;

/** `node:sqlite` when this Node has it unflagged (22.13+), loaded once, without its ExperimentalWarning. */
function loadNodeSqlite(): NodeSqliteModule | undefined {
  if (nodeSqlite === undefined) nodeSqlite = loadNodeSqliteOnce() ?? null;
  return nodeSqlite ?? undefined;
}

function loadNodeSqliteOnce(): NodeSqliteModule | undefined {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (typeof getBuiltin !== 'function') return undefined;
  // Node 22 and 24 warn "SQLite is an experimental feature" on load. The mock prints its own
  // Ready line and console; a stray stack-less warning there reads like a fault, so this one is muted.
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/SQLite/i.test(text)) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    const mod = getBuiltin.call(process, 'node:sqlite') as NodeSqliteModule | undefined;
    return mod && typeof mod.DatabaseSync === 'function' ? mod : undefined;
  } catch {
    return undefined; // 22.5–22.12 without --experimental-sqlite
  } finally {
    process.emitWarning = emitWarning;
  }
}

const PLACEHOLDER = /[@$:]([A-Za-z_][A-Za-z0-9_]*)/g;

function wrapNodeStatement(stmt: NodeSqliteStatement, sql: string): SqlStatement {
  // node:sqlite rejects an object key the SQL doesn't name and an `undefined` value; better-sqlite3
  // (and the store's callers) pass one options object with unused keys. Keep only the named ones.
  const names = new Set([...sql.matchAll(PLACEHOLDER)].map((m) => m[1]!));
  const bind = (params: unknown[]): unknown[] => {
    const [first] = params;
    if (params.length !== 1 || first === null || typeof first !== 'object' || first instanceof Uint8Array) return params;
    const named: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(first)) if (names.has(key)) named[key] = value === undefined ? null : value;
    return [named];
  };
  return {
    run(...params) {
      const r = stmt.run(...bind(params));
      return { changes: Number(r.changes), lastInsertRowid: Number(r.lastInsertRowid) };
    },
    get: (...params) => stmt.get(...bind(params)),
    all: (...params) => stmt.all(...bind(params)),
  };
}

function openNodeSqlite(mod: NodeSqliteModule, path: string): SqlDatabase {
  const db = new mod.DatabaseSync(path);
  return withTransactions('node:sqlite', path, {
    prepare: (sql) => wrapNodeStatement(db.prepare(sql), sql),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
  });
}

// ── better-sqlite3 (Node 20) ──────────────────────────────────────────────────────────────────

interface BetterSqliteDatabase {
  prepare(sql: string): { run(...p: unknown[]): { changes: number; lastInsertRowid: number | bigint }; get(...p: unknown[]): unknown; all(...p: unknown[]): unknown[] };
  exec(sql: string): void;
  close(): void;
}

function loadBetterSqlite(): (new (path: string) => BetterSqliteDatabase) | Error {
  try {
    return createRequire(import.meta.url)('better-sqlite3') as new (path: string) => BetterSqliteDatabase;
  } catch (err) {
    return err as Error;
  }
}

function openBetterSqlite(Database: new (path: string) => BetterSqliteDatabase, path: string): SqlDatabase {
  const db = new Database(path);
  return withTransactions('better-sqlite3', path, {
    prepare(sql) {
      const stmt = db.prepare(sql);
      return {
        run(...params) {
          const r = stmt.run(...params);
          return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
        },
        get: (...params) => stmt.get(...params),
        all: (...params) => stmt.all(...params),
      };
    },
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
  });
}

// ── shared ────────────────────────────────────────────────────────────────────────────────────

/** Errors about the file (full disk, damaged file, locked, unwritable) become a StoreError naming it; others pass as they are. */
function guarded<A extends unknown[], R>(path: string, fn: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      return fn(...args);
    } catch (err) {
      throw storeErrorFrom(err, path) ?? err;
    }
  };
}

/** One transaction discipline for both drivers: IMMEDIATE (take the write lock up front), nested calls join. */
function withTransactions(driver: SqliteDriverName, path: string, raw: Pick<SqlDatabase, 'prepare' | 'exec' | 'close'>): SqlDatabase {
  let depth = 0;
  let open = true;
  const exec = guarded(path, raw.exec);
  return {
    driver,
    get open() {
      return open;
    },
    get inTransaction() {
      return depth > 0;
    },
    prepare: guarded(path, (sql: string): SqlStatement => {
      const stmt = raw.prepare(sql);
      return { run: guarded(path, stmt.run), get: guarded(path, stmt.get), all: guarded(path, stmt.all) };
    }),
    exec,
    transaction<T>(fn: () => T): T {
      if (depth > 0) return fn();
      exec('BEGIN IMMEDIATE');
      depth = 1;
      try {
        const result = fn();
        exec('COMMIT');
        return result;
      } catch (err) {
        try {
          raw.exec('ROLLBACK');
        } catch {
          // SQLite already rolled back (e.g. SQLITE_FULL): the original error is the one to report.
        }
        throw err;
      } finally {
        depth = 0;
      }
    },
    close() {
      if (!open) return;
      open = false;
      raw.close();
    },
  };
}

/**
 * Which driver `openSqlite` will use here: `CREDKIT_SQLITE_DRIVER` (`node:sqlite` or
 * `better-sqlite3`) when set, else `node:sqlite` where Node has it, else better-sqlite3.
 */
export function sqliteDriverName(env: NodeJS.ProcessEnv = process.env): SqliteDriverName {
  const wanted = env.CREDKIT_SQLITE_DRIVER;
  if (wanted === 'node:sqlite' || wanted === 'better-sqlite3') return wanted;
  if (wanted) throw new SqliteDriverError('sqlite_driver_unknown', `CREDKIT_SQLITE_DRIVER="${wanted}" is not a driver; use node:sqlite or better-sqlite3 (or leave it unset)`);
  return loadNodeSqlite() ? 'node:sqlite' : 'better-sqlite3';
}

/**
 * Opens a SQLite database file (or ':memory:') with the driver this Node offers.
 * @example const db = openSqlite('.credkit/mock.sqlite'); db.prepare('SELECT 1 AS one').get() // { one: 1 }
 */
export function openSqlite(path: string, env: NodeJS.ProcessEnv = process.env): SqlDatabase {
  const driver = sqliteDriverName(env);
  if (driver === 'node:sqlite') {
    const mod = loadNodeSqlite();
    if (mod) return guarded(path, openNodeSqlite)(mod, path);
    throw new SqliteDriverError('sqlite_driver_missing', `node:sqlite is not available on Node ${process.versions.node}; it is built in from Node 22.13 (unset CREDKIT_SQLITE_DRIVER to use better-sqlite3)`);
  }
  const Database = loadBetterSqlite();
  if (Database instanceof Error) {
    const abi = /NODE_MODULE_VERSION/.test(Database.message) ? ' (it was built for another Node version: run `npm rebuild better-sqlite3`)' : '';
    throw new SqliteDriverError(
      'sqlite_driver_missing',
      `the mock needs SQLite: Node ${process.versions.node} has no node:sqlite and better-sqlite3 could not be loaded${abi}. ` +
        'Use Node 22.13 or later, or install the optional driver: npm i -D better-sqlite3',
    );
  }
  return guarded(path, openBetterSqlite)(Database, path);
}
