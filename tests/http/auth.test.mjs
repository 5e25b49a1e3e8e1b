// Logging in and out, sessions and their cookie, throttling, CSRF on login,
// access control (anonymous, wrong role), and changing one's own password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ROLES, DEMO_PASSWORD, HOMES, stopClean, setCookie, assertJsonError } from './lib.mjs';

const WRONG_LOGIN = 'Adresse électronique ou mot de passe incorrect';
const NAMES = { admin: 'Julien Roux', staff: 'Nadia Benali', partner: 'Sophie Martin', member: 'Karim Haddad' };

/** Minutes since midnight in Paris, `offset` minutes from now. */
function parisMinutes(offsetMinutes = 0) {
  const parts = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: 'numeric', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(Date.now() + offsetMinutes * 60000));
  const get = (t) => Number(parts.find((p) => p.type === t).value);
  return get('hour') * 60 + get('minute');
}

/** Asserts « Réessayez après H h MM » names a time about 15 minutes from now, in Paris. */
function assertRetryTime(msg) {
  const m = msg.match(/Réessayez après (\d{1,2}) h (\d{2})/);
  assert.ok(m, msg);
  const shown = Number(m[1]) * 60 + Number(m[2]);
  const diff = (shown - parisMinutes() + 1440) % 1440;
  assert.ok(diff >= 14 && diff <= 16, `« ${m[0]} » is ${diff} minutes from now in Paris, not 15`);
}

/** The error message shown by the login page. */
function loginError(html) {
  const m = html.match(/<div class="notice notice-error" role="alert"><p>([^<]*)<\/p><\/div>/);
  return m ? m[1] : null;
}

let s; // shared server: fewer than 20 failed logins in all, so the address lock never triggers here
before(async () => { s = await startServer(); });
after(async () => { await stopClean(s); });

/** Creates an account through the admin form; returns its id. */
async function createAccount(fields) {
  const admin = new Client(s.base);
  assert.equal((await admin.login(ROLES.admin)).status, 303);
  const res = await admin.post('/admin/comptes', fields, { from: '/admin/comptes/nouveau' });
  assert.equal(res.status, 303, res.text_);
  return Number(res.headers.get('location').match(/\/admin\/comptes\/(\d+)$/)[1]);
}

test('each role logs in to its own home page, which shows the user\'s name', async () => {
  for (const [role, email] of Object.entries(ROLES)) {
    const c = new Client(s.base);
    const res = await c.login(email);
    assert.equal(res.status, 303, `${role}: ${res.text_}`);
    assert.equal(res.headers.get('location'), HOMES[role]);
    const home = await c.get(HOMES[role]);
    assert.equal(home.status, 200);
    assert.match(home.text_, new RegExp(`Bonjour ${NAMES[role]}`));
    // the header shows who is logged in, and a logout button instead of « Se connecter »
    assert.match(home.text_, new RegExp(`<a href="/compte" title="Mon compte">${NAMES[role]}</a>`));
    assert.match(home.text_, /action="\/deconnexion"/);
    assert.doesNotMatch(home.text_, />Se connecter</);
    // /espace sends each role to its home
    const espace = await c.get('/espace');
    assert.equal(espace.status, 302);
    assert.equal(espace.headers.get('location'), HOMES[role]);
    // and the login form itself, once logged in, too
    const form = await c.get('/connexion');
    assert.equal(form.status, 302);
    assert.equal(form.headers.get('location'), HOMES[role]);
  }
  const partner = new Client(s.base);
  await partner.login(ROLES.partner);
  assert.match((await partner.get('/partenaire')).text_, /Bonjour Sophie Martin, pour ACM Habitat\./);
});

test('the session cookie is HttpOnly, SameSite=Lax, without Secure over http', async () => {
  const c = new Client(s.base);
  const res = await c.login(ROLES.staff);
  assert.equal(res.status, 303);
  const cookie = setCookie(res, 'quartier_session');
  assert.ok(cookie, 'a session cookie is set');
  const attrs = cookie.split(';').map((a) => a.trim().toLowerCase());
  assert.match(attrs[0], /^quartier_session=[A-Za-z0-9_-]{40,}$/);
  assert.ok(attrs.includes('httponly'), cookie);
  assert.ok(attrs.includes('samesite=lax'), cookie);
  assert.ok(attrs.includes('path=/'), cookie);
  assert.ok(!attrs.includes('secure'), cookie);
  // a fresh session token, not the visitor's cookie promoted
  assert.notEqual(attrs[0].split('=')[1], c.cookies.get('quartier_visiteur')?.toLowerCase());
});

