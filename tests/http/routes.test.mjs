// Walks the route table (`quartier routes`) with every role and checks that
// the dispatcher enforces exactly the capability each route declares:
//   allowed            → the handler answers (200, 201, 302/303 elsewhere than /connexion, 422)
//   anonymous, denied  → GET: 302 to /connexion?suite=PATH; POST: 401
//   logged in, denied  → 403
// and that every route flagged json answers JSON to Accept: application/json.
// Routes flagged api (/api/v1/...) answer JSON whatever Accept says: an
// anonymous request gets 401 there, never a redirect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cli, startServer, Client, ROLES, HOMES, stopWithoutSanitizerLines, sql } from './lib.mjs';

const ALL_ROLES = ['anonymous', 'member', 'partner', 'staff', 'admin'];
const ALLOWED_STATUSES = [200, 201, 302, 303, 422];

// The table, read synchronously so that one test() per route × role can be declared.
const listing = cli(['routes']);
const routes = listing.status === 0 ? JSON.parse(listing.stdout) : [];

// Destructive for the session that sends it: sent from a throwaway session.
const ENDS_SESSION = new Set(['POST /deconnexion']);

let s;
const clients = {}; // role → Client (logged in, except anonymous)
const tokens = {}; // role → CSRF token of that client's session
const params = { slug: 'mosson', sector: 'grand-mail', op: 1, format: 'json', service_code: 'proprete' }; // {id} is filled in before(): a throwaway account
// {format}, {service_code}: Open311's; {request_id} and {open311_token}: a report inserted in before().
// Open311's POST authenticates by its api_key field, never by the session:
// with a CSRF token alone every role gets Open311's 403.
const isOpen311Post = (route) => route.method === 'POST' && route.pattern.startsWith('/open311/');
// {sector}: a sector of Mosson; {op}: an operation of the demo data (deletions
// need a confirmation field, so the walk with a bare CSRF token deletes nothing).
// A value may depend on the role: {role: value} (e.g. {token_id}: each
// role's own API token, created in before()).

function pathOf(route, role) {
  return route.pattern.replace(/\{([^}]+)\}/g, (_, name) => {
    if (!(name in params)) throw new Error(`no value for the path parameter {${name}} of ${route.pattern}`);
    const v = typeof params[name] === 'object' ? params[name][role] ?? params[name].admin : params[name];
    return encodeURIComponent(String(v));
  });
}

async function loggedIn(role) {
  const c = new Client(s.base);
  const res = await c.login(ROLES[role]);
  assert.equal(res.status, 303, `login as ${role}: ${res.status} ${res.text_.slice(0, 200)}`);
  assert.equal(res.headers.get('location'), HOMES[role]);
  return c;
}

/** Sends the route's request as `client`; POST carries only a valid CSRF token. */
function send(client, token, route, path, headers = {}) {
  if (route.method === 'GET') return client.get(path, { headers });
  return client.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ csrf: token }).toString(),
  });
}

