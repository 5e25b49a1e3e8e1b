// Crash durability: concurrent writes, SIGKILL at a random moment, restart on
// the same database. Every write that got a success answer must be there after
// the restart (accounts created, passwords reset, accounts disabled, the admin's
// login session), each with its audit entry, the count of accounts never goes
// down, and SQLite's integrity check says ok.
//
// A write that got no answer (network error, connection reset by the kill) is
// "unknown": it may or may not be there, but if its account is there its audit
// entry must be too (same transaction), and it must be there only once.
//
// CRASH_ROUNDS (default 10) sets the number of kill/restart rounds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, tempDb, Client, ROLES, assertNoSanitizer, sql } from './lib.mjs';

const ROUNDS = Number(process.env.CRASH_ROUNDS || 10);
const WORKERS = 8;
const PASSWORD = 'un-mot-de-passe-solide';
const SANITIZER = /runtime error|AddressSanitizer|LeakSanitizer|ThreadSanitizer/;

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));
const randInt = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));

/**
 * POSTs JSON as the admin (session cookie and CSRF token given). Resolves to
 * { status, body } for an answer, or { status: 0, error } when no answer came
 * (the server died under it): such a write is unknown.
 */
async function post(base, cookie, csrf, path, body) {
  try {
    const res = await fetch(base + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(20000),
    });
    let text = null;
    try { text = await res.text(); } catch { /* status line came, body cut by the kill */ }
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON (a redirect) */ }
    return { status: res.status, body: parsed, text };
  } catch (error) {
    return { status: 0, error };
  }
}

/** Every account, through the admin JSON API, page by page: { total, rows }. */
async function listAccounts(admin) {
  const rows = [];
  let total = null;
  for (let page = 1; ; page++) {
    const res = await admin.get(`/admin/comptes?page=${page}`, { headers: { Accept: 'application/json' } });
    assert.equal(res.status, 200, res.text_);
    const j = JSON.parse(res.text_);
    total ??= j.pagination.total;
    assert.equal(j.pagination.total, total, 'total stable while paging');
    rows.push(...j.accounts);
    if (page >= j.pagination.pages) break;
  }
  assert.equal(rows.length, total, 'the pages hold every account');
  return { total, rows };
}

