// Error pages (HTML and JSON), body limits, strict decoding of what comes in,
// JSON rendering, security headers, static files, HTML escaping, and a request
// in flight while the server is told to stop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, Client, ROLES, stopClean, assertNoSanitizer, setCookie, assertJsonError } from './lib.mjs';

/** Parses a raw HTTP/1.1 response (one, as a Buffer). */
function parseResponse(buf) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = head[0].match(/^HTTP\/1\.[01] (\d{3}) /);
  if (!m) return null;
  const headers = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = buf.subarray(end + 4);
  const len = headers['content-length'] !== undefined ? Number(headers['content-length']) : null;
  if (len !== null && body.length < len) return null;
  return { status: Number(m[1]), statusLine: head[0], headers, body: body.toString('utf8') };
}

/** Opens a TCP connection to the server. */
function connect(port) {
  return new Promise((res, rej) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    sock.once('connect', () => res(sock));
    sock.once('error', rej);
  });
}

/** Collects what the socket receives until the response is complete or the socket ends. */
function readResponse(sock, timeout = 10000) {
  return new Promise((res, rej) => {
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => { sock.destroy(); rej(new Error(`no complete response; got ${JSON.stringify(buf.toString('latin1'))}`)); }, timeout);
    const done = () => {
      const r = parseResponse(buf);
      if (r) { clearTimeout(timer); sock.destroy(); res(r); return true; }
      return false;
    };
    sock.on('data', (d) => { buf = Buffer.concat([buf, d]); done(); });
    sock.on('end', () => { if (!done()) { clearTimeout(timer); rej(new Error(`connection closed; got ${JSON.stringify(buf.toString('latin1'))}`)); } });
    sock.on('error', (e) => { if (!done()) { clearTimeout(timer); rej(e); } });
  });
}

/** Sends bytes exactly as given (no URL normalisation) and reads one response. */
async function raw(port, data) {
  const sock = await connect(port);
  const p = readResponse(sock);
  sock.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  return p;
}

function rawGet(port, target, headers = '') {
  return raw(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`);
}

/** Header getter for both fetch responses and raw ones. */
const header = (res, name) => (res.headers.get ? res.headers.get(name) : res.headers[name.toLowerCase()]) ?? null;

function assertSecurityHeaders(res, what) {
  const csp = header(res, 'content-security-policy');
  assert.ok(csp, `${what}: CSP present`);
  assert.match(csp, /frame-ancestors 'none'/, what);
  assert.match(csp, /default-src 'self'/, what);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, what);
  assert.equal(header(res, 'x-content-type-options'), 'nosniff', what);
  assert.ok(header(res, 'referrer-policy'), `${what}: Referrer-Policy present`);
}

let s;
before(async () => { s = await startServer(); });
after(async () => { await stopClean(s); });

// ---- 404, 405 ----

test('404: a French page, or a JSON error', async () => {
  const res = await fetch(s.base + '/nulle-part');
  assert.equal(res.status, 404);
  assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8/);
  const html = await res.text();
  assert.match(html, /<html lang="fr">/);
  assert.match(html, /<h1>Page introuvable<\/h1>/);
  assert.match(html, /Erreur 404 · requête [0-9a-f]{16}/);

  const json = await fetch(s.base + '/nulle-part', { headers: { Accept: 'application/json' } });
  const body = await assertJsonError(json, 404, 'not_found');
  assert.match(body.error.request_id, /^[0-9a-f]{16}$/);

  const project = await fetch(s.base + '/projets/inconnu');
  assert.equal(project.status, 404);
  assert.match(await project.text(), /Ce projet n&#39;existe pas\.|Ce projet n'existe pas\./);
  // a route's pattern must match the whole path
  assert.equal((await fetch(s.base + '/projets/mosson/plus')).status, 404);
  assert.equal((await fetch(s.base + '/connexion/')).status, 404);
});

test('405 with an Allow header', async () => {
  const post = await fetch(s.base + '/', { method: 'POST', body: 'x=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
  const html = await post.text();
  assert.match(html, /<h1>Méthode non autorisée<\/h1>/);

  const get = await fetch(s.base + '/deconnexion', { redirect: 'manual' });
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST');

  const del = await fetch(s.base + '/admin/comptes', { method: 'DELETE' });
  assert.equal(del.status, 405);
  assert.deepEqual(del.headers.get('allow').split(', ').sort(), ['GET', 'HEAD', 'POST']);

  const json = await fetch(s.base + '/deconnexion', { headers: { Accept: 'application/json' } });
  assert.equal(json.status, 405);
  assert.equal((await json.json()).error.code, 'method_not_allowed');

  const stat = await fetch(s.base + '/static/style.css', { method: 'PUT', body: 'x' });
  assert.equal(stat.status, 405);
  assert.equal(stat.headers.get('allow'), 'GET, HEAD');
});

// ---- 413 ----

test('413 for a body larger than --max-body', async () => {
  const small = await startServer({ args: ['--max-body', '1000'] });
  try {
    const c = new Client(small.base);
    const tok = await c.csrf();
    // announced by Content-Length
    const big = `csrf=${tok}&email=${'a'.repeat(5000)}`;
    const res = await c.request('/connexion', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: big });
    assert.equal(res.status, 413);
    assert.match(res.text_, /<h1>Contenu trop volumineux<\/h1>/);
    const msg = res.text_.match(/<p class="lead">([^<]*)<\/p>/)[1];
    assert.match(msg, /dépassent la taille autorisée/);
    // the message states the limit, the real one (1000 bytes), not « 0 Mo »
    const lim = msg.match(/\((\d+(?:[.,]\d+)?) ?(octets|Ko|Mo)\)/);
    assert.ok(lim, `limit in the message: ${msg}`);
    const n = Number(lim[1].replace(',', '.')) * { octets: 1, Ko: 1024, Mo: 1024 * 1024 }[lim[2]];
    assert.ok(n >= 900 && n <= 1100, `limit shown: ${lim[0]}`);
    assertSecurityHeaders(res, '413');

    // JSON clients get a JSON error
    const json = await c.request('/connexion', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: big });
    assert.equal(json.status, 413);
    assert.equal(JSON.parse(json.text_).error.code, 'payload_too_large');

    // not announced: a chunked body that grows past the limit
    const chunk = 'email=' + 'b'.repeat(3000);
    const chunked = await raw(small.port,
      'POST /connexion HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
      `Cookie: ${c.cookieHeader()}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
      `${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`);
    assert.equal(chunked.status, 413);
    assert.match(chunked.body, /Contenu trop volumineux/);

    // a body under the limit is still fine
    assert.equal((await c.login(ROLES.staff)).status, 303);
  } finally {
    await stopClean(small);
  }
});