before(async () => {
  s = await startServer();
  const anon = new Client(s.base);
  tokens.anonymous = await anon.csrf('/connexion');
  clients.anonymous = anon;
  const roles = ['member', 'partner', 'staff', 'admin'];
  const logged = await Promise.all(roles.map(loggedIn));
  for (const [i, role] of roles.entries()) {
    clients[role] = logged[i];
    tokens[role] = await logged[i].csrf('/compte');
  }
  // The {id} of the account routes: an account of its own, so that
  // disabling it or resetting its password touches no session in use.
  const res = await clients.admin.request('/admin/comptes', {
    method: 'POST',
    headers: { Accept: 'application/json' },
    json: { csrf: tokens.admin, email: 'cible@demo.test', name: 'Compte cible', role: 'member', password: 'cible-mot-de-passe' },
  });
  assert.equal(res.status, 201, res.text_);
  const created = JSON.parse(res.text_);
  assert.ok(Number.isInteger(created.id) && created.id > 0, res.text_);
  params.id = created.id;
  // {token_id}: an API token of each role's own (revoking one's own token).
  params.token_id = {};
  for (const role of roles) {
    const t = await clients[role].request('/compte/jetons', {
      method: 'POST', headers: { Accept: 'application/json' }, json: { csrf: tokens[role], name: 'parcours des routes' },
    });
    assert.equal(t.status, 201, t.text_);
    params.token_id[role] = JSON.parse(t.text_).id;
  }
  // {contact_id}: a contact of its own (erasing needs a ticked confirmation,
  // so the walk erases nothing); {batch_id}: each role's own CSV import
  // waiting for confirmation, with a bad line (confirming it imports nothing: 422).
  // {report_id}, {ref}: a report of the demo's categories, entered by staff
  // and routed to ACM Habitat (the demo partner's organisation: every role
  // allowed on the back office may see it). A POST carrying only a CSRF
  // token changes no state: 422. Its photo is {photo_id} (below).
  const rep = await clients.staff.request('/api/v1/reports', {
    method: 'POST', headers: { Accept: 'application/json', 'X-CSRF-Token': tokens.staff },
    json: { category: 'encombrants', description: 'Parcours des routes : un canapé', coords: '43.6210,3.8175' },
  });
  assert.equal(rep.status, 201, rep.text_);
  const report = JSON.parse(rep.text_);
  params.report_id = report.id;
  params.ref = report.ref;
  sql(s.db, "INSERT INTO contact (first_name, last_name, created_at, updated_at) VALUES ('Route', 'Parcours', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')");
  params.contact_id = Number(sql(s.db, "SELECT max(id) FROM contact"));
  // {mail_id}: a mail waiting in the outbox (retrying it makes it due now).
  sql(s.db, "INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at) VALUES ('parcours@exemple.fr', 'Parcours', 'Corps', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')");
  params.mail_id = Number(sql(s.db, "SELECT max(id) FROM outbox"));
  // {category_id} with its {attribute_id}: a demo category and its extra
  // question (a bare POST changes nothing: 422, or 303 for the routing, where
  // only the sectors sent change); {hotspot_id}: the demo's point noir.
  params.category_id = Number(sql(s.db, "SELECT id FROM report_category WHERE code = 'ascenseur'"));
  params.attribute_id = Number(sql(s.db, `SELECT min(id) FROM report_category_attribute WHERE category_id = ${params.category_id}`));
  params.hotspot_id = Number(sql(s.db, 'SELECT min(id) FROM hotspot'));
  sql(s.db, `INSERT INTO report (ref, category_id, address, description, status, source, created_at, updated_at)
    SELECT 'S-2026-99999', id, 'Place du Grand Mail', 'Parcours des routes', 'new', 'web', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
    FROM report_category WHERE code = 'proprete'`);
  params.request_id = 'S-2026-99999';
  params.open311_token = 'S-2026-99999';
  // {follow_token}: a report sent through /signaler with a photo
  // (reopening it needs a comment, so the walk reopens nothing).
  {
    const fd = new FormData();
    fd.set('csrf', await anon.csrf('/signaler?categorie=proprete'));
    for (const [k, v] of Object.entries({ category: 'proprete', description: 'Parcours des routes : déchets', address: 'Parvis' })) fd.set(k, v);
    fd.set('photo', new Blob([readFileSync(new URL('../fixtures/plain.png', import.meta.url))], { type: 'image/png' }), 'p.png');
    const r = await anon.request('/signaler', { method: 'POST', body: fd });
    assert.equal(r.status, 303, r.text_.slice(0, 300));
    params.follow_token = r.headers.get('location').split('/').pop();
  }
  // {photo_id}: a photo of the {report_id} report, so that the back office's
  // …/photos/{photo_id}/masquer finds it (staff then admin hide and show it
  // again: it ends public) and /photos/{photo_id} serves it (walked first).
  sql(s.db, "INSERT INTO upload (sha256, size, content_type, data, created_at) VALUES ('00', 1, 'image/png', x'00', '2020-01-01T00:00:00Z')");
  params.photo_id = Number(sql(s.db, 'SELECT max(id) FROM upload'));
  sql(s.db, `INSERT INTO report_photo (report_id, upload_id) VALUES (${report.id}, ${params.photo_id})`);
  // {walk_id}: a walking diagnostic of its own (deleting it needs a ticked
  // confirmation; updating it with a bare CSRF token is refused: 422).
  sql(s.db, "INSERT INTO walk (project_id, title, starts_at, created_at, updated_at) VALUES (1, 'Parcours des routes', '2030-01-01T09:00:00Z', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')");
  params.walk_id = Number(sql(s.db, "SELECT max(id) FROM walk"));
  // {meeting_id}: a public meeting of its own with one agenda item ({item_id});
  // removing the item leaves a 404 to the next roles, cancelling it is allowed.
  sql(s.db, "INSERT INTO meeting (project_id, kind, title, starts_at, ends_at, created_at, updated_at) VALUES (1, 'workshop', 'Atelier des routes', '2030-01-01T17:00:00Z', '2030-01-01T19:00:00Z', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')");
  params.meeting_id = Number(sql(s.db, "SELECT max(id) FROM meeting"));
  sql(s.db, `INSERT INTO agenda_item (meeting_id, position, title) VALUES (${params.meeting_id}, 1, 'Accueil')`);
  params.item_id = Number(sql(s.db, "SELECT max(id) FROM agenda_item"));
  // {body_id}, {body_slug}: the demo's public Comité de suivi (a bare CSRF token
  // updates nothing: 422); {member_id}: one of its members (ending the mandate
  // is allowed, removing it needs a confirmation); {decision_id}: a decision of the demo.
  params.body_id = Number(sql(s.db, "SELECT id FROM body WHERE slug = 'comite-de-suivi-mosson'"));
  params.body_slug = 'comite-de-suivi-mosson';
  params.member_id = Number(sql(s.db, `SELECT min(id) FROM body_member WHERE body_id = ${params.body_id}`));
  params.decision_id = Number(sql(s.db, 'SELECT min(id) FROM decision'));
  // {registration_token}: a registration to that meeting, made by a visitor
  // through the public form (cancelled by the first role); {registration_id}:
  // another one, entered by hand (ticked present, then cancelled).
  {
    const visitor = new Client(s.base);
    const r = await visitor.post(`/agenda/${params.meeting_id}/inscription`, { name: 'Visiteur des routes', email: 'routes@demo.test', consent: '1' }, { from: `/agenda/${params.meeting_id}` });
    assert.equal(r.status, 303, r.text_.slice(0, 500));
    params.registration_token = r.headers.get('location').split('/').pop();
    sql(s.db, `INSERT INTO registration (meeting_id, name, consent_at, source, token_hash, created_at, updated_at) VALUES (${params.meeting_id}, 'Inscrit des routes', '2020-01-01T00:00:00Z', 'staff', lower(hex(randomblob(32))), '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')`);
    params.registration_id = Number(sql(s.db, 'SELECT max(id) FROM registration'));
  }
  // {contribution_id}: a published contribution of the demo; {theme_id}: a theme of the demo
  params.contribution_id = Number(sql(s.db, "SELECT min(id) FROM contribution WHERE moderation = 'published'"));
  // {attachment_id}: a PDF kept with that contribution (deleting it needs a confirmation)
  sql(s.db, `INSERT INTO contribution_attachment (contribution_id, filename, content_type, size, sha256, data, created_at)
     VALUES (${params.contribution_id}, 'courrier.pdf', 'application/pdf', 9, 'x', CAST('%PDF-1.4
' AS BLOB), '2026-01-01T00:00:00Z')`);
  params.attachment_id = Number(sql(s.db, 'SELECT max(id) FROM contribution_attachment'));
  params.theme_id = Number(sql(s.db, 'SELECT min(id) FROM theme'));
  // {bilan_id}: an adopted bilan of Mosson (public routes answer 404 for a
  // draft); a form posted to it goes back to its page with a message (303).
  sql(s.db, "INSERT INTO consultation_report (project_id, title, period_start, period_end, adopted_on, frozen_at, snapshot, created_at, updated_at) VALUES (1, 'Bilan des routes', '2020-01-01', '2020-12-31', '2021-01-15', '2021-01-15T10:00:00Z', '{}', '2021-01-15T10:00:00Z', '2021-01-15T10:00:00Z')");
  params.bilan_id = Number(sql(s.db, 'SELECT max(id) FROM consultation_report'));
  params.batch_id = {};
  for (const role of ['staff', 'admin']) {
    const fd = new FormData();
    fd.set('csrf', tokens[role]);
    fd.set('kind', 'organizations');
    fd.set('fichier', new Blob(['nom,type\nParcours des routes,Type inconnu\n']), 'parcours.csv');
    const b = await clients[role].request('/partenaires/import', { method: 'POST', body: fd, headers: { Accept: 'application/json' } });
    assert.equal(b.status, 200, b.text_);
    params.batch_id[role] = JSON.parse(b.text_).batch_id;
  }
});