test('with an https base URL, the session cookie is Secure', async () => {
  const https = await startServer({ args: ['--base-url', 'https://example.org'] });
  try {
    const c = new Client(https.base);
    const form = await c.get('/connexion');
    const visitor = setCookie(form, 'quartier_visiteur');
    assert.ok(visitor && /;\s*Secure/i.test(visitor), `visitor cookie: ${visitor}`);
    const res = await c.login(ROLES.member);
    assert.equal(res.status, 303);
    const cookie = setCookie(res, 'quartier_session');
    assert.ok(cookie);
    const attrs = cookie.split(';').map((a) => a.trim().toLowerCase());
    assert.ok(attrs.includes('secure'), cookie);
    assert.ok(attrs.includes('httponly'), cookie);
    assert.ok(attrs.includes('samesite=lax'), cookie);
  } finally {
    await stopClean(https);
  }
});

test('logout deletes the session: the old cookie no longer opens anything', async () => {
  const c = new Client(s.base);
  assert.equal((await c.login(ROLES.admin)).status, 303);
  const oldCookie = c.cookieHeader();
  assert.equal((await c.get('/admin')).status, 200);
  // logging out needs the CSRF token too
  const noCsrf = await c.post('/deconnexion', {}, { csrf: false });
  assert.equal(noCsrf.status, 403);
  assert.equal((await c.get('/admin')).status, 200, 'a refused logout leaves the session open');

  const res = await c.post('/deconnexion', {}, { from: '/admin' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/');
  const cleared = setCookie(res, 'quartier_session');
  assert.match(cleared, /^quartier_session=;/);
  assert.match(cleared, /Max-Age=0/i);
  assert.ok(!c.cookies.has('quartier_session'));
  // the home page shows the notice once
  const home = await c.get('/');
  assert.match(home.text_, /Vous êtes déconnecté\./);
  assert.match(home.text_, />Se connecter</);

  // replaying the old cookie: the session is gone from the server, not just from the browser
  const replay = await fetch(s.base + '/admin', { headers: { Cookie: oldCookie }, redirect: 'manual' });
  assert.equal(replay.status, 302);
  assert.match(replay.headers.get('location'), /^\/connexion\?suite=(\/|%2F)admin$/);
  const replayJson = await fetch(s.base + '/compte', { headers: { Cookie: oldCookie, Accept: 'application/json' } });
  assert.equal(replayJson.status, 401);
});

test('a wrong password and an unknown account get the same 401 answer', async () => {
  const c = new Client(s.base);
  const wrong = await c.login(ROLES.staff, 'not-the-password');
  assert.equal(wrong.status, 401);
  assert.match(wrong.text_, new RegExp(WRONG_LOGIN));
  assert.ok(!setCookie(wrong, 'quartier_session'), 'no session on failure');
  const unknown = await c.login('nobody@demo.test', 'not-the-password');
  assert.equal(unknown.status, 401);
  assert.equal(loginError(unknown.text_), loginError(wrong.text_));
  assert.match(loginError(unknown.text_), new RegExp(WRONG_LOGIN));
  // the address typed is kept in the form, the password never is
  assert.match(unknown.text_, /name="email" type="email"[^>]*value="nobody@demo.test"/);
  assert.doesNotMatch(unknown.text_, /not-the-password/);
  // still not logged in
  assert.equal((await c.get('/equipe')).status, 302);

  // JSON clients get the same message, without telling more
  const tok = await c.csrf();
  const j1 = await c.request('/connexion', { method: 'POST', headers: { Accept: 'application/json', 'X-CSRF-Token': tok }, json: { email: ROLES.staff, password: 'nope-nope-nope' } });
  const j2 = await c.request('/connexion', { method: 'POST', headers: { Accept: 'application/json', 'X-CSRF-Token': tok }, json: { email: 'ghost@demo.test', password: 'nope-nope-nope' } });
  assert.equal(j1.status, 401);
  assert.equal(j2.status, 401);
  const e1 = JSON.parse(j1.text_).error, e2 = JSON.parse(j2.text_).error;
  assert.equal(e1.code, 'unauthorized');
  assert.equal(e1.message, e2.message);
  assert.match(e1.message, new RegExp(WRONG_LOGIN));
});

test('the e-mail address is matched without regard to case or surrounding spaces', async () => {
  const c = new Client(s.base);
  const res = await c.login('  Staff@Demo.TEST ');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/equipe');
});

test('empty fields are a 422 with a French message', async () => {
  const c = new Client(s.base);
  const res = await c.post('/connexion', { email: '', password: '' }, { from: '/connexion' });
  assert.equal(res.status, 422);
  assert.match(res.text_, /Saisissez votre adresse électronique et votre mot de passe/);
});

test('a disabled account cannot log in, and gets the same message', async () => {
  const id = await createAccount({ email: 'disabled.login@demo.test', name: 'Compte Désactivé', role: 'member', password: 'un-mot-de-passe-long' });
  const user = new Client(s.base);
  assert.equal((await user.login('disabled.login@demo.test', 'un-mot-de-passe-long')).status, 303);
  const admin = new Client(s.base);
  await admin.login(ROLES.admin);
  const dis = await admin.post(`/admin/comptes/${id}/desactiver`, {}, { from: `/admin/comptes/${id}` });
  assert.equal(dis.status, 303);
  const res = await new Client(s.base).login('disabled.login@demo.test', 'un-mot-de-passe-long');
  assert.equal(res.status, 401);
  assert.match(loginError(res.text_), new RegExp(WRONG_LOGIN));
  assert.ok(!setCookie(res, 'quartier_session'));
  // and the session opened before is closed
  assert.equal((await user.get('/membre')).status, 302);
});

test('login with ?suite= comes back to the page asked for', async () => {
  // anonymous on an admin page: sent to the login form, which remembers where to come back
  const c = new Client(s.base);
  const denied = await c.get('/admin/comptes?role=staff');
  assert.equal(denied.status, 302);
  const loc = denied.headers.get('location');
  // the query string comes back too, encoded as one value
  assert.equal(loc, '/connexion?suite=/admin/comptes%3Frole%3Dstaff');
  const form = await c.get(loc);
  assert.equal(form.status, 200);
  assert.match(form.text_, /<input type="hidden" name="suite" value="\/admin\/comptes\?role&#61;staff">/);
  const tok = form.text_.match(/name="csrf" value="([^"]+)"/)[1];
  const res = await c.post('/connexion', { email: ROLES.admin, password: DEMO_PASSWORD, suite: '/admin/comptes?role=staff', csrf: tok });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/admin/comptes?role=staff');
  assert.equal((await c.get('/admin/comptes')).status, 200);
});

test('the suite is escaped in the login form', async () => {
  const res = await fetch(s.base + '/connexion?suite=' + encodeURIComponent('/x"><script>alert(1)</script>'));
  const html = await res.text();
  assert.equal(res.status, 200);
  assert.ok(!html.includes('<script>'), 'no raw script tag');
  assert.match(html, /<input type="hidden" name="suite" value="\/x&quot;&gt;&lt;script&gt;/);
});

test('an unsafe suite goes to the role\'s home instead', async () => {
  for (const suite of ['//evil.example', '/\\evil.example', 'https://evil.example/', '/\t/evil.example', 'javascript:alert(1)', '/admin\r\nSet-Cookie: x=1', '']) {
    const c = new Client(s.base);
    const res = await c.post('/connexion', { email: ROLES.staff, password: DEMO_PASSWORD, suite }, { from: '/connexion' });
    assert.equal(res.status, 303, suite);
    assert.equal(res.headers.get('location'), '/equipe', `suite ${JSON.stringify(suite)}`);
  }
});

test('POST /connexion without a CSRF token, or with a wrong one, is refused with 403', async () => {
  const c = new Client(s.base);
  await c.get('/connexion'); // has the visitor cookie, but sends no token
  const none = await c.post('/connexion', { email: ROLES.admin, password: DEMO_PASSWORD }, { csrf: false });
  assert.equal(none.status, 403);
  assert.match(none.text_, /Jeton de sécurité manquant ou expiré/);
  assert.ok(!setCookie(none, 'quartier_session'));
  const tok = await c.csrf();
  const wrong = await c.post('/connexion', { email: ROLES.admin, password: DEMO_PASSWORD, csrf: tok.slice(0, -2) + (tok.endsWith('AA') ? 'BB' : 'AA') });
  assert.equal(wrong.status, 403);
  const empty = await c.post('/connexion', { email: ROLES.admin, password: DEMO_PASSWORD, csrf: '' });
  assert.equal(empty.status, 403);
  // without any cookie at all, even a well-formed token is refused
  const bare = await fetch(s.base + '/connexion', {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: ROLES.admin, password: DEMO_PASSWORD, csrf: tok }).toString(),
  });
  assert.equal(bare.status, 403);
  // JSON clients get a JSON 403
  const json = await c.request('/connexion', { method: 'POST', headers: { Accept: 'application/json' }, json: { email: ROLES.admin, password: DEMO_PASSWORD } });
  assert.equal(json.status, 403);
  assert.equal(JSON.parse(json.text_).error.code, 'forbidden');
  // the right token still works afterwards
  assert.equal((await c.login(ROLES.admin)).status, 303);
});