// ---- strict decoding: 400 ----

test('bad encodings in the path or query are a 400', async () => {
  const cases = [
    ['/%zz', /Encodage invalide/],
    ['/projets/%e', /Encodage invalide/],
    ['/projets/%ff', /UTF-8/],
    ['/%00', /Caractère nul/],
    ['/?q=%ff%fe', /UTF-8/],
    ['/?q=%C0%AF', /UTF-8/], // overlong encoding of "/"
    ['/?q=%ED%A0%80', /UTF-8/], // a UTF-16 surrogate
    ['/?q=a%00b', /Caractère nul/],
    ['/?q=%2', /Encodage invalide/],
    ['/admin/comptes?q=%zz', /Encodage invalide/],
  ];
  for (const [target, message] of cases) {
    const res = await rawGet(s.port, target);
    assert.equal(res.status, 400, target);
    assert.match(res.headers['content-type'], /^text\/html/, target);
    assert.match(res.body, /<h1>Requête invalide<\/h1>/, target);
    assert.match(res.body, message, target);
    assertSecurityHeaders(res, target);
  }
  // raw bytes that are not UTF-8, not percent-encoded
  const rawBytes = await raw(s.port, Buffer.concat([Buffer.from('GET /?q='), Buffer.from([0xff, 0xfe]), Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]));
  assert.equal(rawBytes.status, 400);
  // JSON clients get a JSON 400
  const json = await rawGet(s.port, '/?q=%zz', 'Accept: application/json\r\n');
  assert.equal(json.status, 400);
  const err = JSON.parse(json.body).error;
  assert.equal(err.code, 'bad_request');
  assert.match(err.message, /Encodage invalide/);
  // well-formed UTF-8 is fine
  assert.equal((await rawGet(s.port, '/?q=%C3%A9t%C3%A9+%E2%82%AC')).status, 200);
});

