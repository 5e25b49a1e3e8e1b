// Open311 GeoReport v2 (src/modules/open311*.c): discovery, services,
// service definitions, requests (filters, defaults, paging), one request,
// tokens, creating a request with an api_key, the spec's error answers in
// JSON and XML (dispatcher errors too), XML well-formedness checked by
// xmllint, and no private field ever: neither the reporter's e-mail or name,
// nor an internal comment, nor a hidden photo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cli, startServer, stopClean, sql } from './lib.mjs';

const BASE_URL = 'https://quartier.example.org';
const EMAIL = 'habitante.secrete@exemple.fr';
const SECRET = 'COMMENTAIRE-INTERNE-SECRET';
let s;
const keys = {};
const xmlSeen = []; // every XML answer, checked by xmllint at the end

/** xmllint --noout: throws when the document is not well-formed XML. */
function assertWellFormed(text) {
  execFileSync('xmllint', ['--noout', '-'], { input: text, stdio: ['pipe', 'pipe', 'pipe'] });
}

async function get(path) {
  const res = await fetch(s.base + path);
  res.text_ = await res.text();
  if (path.split('?')[0].endsWith('.xml')) xmlSeen.push(res.text_);
  return res;
}

async function post(path, fields) {
  const res = await fetch(s.base + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams(fields).toString(),
  });
  res.text_ = await res.text();
  if (path.endsWith('.xml')) xmlSeen.push(res.text_);
  return res;
}

/** The text of every <name> element of an XML document. */
const xmlAll = (xml, name) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

/** Asserts an Open311 error answer in both formats: status, shape, code. */
async function assertErrors(res, status, xml) {
  assert.equal(res.status, status, res.text_);
  if (xml) {
    assert.match(res.headers.get('content-type'), /^text\/xml; charset=utf-8/);
    assert.match(res.text_, /^<\?xml version="1.0" encoding="utf-8"\?>\n<errors><error><code>\d+<\/code><description>[^<]+<\/description><\/error>/);
    assert.equal(xmlAll(res.text_, 'code')[0], String(status));
    assertWellFormed(res.text_);
    return xmlAll(res.text_, 'description');
  }
  assert.match(res.headers.get('content-type'), /^application\/json; charset=utf-8/);
  const body = JSON.parse(res.text_);
  assert.ok(Array.isArray(body) && body.length >= 1, res.text_);
  for (const e of body) {
    assert.deepEqual(Object.keys(e), ['code', 'description']);
    assert.equal(e.code, status);
    assert.ok(typeof e.description === 'string' && e.description.length > 0);
  }
  return body.map((e) => e.description);
}

/** Creates a request with the partner's key; resolves to the parsed answer. */
async function create(fields, format = 'json') {
  const res = await post(`/open311/v2/requests.${format}`, { api_key: keys.partner, ...fields });
  assert.equal(res.status, 200, res.text_);
  return res;
}

const count = () => Number(sql(s.db, 'SELECT count(*) FROM report'));

/** A point inside a sector's outline (mean of its first ring's corners). */
function pointIn(slug) {
  const g = JSON.parse(sql(s.db, `SELECT geojson FROM sector WHERE slug = '${slug}'`));
  const ring = (g.type === 'MultiPolygon' ? g.coordinates[0][0] : g.coordinates[0]).slice(0, -1);
  const lon = ring.reduce((a, p) => a + p[0], 0) / ring.length;
  const lat = ring.reduce((a, p) => a + p[1], 0) / ring.length;
  return { lat: String(lat), long: String(lon) };
}

before(async () => {
  s = await startServer({ demoReports: false, args: ['--base-url', BASE_URL, '--max-body', '65536'] });
  for (const role of ['partner', 'staff', 'member']) {
    const r = cli(['token', 'create', `${role}@demo.test`, '--name', 'open311', '--db', s.db]);
    assert.equal(r.status, 0, r.stderr);
    keys[role] = r.stdout.trim();
  }
});

after(async () => {
  for (const x of xmlSeen) assertWellFormed(x);
  await stopClean(s);
});