test('a CSRF token from one session does not work for another', async () => {
  // two visitors
  const a = new Client(s.base), b = new Client(s.base);
  const tokA = await a.csrf();
  await b.csrf();
  const cross = await b.post('/connexion', { email: ROLES.member, password: DEMO_PASSWORD, csrf: tokA });
  assert.equal(cross.status, 403);
  // two logged-in sessions of the same user
  assert.equal((await a.login(ROLES.admin)).status, 303);
  assert.equal((await b.login(ROLES.admin)).status, 303);
  const tokSessionA = await a.csrf('/admin');
  assert.notEqual(tokSessionA, tokA, 'logging in changes the token');
  const logoutB = await b.post('/deconnexion', { csrf: tokSessionA });
  assert.equal(logoutB.status, 403);
  assert.equal((await b.get('/admin')).status, 200, 'b is still logged in');
  // the visitor token of before the login no longer works once logged in
  const stale = await a.post('/deconnexion', { csrf: tokA });
  assert.equal(stale.status, 403);
  assert.equal((await a.get('/admin')).status, 200);
});

test('anonymous on a staff page: redirect for browsers, 401 JSON for API clients', async () => {
  const res = await fetch(s.base + '/admin', { redirect: 'manual' });
  assert.equal(res.status, 302);
  // the path is kept as is: "/" needs no escaping in a query string
  assert.equal(res.headers.get('location'), '/connexion?suite=/admin');
  const staff = await fetch(s.base + '/equipe', { redirect: 'manual' });
  assert.equal(staff.status, 302);
  assert.match(staff.headers.get('location'), /^\/connexion\?suite=(\/|%2F)equipe$/);

  const json = await fetch(s.base + '/admin', { headers: { Accept: 'application/json' }, redirect: 'manual' });
  await assertJsonError(json, 401, 'unauthorized');

  // an anonymous POST on a protected action is a 401, not a redirect
  const c = new Client(s.base);
  const post = await c.post('/admin/comptes', { email: 'x@demo.test' }, { from: '/connexion' });
  assert.equal(post.status, 401);
  assert.match(post.text_, /Connexion requise/);
});