test('SIGKILL at random moments loses no acknowledged write', { timeout: 180000 }, async (t) => {
  const tmp = tempDb();
  const demo = cli(['demo', '--db', tmp.db]);
  assert.equal(demo.status, 0, demo.stderr);

  /** email -> { id, role, round, password: null|'acked'|'unknown', disabled: null|'acked'|'unknown', verified } */
  const accounts = new Map();
  const servers = []; // every server started, for the sanitizer check
  const stats = { created: 0, unknownCreates: 0, passwords: 0, disables: 0, unknownOther: 0 };
  let server = null;

  try {
    server = await startServer({ db: tmp.db, args: ['--threads', '4'] });
    servers.push(server);

    // The admin's login is a write too: its session must survive every kill.
    const first = new Client(server.base);
    assert.equal((await first.login(ROLES.admin)).status, 303);
    const cookies = new Map(first.cookies);
    const adminClient = (base) => { const c = new Client(base); c.cookies = new Map(cookies); return c; };

    let prevTotal = (await listAccounts(first)).total;
    let lastRoundAttempts = 0;
    let lastRoundAcked = 0;

    /** Checks the restarted server against everything acknowledged so far. */
    async function verify(round) {
      const admin = adminClient(server.base);
      const home = await admin.get('/admin', { headers: { Accept: 'application/json' } });
      assert.equal(home.status, 200, `round ${round}: the admin session survived the restart`);

      const { total, rows } = await listAccounts(admin);
      assert.ok(total >= prevTotal + lastRoundAcked,
        `round ${round}: ${total} accounts, at least ${prevTotal} before + ${lastRoundAcked} acknowledged expected`);
      assert.ok(total <= prevTotal + lastRoundAttempts,
        `round ${round}: ${total} accounts, at most ${prevTotal} + ${lastRoundAttempts} attempted expected`);
      prevTotal = total;

      const byEmail = new Map();
      for (const r of rows) byEmail.set(r.email, [...(byEmail.get(r.email) ?? []), r]);
      for (const [email, rs] of byEmail) assert.equal(rs.length, 1, `round ${round}: ${email} listed ${rs.length} times`);
      for (const [email, a] of accounts) {
        const rs = byEmail.get(email);
        assert.ok(rs, `round ${round}: acknowledged account ${email} (id ${a.id}, round ${a.round}) lost`);
        if (a.id) assert.equal(rs[0].id, a.id, `round ${round}: ${email} has another id`);
        a.id ??= rs[0].id;
        if (a.disabled === 'acked') assert.ok(rs[0].disabled_at, `round ${round}: acknowledged disabling of ${email} lost`);
        if (a.disabled === null) assert.equal(rs[0].disabled_at, null, `round ${round}: ${email} disabled by nobody`);
      }

      // The database file itself, read by SQLite's shell while the server runs.
      assert.equal(sql(tmp.db, 'PRAGMA integrity_check'), 'ok', `round ${round}: integrity_check`);
      assert.equal(sql(tmp.db, 'PRAGMA foreign_key_check'), '', `round ${round}: foreign_key_check`);
      // Each account has exactly one creation entry in the audit log, and each
      // creation entry its account: both are written in one transaction.
      assert.equal(sql(tmp.db, "SELECT group_concat(a.id) FROM account a WHERE (SELECT count(*) FROM audit u " +
        "WHERE u.action = 'account.create' AND u.entity_id = a.id) <> 1"), '', `round ${round}: accounts without exactly one account.create audit entry`);
      assert.equal(sql(tmp.db, "SELECT group_concat(entity_id) FROM audit WHERE action = 'account.create' " +
        'AND entity_id NOT IN (SELECT id FROM account)'), '', `round ${round}: account.create audit entries without their account`);
      const audited = new Set(sql(tmp.db, "SELECT action || ' ' || entity_id FROM audit WHERE action IN " +
        "('account.password', 'account.disable')").split('\n'));
      for (const [email, a] of accounts) {
        if (a.password === 'acked') assert.ok(audited.has(`account.password ${a.id}`), `round ${round}: no audit entry for the password of ${email}`);
        if (a.disabled === 'acked') assert.ok(audited.has(`account.disable ${a.id}`), `round ${round}: no audit entry for disabling ${email}`);
      }

      // A password reset is there if the new password opens a session (each
      // checked once: Argon2id is slow under the sanitizers).
      for (const [email, a] of accounts) {
        if (a.password !== 'acked' || a.verified) continue;
        const res = await new Client(server.base).login(email, `nouveau-${PASSWORD}`);
        assert.equal(res.status, 303, `round ${round}: the acknowledged new password of ${email} does not work (${res.status})`);
        a.verified = true;
      }
    }

    for (let round = 1; round <= ROUNDS; round++) {
      const base = server.base;
      const admin = adminClient(base);
      const csrf = await admin.csrf('/admin/comptes/nouveau');
      const cookie = admin.cookieHeader();
      let stop = false;
      let attempts = 0;
      let acked = 0;
      let firstAck;
      const someAck = new Promise((res) => { firstAck = res; });

      const worker = async (w) => {
        for (let i = 1; !stop; i++) {
          const email = `crash.r${round}.w${w}.n${i}@demo.test`;
          const role = ['member', 'staff'][i % 2];
          attempts++;
          const r = await post(base, cookie, csrf, '/admin/comptes', { email, name: `Crash R${round} W${w} N${i}`, role, password: PASSWORD });
          if (r.status === 0) { stats.unknownCreates++; return; }
          assert.equal(r.status, 201, `${email}: ${r.text}`);
          const a = { id: r.body?.id ?? null, role, round, password: null, disabled: null, verified: false };
          accounts.set(email, a);
          acked++;
          firstAck();
          stats.created++;
          if (!a.id) return; // body cut by the kill: the account is there, its id unknown
          // One follow-up write on some of them: a password reset or disabling.
          const dice = Math.random();
          if (dice < 0.2) {
            a.password = 'unknown';
            const p = await post(base, cookie, csrf, `/admin/comptes/${a.id}/mot-de-passe`, { password: `nouveau-${PASSWORD}` });
            if (p.status === 0) { stats.unknownOther++; return; }
            assert.equal(p.status, 303, `password of ${email}: ${p.text}`);
            a.password = 'acked';
            stats.passwords++;
          } else if (dice < 0.3) {
            a.disabled = 'unknown';
            const d = await post(base, cookie, csrf, `/admin/comptes/${a.id}/desactiver`, {});
            if (d.status === 0) { stats.unknownOther++; return; }
            assert.equal(d.status, 303, `disabling ${email}: ${d.text}`);
            a.disabled = 'acked';
            stats.disables++;
          }
        }
      };

      // Attached at once so that a worker's failed assertion is not an
      // unhandled rejection while the kill waits; it stops the others too.
      const running = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w + 1).catch((e) => { stop = true; throw e; })));
      running.catch(() => {});
      // The kill: at a random moment, but not before a first write was
      // acknowledged (a slow machine must not make empty rounds).
      await sleep(randInt(200, 1500));
      let timer;
      await Promise.race([someAck, running.catch(() => {}), new Promise((res) => { timer = setTimeout(res, 15000); })]);
      clearTimeout(timer);
      stop = true;
      server.proc.kill('SIGKILL');
      const { signal } = await server.exited;
      assert.equal(signal, 'SIGKILL', `round ${round}: the server died before the kill:\n${server.stderr()}`);
      await running;
      lastRoundAttempts = attempts;
      lastRoundAcked = acked;
      // Restart on the same database: WAL recovery, migrations, serve.
      const t0 = Date.now();
      server = await startServer({ db: tmp.db, args: ['--threads', '4'] });
      servers.push(server);
      const t1 = Date.now();
      await verify(round);
      t.diagnostic(`round ${round}: ${attempts} creations sent, ${acked} acknowledged; ` +
        `restart ${t1 - t0} ms, checks ${Date.now() - t1} ms`);
    }

    // Last server: a clean stop, and the file checked once more, closed.
    const { code, signal } = await server.stop();
    assert.equal(signal, null, server.stderr());
    assert.equal(code, 0, server.stderr());
    server = null;
    assert.equal(sql(tmp.db, 'PRAGMA integrity_check'), 'ok');
    const list = cli(['user', 'list', '--db', tmp.db]);
    assert.equal(list.status, 0, list.stderr);
    for (const email of accounts.keys()) assert.match(list.stdout, new RegExp(`\\b${email.replace(/\./g, '\\.')}\\b`));
    assert.equal(list.stdout.trim().split('\n').length - 1, prevTotal, 'quartier user list shows every account');

    t.diagnostic(`acknowledged: ${stats.created} creations, ${stats.passwords} password resets, ${stats.disables} disablings; ` +
      `unanswered: ${stats.unknownCreates} creations, ${stats.unknownOther} other writes`);
    assert.ok(stats.created >= ROUNDS, 'every round had acknowledged writes');
  } finally {
    if (server) await server.stop();
    for (const s of servers) assertNoSanitizer(s, SANITIZER);
    tmp.cleanup();
  }
});