test('discovery in JSON and XML: the v2 endpoint at --base-url, production, both formats', async () => {
  const j = await get('/open311/discovery.json');
  assert.equal(j.status, 200);
  assert.match(j.headers.get('content-type'), /^application\/json; charset=utf-8/);
  const d = JSON.parse(j.text_);
  for (const k of ['changeset', 'contact', 'key_service']) assert.ok(d[k].length > 0, k);
  assert.deepEqual(d.endpoints, [{
    specification: 'http://wiki.open311.org/GeoReport_v2', url: `${BASE_URL}/open311/v2`, changeset: d.changeset,
    type: 'production', formats: ['text/xml', 'application/json'],
  }]);
  const x = await get('/open311/discovery.xml');
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /^text\/xml; charset=utf-8/);
  assert.match(x.text_, /^<\?xml version="1.0" encoding="utf-8"\?>\n<discovery><changeset>/);
  assert.match(x.text_, /<endpoints><endpoint><specification>http:\/\/wiki.open311.org\/GeoReport_v2<\/specification><url>https:\/\/quartier.example.org\/open311\/v2<\/url>/);
  assert.deepEqual(xmlAll(x.text_, 'format'), ['text/xml', 'application/json']);
  assertWellFormed(x.text_);
  assert.equal((await get('/open311/discovery.html')).status, 404);
});

test('services: every active category, metadata when it has questions, realtime, group in French', async () => {
  sql(s.db, "UPDATE report_category SET active = 0 WHERE code = 'risque'");
  const j = await get('/open311/v2/services.json?jurisdiction_id=montpellier3m.fr');
  sql(s.db, "UPDATE report_category SET active = 1 WHERE code = 'risque'");
  assert.equal(j.status, 200);
  const list = JSON.parse(j.text_);
  const active = sql(s.db, "SELECT code FROM report_category WHERE active = 1 AND code <> 'risque' ORDER BY code").split('\n');
  assert.deepEqual(list.map((x) => x.service_code).sort(), active);
  const lift = list.find((x) => x.service_code === 'ascenseur');
  assert.deepEqual(lift, {
    service_code: 'ascenseur', service_name: 'Ascenseur en panne', description: 'Ascenseur arrêté ou dangereux dans un immeuble.',
    metadata: true, type: 'realtime', keywords: 'ascenseur, immeuble', group: 'Volet correctif',
  });
  assert.equal(list.find((x) => x.service_code === 'proprete').metadata, false);
  assert.equal(list.find((x) => x.service_code === 'squat').group, 'Veille et anticipation');
  const x = await get('/open311/v2/services.xml');
  assert.equal(x.status, 200);
  assert.match(x.text_, /^<\?xml version="1.0" encoding="utf-8"\?>\n<services><service><service_code>/);
  assert.deepEqual(xmlAll(x.text_, 'service_code').sort(), sql(s.db, 'SELECT code FROM report_category WHERE active = 1 ORDER BY code').split('\n'));
  assert.match(x.text_, /<service_code>ascenseur<\/service_code><service_name>Ascenseur en panne<\/service_name>.*?<metadata>true<\/metadata><type>realtime<\/type>/);
  assert.match(x.text_, /Déchets au sol, corbeilles pleines, souillures sur l&apos;espace public\./);
});