test('a role without the right gets 403', async () => {
  const member = new Client(s.base);
  await member.login(ROLES.member);
  for (const path of ['/admin', '/admin/comptes', '/admin/journal', '/equipe', '/partenaire']) {
    const res = await member.get(path);
    assert.equal(res.status, 403, path);
    assert.match(res.text_, /Accès refusé/);
    assert.match(res.text_, /<html lang="fr">/);
  }
  const json = await member.get('/admin', { headers: { Accept: 'application/json' } });
  assert.equal(json.status, 403);
  assert.equal(JSON.parse(json.text_).error.code, 'forbidden');
  // a denied POST creates nothing, even with a valid token
  const post = await member.post('/admin/comptes', { email: 'sneaky@demo.test', name: 'Sneaky', role: 'admin', password: 'un-mot-de-passe-long' }, { from: '/compte' });
  assert.equal(post.status, 403);
  assert.equal((await new Client(s.base).login('sneaky@demo.test', 'un-mot-de-passe-long')).status, 401);

  const staff = new Client(s.base);
  await staff.login(ROLES.staff);
  assert.equal((await staff.get('/admin/comptes')).status, 403);
  assert.equal((await staff.get('/equipe')).status, 200);
});

test('changing one\'s own password', async () => {
  const email = 'self.password@demo.test';
  const oldPw = 'ancien-mot-de-passe';
  const newPw = 'nouveau-mot-de-passe-tout-neuf';
  await createAccount({ email, name: 'Camille Moreau', role: 'staff', password: oldPw });
  const c = new Client(s.base);
  assert.equal((await c.login(email, oldPw)).status, 303);
  const other = new Client(s.base); // another session of the same person
  assert.equal((await other.login(email, oldPw)).status, 303);

  const page = await c.get('/compte');
  assert.equal(page.status, 200);
  assert.match(page.text_, /Camille Moreau/);
  assert.match(page.text_, /self\.password@demo\.test/);

  const wrongCurrent = await c.post('/compte/mot-de-passe', { current: 'pas-le-bon-mot-de-passe', password: newPw, confirm: newPw }, { from: '/compte' });
  assert.equal(wrongCurrent.status, 422);
  assert.match(wrongCurrent.text_, /<p class="field-error" id="current-error">Mot de passe actuel incorrect\.<\/p>/);

  const mismatch = await c.post('/compte/mot-de-passe', { current: oldPw, password: newPw, confirm: newPw + 'x' }, { from: '/compte' });
  assert.equal(mismatch.status, 422);
  assert.match(mismatch.text_, /id="confirm-error">La confirmation ne correspond pas/);

  const short = await c.post('/compte/mot-de-passe', { current: oldPw, password: 'court', confirm: 'court' }, { from: '/compte' });
  assert.equal(short.status, 422);
  assert.match(short.text_, /id="password-error">[^<]*au moins 12 caractères/);

  const noCsrf = await c.post('/compte/mot-de-passe', { current: oldPw, password: newPw, confirm: newPw }, { csrf: false });
  assert.equal(noCsrf.status, 403);

  // none of these changed anything
  assert.equal((await new Client(s.base).login(email, newPw)).status, 401);

  const ok = await c.post('/compte/mot-de-passe', { current: oldPw, password: newPw, confirm: newPw }, { from: '/compte' });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/compte');
  // this session goes on with a fresh cookie; the other one is closed
  assert.ok(setCookie(ok, 'quartier_session') && !/Max-Age=0/i.test(ok.headers.getSetCookie().filter((x) => x.startsWith('quartier_session=')).at(-1)));
  const after = await c.get('/compte');
  assert.equal(after.status, 200);
  assert.match(after.text_, /Mot de passe changé/);
  assert.equal((await other.get('/equipe')).status, 302);

  assert.equal((await new Client(s.base).login(email, oldPw)).status, 401);
  assert.equal((await new Client(s.base).login(email, newPw)).status, 303);
});

