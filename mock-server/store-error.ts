// What can go wrong with the mock's database file that is not a bug in credkit: the file is damaged
// or someone else's, the disk is full, another process has it, its folder is missing. One error
// class with a stable code, the file it is about, and what to do; the SQLite error is its `cause`.
// sqlite.ts turns driver errors into it on every statement, so a full disk in the middle of a
// request says so instead of passing for an internal error.
import { resolve } from 'node:path';

/** Stable codes of {@link StoreError}. */
export type StoreErrorCode =
  /** Damaged, truncated, or not a SQLite file at all. */
  | 'db_corrupt'
  /** A SQLite database of something else: credkit will not write into it. */
  | 'db_foreign'
  /** The disk (or the file's size limit) is full: the change was not saved. */
  | 'db_full'
  /** Another process (or another store in this one) has the file open. */
  | 'db_locked'
  /** The folder of the file does not exist (only a missing `.credkit/` folder is created). */
  | 'db_dir_missing'
  /** The file or its folder cannot be opened or written (permissions, read-only disk, a folder in its place). */
  | 'db_unwritable'
  /** The operating system failed to read or write the file. */
  | 'db_io';

/**
 * The database file cannot be used, and why. `message` names the file; `hint` says what to do.
 * @example
 * try { openStore({ path }) } catch (err) { if (err instanceof StoreError) console.error(`${err.message}\nhint: ${err.hint}`) }
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    /** The database file, as an absolute path. */
    readonly path: string,
    message: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** SQLite's primary result codes that concern the file, by number (node:sqlite reports `errcode`). */
const PRIMARY_CODES: Readonly<Record<number, string>> = {
  3: 'SQLITE_PERM',
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  8: 'SQLITE_READONLY',
  10: 'SQLITE_IOERR',
  11: 'SQLITE_CORRUPT',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  26: 'SQLITE_NOTADB',
};

/**
 * The primary SQLite code of a driver error ('SQLITE_FULL', …), or undefined. better-sqlite3 sets
 * `code` (extended codes too: 'SQLITE_IOERR_WRITE'); node:sqlite sets the number in `errcode`.
 * @example sqliteCodeOf(err) // 'SQLITE_CORRUPT'
 */
export function sqliteCodeOf(err: unknown): string | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; errcode?: unknown };
  if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) return /^SQLITE_[A-Z]+/.exec(e.code)?.[0];
  if (typeof e.errcode === 'number') return PRIMARY_CODES[e.errcode & 0xff];
  return undefined;
}

/**
 * The StoreError for a driver error on `path`, or undefined when the error is not about the file
 * (a constraint, a bug in a query): those stay as they are.
 * @example throw storeErrorFrom(err, '.credkit/mock.sqlite') ?? err;
 */
export function storeErrorFrom(err: unknown, path: string): StoreError | undefined {
  if (err instanceof StoreError) return err;
  const code = sqliteCodeOf(err);
  if (code === undefined) return undefined;
  const file = resolve(path);
  const said = (err as Error).message;
  const fresh = `move it aside (mv "${file}" "${file}.broken") and start again for a fresh database, or use another --db (":memory:" keeps nothing)`;
  switch (code) {
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return new StoreError('db_corrupt', file, `${file} is not a usable credkit database: SQLite says "${said}" (the file is damaged, truncated, or not a SQLite database)`, fresh, { cause: err });
    case 'SQLITE_FULL':
      return new StoreError('db_full', file, `the disk holding ${file} is full: SQLite could not write ("${said}"), so the change was not saved`, 'free some disk space and try again, or start the mock with a --db on another disk (or --db :memory:)', { cause: err });
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new StoreError('db_locked', file, `${file} is in use by another process`, 'stop the other process, or give this one its own database: --db <another file> (or --db :memory:)', { cause: err });
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_CANTOPEN':
      return new StoreError('db_unwritable', file, `${file} cannot be opened for writing: SQLite says "${said}"`, 'check that the file and its folder are writable by you (and that the path is not a folder), or use another --db', { cause: err });
    case 'SQLITE_IOERR':
      return new StoreError('db_io', file, `reading or writing ${file} failed: SQLite says "${said}"`, `check the disk; if it keeps failing, ${fresh}`, { cause: err });
    default:
      return undefined;
  }
}