test('bad encodings in a form body are a 400, even with a valid CSRF token', async () => {
  const c = new Client(s.base);
  const tok = await c.csrf();
  const post = (body, ct = 'application/x-www-form-urlencoded') => c.request('/connexion', { method: 'POST', headers: { 'Content-Type': ct }, body });
  const cases = [
    [`csrf=${tok}&email=%zz&password=x`, /Encodage invalide|n'a pas pu être comprise|n&#39;a pas pu être comprise/],
    [`csrf=${tok}&email=a%&password=x`, null],
    [`csrf=${tok}&email=%C3%28&password=x`, null],
    [`csrf=${tok}&email=a%00b&password=x`, null],
    [`csrf=${tok}&em%ffail=a&password=x`, null],
  ];
  for (const [body, message] of cases) {
    const res = await post(body);
    assert.equal(res.status, 400, body);
    assert.match(res.text_, /<h1>Requête invalide<\/h1>/, body);
    if (message) assert.match(res.text_, message, body);
    assert.ok(!setCookie(res, 'quartier_session'), body);
  }
  // invalid UTF-8 sent as raw bytes
  const rawBody = Buffer.concat([Buffer.from(`csrf=${tok}&email=`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('&password=x')]);
  assert.equal((await post(rawBody)).status, 400);
  // JSON bodies: malformed, not an object, a NUL, nested values
  for (const body of ['{"email":', '[1,2]', '{"email":"a\\u0000b","password":"x"}', '{"email":{"a":1}}']) {
    const res = await c.request('/connexion', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': tok, Accept: 'application/json' }, body });
    assert.equal(res.status, 400, body);
    assert.equal(JSON.parse(res.text_).error.code, 'bad_request', body);
  }
  // a body of an unknown type
  const plain = await post(`csrf=${tok}`, 'text/plain');
  assert.equal(plain.status, 415);
  assert.match(plain.text_, /Format non pris en charge/);
  // and the same form, well encoded, is answered normally
  const okRes = await post(`csrf=${tok}&email=${encodeURIComponent(ROLES.member)}&password=quartier-demo`);
  assert.equal(okRes.status, 303);
});

// ---- JSON rendering ----

test('pages render as JSON for API clients', async () => {
  const home = await fetch(s.base + '/', { headers: { Accept: 'application/json' } });
  assert.equal(home.status, 200);
  assert.match(home.headers.get('content-type'), /^application\/json/);
  const view = await home.json();
  assert.ok(Array.isArray(view.projects));
  const slugs = view.projects.map((p) => p.slug);
  assert.ok(slugs.includes('mosson'), slugs.join());
  assert.ok(slugs.includes('cevennes'), slugs.join());
  for (const p of view.projects) assert.equal(typeof p.name, 'string');
  assert.equal(typeof view.authority.name, 'string');

  const mosson = await fetch(s.base + '/projets/mosson', { headers: { Accept: 'application/json' } });
  assert.equal(mosson.status, 200);
  const pv = await mosson.json();
  assert.equal(pv.project.slug, 'mosson');
  assert.match(pv.project.name, /Mosson/);
  assert.ok(Array.isArray(pv.sectors));

  // HTML stays the default; JSON only when asked for more precisely
  const browser = await fetch(s.base + '/', { headers: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
  assert.match(browser.headers.get('content-type'), /^text\/html/);
  const api = await fetch(s.base + '/', { headers: { Accept: 'application/json, */*' } });
  assert.match(api.headers.get('content-type'), /^application\/json/);
  const none = await fetch(s.base + '/');
  assert.match(none.headers.get('content-type'), /^text\/html/);
});

test('/healthz answers status, version and db', async () => {
  const res = await fetch(s.base + '/healthz');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const body = await res.json();
  assert.deepEqual(Object.keys(body).sort(), ['db', 'status', 'version']);
  assert.equal(body.status, 'ok');
  assert.equal(body.db, 'ok');
  assert.equal(typeof body.version, 'string');
  assert.ok(body.version.length > 0);
  assert.equal(res.headers.get('cache-control'), 'no-store');
});

// ---- headers ----

test('security headers on every kind of response', async () => {
  const c = new Client(s.base);
  const checks = [
    ['GET /', await c.get('/')],
    ['GET / JSON', await c.get('/', { headers: { Accept: 'application/json' } })],
    ['GET /connexion', await c.get('/connexion')],
    ['302 /admin', await c.get('/admin')],
    ['401 JSON', await c.get('/admin', { headers: { Accept: 'application/json' } })],
    ['403 csrf', await c.post('/connexion', {}, { csrf: false })],
    ['404', await c.get('/nulle-part')],
    ['405', await c.request('/', { method: 'POST' })],
    ['healthz', await c.get('/healthz')],
    ['static', await c.get('/static/style.css')],
    ['static 404', await c.get('/static/nope.css')],
    ['400', await rawGet(s.port, '/%zz')],
  ];
  await c.login(ROLES.admin);
  checks.push(['admin page', await c.get('/admin/comptes')]);
  checks.push(['303 logout', await c.post('/deconnexion', {}, { from: '/admin' })]);
  for (const [what, res] of checks) assertSecurityHeaders(res, what);
  // pages are never stored by caches; static files may be
  for (const i of [0, 2, 3, 4, 6, 12]) assert.equal(checks[i][1].headers.get('cache-control'), 'no-store', checks[i][0]);
  assert.match(checks[9][1].headers.get('cache-control'), /^public/);
});

// ---- static files ----

test('static files: type, ETag, 304, 404', async () => {
  const res = await fetch(s.base + '/static/style.css');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/css/);
  const etag = res.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]+"$/);
  const css = await res.text();
  assert.ok(css.length > 100);
  assert.match(res.headers.get('cache-control'), /max-age=\d+/);

  const again = await fetch(s.base + '/static/style.css', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), '');
  assertSecurityHeaders(again, '304');
  const stale = await fetch(s.base + '/static/style.css', { headers: { 'If-None-Match': '"0000"' } });
  assert.equal(stale.status, 200);
  assert.equal(await stale.text(), css);

  const missing = await fetch(s.base + '/static/nope.css');
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /Page introuvable/);
  // no way out of the static folder
  for (const target of ['/static/../style.css', '/static/%2e%2e/style.css', '/static/x/style.css', '/static/%2Fstyle.css']) {
    const r = await rawGet(s.port, target);
    assert.equal(r.status, 404, target);
    assert.notEqual(r.body, css, target);
  }
  const icon = await fetch(s.base + '/static/favicon.svg');
  assert.equal(icon.status, 200);
  assert.match(icon.headers.get('content-type'), /^image\/svg\+xml/);
});

// ---- escaping ----

test('user text is escaped in HTML', async () => {
  const admin = new Client(s.base);
  await admin.login(ROLES.admin);
  const name = '<script>alert(1)</script>';
  const res = await admin.post('/admin/comptes', { email: 'xss@demo.test', name, role: 'member', password: 'un-mot-de-passe-long' }, { from: '/admin/comptes/nouveau' });
  assert.equal(res.status, 303, res.text_);
  const list = await admin.get('/admin/comptes');
  assert.equal(list.status, 200);
  assert.match(list.text_, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.ok(!list.text_.includes('<script'), 'no raw script tag in the list');
  const show = await admin.get(res.headers.get('location'));
  assert.match(show.text_, /<h1>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/h1>/);
  assert.ok(!show.text_.includes('<script'), 'no raw script tag on the account page');
  // that user's own pages too
  const user = new Client(s.base);
  assert.equal((await user.login('xss@demo.test', 'un-mot-de-passe-long')).status, 303);
  const home = await user.get('/membre');
  assert.match(home.text_, /Bonjour &lt;script&gt;/);
  assert.ok(!home.text_.includes('<script'));
  // and values put back in a form attribute after an error
  const bad = await admin.post('/admin/comptes', { email: '"><img src=x onerror=alert(1)>', name: 'x"y', role: 'member', password: 'court' }, { from: '/admin/comptes/nouveau' });
  assert.equal(bad.status, 422);
  assert.ok(!bad.text_.includes('"><img'), 'attribute value escaped');
  assert.match(bad.text_, /&quot;&gt;&lt;img/);
  assert.ok(!bad.text_.includes('value="x"y"'));
});

// ---- shutdown ----

test('a request in flight during SIGTERM completes; new connections are refused', async () => {
  const t = await startServer();
  let stopped = false;
  try {
    const c = new Client(t.base);
    const tok = await c.csrf();
    const body = Buffer.from(new URLSearchParams({ csrf: tok, email: ROLES.admin, password: 'quartier-demo' }).toString());
    const sock = await connect(t.port);
    const response = readResponse(sock, 15000);
    sock.write(`POST /connexion HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
      `Cookie: ${c.cookieHeader()}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
    sock.write(body.subarray(0, 10));
    await new Promise((r) => setTimeout(r, 200)); // the server has the headers and a piece of the body
    t.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(t.proc.exitCode, null, 'still running while a request is in flight');
    // the listening socket is closed: a new connection is refused
    await assert.rejects(connect(t.port), (e) => e.code === 'ECONNREFUSED');
    sock.write(body.subarray(10));
    const res = await response;
    assert.match(res.statusLine, /^HTTP\/1\.1 303 /);
    assert.equal(res.headers.location, '/admin');
    assert.match(res.headers['set-cookie'] ?? '', /quartier_session=/);
    const { code, signal } = await t.exited;
    assert.equal(signal, null);
    assert.equal(code, 0);
    stopped = true;
    assert.match(t.stderr(), /signal 15 reçu/);
    assert.match(t.stderr(), /arrêté/);
  } finally {
    const r = await t.stop();
    if (!stopped) assert.equal(r.code, 0);
    assertNoSanitizer(t);
  }
});

test('a server with only idle connections stops at once on SIGTERM, having logged no error', async () => {
  const t = await startServer();
  try {
    const c = new Client(t.base);
    assert.equal((await c.get('/')).status, 200);
    assert.equal((await c.login(ROLES.member)).status, 303);
    const idle = await connect(t.port); // opened, nothing sent
    const start = Date.now();
    const { code } = await t.stop();
    assert.equal(code, 0);
    assert.ok(Date.now() - start < 5000, `took ${Date.now() - start} ms`);
    idle.destroy();
    // an ordinary start, a few requests and a stop are no cause for an error line
    assert.doesNotMatch(t.stderr(), /^\S+ error /m, t.stderr());
  } finally {
    await t.stop();
    assertNoSanitizer(t);
  }
});

test('slow clients cannot hold the workers; they are cut off after the timeout', async () => {
  const t = await startServer({ args: ['--threads', '1', '--timeout', '2'] });
  const slow = [];
  try {
    // 30 clients that send half a request line and then nothing
    for (let i = 0; i < 30; i++) {
      const sock = await connect(t.port);
      sock.closedAt = null;
      sock.on('close', () => { sock.closedAt = Date.now(); });
      sock.on('error', () => {});
      sock.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      slow.push(sock);
    }
    // the single worker still answers others at once
    const start = Date.now();
    const res = await fetch(t.base + '/healthz');
    assert.equal(res.status, 200);
    assert.ok(Date.now() - start < 1500, `answered in ${Date.now() - start} ms`);
    assert.ok(slow.every((s) => s.closedAt === null), 'slow clients were cut off before the timeout');
    // past the timeout, the server has closed every slow connection
    await new Promise((r) => setTimeout(r, 4000));
    assert.ok(slow.every((s) => s.closedAt !== null), `${slow.filter((s) => s.closedAt === null).length} slow clients still connected`);
  } finally {
    slow.forEach((s) => s.destroy());
    await stopClean(t);
  }
});

test('a database that stays locked gives the French 500 page, and nothing half-written', async () => {
  const { spawn } = await import('node:child_process');
  const t = await startServer();
  let locker;
  try {
    const c = new Client(t.base);
    const tok = await c.csrf();
    // another process holds the write lock (the server waits 5 s, then gives up)
    locker = spawn('sqlite3', [t.db], { stdio: ['pipe', 'pipe', 'pipe'] });
    locker.stdin.write('BEGIN IMMEDIATE; SELECT \'locked\';\n');
    await new Promise((r) => locker.stdout.once('data', r));
    const res = await c.post('/connexion', { csrf: tok, email: ROLES.staff, password: 'quartier-demo' });
    assert.equal(res.status, 500);
    assert.match(res.text_, /<h1>Erreur interne<\/h1>/);
    assert.match(res.text_, /requête [0-9a-f]{16}/);
    assert.ok(!res.headers.getSetCookie().some((h) => h.startsWith('quartier_session=') && !h.includes('Max-Age=0')),
      'a session cookie was set although the login failed');
    locker.stdin.end('ROLLBACK;\n');
    await new Promise((r) => locker.on('exit', r));
    locker = null;
    // the lock gone, the same login works, and the failed one left no session behind
    const admin = new Client(t.base);
    assert.equal((await admin.login(ROLES.admin)).status, 303);
    const home = JSON.parse((await admin.get('/admin', { headers: { Accept: 'application/json' } })).text_);
    assert.equal(home.counts.sessions, 1, 'only the admin\'s own session exists');
    assert.equal((await c.login(ROLES.staff)).status, 303);
  } finally {
    if (locker) locker.kill();
    await stopClean(t);
  }
});
