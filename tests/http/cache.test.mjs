// The page cache of anonymous public pages (src/http/page_cache.c): hits
// are served, never stale, never personal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ROLES, assertNoSanitizer, sql } from './lib.mjs';

// Tables that no page shows to visitors: no generation triggers needed.
const BOOKKEEPING = new Set(['setting', 'session', 'login_throttle', 'audit', 'cache_generation', 'api_token', 'import_batch', 'report_counter', 'rate_limit', 'outbox']);

/** Access-log lines for a path, in order, once there are `count` of them:
 * the line is written when the response has been sent, which may be just
 * after the client has read it. */
async function accessLines(s, path, count) {
  const lines = () => s.stderr().split('\n').filter((l) => l.includes(` GET ${path} `));
  for (let i = 0; i < 100 && lines().length < count; i++) await new Promise((r) => setTimeout(r, 10));
  return lines();
}

let s;
before(async () => { s = await startServer(); });
after(async () => {
  const { code } = await s.stop();
  assert.equal(code, 0);
  assertNoSanitizer(s);
});

test('every table that pages can show bumps the cache generation on insert, update and delete', () => {
  // Virtual tables (FTS5 search indexes) and their shadow tables are derived
  // from other tables, which carry the triggers.
  const virtual = sql(s.db, "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'").split('\n').filter(Boolean);
  const tables = sql(s.db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").split('\n')
    .filter((t) => !virtual.some((v) => t === v || t.startsWith(v + '_')));
  const triggers = new Set(sql(s.db, "SELECT name FROM sqlite_master WHERE type = 'trigger'").split('\n'));
  assert.ok(tables.includes('project'));
  for (const t of tables) {
    if (BOOKKEEPING.has(t)) continue;
    for (const op of ['ins', 'upd', 'del'])
      assert.ok(triggers.has(`${t}_gen_${op}`), `table ${t} has no trigger ${t}_gen_${op} (see migrations/0002)`);
  }
});

test('a second anonymous visit is served from the cache, with the same bytes', async () => {
  const first = await fetch(s.base + '/projets/cevennes');
  const a = await first.text();
  const second = await fetch(s.base + '/projets/cevennes');
  const b = await second.text();
  assert.equal(second.status, 200);
  assert.equal(a, b);
  assert.equal(second.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(second.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  const lines = await accessLines(s, '/projets/cevennes', 2);
  assert.equal(lines.length, 2);
  // Lines are buffered per worker thread, so their order across threads
  // may differ from the requests': one was rendered, one came from the cache.
  assert.equal(lines.filter((l) => / cache$/.test(l)).length, 1, lines.join('\n'));
  assert.ok(lines.some((l) => / 200 \d+ .* cache$/.test(l)));
});

test('a change to the data, even by another process, is shown at once', async () => {
  assert.match(await (await fetch(s.base + '/')).text(), /Cévennes/);
  assert.match(await (await fetch(s.base + '/')).text(), /Cévennes/);
  // another instance (here the sqlite3 tool) renames the project
  sql(s.db, "UPDATE project SET name = 'Cévennes renouvelées' WHERE slug = 'cevennes'");
  const html = await (await fetch(s.base + '/')).text();
  assert.match(html, /Cévennes renouvelées/);
  sql(s.db, "UPDATE project SET name = 'Cévennes' WHERE slug = 'cevennes'");
  assert.doesNotMatch(await (await fetch(s.base + '/')).text(), /renouvelées/);
});

test('logged-in users never get the anonymous copy, and never leave theirs behind', async () => {
  await fetch(s.base + '/projets/mosson'); // cached, anonymous
  const c = new Client(s.base);
  assert.equal((await c.login(ROLES.staff)).status, 303);
  const mine = await c.get('/projets/mosson');
  assert.match(mine.text_, /Nadia Benali/);
  assert.match(mine.text_, /Se déconnecter/);
  assert.equal(mine.headers.get('cache-control'), 'no-store');
  const anon = await (await fetch(s.base + '/projets/mosson')).text();
  assert.doesNotMatch(anon, /Nadia Benali|Se déconnecter|name="csrf"/);
  assert.match(anon, /Se connecter/);
});

test('HTML and JSON are cached apart', async () => {
  const html = await fetch(s.base + '/');
  assert.match(html.headers.get('content-type'), /text\/html/);
  const json = await fetch(s.base + '/', { headers: { Accept: 'application/json' } });
  assert.equal(json.headers.get('content-type'), 'application/json');
  const again = await fetch(s.base + '/', { headers: { Accept: 'application/json' } });
  assert.equal(again.headers.get('content-type'), 'application/json');
  assert.ok(Array.isArray((await again.json()).projects));
});

test('a one-time message is shown once, not cached for others', async () => {
  await fetch(s.base + '/'); // the anonymous copy is cached
  const c = new Client(s.base);
  assert.equal((await c.login(ROLES.member)).status, 303);
  const out = await c.post('/deconnexion', {}, { from: '/membre' });
  assert.equal(out.status, 303);
  const shown = await c.get('/');
  assert.match(shown.text_, /Vous êtes déconnecté\./);
  assert.doesNotMatch((await c.get('/')).text_, /Vous êtes déconnecté\./);
  assert.doesNotMatch(await (await fetch(s.base + '/')).text(), /Vous êtes déconnecté\./);
});

test('HEAD is answered from the same copy, without a body', async () => {
  await fetch(s.base + '/projets/cevennes');
  const res = await fetch(s.base + '/projets/cevennes', { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), '');
});