after(async () => {
  await stopWithoutSanitizerLines(s, /runtime error|AddressSanitizer/);
});

test('`quartier routes` lists a real table, with the public pages', () => {
  assert.equal(listing.status, 0, listing.stderr);
  assert.ok(Array.isArray(routes));
  assert.ok(routes.length >= 15, `only ${routes.length} routes`);
  const has = (m, p) => routes.find((r) => r.method === m && r.pattern === p);
  for (const p of ['/', '/projets/{slug}']) {
    const r = has('GET', p);
    assert.ok(r, `GET ${p} missing from the table`);
    assert.deepEqual(r.roles, ALL_ROLES, `GET ${p} should be public`);
  }
  const seen = new Set();
  for (const r of routes) {
    assert.ok(['GET', 'POST'].includes(r.method), `${r.method} ${r.pattern}`);
    assert.match(r.pattern, /^\//);
    assert.equal(typeof r.json, 'boolean');
    assert.ok(typeof r.name === 'string' && r.name.length > 0, `${r.method} ${r.pattern} has no name`);
    assert.ok(r.roles.length > 0, `${r.method} ${r.pattern} allows nobody`);
    for (const role of r.roles) assert.ok(ALL_ROLES.includes(role), `unknown role ${role}`);
    const key = `${r.method} ${r.pattern}`;
    assert.ok(!seen.has(key), `${key} declared twice`);
    seen.add(key);
  }
});

for (const route of routes) {
  const key = `${route.method} ${route.pattern}`;
  for (const role of ALL_ROLES) {
    const allowed = route.roles.includes(role);
    const expect = allowed ? 'allowed' : role === 'anonymous' ? (route.method === 'GET' && !route.api ? '302 /connexion' : '401') : '403';
    test(`${key} as ${role}: ${expect}`, async () => {
      const path = pathOf(route, role);
      let client = clients[role];
      let token = tokens[role];
      if (allowed && role !== 'anonymous' && ENDS_SESSION.has(key)) {
        client = await loggedIn(role);
        token = await client.csrf('/compte');
      }
      const res = await send(client, token, route, path);
      const where = `${key} as ${role} → ${res.status} ${res.headers.get('location') ?? ''} ${res.text_.slice(0, 300)}`;
      if (allowed && isOpen311Post(route)) {
        assert.equal(res.status, 403, where);
        assert.deepEqual(JSON.parse(res.text_).map((e) => e.code), [403], where);
        return;
      }
      if (allowed) {
        assert.ok(ALLOWED_STATUSES.includes(res.status), where);
        if (res.status === 302 || res.status === 303) {
          const loc = res.headers.get('location');
          assert.ok(loc, where);
          assert.doesNotMatch(loc, /^\/connexion(\?|$)/, where);
        }
        if (ENDS_SESSION.has(key) && role !== 'anonymous') {
          // The throwaway session is over; the role's main session is not.
          const after = await client.get('/compte');
          assert.equal(after.status, 302, `after ${key}: ${after.status}`);
          assert.equal(after.headers.get('location'), '/connexion?suite=/compte');
          assert.equal((await clients[role].get('/compte')).status, 200);
        }
        return;
      }
      if (role === 'anonymous' && route.method === 'GET' && !route.api) {
        assert.equal(res.status, 302, where);
        assert.equal(res.headers.get('location'), `/connexion?suite=${path}`, where);
      } else if (role === 'anonymous') {
        assert.equal(res.status, 401, where);
      } else if (route.api) {
        assert.equal(res.status, 403, where);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json\b/, where);
      } else {
        assert.equal(res.status, 403, where);
        assert.match(res.headers.get('content-type') ?? '', /^text\/html/, where);
        assert.match(res.text_, /Accès refusé/, where);
      }
      // A client asking for JSON is never redirected: 401 or 403, in JSON.
      const j = await send(client, token, route, path, { Accept: 'application/json' });
      const jwhere = `${key} as ${role} (JSON) → ${j.status} ${j.text_.slice(0, 300)}`;
      assert.equal(j.status, role === 'anonymous' ? 401 : 403, jwhere);
      assert.match(j.headers.get('content-type') ?? '', /^application\/json\b/, jwhere);
      assert.equal(JSON.parse(j.text_).error.code, role === 'anonymous' ? 'unauthorized' : 'forbidden', jwhere);
    });
  }
}

