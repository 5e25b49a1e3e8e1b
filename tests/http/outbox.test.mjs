// The outbox: e-mails about reports (to the handler organisation, to the
// reporter), delivered by the sender thread through SMTP (libcurl) to a small
// fake SMTP server written here, retries when the server is down, the
// administrators' page /admin/courriels, the retention purge, and a clean
// SIGTERM while the sender runs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { BIN, cli, startServer, stopClean, Client, json, sql, tempDb } from './lib.mjs';

const BASE_URL = 'http://quartier.test';
const REPORTER = 'habitante.outbox@exemple.fr';
const REPORTER_NAME = 'Nadia Benali';
const POINT_MASSANE = '43.6210, 3.8170'; // inside the Hauts de Massane polygon (demo/projects.sql)
const PUBLIC_COMMENT = 'Enlèvement prévu jeudi matin par l’équipe de propreté.';
const INTERNAL_COMMENT = 'Code du portail 4711, demander au gardien Marcel.';

// ---- a fake SMTP server: enough of RFC 5321 for libcurl ----

/**
 * Starts a fake SMTP server on 127.0.0.1 (port 0: any free port). It
 * records each message: {from, to: [..], data} (data dot-unstuffed, CRLF).
 * stall: accept connections and never answer (a server that hangs).
 */
function fakeSmtp({ port = 0, stall = false } = {}) {
  const messages = [];
  const sockets = new Set();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    if (stall) return;
    let buf = '';
    let inData = false;
    let cur = { from: null, to: [] };
    const say = (s) => sock.write(s + '\r\n');
    say('220 fake.test ESMTP prêt');
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const raw = buf.slice(0, end + 2);
          buf = buf.slice(end + 5);
          inData = false;
          const data = Buffer.from(raw.replace(/^\.\./gm, '.'), 'latin1').toString('utf8');
          messages.push({ ...cur, data });
          cur = { from: null, to: [] };
          say('250 2.0.0 reçu');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO') { sock.write('250-fake.test\r\n250-8BITMIME\r\n250 SIZE 10000000\r\n'); }
        else if (cmd === 'HELO') say('250 fake.test');
        else if (cmd === 'MAIL') { cur.from = line.match(/<([^>]*)>/)?.[1]; say('250 2.1.0 ok'); }
        else if (cmd === 'RCPT') { cur.to.push(line.match(/<([^>]*)>/)?.[1]); say('250 2.1.5 ok'); }
        else if (cmd === 'DATA') { inData = true; say('354 envoyez'); }
        else if (cmd === 'RSET') { cur = { from: null, to: [] }; say('250 ok'); }
        else if (cmd === 'NOOP') say('250 ok');
        else if (cmd === 'QUIT') { say('221 au revoir'); sock.end(); return; }
        else say('502 commande inconnue');
      }
    });
  });
  return new Promise((res) => {
    server.listen(port, '127.0.0.1', () => {
      res({
        port: server.address().port,
        messages,
        close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
      });
    });
  });
}

/** A port that nothing listens on (found free, then closed). */
async function closedPort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

// ---- reading a message ----

/** Decodes RFC 2047 encoded words (B and Q, UTF-8) of a header value. */
function decodeWords(v) {
  return v.replace(/\?=\r?\n?[ \t]+=\?/g, '?==?').replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, enc, text) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