// ---- throttling: on servers of their own, as a lock lasts 15 minutes ----

test('5 failures on one account: the 6th attempt, even right, gets 429 with when to retry', async () => {
  const t = await startServer();
  try {
    const c = new Client(t.base);
    for (let i = 1; i <= 5; i++) {
      const res = await c.login(ROLES.staff, `wrong-password-${i}`);
      assert.equal(res.status, 401, `attempt ${i}`);
    }
    const sixth = await c.login(ROLES.staff, DEMO_PASSWORD);
    assert.equal(sixth.status, 429);
    assert.ok(!setCookie(sixth, 'quartier_session'));
    const msg = loginError(sixth.text_);
    assert.match(msg, /Réessayez après \d{1,2} h \d{2}/);
    assert.match(msg, /heure de Paris/);
    assertRetryTime(msg);
    // Retry-After: the seconds left of the 15-minute lock
    const retry = Number(sixth.headers.get('retry-after'));
    assert.ok(retry > 880 && retry <= 900, `Retry-After: ${retry}`);
    // the address is the same as in HTML, changing case does not dodge the lock
    const upper = await c.login(ROLES.staff.toUpperCase(), DEMO_PASSWORD);
    assert.equal(upper.status, 429);
    // JSON clients get the same, as JSON
    const tok = await c.csrf();
    const json = await c.request('/connexion', { method: 'POST', headers: { Accept: 'application/json', 'X-CSRF-Token': tok }, json: { email: ROLES.staff, password: DEMO_PASSWORD } });
    assert.equal(json.status, 429);
    const err = JSON.parse(json.text_).error;
    assert.equal(err.code, 'too_many_requests');
    assert.match(err.message, /Réessayez après/);
    // the lock is on that account only: others still log in from this address
    assert.equal((await new Client(t.base).login(ROLES.member)).status, 303);
  } finally {
    await stopClean(t);
  }
});

