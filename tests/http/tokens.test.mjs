// Personal API tokens: created on /compte (shown once) or with `quartier
// token create`, sent as "Authorization: Bearer qrt_…" instead of a session
// (no CSRF token then), with the rights of their account only; a wrong,
// revoked or disabled account's token gets 401 JSON; the last use is shown;
// the token never reaches the server log or the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, startServer, Client, ROLES, SANITIZER, stopClean, json, sql } from './lib.mjs';

const TOKEN = /^qrt_[A-Za-z0-9_-]{43}$/;

let s, member, admin;
const seen = []; // every token created, to look for in the logs at the end

before(async () => {
  s = await startServer();
  member = new Client(s.base);
  assert.equal((await member.login(ROLES.member)).status, 303);
  admin = new Client(s.base);
  assert.equal((await admin.login(ROLES.admin)).status, 303);
});
after(async () => { await stopClean(s); });

/** A request with a token and no cookie. */
function bearer(token, path, { method = 'GET', body, headers = {} } = {}) {
  const h = { Authorization: `Bearer ${token}`, ...headers };
  if (body !== undefined) { h['Content-Type'] = 'application/json'; body = JSON.stringify(body); }
  return fetch(s.base + path, { method, headers: h, body, redirect: 'manual' });
}

/** Creates a token through the /compte form as client; returns {token, html}. */
async function createOnPage(client, name) {
  const res = await client.post('/compte/jetons', { name }, { from: '/compte' });
  assert.equal(res.status, 201, res.text_.slice(0, 300));
  const m = res.text_.match(/id="new-token"[^>]*value="([^"]+)"/);
  assert.ok(m, 'the new token is shown on the page');
  assert.match(m[1], TOKEN);
  seen.push(m[1]);
  return { token: m[1], html: res.text_ };
}

/** The user's tokens, from the JSON view of /compte. */
async function tokensOf(client) {
  const res = await client.get('/compte', { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200);
  return json(res).tokens.items;
}

/** The 401 JSON answer to a refused token. */
async function assertRefused(res) {
  assert.equal(res.status, 401);
  assert.match(res.headers.get('content-type'), /^application\/json\b/);
  assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer /);
  const body = await res.json();
  assert.equal(body.error.code, 'unauthorized');
  assert.match(body.error.message, /Jeton/);
}

test('a token created on /compte is shown once, with a warning, and not on reload', async () => {
  const { token, html } = await createOnPage(member, 'script de test');
  assert.match(html, /Copiez-le maintenant/);
  assert.match(html, /script de test/);
  const again = await member.get('/compte');
  assert.equal(again.status, 200);
  assert.ok(!again.text_.includes(token), 'the token is shown again on reload');
  assert.doesNotMatch(again.text_, /id="new-token"/);
  assert.match(again.text_, /<td>script de test<\/td>/);
  const items = await tokensOf(member);
  const mine = items.find((t) => t.name === 'script de test');
  assert.ok(mine);
  assert.equal(mine.last_used_at, null);
  assert.equal(mine.revoked_at, null);
  assert.ok(!JSON.stringify(items).includes(token), 'the JSON view holds no token');
  assert.ok(!('token_hash' in mine));
  // stored hashed only
  assert.equal(sql(s.db, `SELECT count(*) FROM api_token WHERE token_hash = '${token}'`), '0');
  assert.match(sql(s.db, `SELECT token_hash FROM api_token WHERE id = ${mine.id}`), /^[0-9a-f]{64}$/);
});