/** Decodes a quoted-printable body (UTF-8). */
function decodeQp(s) {
  const bytes = s.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** {headers: {lowercase name: decoded value}, rawHeaders, body (decoded), lines} of a recorded message. */
function parse(msg) {
  // The fake server decoded the data as UTF-8; it is ASCII (encoded words, QP).
  const i = msg.data.indexOf('\r\n\r\n');
  const rawHeaders = msg.data.slice(0, i);
  const headers = {};
  for (const h of rawHeaders.replace(/\r\n[ \t]/g, (m) => m).split(/\r\n(?![ \t])/)) {
    const c = h.indexOf(':');
    headers[h.slice(0, c).toLowerCase()] = decodeWords(h.slice(c + 1).trim());
  }
  const rawBody = msg.data.slice(i + 4);
  return { headers, rawHeaders, rawBody, body: decodeQp(rawBody), lines: msg.data.split('\r\n') };
}

/** Waits until pred() is truthy (polling), or fails after ms. */
async function until(pred, what, ms = 15000) {
  const start = Date.now();
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---- helpers on the server ----

const servers = [];
const smtps = [];
after(async () => {
  for (const m of smtps) await m.close();
});

async function serve(opts) {
  const s = await startServer(opts);
  servers.push(s);
  return s;
}

/** A staff API token for s. */
function staffToken(s) {
  const r = cli(['token', 'create', 'staff@demo.test', '--name', 't', '--db', s.db]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** Creates a report through the API; returns the created record (201). */
async function createReport(s, token, extra = {}) {
  const res = await fetch(s.base + '/api/v1/reports', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      category: 'encombrants',
      description: 'Un canapé et des cartons devant l’entrée du bâtiment B, depuis trois jours.',
      coords: POINT_MASSANE,
      email: REPORTER,
      name: REPORTER_NAME,
      notify: true,
      ...extra,
    }),
  });
  const body = await res.text();
  assert.equal(res.status, 201, body);
  return JSON.parse(body);
}

async function adminClient(s) {
  const c = new Client(s.base);
  assert.equal((await c.login('admin@demo.test')).status, 303);
  return c;
}

// ---- the tests ----

test('a new report: the reporter gets the reference and the follow-up link, the handler the routing', async () => {
  const smtp = await fakeSmtp();
  smtps.push(smtp);
  const s = await serve({
    args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--smtp-from', 'Quartier Mosson <ne-pas-repondre@quartier.test>',
      '--base-url', BASE_URL, '--smtp-user', '', '--smtp-password', 'secret-smtp-jamais-logue'],
  });
  const token = staffToken(s);
  const report = await createReport(s, token);
  assert.match(report.ref, /^S-\d{4}-\d{5}$/);

  await until(() => smtp.messages.length >= 2, 'two mails');
  const toReporter = smtp.messages.find((m) => m.to.includes(REPORTER));
  const toPartner = smtp.messages.find((m) => m.to.includes('partner@demo.test'));
  assert.ok(toReporter, 'mail to the reporter');
  assert.ok(toPartner, 'mail to the partner agent of ACM Habitat');
  assert.equal(toReporter.from, 'ne-pas-repondre@quartier.test');

  // The reporter's mail: headers well formed, subject in UTF-8, the reference and the link.
  const r = parse(toReporter);
  assert.equal(r.headers['subject'], `[quartier] Votre signalement ${report.ref} est enregistré`);
  assert.match(r.rawHeaders, /^Subject: =\?UTF-8\?B\?/m, 'non-ASCII subject as RFC 2047 encoded words');
  assert.equal(r.headers['from'], 'Quartier Mosson <ne-pas-repondre@quartier.test>');
  assert.equal(r.headers['to'], REPORTER);
  assert.equal(r.headers['mime-version'], '1.0');
  assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
  assert.equal(r.headers['content-transfer-encoding'], 'quoted-printable');
  assert.match(r.headers['message-id'], /^<[^@<>\s]+@quartier\.test>$/);
  assert.ok(!Number.isNaN(Date.parse(r.headers['date'])), r.headers['date']);
  assert.ok(Math.abs(Date.parse(r.headers['date']) - Date.now()) < 120000, 'Date is now');
  for (const line of r.lines) assert.ok(line.length <= 998, 'lines of at most 998 characters');
  for (const line of r.rawBody.split('\r\n')) assert.ok(line.length <= 76, `QP line too long: ${line}`);
  assert.match(r.body, new RegExp(`référence ${report.ref}`));
  assert.match(r.body, /Un canapé et des cartons/);
  const link = r.body.match(/http:\/\/quartier\.test\/suivi\/([A-Za-z0-9_-]+)/);
  assert.ok(link, r.body);
  assert.equal(link[1].length, 43, 'the follow-up token: 256 bits, base64url');
  if (report.follow_url) assert.equal(`/suivi/${link[1]}`, report.follow_url);
  // The link opens the private follow-up page of that report.
  const follow = await fetch(`${s.base}/suivi/${link[1]}`);
  assert.equal(follow.status, 200);
  assert.match(await follow.text(), new RegExp(report.ref));

  // The handler's mail: subject, place, due date, link to the back office; never the reporter.
  const p = parse(toPartner);
  assert.equal(p.headers['subject'], `[quartier] Signalement ${report.ref} à traiter : Encombrants et dépôts sauvages`);
  assert.match(p.body, /Hauts de Massane/);
  assert.match(p.body, /Un canapé et des cartons devant l’entrée du bâtiment B/);
  assert.match(p.body, /À traiter avant le : \d{2}\/\d{2}\/\d{4} à \d{1,2} h \d{2} \(heure de Paris\)/);
  assert.ok(p.body.includes(`${BASE_URL}/gestion/signalements/${report.id}`), p.body);
  assert.ok(!p.data?.includes(REPORTER) && !p.body.includes(REPORTER), 'the handler never sees the reporter\'s address');
  assert.ok(!p.body.includes(REPORTER_NAME), 'nor the reporter\'s name');
  assert.ok(!p.body.includes('/suivi/'), 'nor the private follow-up link');

  const rows = sql(s.db, `SELECT count(*) FROM outbox WHERE entity = 'report' AND entity_id = ${report.id} AND sent_at IS NOT NULL AND attempts = 1`);
  assert.equal(rows, '2');

  // A status change with a public and an internal comment.
  const before = smtp.messages.length;
  const st = await fetch(`${s.base}/api/v1/reports/${report.ref}/status`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ status: 'scheduled', public_comment: PUBLIC_COMMENT, internal_comment: INTERNAL_COMMENT }),
  });
  assert.equal(st.status, 200, await st.text());
  await until(() => smtp.messages.length > before, 'the mail of the status change');
  const news = smtp.messages.slice(before);
  assert.deepEqual(news.map((m) => m.to), [[REPORTER]], 'only the reporter is told of a status change');
  const n = parse(news[0]);
  assert.equal(n.headers['subject'], `[quartier] Signalement ${report.ref} : Intervention programmée`);
  assert.ok(n.body.includes(PUBLIC_COMMENT), n.body);
  assert.ok(!n.body.includes(INTERNAL_COMMENT) && !n.body.includes('4711'), 'never the internal comment');
  assert.ok(n.body.includes(`${BASE_URL}/suivi/${link[1]}`), 'the same follow-up link, where e-mails can be stopped');
  assert.match(n.body, /ne plus recevoir ces courriels/);

  // An internal comment alone tells nobody.
  const quiet = await fetch(`${s.base}/api/v1/reports/${report.ref}/status`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ status: 'in_progress', internal_comment: 'Équipe B' }),
  });
  assert.equal(quiet.status, 200);
  await until(() => smtp.messages.length > before + 1, 'the mail of the second change');
  assert.ok(!parse(smtp.messages.at(-1)).body.includes('Équipe B'));

  // The reporter stops the e-mails on the follow-up page: the next public change tells nobody.
  const visitor = new Client(s.base);
  const stop = await visitor.post(`/suivi/${link[1]}/desabonner`, {}, { from: `/suivi/${link[1]}` });
  assert.equal(stop.status, 303);
  assert.equal(sql(s.db, `SELECT notify FROM report WHERE id = ${report.id}`), '0');
  const queued = Number(sql(s.db, 'SELECT count(*) FROM outbox'));
  const resolved = await fetch(`${s.base}/api/v1/reports/${report.ref}/status`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ status: 'resolved', public_comment: 'Encombrants enlevés.' }),
  });
  assert.equal(resolved.status, 200);
  assert.equal(Number(sql(s.db, 'SELECT count(*) FROM outbox')), queued, 'no mail after unsubscribing');

  // A report without notify: the handler only.
  const count = smtp.messages.length;
  const silent = await createReport(s, token, { notify: false, email: 'autre.habitant@exemple.fr' });
  await until(() => smtp.messages.length > count, 'the routing mail');
  await new Promise((res) => setTimeout(res, 600));
  assert.ok(!smtp.messages.slice(count).some((m) => m.to.includes('autre.habitant@exemple.fr')), 'notify=0: no mail to the reporter');
  assert.equal(sql(s.db, `SELECT count(*) FROM outbox WHERE entity_id = ${silent.id} AND to_addr LIKE 'autre%'`), '0');

  await stopClean(s);
  // Nothing personal in the log: no address, no name, no password, no comment.
  const log = s.stderr();
  for (const secret of [REPORTER, REPORTER_NAME, 'partner@demo.test', 'secret-smtp-jamais-logue', INTERNAL_COMMENT, token]) {
    assert.ok(!log.includes(secret), `the log holds ${secret}`);
  }
  assert.match(log, /courriel \d+ envoyé/);
});