test('a successful login resets the account\'s failure count', async () => {
  const t = await startServer();
  try {
    const c = new Client(t.base);
    for (let i = 0; i < 4; i++) assert.equal((await c.login(ROLES.partner, 'wrong-password')).status, 401);
    assert.equal((await c.login(ROLES.partner)).status, 303);
    const d = new Client(t.base);
    for (let i = 0; i < 4; i++) assert.equal((await d.login(ROLES.partner, 'wrong-password')).status, 401);
    assert.equal((await d.login(ROLES.partner)).status, 303, 'four new failures do not lock');
  } finally {
    await stopClean(t);
  }
});

test('20 failures from one address across accounts lock the address', async () => {
  const t = await startServer();
  try {
    const c = new Client(t.base);
    const fail = async (i) => {
      const res = await new Client(t.base).login(`inconnu${i}@demo.test`, 'wrong-password');
      assert.equal(res.status, 401, `attempt ${i}`);
    };
    // two at a time: the server has two threads
    for (let i = 0; i < 19; i += 2) await Promise.all([fail(i), ...(i + 1 < 19 ? [fail(i + 1)] : [])]);
    // 19 failures: not yet locked
    assert.equal((await c.login(ROLES.member)).status, 303);
    await fail(19);
    for (const email of [ROLES.admin, ROLES.staff, 'inconnu99@demo.test']) {
      const res = await new Client(t.base).login(email, DEMO_PASSWORD);
      assert.equal(res.status, 429, email);
      assert.match(loginError(res.text_), /Trop de tentatives de connexion\. Réessayez après \d{1,2} h \d{2}/);
    }
    // an open session is not affected
    assert.equal((await c.get('/membre')).status, 200);
    // without --trust-proxy, X-Forwarded-For is no way around the lock
    const spoof = await new Client(t.base).post('/connexion', { email: ROLES.member, password: DEMO_PASSWORD }, { from: '/connexion', headers: { 'X-Forwarded-For': '203.0.113.9' } });
    assert.equal(spoof.status, 429);
  } finally {
    await stopClean(t);
  }
});

test('behind a trusted proxy, the address throttled is the one the proxy saw', async () => {
  const t = await startServer({ args: ['--trust-proxy'] });
  try {
    const from = (ip) => ({ from: '/connexion', headers: { 'X-Forwarded-For': `198.51.100.1, ${ip}` } });
    const fail = (i) => new Client(t.base).post('/connexion', { email: `inconnu${i}@demo.test`, password: 'wrong-password' }, from('203.0.113.7'))
      .then((res) => assert.equal(res.status, 401, `attempt ${i}`));
    for (let i = 0; i < 20; i += 2) await Promise.all([fail(i), fail(i + 1)]);
    const locked = await new Client(t.base).post('/connexion', { email: ROLES.admin, password: DEMO_PASSWORD }, from('203.0.113.7'));
    assert.equal(locked.status, 429);
    const other = await new Client(t.base).post('/connexion', { email: ROLES.admin, password: DEMO_PASSWORD }, from('203.0.113.8'));
    assert.equal(other.status, 303, 'another client address is not locked');
  } finally {
    await stopClean(t);
  }
});
