// One process per database file. Two `credkit mock` on the same --db would both run the delivery
// engine on the same outbox and send every event twice (issue 15, item 6).
//
// The lock is SQLite's own: the connection runs in `locking_mode = EXCLUSIVE` and takes the write
// lock at open, so it holds an operating-system lock on the file for as long as it is open. The OS
// drops that lock when the process ends, however it ends (kill -9 included), so there is no stale
// lock to detect and no pid to trust. A process that finds the file locked fails at once (busy
// timeout 0) with a StoreError `db_locked`.
//
// Who holds it is written next to the file (`<db>-owner`, JSON: pid, host, start time; never the
// command line, which may carry a secret), so the refusal can name the other process. That record
// is only a label: the lock decides, and a record left behind by a killed process is overwritten.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { SqlDatabase } from './sqlite.js';
import { StoreError, storeErrorFrom } from './store-error.js';

/** What the owner record says. */
interface OwnerRecord {
  pid: number;
  host: string;
  startedAt: string;
}

/** The owner record's file, beside the database (like SQLite's own `-wal`). */
export const ownerFileOf = (dbPath: string): string => `${dbPath}-owner`;

/**
 * Takes the exclusive lock on an open file database, or throws StoreError `db_locked` naming the
 * holder. Call it before anything else reads the file.
 * @example const db = openSqlite(path); lockDatabase(db, path); … releaseDatabase(path); db.close();
 */
export function lockDatabase(db: SqlDatabase, path: string): void {
  try {
    db.exec('PRAGMA busy_timeout = 0');
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    // WAL in exclusive mode keeps its index in heap memory (no -shm file) and holds the lock from the first write.
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch (err) {
    const e = storeErrorFrom(err, path);
    if (e?.code === 'db_locked') throw lockedError(e);
    throw e ?? err;
  }
  const record: OwnerRecord = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  try {
    writeFileSync(ownerFileOf(path), `${JSON.stringify(record)}\n`);
  } catch {
    // A label only: a folder we can write the database in but not this file still works.
  }
}

/** Removes this process's owner record (call it before closing the database, while the lock is held). */
export function releaseDatabase(path: string): void {
  if (readOwner(path)?.pid === process.pid) rmSync(ownerFileOf(path), { force: true });
}

function readOwner(path: string): OwnerRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(ownerFileOf(path), 'utf8')) as Partial<OwnerRecord>;
    return typeof r.pid === 'number' && typeof r.host === 'string' && typeof r.startedAt === 'string' ? (r as OwnerRecord) : undefined;
  } catch {
    return undefined;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function lockedError(e: StoreError): StoreError {
  const owner = readOwner(e.path);
  const here = owner?.host === hostname();
  let who = 'another process';
  let hint = e.hint;
  if (owner && here && owner.pid === process.pid) {
    who = `this process (pid ${owner.pid}): a platform opened on it since ${owner.startedAt} is still running`;
    hint = 'stop the other platform first (await platform.stop()), or give each one its own db';
  } else if (owner && (!here || alive(owner.pid))) {
    who = `another process: pid ${owner.pid}${here ? '' : ` on ${owner.host}`}, running since ${owner.startedAt} (probably another credkit mock)`;
    hint = `stop it${here ? ` (kill ${owner.pid})` : ''}, or give this one its own database: --db <another file> (or --db :memory:)`;
  }
  return new StoreError('db_locked', e.path, `${e.path} is in use by ${who}; two mocks on one database would both deliver every event`, hint, { cause: e.cause });
}