test('SMTP down: the mail stays pending with its error, and leaves once the server is back', async () => {
  const port = await closedPort();
  const s = await serve({ args: ['--smtp-url', `smtp://127.0.0.1:${port}`, '--base-url', BASE_URL] });
  const report = await createReport(s, staffToken(s));
  const q = `SELECT attempts || '|' || coalesce(last_error, '') || '|' || coalesce(sent_at, '') || '|' || (next_attempt_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+50 seconds')) FROM outbox WHERE to_addr = '${REPORTER}' AND entity_id = ${report.id}`;
  const failed = await until(() => { const v = sql(s.db, q); return v.startsWith('1|') ? v : null; }, 'a failed attempt');
  const [attempts, error, sentAt, later] = failed.split('|');
  assert.equal(attempts, '1');
  assert.match(error, /connect/i, 'the libcurl error is recorded');
  assert.ok(!error.includes(REPORTER));
  assert.equal(sentAt, '');
  assert.equal(later, '1', 'next attempt in about a minute (backoff)');

  // The administrators see it pending, with the error.
  const admin = await adminClient(s);
  const page = await admin.get('/admin/courriels?etat=en-attente', { headers: { Accept: 'application/json' } });
  const mail = json(page).mails.find((m) => m.to_addr === REPORTER);
  assert.equal(mail.state, 'pending');
  assert.equal(mail.attempts, 1);
  assert.ok(mail.last_error);

  // The server comes back on the same port. The partner's mail leaves at
  // its next attempt (made due now in the database: the thread's polling
  // finds it); the reporter's at once by the retry button (which wakes it).
  const smtp = await fakeSmtp({ port });
  smtps.push(smtp);
  sql(s.db, `UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00Z' WHERE sent_at IS NULL AND to_addr = 'partner@demo.test'`);
  await until(() => smtp.messages.some((m) => m.to.includes('partner@demo.test')), 'delivery at the next attempt', 20000);
  assert.ok(!smtp.messages.some((m) => m.to.includes(REPORTER)), 'the reporter\'s mail waits for its own next attempt');
  const retry = await admin.post(`/admin/courriels/${mail.id}/reessayer`, {}, { from: `/admin/courriels/${mail.id}` });
  assert.equal(retry.status, 303);
  await until(() => smtp.messages.some((m) => m.to.includes(REPORTER)), 'delivery after the retry', 4000);
  await until(() => sql(s.db, `SELECT sent_at IS NOT NULL FROM outbox WHERE to_addr = '${REPORTER}'`) === '1', 'sent_at');
  assert.equal(sql(s.db, `SELECT attempts FROM outbox WHERE to_addr = '${REPORTER}'`), '1', 'attempts reset by the retry, then one');
  assert.equal(sql(s.db, `SELECT attempts FROM outbox WHERE to_addr = 'partner@demo.test'`), '2');
  assert.equal(sql(s.db, `SELECT count(*) FROM outbox WHERE last_error IS NOT NULL`), '0');
  const sent = json(await admin.get('/admin/courriels?etat=envoye', { headers: { Accept: 'application/json' } }));
  assert.equal(sent.total, 2);
  assert.equal(sent.smtp_configured, true);
  await stopClean(s);
  assert.doesNotMatch(s.stderr(), new RegExp(REPORTER.replace('.', '\\.')));
});