test('service definitions: attributes with datatype, order, values; 404 for an unknown code', async () => {
  const j = JSON.parse((await get('/open311/v2/services/stationnement.json')).text_);
  assert.equal(j.service_code, 'stationnement');
  assert.equal(j.attributes.length, 1);
  const a = j.attributes[0];
  assert.deepEqual(Object.keys(a), ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values']);
  assert.equal(a.variable, true);
  assert.equal(a.code, 'vehicule');
  assert.equal(a.datatype, 'singlevaluelist');
  assert.equal(a.required, true);
  assert.equal(a.order, 1);
  assert.equal(a.description, "De quoi s'agit-il ?");
  assert.deepEqual(a.values.map((v) => v.key), ['ventouse', 'epave', 'gene']);
  assert.equal(a.values[1].name, 'Épave (véhicule dégradé, sans plaque)');
  const multi = JSON.parse((await get('/open311/v2/services/nuisances_chantier.json')).text_).attributes[0];
  assert.equal(multi.datatype, 'multivaluelist');
  assert.equal(JSON.parse((await get('/open311/v2/services/proprete.json')).text_).attributes.length, 0);
  const x = await get('/open311/v2/services/stationnement.xml');
  assert.match(x.text_, /^<\?xml version="1.0" encoding="utf-8"\?>\n<service_definition><service_code>stationnement<\/service_code><attributes><attribute><variable>true<\/variable><code>vehicule<\/code>/);
  assert.deepEqual(xmlAll(x.text_, 'key'), ['ventouse', 'epave', 'gene']);
  assert.match(x.text_, /<values><value><key>ventouse<\/key><name>/);
  for (const xml of [false, true]) {
    const d = await assertErrors(await get(`/open311/v2/services/inconnu.${xml ? 'xml' : 'json'}`), 404, xml);
    assert.match(d[0], /service_code inconnu/);
  }
});

test('POST creates the report, routed by sector, with its answers and the reporter kept private', async () => {
  const before_ = count();
  const res = await create({
    service_code: 'tags', ...pointIn('grand-mail'), description: 'Tag injurieux sur la façade, près de la porte.',
    email: EMAIL, first_name: 'Awa', last_name: 'Secrète', phone: '0467000000', jurisdiction_id: 'montpellier3m.fr',
    media_url: 'https://example.org/photo.jpg',
  });
  const body = JSON.parse(res.text_);
  assert.equal(body.length, 1);
  assert.match(body[0].service_request_id, /^S-\d{4}-\d{5}$/);
  assert.match(body[0].service_notice, /ACM Habitat/);
  assert.equal(body[0].account_id, Number(sql(s.db, "SELECT id FROM account WHERE email = 'partner@demo.test'")));
  assert.equal(count(), before_ + 1);
  const row = sql(s.db, `SELECT r.source, r.status, o.name, s.slug, r.reporter_email, r.reporter_name, r.reporter_account_id
    FROM report r JOIN organization o ON o.id = r.handler_org_id JOIN sector s ON s.id = r.sector_id WHERE r.ref = '${body[0].service_request_id}'`);
  assert.equal(row, `open311|routed|ACM Habitat|grand-mail|${EMAIL}|Awa Secrète|${body[0].account_id}`);

  const x = await create({ service_code: 'stationnement', address_string: 'Parking du 12 rue de Saturne', 'attribute[vehicule]': 'epave' }, 'xml');
  assert.match(x.headers.get('content-type'), /^text\/xml/);
  assert.match(x.text_, /^<\?xml version="1.0" encoding="utf-8"\?>\n<service_requests><request><service_request_id>S-\d{4}-\d{5}<\/service_request_id><service_notice>[^<]+<\/service_notice><account_id>\d+<\/account_id><\/request><\/service_requests>\n$/);
  const ref = xmlAll(x.text_, 'service_request_id')[0];
  assert.equal(sql(s.db, `SELECT a.code || '=' || a.value FROM report_attribute_value a JOIN report r ON r.id = a.report_id WHERE r.ref = '${ref}'`), 'vehicule=epave');

  const multi = await create({ service_code: 'nuisances_chantier', address_string: 'Chantier Saturne', 'attribute[nuisance][]': 'bruit' }, 'json');
  assert.ok(JSON.parse(multi.text_)[0].service_request_id);
  // staff and admin keys create too
  const staff = await post('/open311/v2/requests.json', { api_key: keys.staff, service_code: 'proprete', address_string: 'Place du Grand Mail' });
  assert.equal(staff.status, 200, staff.text_);
});

test('POST errors in both formats: api_key (403), service_code (400, 404), fields (400); nothing written', async () => {
  const n = count();
  for (const xml of [false, true]) {
    const path = `/open311/v2/requests.${xml ? 'xml' : 'json'}`;
    const ok = { service_code: 'proprete', address_string: 'Place Saint-Paul' };
    let d = await assertErrors(await post(path, ok), 403, xml);
    assert.match(d[0], /api_key manquante/);
    d = await assertErrors(await post(path, { ...ok, api_key: 'qrt_faux' }), 403, xml);
    assert.match(d[0], /api_key invalide/);
    await assertErrors(await post(path, { ...ok, api_key: keys.member }), 403, xml);
    d = await assertErrors(await post(path, { api_key: keys.partner, address_string: 'Place Saint-Paul' }), 400, xml);
    assert.match(d[0], /service_code manquant/);
    await assertErrors(await post(path, { ...ok, api_key: keys.partner, service_code: 'inconnu' }), 404, xml);
    d = await assertErrors(await post(path, { api_key: keys.partner, service_code: 'proprete' }), 400, xml);
    assert.ok(d.some((e) => /address_string : /.test(e)), d.join('\n'));
    d = await assertErrors(await post(path, { api_key: keys.partner, service_code: 'proprete', lat: '43.6' }), 400, xml);
    assert.ok(d.some((e) => /lat et long/.test(e)), d.join('\n'));
    d = await assertErrors(await post(path, { api_key: keys.partner, service_code: 'proprete', lat: '143', long: '3.8' }), 400, xml);
    assert.ok(d.some((e) => /^lat : /.test(e)), d.join('\n'));
    d = await assertErrors(await post(path, { api_key: keys.partner, service_code: 'stationnement', address_string: 'Ici', 'attribute[vehicule]': 'autre' }), 400, xml);
    assert.ok(d.some((e) => /^attribute\[vehicule\] : /.test(e)), d.join('\n'));
    d = await assertErrors(await post(path, { api_key: keys.partner, service_code: 'ascenseur', address_string: 'Ici' }), 400, xml);
    assert.ok(d.some((e) => /^attribute\[batiment\] : /.test(e)), d.join('\n'));
    d = await assertErrors(await post(path, { api_key: keys.partner, service_code: 'proprete', address_id: '42' }), 400, xml);
    assert.ok(d.some((e) => /address_id/.test(e)), d.join('\n'));
    d = await assertErrors(await post(path, { api_key: keys.partner, service_code: 'proprete', address_string: 'Ici', description: 'x'.repeat(4001) }), 400, xml);
    assert.ok(d.some((e) => /^description : /.test(e)), d.join('\n'));
  }
  assert.equal(count(), n);
});

test('a session cookie is never used: a logged-in browser cannot POST without an api_key', async () => {
  const { Client } = await import('./lib.mjs');
  const c = new Client(s.base);
  assert.equal((await c.login('staff@demo.test')).status, 303);
  const res = await c.request('/open311/v2/requests.json', {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ service_code: 'proprete', address_string: 'Ici' }).toString(),
  });
  assert.equal(res.status, 403, res.text_);
});