test('a token works as Bearer on a JSON page, and its last use is shown', async () => {
  const { token } = await createOnPage(member, 'lecture');
  const res = await bearer(token, '/compte', { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200);
  const view = await res.json();
  assert.equal(view.account.email, ROLES.member);
  assert.ok(!res.headers.getSetCookie().length, 'a token request gets no cookie');
  const used = (await tokensOf(member)).find((t) => t.name === 'lecture');
  assert.match(used.last_used_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const page = await member.get('/compte');
  const row = page.text_.match(/<tr><td>lecture<\/td><td>[^<]*<\/td><td>([^<]*)<\/td>/);
  assert.ok(row, 'the token row');
  assert.match(row[1], /^\d\d\/\d\d\/\d{4} à \d+ h \d\d$/, 'last use in Paris time');
  // once a minute at most: a second use does not write again
  assert.equal((await bearer(token, '/compte', { headers: { Accept: 'application/json' } })).status, 200);
  assert.equal((await tokensOf(member)).find((t) => t.name === 'lecture').last_used_at, used.last_used_at);
});

test('a POST with a token needs no CSRF token', async () => {
  const { token } = await createOnPage(member, 'écriture');
  const res = await bearer(token, '/compte/jetons', { method: 'POST', body: { name: 'créé par l’API' }, headers: { Accept: 'application/json' } });
  assert.equal(res.status, 201);
  const created = await res.json();
  assert.match(created.token, TOKEN);
  assert.equal(created.name, 'créé par l’API');
  seen.push(created.token);
  const check = await bearer(created.token, '/compte', { headers: { Accept: 'application/json' } });
  assert.equal(check.status, 200);
  // without a token, the same POST still needs the CSRF token
  const noCsrf = await member.request('/compte/jetons', { method: 'POST', json: { name: 'x' }, headers: { Accept: 'application/json' } });
  assert.equal(noCsrf.status, 403);
});

test('an admin token administers without CSRF; a member token gets 403 there', async () => {
  const { token } = await createOnPage(admin, 'administration');
  const list = await bearer(token, '/admin/comptes', { headers: { Accept: 'application/json' } });
  assert.equal(list.status, 200);
  assert.ok(Array.isArray((await list.json()).accounts));
  const res = await bearer(token, '/admin/comptes', {
    method: 'POST', headers: { Accept: 'application/json' },
    body: { email: 'par.jeton@demo.test', name: 'Créé par jeton', role: 'member', password: 'un-mot-de-passe-solide' },
  });
  assert.equal(res.status, 201);
  assert.equal(sql(s.db, "SELECT actor FROM audit WHERE action = 'account.create' ORDER BY id DESC LIMIT 1"), ROLES.admin);

  const m = await createOnPage(member, 'membre seulement');
  for (const [method, path, body] of [['GET', '/admin/comptes'], ['POST', '/admin/comptes', { email: 'non@demo.test' }]]) {
    const denied = await bearer(m.token, path, { method, body, headers: { Accept: 'application/json' } });
    assert.equal(denied.status, 403, `${method} ${path}`);
    assert.equal((await denied.json()).error.code, 'forbidden');
  }
  // HTML asked: still 403, not a redirect to log in
  assert.equal((await bearer(m.token, '/admin')).status, 403);
});

test('a wrong token gets 401 JSON, never the session of the cookie', async () => {
  for (const t of ['qrt_' + 'A'.repeat(43), 'n-importe-quoi', '', 'x'.repeat(500)])
    await assertRefused(await bearer(t, '/compte', { headers: { Accept: 'text/html' } }));
  // a valid session cookie beside a wrong token does not help
  const res = await fetch(s.base + '/compte', { headers: { Authorization: 'Bearer qrt_faux', Cookie: member.cookieHeader() }, redirect: 'manual' });
  await assertRefused(res);
  // another scheme is not a token: the cookie session is used as before
  const basic = await fetch(s.base + '/compte', { headers: { Authorization: 'Basic Zm9vOmJhcg==', Cookie: member.cookieHeader() }, redirect: 'manual' });
  assert.equal(basic.status, 200);
  // even on a public page, a wrong token is refused
  await assertRefused(await bearer('qrt_faux', '/'));
});

test('a revoked token gets 401; one cannot revoke another user\'s token', async () => {
  const { token } = await createOnPage(member, 'à révoquer');
  assert.equal((await bearer(token, '/compte', { headers: { Accept: 'application/json' } })).status, 200);
  const id = (await tokensOf(member)).find((t) => t.name === 'à révoquer').id;
  // the admin cannot revoke the member's token from their own page
  const other = await admin.post(`/compte/jetons/${id}/revoquer`, {}, { from: '/compte' });
  assert.equal(other.status, 404);
  assert.equal((await bearer(token, '/compte', { headers: { Accept: 'application/json' } })).status, 200);
  const unknown = await member.post('/compte/jetons/999999/revoquer', {}, { from: '/compte' });
  assert.equal(unknown.status, 404);
  // the revoke form of the page
  const page = await member.get('/compte');
  assert.match(page.text_, new RegExp(`action="/compte/jetons/${id}/revoquer"`));
  const res = await member.post(`/compte/jetons/${id}/revoquer`, {}, { from: '/compte' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/compte');
  const after = await member.get('/compte');
  assert.match(after.text_, /Jeton révoqué/);
  assert.match(after.text_, /Révoqué le/);
  assert.doesNotMatch(after.text_, new RegExp(`action="/compte/jetons/${id}/revoquer"`));
  await assertRefused(await bearer(token, '/compte', { headers: { Accept: 'application/json' } }));
  // revoking again changes nothing
  assert.equal((await member.post(`/compte/jetons/${id}/revoquer`, {}, { from: '/compte' })).status, 303);
  assert.equal(sql(s.db, `SELECT count(*) FROM audit WHERE action = 'token.revoke' AND entity_id = ${id}`), '1');
});

test('a token of a disabled account gets 401', async () => {
  const created = cli(['user', 'add', 'jeton.desactive@demo.test', '--role', 'member', '--name', 'Jeton désactivé', '--db', s.db], { input: 'un-mot-de-passe-solide\n' });
  assert.equal(created.status, 0, created.stderr);
  const c = cli(['token', 'create', 'jeton.desactive@demo.test', '--name', 'avant', '--db', s.db]);
  assert.equal(c.status, 0, c.stderr);
  const token = c.stdout.trim();
  seen.push(token);
  assert.equal((await bearer(token, '/compte', { headers: { Accept: 'application/json' } })).status, 200);
  assert.equal(cli(['user', 'disable', 'jeton.desactive@demo.test', '--db', s.db]).status, 0);
  await assertRefused(await bearer(token, '/compte', { headers: { Accept: 'application/json' } }));
});

test('the token name is required and at most 80 characters', async () => {
  const empty = await member.post('/compte/jetons', { name: '  ' }, { from: '/compte' });
  assert.equal(empty.status, 422);
  assert.match(empty.text_, /<p class="field-error" id="token-name-error">[^<]+<\/p>/);
  assert.match(empty.text_, /id="token-name"[^>]*aria-invalid="true"/);
  assert.doesNotMatch(empty.text_, /id="new-token"/);
  const long = await member.request('/compte/jetons', {
    method: 'POST', json: { name: 'x'.repeat(81), csrf: await member.csrf('/compte') }, headers: { Accept: 'application/json' },
  });
  assert.equal(long.status, 422);
  const body = json(long);
  assert.equal(body.error.code, 'invalid_input');
  assert.equal(typeof body.error.fields.name, 'string');
  const kept = await member.post('/compte/jetons', { name: 'y'.repeat(81) }, { from: '/compte' });
  assert.equal(kept.status, 422);
  assert.ok(kept.text_.includes('value="' + 'y'.repeat(81) + '"'), 'the input is shown again');
  assert.equal(sql(s.db, "SELECT count(*) FROM api_token WHERE name LIKE 'xxxx%' OR name LIKE 'yyyy%' OR trim(name) = ''"), '0');
  const exact = await member.post('/compte/jetons', { name: 'é'.repeat(80) }, { from: '/compte' });
  assert.equal(exact.status, 201);
});

test('command line: token create prints the token alone, list shows it, revoke ends it', async () => {
  const c = cli(['token', 'create', ROLES.staff, '--name', 'export nocturne', '--db', s.db]);
  assert.equal(c.status, 0, c.stderr);
  assert.match(c.stdout, /^qrt_[A-Za-z0-9_-]{43}\n$/);
  const token = c.stdout.trim();
  seen.push(token);
  const res = await bearer(token, '/equipe', { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200);
  const list = cli(['token', 'list', ROLES.staff, '--db', s.db]);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /export nocturne/);
  assert.ok(!list.stdout.includes(token));
  const id = list.stdout.split('\n').find((l) => l.includes('export nocturne')).trim().split(/\s+/)[0];
  assert.match(id, /^\d+$/);
  assert.match(list.stdout.split('\n').find((l) => l.includes('export nocturne')), /\d{4}-\d\d-\d\dT.*Z.*actif/);
  const r = cli(['token', 'revoke', id, '--db', s.db]);
  assert.equal(r.status, 0, r.stderr);
  await assertRefused(await bearer(token, '/equipe', { headers: { Accept: 'application/json' } }));
  assert.match(cli(['token', 'list', ROLES.staff, '--db', s.db]).stdout, /export nocturne/);
  assert.equal(sql(s.db, `SELECT actor FROM audit WHERE action = 'token.revoke' AND entity_id = ${id}`), 'système');
});

test('command line: errors in French with a non-zero exit', () => {
  const cases = [
    [['token', 'create', ROLES.staff, '--db', s.db], /--name/],
    [['token', 'create', 'personne@demo.test', '--name', 'x', '--db', s.db], /aucun compte/],
    [['token', 'create', ROLES.staff, '--name', 'z'.repeat(81), '--db', s.db], /1 à 80 caractères/],
    [['token', 'list', '--db', s.db], /adresse électronique/],
    [['token', 'revoke', '999999', '--db', s.db], /aucun jeton/],
    [['token', 'revoke', 'abc', '--db', s.db], /invalide/],
    [['token', 'revoke', '--db', s.db], /numéro du jeton/],
    [['token', 'efface', '--db', s.db], /sous-commande inconnue/],
    [['token', '--db', s.db], /create, list ou revoke/],
  ];
  for (const [args, pattern] of cases) {
    const r = cli(args);
    assert.notEqual(r.status, 0, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
    assert.match(r.stderr, /^quartier : /, args.join(' '));
    assert.match(r.stderr, pattern, args.join(' '));
    assert.doesNotMatch(r.stderr, SANITIZER);
  }
  assert.match(cli(['help']).stdout, /token create EMAIL --name NOM/);
});

test('token actions are in the audit log, in French, without the token', async () => {
  const rows = sql(s.db, "SELECT action || '|' || summary FROM audit WHERE action LIKE 'token.%'").split('\n');
  assert.ok(rows.some((r) => r.startsWith('token.create|')));
  assert.ok(rows.some((r) => r.startsWith('token.revoke|')));
  const page = await admin.get('/admin/journal');
  assert.match(page.text_, /Création de jeton d&#39;API|Création de jeton d'API/);
  assert.match(page.text_, /Révocation de jeton d&#39;API|Révocation de jeton d'API/);
  const everything = sql(s.db, 'SELECT * FROM audit');
  assert.ok(seen.length >= 6);
  for (const t of seen) {
    assert.ok(!everything.includes(t), 'a token in the audit log');
    assert.ok(!everything.includes(t.slice(4, 20)), 'part of a token in the audit log');
    assert.ok(!s.stderr().includes(t.slice(4, 20)), 'a token in the server log');
  }
  assert.doesNotMatch(s.stderr(), /qrt_[A-Za-z0-9_-]{8}/);
});