test('without SMTP, mail waits at /admin/courriels; show, filter, retry, roles', async () => {
  const s = await serve({ args: ['--base-url', BASE_URL] });
  const report = await createReport(s, staffToken(s));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(sql(s.db, `SELECT count(*) FROM outbox WHERE entity_id = ${report.id} AND sent_at IS NULL AND attempts = 0`), '2');

  const admin = await adminClient(s);
  const page = await admin.get('/admin/courriels');
  assert.equal(page.status, 200);
  assert.match(page.text_, /Aucun serveur SMTP n(&#39;|')est configuré/);
  assert.ok(page.text_.includes(REPORTER));
  assert.ok(page.text_.includes(`Signalement ${report.ref} à traiter : Encombrants et dépôts sauvages`));

  const list = json(await admin.get('/admin/courriels', { headers: { Accept: 'application/json' } }));
  assert.equal(list.smtp_configured, false);
  assert.equal(list.total, 2);
  assert.ok(list.mails.every((m) => m.state === 'pending'));
  assert.ok(list.mails[0].id > list.mails[1].id || list.mails[0].created_at >= list.mails[1].created_at, 'newest first');
  assert.equal(json(await admin.get('/admin/courriels?etat=envoye', { headers: { Accept: 'application/json' } })).total, 0);
  assert.equal(json(await admin.get('/admin/courriels?etat=echec', { headers: { Accept: 'application/json' } })).total, 0);

  const id = list.mails.find((m) => m.to_addr === REPORTER).id;
  const show = await admin.get(`/admin/courriels/${id}`);
  assert.equal(show.status, 200);
  assert.ok(show.text_.includes(`Votre signalement ${report.ref} est enregistré`));
  assert.match(show.text_, /\/suivi\/[A-Za-z0-9_-]{43}/);
  assert.match(show.text_, /name="csrf"/);

  // A given-up mail: listed as failed, retried → due now, attempts reset, audited.
  sql(s.db, `UPDATE outbox SET attempts = 8, last_error = 'Couldn''t connect to server', next_attempt_at = '2000-01-01T00:00:00Z' WHERE id = ${id}`);
  const failed = json(await admin.get('/admin/courriels?etat=echec', { headers: { Accept: 'application/json' } }));
  assert.deepEqual(failed.mails.map((m) => m.id), [id]);
  assert.equal(failed.mails[0].state_label, 'Échec définitif');
  const retry = await admin.post(`/admin/courriels/${id}/reessayer`, {}, { from: `/admin/courriels/${id}` });
  assert.equal(retry.status, 303);
  assert.equal(retry.headers.get('location'), `/admin/courriels/${id}`);
  const row = sql(s.db, `SELECT attempts || '|' || (last_error IS NULL) || '|' || (next_attempt_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) FROM outbox WHERE id = ${id}`);
  assert.equal(row, '0|1|1');
  assert.equal(sql(s.db, `SELECT count(*) FROM audit WHERE action = 'outbox.retry' AND entity = 'outbox' AND entity_id = ${id}`), '1');
  assert.equal(sql(s.db, `SELECT count(*) FROM audit WHERE summary LIKE '%${REPORTER}%'`), '0');

  // A sent mail cannot be retried; an unknown one is 404.
  sql(s.db, `UPDATE outbox SET sent_at = '2026-01-01T00:00:00Z' WHERE id = ${id}`);
  assert.equal((await admin.post(`/admin/courriels/${id}/reessayer`, {}, { from: `/admin/courriels/${id}` })).status, 409);
  assert.equal((await admin.get('/admin/courriels/999999')).status, 404);
  assert.equal((await admin.get('/admin/courriels/abc')).status, 404);

  // Pagination: 50 a page, newest first.
  sql(s.db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 55) INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at) SELECT 'lot' || i || '@exemple.fr', 'Lot ' || i, 'Corps', '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z' FROM n`);
  const p1 = json(await admin.get('/admin/courriels', { headers: { Accept: 'application/json' } }));
  assert.equal(p1.total, 57);
  assert.equal(p1.mails.length, 50);
  assert.equal(p1.pagination.pages, 2);
  const p2 = json(await admin.get('/admin/courriels?page=2', { headers: { Accept: 'application/json' } }));
  assert.equal(p2.mails.length, 7);
  assert.deepEqual(p2.mails.slice(-2).map((m) => m.id).sort(), [list.mails[0].id, list.mails[1].id].sort(), 'the oldest last');

  // Administrators only.
  for (const who of ['staff@demo.test', 'partner@demo.test', 'member@demo.test']) {
    const c = new Client(s.base);
    await c.login(who);
    assert.equal((await c.get('/admin/courriels')).status, 403, who);
    assert.equal((await c.get(`/admin/courriels/${id}`)).status, 403, who);
  }
  assert.equal((await new Client(s.base).get('/admin/courriels')).status, 302);
  await stopClean(s);
  assert.ok(!s.stderr().includes(REPORTER), 'no address in the log');
});

test('retention: at start-up, the reporter of a report ended long ago is erased and old sent mail deleted, with one audit entry', async () => {
  const t = tempDb();
  after(() => t.cleanup());
  assert.equal(cli(['demo', '--db', t.db]).status, 0);
  const args = ['--base-url', BASE_URL, '--reporter-retention-days', '30'];
  let s = await serve({ db: t.db, args });
  const token = staffToken(s);
  const old = await createReport(s, token);
  const recent = await createReport(s, token, { email: 'recent@exemple.fr' });
  const open = await createReport(s, token, { email: 'ouvert@exemple.fr' });
  const resolvedLong = await createReport(s, token, { email: 'resolu@exemple.fr' });
  await stopClean(s);
  // Ended 40 and 10 days ago (the third is still open); mails sent 31 and 2 days ago.
  const ago = (d) => `strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-${d} days')`;
  sql(t.db, `UPDATE report SET status = 'closed', closed_at = ${ago(40)} WHERE id = ${old.id}`);
  sql(t.db, `UPDATE report SET status = 'closed', closed_at = ${ago(10)} WHERE id = ${recent.id}`);
  // resolved 40 days ago and never closed: ended for its reporter too
  sql(t.db, `UPDATE report SET status = 'resolved', resolved_at = ${ago(40)} WHERE id = ${resolvedLong.id}`);
  sql(t.db, `UPDATE outbox SET sent_at = ${ago(31)} WHERE entity_id = ${old.id}`);
  sql(t.db, `UPDATE outbox SET sent_at = ${ago(2)} WHERE entity_id = ${recent.id}`);
  const auditsBefore = Number(sql(t.db, "SELECT count(*) FROM audit WHERE action = 'retention.purge'"));

  s = await serve({ db: t.db, args });
  await until(() => sql(t.db, "SELECT count(*) FROM audit WHERE action = 'retention.purge'") === String(auditsBefore + 1), 'the purge');
  assert.equal(sql(t.db, `SELECT coalesce(reporter_email, 'NULL') || '|' || coalesce(reporter_name, 'NULL') || '|' || notify FROM report WHERE id = ${old.id}`), 'NULL|NULL|0');
  assert.equal(sql(t.db, `SELECT reporter_email || '|' || notify FROM report WHERE id = ${recent.id}`), 'recent@exemple.fr|1');
  assert.equal(sql(t.db, `SELECT reporter_email FROM report WHERE id = ${open.id}`), 'ouvert@exemple.fr');
  assert.equal(sql(t.db, `SELECT coalesce(reporter_email, 'NULL') FROM report WHERE id = ${resolvedLong.id}`), 'NULL');
  assert.equal(sql(t.db, `SELECT count(*) FROM outbox WHERE entity_id = ${old.id}`), '0', 'old sent mails deleted');
  assert.equal(sql(t.db, `SELECT count(*) FROM outbox WHERE entity_id = ${recent.id}`), '2', 'recent sent mails kept');
  assert.equal(sql(t.db, `SELECT count(*) FROM outbox WHERE entity_id = ${open.id}`), '2', 'pending mails kept');
  assert.equal(sql(t.db, `SELECT count(*) FROM outbox WHERE to_addr = '${REPORTER}'`), '0');
  const summary = sql(t.db, "SELECT summary FROM audit WHERE action = 'retention.purge' ORDER BY id DESC LIMIT 1");
  assert.match(summary, /2 signalement\(s\).*2 courriel\(s\)/);
  assert.ok(!summary.includes('@'), 'counts only in the audit entry');
  const admin = await adminClient(s);
  const journal = await admin.get('/admin/journal?action=retention.purge');
  assert.match(journal.text_, /Effacement des données personnelles échues/);
  await stopClean(s);

  // Nothing left to purge: a restart adds no audit entry.
  s = await serve({ db: t.db, args });
  await new Promise((r) => setTimeout(r, 500));
  await stopClean(s);
  assert.equal(sql(t.db, "SELECT count(*) FROM audit WHERE action = 'retention.purge'"), String(auditsBefore + 1));
});

test('« quartier maintain » runs the background jobs once without a server: the same purge, audited', async () => {
  const t = tempDb();
  after(() => t.cleanup());
  assert.equal(cli(['demo', '--db', t.db]).status, 0);
  const s = await serve({ db: t.db, args: ['--base-url', BASE_URL] });
  const token = staffToken(s);
  const old = await createReport(s, token, { email: 'ancien@exemple.fr' });
  await stopClean(s);
  sql(t.db, `UPDATE report SET status = 'closed', closed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-40 days') WHERE id = ${old.id}`);
  const before = Number(sql(t.db, "SELECT count(*) FROM audit WHERE action = 'retention.purge'"));

  const r = cli(['maintain', '--db', t.db, '--reporter-retention-days', '30']);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error|LeakSanitizer/);
  assert.equal(sql(t.db, `SELECT coalesce(reporter_email, 'NULL') FROM report WHERE id = ${old.id}`), 'NULL');
  assert.equal(sql(t.db, "SELECT count(*) FROM audit WHERE action = 'retention.purge'"), String(before + 1));
  assert.ok(!r.stderr.includes('ancien@exemple.fr'), 'no address in the log');
  // Run again: nothing left to do, no new audit entry.
  assert.equal(cli(['maintain', '--db', t.db, '--reporter-retention-days', '30']).status, 0);
  assert.equal(sql(t.db, "SELECT count(*) FROM audit WHERE action = 'retention.purge'"), String(before + 1));
});