// Routes flagged json answer JSON to a client asking for it. A redirect
// (e.g. /espace → the role's home) is followed: its target must answer JSON.
for (const route of routes.filter((r) => r.method === 'GET' && r.json)) {
  for (const role of route.roles) {
    test(`GET ${route.pattern} as ${role} answers JSON to Accept: application/json`, async () => {
      let path = pathOf(route, role);
      let res;
      for (let hops = 0; ; hops++) {
        res = await clients[role].get(path, { headers: { Accept: 'application/json' } });
        if (res.status !== 302 && res.status !== 303) break;
        assert.ok(hops < 3, `too many redirects from ${route.pattern}`);
        path = res.headers.get('location');
        assert.match(path, /^\/(?!\/)/, `redirect off site: ${path}`);
        assert.doesNotMatch(path, /^\/connexion(\?|$)/, `${role} sent to log in from ${route.pattern}`);
      }
      const where = `GET ${path} as ${role} → ${res.status} ${res.headers.get('content-type')} ${res.text_.slice(0, 200)}`;
      assert.equal(res.status, 200, where);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json\b/, where);
      const body = JSON.parse(res.text_);
      assert.equal(typeof body, 'object', where);
      assert.ok(body !== null && !Array.isArray(body), where);
    });
  }
}

test('an account route with an id that does not exist answers 404 to the admin', async () => {
  const res = await clients.admin.get('/admin/comptes/999999');
  assert.equal(res.status, 404);
});