test('requests: fields, status_notes from the last public comment, media_url of a visible photo', async () => {
  const ref = JSON.parse((await create({ service_code: 'voirie', ...pointIn('saint-paul'), description: 'Nid-de-poule <profond> & dangereux', email: EMAIL })).text_)[0].service_request_id;
  const id = sql(s.db, `SELECT id FROM report WHERE ref = '${ref}'`);
  sql(s.db, `INSERT INTO report_event (report_id, at, actor_label, kind, public_comment, internal_comment, is_public) VALUES
    (${id}, '2099-01-01T00:00:00Z', 'Équipe', 'comment', 'Intervention prévue lundi.', '', 1),
    (${id}, '2099-01-02T00:00:00Z', 'Équipe', 'comment', '', '${SECRET}', 0)`);
  sql(s.db, `INSERT INTO upload (sha256, size, content_type, data, created_at) VALUES ('a', 1, 'image/png', x'00', '2026-01-01T00:00:00Z'), ('b', 1, 'image/png', x'00', '2026-01-01T00:00:00Z')`);
  const [hidden, shown] = sql(s.db, "SELECT id FROM upload ORDER BY id DESC LIMIT 2").split('\n').reverse();
  sql(s.db, `INSERT INTO report_photo (report_id, upload_id, hidden, position) VALUES (${id}, ${hidden}, 1, 0), (${id}, ${shown}, 0, 1)`);
  const j = await get(`/open311/v2/requests/${ref}.json`);
  assert.equal(j.status, 200);
  const [r] = JSON.parse(j.text_);
  assert.deepEqual(Object.keys(r), ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description',
    'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id',
    'zipcode', 'lat', 'long', 'media_url']);
  assert.equal(r.service_request_id, ref);
  assert.equal(r.status, 'open');
  assert.equal(r.status_notes, 'Intervention prévue lundi.');
  assert.equal(r.service_code, 'voirie');
  assert.equal(r.service_name, 'Voirie et trottoirs');
  assert.equal(r.description, 'Nid-de-poule <profond> & dangereux');
  assert.equal(r.agency_responsible, sql(s.db, `SELECT o.name FROM report r JOIN organization o ON o.id = r.handler_org_id WHERE r.id = ${id}`));
  assert.equal(r.service_notice, 'Transmis au gestionnaire');
  for (const k of ['requested_datetime', 'updated_datetime', 'expected_datetime']) assert.match(r[k], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, k);
  assert.ok(r.expected_datetime > r.requested_datetime);
  assert.equal(typeof r.lat, 'number');
  assert.equal(r.media_url, `${BASE_URL}/photos/${shown}`);
  assert.equal(r.address_id, null);
  const x = await get(`/open311/v2/requests/${ref}.xml`);
  assert.match(x.text_, /^<\?xml version="1.0" encoding="utf-8"\?>\n<service_requests><request><service_request_id>S-/);
  assert.match(x.text_, /<description>Nid-de-poule &lt;profond&gt; &amp; dangereux<\/description>/);
  assert.match(x.text_, /<address_id\/><zipcode\/>/);
  // closed: resolved reports are "closed", updated_datetime is when
  sql(s.db, `UPDATE report SET status = 'resolved', resolved_at = '2030-01-01T00:00:00Z', updated_at = '2031-01-01T00:00:00Z' WHERE id = ${id}`);
  const [c] = JSON.parse((await get(`/open311/v2/requests/${ref}.json`)).text_);
  assert.equal(c.status, 'closed');
  assert.equal(c.updated_datetime, '2030-01-01T00:00:00Z');
  for (const xml of [false, true]) {
    const d = await assertErrors(await get(`/open311/v2/requests/S-1999-00001.${xml ? 'xml' : 'json'}`), 404, xml);
    assert.match(d[0], /inconnu/);
  }
});