test('two instances sharing the database never send the same mail twice', async () => {
  const t = tempDb();
  after(() => t.cleanup());
  assert.equal(cli(['demo', '--db', t.db]).status, 0);
  // Twelve mails wait in the outbox (six reports, no SMTP yet).
  const a = await serve({ db: t.db, args: ['--base-url', BASE_URL] });
  const token = staffToken(a);
  for (let i = 0; i < 6; i++) await createReport(a, token, { email: `habitant${i}@exemple.fr` });
  await stopClean(a);
  assert.equal(sql(t.db, 'SELECT count(*) FROM outbox WHERE sent_at IS NULL'), '12');

  const smtp = await fakeSmtp();
  smtps.push(smtp);
  const args = ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--base-url', BASE_URL];
  const [b, c] = await Promise.all([serve({ db: t.db, args }), serve({ db: t.db, args })]);
  await until(() => sql(t.db, 'SELECT count(*) FROM outbox WHERE sent_at IS NULL') === '0', 'every mail sent', 30000);
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(smtp.messages.length, 12, 'each mail delivered once');
  const ids = new Set(smtp.messages.map((m) => parse(m).headers['message-id']));
  assert.equal(ids.size, 12);
  assert.equal(sql(t.db, 'SELECT count(*) FROM outbox WHERE attempts = 1'), '12');
  // Both instances took part (claims are one at a time), or at least neither failed.
  const sentBy = [b, c].map((x) => (x.stderr().match(/courriel \d+ envoyé/g) || []).length);
  assert.equal(sentBy[0] + sentBy[1], 12, `sent by each: ${sentBy}`);
  await stopClean(b);
  await stopClean(c);
});

