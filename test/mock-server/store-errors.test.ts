// The mock's database file when something is wrong with it (issue 15, items 6, 13 and 18): each case
// is one broken thing, and the answer names the file and says what to do. Real SQLite files in a
// temporary folder, through whichever driver this Node uses (node:sqlite or better-sqlite3).
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockPlatform, openStore, StoreError, type MockPlatform } from '../../mock-server/index.js';
import { openSqlite } from '../../mock-server/sqlite.js';
import { API_KEY, FROZEN_NOW, manualTimers, validCredential } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'credkit-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `fn` and returns the StoreError it throws (fails the test when it throws anything else). */
function storeErrorOf(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error('expected a StoreError, nothing was thrown');
}

describe('the folder of --db (item 18)', () => {
  it('does not create a missing folder that is not .credkit/: db_dir_missing, and nothing is made', () => {
    const path = join(dir, 'nonexistent', 'dir', 'x.sqlite');
    const err = storeErrorOf(() => openStore({ path }));
    expect(err.code).toBe('db_dir_missing');
    expect(err.message).toContain(join(dir, 'nonexistent', 'dir'));
    expect(err.hint).toMatch(/mkdir -p/);
    expect(existsSync(join(dir, 'nonexistent'))).toBe(false);
  });

  it('creates the default .credkit/ folder, with a .gitignore that keeps its state out of git', () => {
    const store = openStore({ path: join(dir, '.credkit', 'mock.sqlite') });
    store.close();
    expect(readFileSync(join(dir, '.credkit', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });
});

describe('one process per database (item 6)', () => {
  it('refuses a second store on a file that is open, naming the holder, and opens once it is closed', () => {
    const path = join(dir, 'mock.sqlite');
    const first = openStore({ path });
    const err = storeErrorOf(() => openStore({ path }));
    expect(err.code).toBe('db_locked');
    expect(err.message).toContain(path);
    expect(err.message).toContain(`pid ${process.pid}`);
    expect(err.message).toMatch(/would both deliver every event/);
    first.close();
    const again = openStore({ path });
    again.close();
  });
});

describe('a file that is not a credkit database (item 13)', () => {
  it('garbage: db_corrupt naming the file, with the command that moves it aside', () => {
    const path = join(dir, 'mock.sqlite');
    writeFileSync(path, 'this is not a database, just text that happens to be long enough to matter'.repeat(100));
    const err = storeErrorOf(() => openStore({ path }));
    expect(err.code).toBe('db_corrupt');
    expect(err.message).toContain(path);
    expect(err.hint).toContain(`mv "${path}" "${path}.broken"`);
  });

  it('truncated: a real credkit database cut in half is db_corrupt, not a bare SQLite message', () => {
    const path = join(dir, 'mock.sqlite');
    const platform = createMockPlatform({ db: path, now: () => FROZEN_NOW, timers: manualTimers });
    for (let i = 0; i < 50; i++) platform.handle({ method: 'POST', path: '/v1/credentials', query: '', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(validCredential()) });
    platform.store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    platform.store.close();
    const size = readFileSync(path).length;
    expect(size).toBeGreaterThan(8192);
    truncateSync(path, Math.floor(size / 2));
    let err: unknown;
    try {
      const store = openStore({ path });
      // A cut file may open; reading the cut-off pages is where SQLite notices.
      store.db.prepare('SELECT count(*) AS n FROM objects').all();
      store.db.prepare('PRAGMA integrity_check').all();
      store.close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('db_corrupt');
    expect((err as StoreError).message).toContain(path);
  });

  it("another application's SQLite file: db_foreign, and credkit writes nothing into it", () => {
    const path = join(dir, 'app.sqlite');
    const other = openSqlite(path);
    other.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)');
    other.close();
    const err = storeErrorOf(() => openStore({ path }));
    expect(err.code).toBe('db_foreign');
    expect(err.message).toMatch(/tables: users/);
    const after = openSqlite(path);
    const tables = after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    after.close();
    expect(tables.map((t) => t.name)).toEqual(['users']);
  });
});

describe('a full disk while serving (item 13)', () => {
  let platform: MockPlatform;
  const errors: string[] = [];
  beforeEach(async () => {
    errors.length = 0;
    platform = createMockPlatform({ db: join(dir, 'mock.sqlite'), now: () => FROZEN_NOW, timers: manualTimers, logger: { info() {}, warn() {}, error: (line) => errors.push(line) } });
    await platform.start();
  });
  afterEach(() => platform.stop());

  it('answers 503 storage-error that says nothing was saved, names the file and what to do; no stack, no "bug in credkit"', () => {
    const post = () =>
      platform.handle({ method: 'POST', path: '/v1/credentials', query: '', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(validCredential()) });
    expect(post().status).toBe(201);
    // SQLite's own size cap makes every further write fail with SQLITE_FULL, as a full disk does.
    const pages = (platform.store.db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    platform.store.db.exec(`PRAGMA max_page_count = ${pages}`);
    let res = post();
    for (let i = 0; i < 200 && res.status === 201; i++) res = post();
    expect(res.status).toBe(503);
    const body = JSON.parse(res.body as string);
    expect(body.type).toBe('https://credkit.dev/problems/storage-error');
    expect(body.detail).toMatch(/^Nothing was saved: the disk holding .*mock\.sqlite is full/);
    expect(body.detail).toMatch(/free some disk space/i);
    expect(body.detail).not.toMatch(/bug in credkit/);
    expect(errors.at(-1)).toMatch(/POST \/v1\/credentials was not saved: the disk holding/);
    expect(errors.join('\n')).not.toMatch(/\n\s+at /);
  });
});