test('no private field ever: reporter, internal comment, hidden photo', async () => {
  const hiddenId = sql(s.db, 'SELECT upload_id FROM report_photo WHERE hidden = 1 LIMIT 1');
  for (const path of ['/open311/v2/requests.json', '/open311/v2/requests.xml', '/open311/v2/requests.json?status=closed',
    `/open311/v2/requests.json?service_request_id=${sql(s.db, "SELECT group_concat(ref) FROM report")}`, '/signalements.geojson']) {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    assert.ok(res.text_.length > 100, path);
    for (const secret of [EMAIL, 'Secrète', 'Awa', SECRET, '0467000000', `/photos/${hiddenId}<`, `/photos/${hiddenId}"`]) {
      assert.ok(!res.text_.includes(secret), `${path} shows ${secret}`);
    }
  }
});

test('requests list: default 90 days, filters, service_request_id overrides, paging, 1000 at most', async () => {
  // an old request (200 days ago) and 1005 recent ones, by SQL
  sql(s.db, `INSERT INTO report (ref, category_id, description, status, source, address, created_at, updated_at)
    SELECT 'S-2020-00001', id, 'ancien', 'closed', 'web', 'ici', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-200 days'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-200 days')
    FROM report_category WHERE code = 'mobilier'`);
  const all = JSON.parse((await get('/open311/v2/requests.json')).text_);
  assert.ok(!all.some((r) => r.service_request_id === 'S-2020-00001'), 'older than 90 days by default');
  assert.ok(all.length >= 5);
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].requested_datetime >= all[i].requested_datetime, 'newest first');
  // service_request_id overrides every other argument
  const byId = JSON.parse((await get('/open311/v2/requests.json?service_request_id=S-2020-00001,%20S-1999-00009&status=open&service_code=proprete')).text_);
  assert.deepEqual(byId.map((r) => r.service_request_id), ['S-2020-00001']);
  // dates (W3C, with a time zone), span of 90 days at most
  const old = new Date(Date.now() - 200 * 86400e3);
  const day = (d) => d.toISOString().slice(0, 10);
  const start = new Date(old.getTime() - 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const byDate = JSON.parse((await get(`/open311/v2/requests.json?start_date=${start}&end_date=${day(old)}`)).text_);
  assert.deepEqual(byDate.map((r) => r.service_request_id), ['S-2020-00001']);
  const offset = JSON.parse((await get(`/open311/v2/requests.json?start_date=${day(old)}T00:00:00%2B14:00`)).text_);
  assert.ok(offset.some((r) => r.service_request_id === 'S-2020-00001'), 'start at +14:00 is the day before in UTC');
  for (const xml of [false, true]) {
    const f = xml ? 'xml' : 'json';
    for (const bad of ['start_date=2026-02-30', 'start_date=2026-01-01T10:00', 'end_date=demain', 'start_date=2026-01-01&end_date=2025-12-01',
      'start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z', 'status=ouvert', 'service_code=inconnu', 'page=0', 'page_size=1001', 'page_size=abc']) {
      await assertErrors(await get(`/open311/v2/requests.${f}?${bad}`), 400, xml);
    }
  }
  // service_code (several), status
  const codes = JSON.parse((await get('/open311/v2/requests.json?service_code=tags,stationnement')).text_);
  assert.ok(codes.length >= 2);
  assert.ok(codes.every((r) => ['tags', 'stationnement'].includes(r.service_code)));
  const one = JSON.parse((await get('/open311/v2/requests.json?service_code=tags')).text_);
  assert.ok(one.length >= 1 && one.every((r) => r.service_code === 'tags'));
  const closed = JSON.parse((await get('/open311/v2/requests.json?status=closed')).text_);
  assert.ok(closed.length >= 1 && closed.every((r) => r.status === 'closed'));
  const open = JSON.parse((await get('/open311/v2/requests.json?status=open')).text_);
  assert.equal(open.length + closed.length, all.length);
  const both = JSON.parse((await get('/open311/v2/requests.json?status=open,closed&jurisdiction_id=x')).text_);
  assert.equal(both.length, all.length);
  // paging extension
  const p1 = JSON.parse((await get('/open311/v2/requests.json?page_size=2')).text_);
  const p2 = JSON.parse((await get('/open311/v2/requests.json?page_size=2&page=2')).text_);
  assert.deepEqual([...p1, ...p2].map((r) => r.service_request_id), all.slice(0, 4).map((r) => r.service_request_id));
  // at most 1000 requests
  sql(s.db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1005)
    INSERT INTO report (ref, category_id, description, status, source, address, created_at, updated_at)
    SELECT 'S-2021-' || printf('%05d', i), 1, 'masse', 'routed', 'web', 'ici', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || i || ' minutes'),
    strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM n`);
  const many = JSON.parse((await get('/open311/v2/requests.json')).text_);
  assert.equal(many.length, 1000);
  const xmlMany = await get('/open311/v2/requests.xml?page=2&page_size=1000');
  assert.equal(xmlAll(xmlMany.text_, 'service_request_id').length, all.length + 1005 - 1000);
});

test('tokens: the token is the service_request_id; 404 otherwise', async () => {
  const ref = sql(s.db, "SELECT ref FROM report WHERE source = 'open311' LIMIT 1");
  assert.deepEqual(JSON.parse((await get(`/open311/v2/tokens/${ref}.json`)).text_), [{ service_request_id: ref, token: ref }]);
  const x = await get(`/open311/v2/tokens/${ref}.xml`);
  assert.match(x.text_, new RegExp(`<service_requests><request><service_request_id>${ref}</service_request_id><token>${ref}</token></request></service_requests>`));
  for (const xml of [false, true]) await assertErrors(await get(`/open311/v2/tokens/nope.${xml ? 'xml' : 'json'}`), 404, xml);
});

test("the dispatcher's errors under /open311/ are Open311 errors too", async () => {
  for (const xml of [false, true]) {
    const f = xml ? 'xml' : 'json';
    const put = await fetch(`${s.base}/open311/v2/services.${f}`, { method: 'PUT' });
    put.text_ = await put.text();
    const d = await assertErrors(put, 405, xml);
    assert.match(d[0], /n('|&apos;)accepte pas/);
    assert.equal(put.headers.get('allow'), 'GET, HEAD');
    await assertErrors(await get(`/open311/v2/rien.${f}`), 404, xml);
    await assertErrors(await get(`/open311/v2/requests.${f}?status=%ZZ`), 400, xml);
    const wrongType = await fetch(`${s.base}/open311/v2/requests.${f}`, {
      method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'api_key=x',
    });
    wrongType.text_ = await wrongType.text();
    await assertErrors(wrongType, 415, xml);
    const huge = await post(`/open311/v2/requests.${f}`, { api_key: keys.partner, description: 'x'.repeat(70000) });
    const hd = await assertErrors(huge, 413, xml);
    assert.match(hd[0], /64 Ko/);
  }
  // unknown format: 404, in JSON
  await assertErrors(await get('/open311/v2/services.csv'), 404, false);
  // elsewhere, errors are unchanged
  const other = await fetch(`${s.base}/api/v1/projects`, { method: 'PUT' });
  assert.equal(other.status, 405);
  assert.ok((await other.json()).error);
});