test('SIGTERM while a delivery hangs: exits 0 at once, the mail stays due and not counted', async () => {
  const smtp = await fakeSmtp({ stall: true });
  smtps.push(smtp);
  const s = await serve({ args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--base-url', BASE_URL] });
  const report = await createReport(s, staffToken(s));
  // The sender is stuck waiting for the server's greeting.
  await new Promise((r) => setTimeout(r, 1000));
  const db = s.db;
  const rows = sql(db, `SELECT count(*) FROM outbox WHERE entity_id = ${report.id} AND sent_at IS NULL AND attempts = 0`);
  assert.equal(rows, '2');
  const start = Date.now();
  s.proc.kill('SIGTERM');
  const { code, signal } = await s.exited;
  const took = Date.now() - start;
  assert.equal(signal, null);
  assert.equal(code, 0, s.stderr());
  assert.ok(took < 3000, `SIGTERM took ${took} ms`);
  assert.doesNotMatch(s.stderr(), /AddressSanitizer|LeakSanitizer|runtime error/);
  assert.equal(sql(db, `SELECT count(*) FROM outbox WHERE entity_id = ${report.id} AND sent_at IS NULL AND attempts = 0 AND last_error IS NULL`), '2');
  await s.stop();
});

test('a bad --smtp-url or --smtp-from stops serve at start, with a French message', () => {
  const t = tempDb();
  try {
    for (const [flags, message] of [
      [['--smtp-url', 'http://127.0.0.1:25'], /--smtp-url doit commencer par smtp:\/\/ ou smtps:\/\//],
      [['--smtp-url', 'smtp://127.0.0.1:25', '--smtp-from', 'pas une adresse'], /--smtp-from n'est pas une adresse/],
    ]) {
      const r = spawnSync(BIN, ['serve', '--db', t.db, '--listen', '127.0.0.1:0', ...flags], { encoding: 'utf8', timeout: 20000 });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, message);
    }
  } finally {
    t.cleanup();
  }
});
