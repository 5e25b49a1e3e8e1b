// The back office of GUSP reports: routing by sector polygon, every state
// transition allowed or refused by role over HTTP, a partner agent confined
// to its organisation's reports (HTML, detail, JSON, CSV, XLSX, GeoJSON, API),
// filters (full text without accents, overdue, period, combined), bulk change
// all-or-nothing, re-routing, public and internal comments, moderation,
// photo hiding, role homes and audit entries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { startServer, Client, ROLES, stopClean, json, sql, cli, DEMO_PASSWORD } from './lib.mjs';

let s;
const c = {}; // role → logged-in Client (+ 'other': a partner of another organisation)
const bearer = {}; // role → API token
let ACM, PROPRETE;
const INSIDE_MASSANE = '43.6210,3.8175';
const OUTSIDE = '43.6300,3.8000';

const OTHER = 'autre-partenaire@demo.test';

before(async () => {
  s = await startServer({ demoReports: false });
  ACM = Number(sql(s.db, "SELECT id FROM organization WHERE name = 'ACM Habitat'"));
  PROPRETE = Number(sql(s.db, "SELECT id FROM organization WHERE name = 'Ville de Montpellier — Direction de la propreté urbaine'"));
  const add = cli(['user', 'add', OTHER, '--role', 'partner', '--name', 'Agent Propreté', '--organization', String(PROPRETE), '--db', s.db],
    { input: DEMO_PASSWORD + '\n' });
  assert.equal(add.status, 0, add.stderr);
  const emails = { ...ROLES, other: OTHER };
  for (const [role, email] of Object.entries(emails)) {
    c[role] = new Client(s.base);
    assert.equal((await c[role].login(email)).status, 303, role);
    const t = cli(['token', 'create', email, '--name', 'tests', '--db', s.db]);
    assert.equal(t.status, 0, t.stderr);
    bearer[role] = t.stdout.trim();
  }
  c.anonymous = new Client(s.base);
});
after(async () => { await stopClean(s); });

/** An API call with a role's token (JSON body when given). */
async function api(role, path, body, method) {
  const headers = { Accept: 'application/json' };
  if (role !== 'anonymous') headers.Authorization = `Bearer ${bearer[role]}`;
  const opts = { method: method ?? (body ? 'POST' : 'GET'), headers };
  if (body) { headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
  const res = await fetch(s.base + path, opts);
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : null, res };
}

/** Creates a report as staff through the API; returns its JSON. */
async function report(fields) {
  const r = await api('staff', '/api/v1/reports', { category: 'encombrants', description: 'Un dépôt à enlever, merci', ...fields });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

/** The page as JSON for a client. */
async function page(role, path) {
  const res = await c[role].get(path, { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200, `${role} ${path}: ${res.status} ${res.text_.slice(0, 300)}`);
  return json(res);
}
const refs = (v) => (v.reports ?? v.items).map((x) => x.ref);

/** A form POST from a page of the back office (CSRF taken from the list). */
async function postForm(role, path, fields) {
  return c[role].post(path, fields, { from: '/gestion/signalements' });
}

/** The last audit entry of an action, as "summary". */
const lastAudit = (action) => sql(s.db, `SELECT summary FROM audit WHERE action = '${action}' ORDER BY id DESC LIMIT 1`);

/** The text of one file of a zip archive (local headers; deflate or stored). */
function unzipEntry(buf, name) {
  for (let i = 0; i + 30 <= buf.length;) {
    if (buf.readUInt32LE(i) !== 0x04034b50) break;
    const method = buf.readUInt16LE(i + 8);
    const size = buf.readUInt32LE(i + 18);
    const nameLen = buf.readUInt16LE(i + 26);
    const extraLen = buf.readUInt16LE(i + 28);
    const entry = buf.subarray(i + 30, i + 30 + nameLen).toString('utf8');
    const start = i + 30 + nameLen + extraLen;
    if (entry === name) return (method === 8 ? inflateRawSync(buf.subarray(start, start + size)) : buf.subarray(start, start + size)).toString('utf8');
    i = start + size;
  }
  return null;
}

async function download(role, path) {
  const res = await fetch(s.base + path, { headers: { Cookie: c[role].cookieHeader() }, redirect: 'manual' });
  return { res, buf: Buffer.from(await res.arrayBuffer()) };
}

// ---- routing ----

test('routing by sector polygon: encombrants inside Hauts de Massane go to ACM Habitat, outside to the propreté service', async () => {
  const inside = await report({ coords: INSIDE_MASSANE });
  assert.equal(inside.sector_name, 'Hauts de Massane');
  assert.equal(inside.handler_org_id, ACM);
  assert.equal(inside.status, 'routed');
  const outside = await report({ coords: OUTSIDE });
  assert.equal(outside.sector_id, null);
  assert.equal(outside.handler_org_id, PROPRETE);
});

// ---- every transition, by role ----

const STATES = ['new', 'routed', 'acknowledged', 'scheduled', 'in_progress', 'resolved', 'closed', 'rejected', 'duplicate'];
const WORKING = ['routed', 'acknowledged', 'scheduled', 'in_progress'];
const TAKEN = ['routed', 'acknowledged'];
const ENDED = ['resolved', 'closed', 'rejected', 'duplicate'];

/** The graph documented in report_model.h, written out again. */
function allowed(actor, from, to) {
  if (from === to) return false;
  if (actor === 'staff') {
    if (from === 'new') return ['rejected', 'duplicate'].includes(to);
    if (WORKING.includes(from)) {
      if (['rejected', 'duplicate', 'resolved', 'scheduled', 'in_progress'].includes(to)) return true;
      return TAKEN.includes(from) && ['acknowledged', 'new'].includes(to);
    }
    if (from === 'resolved' && to === 'closed') return true;
    return ENDED.includes(from) && ['routed', 'new'].includes(to);
  }
  if (actor === 'partner') {
    if (to === 'acknowledged') return from === 'routed';
    if (to === 'scheduled') return TAKEN.includes(from);
    if (to === 'in_progress') return [...TAKEN, 'scheduled'].includes(from);
    if (to === 'resolved') return WORKING.includes(from);
    if (to === 'new') return TAKEN.includes(from);
  }
  return false;
}

test('every state transition over HTTP: staff and the handler\'s agent by the graph, others refused', async () => {
  const r = await report({ coords: INSIDE_MASSANE });
  const original = await report({ coords: INSIDE_MASSANE, description: 'Le signalement original du doublon' });
  const body = (to) => ({ status: to, public_comment: 'Raison donnée au public', internal_comment: 'Hors de notre ressort', duplicate_of: original.ref });
  let checked = 0;
  for (const from of STATES) {
    for (const to of STATES) {
      for (const role of ['staff', 'partner', 'other', 'member', 'anonymous']) {
        sql(s.db, `UPDATE report SET status = '${from}', handler_org_id = ${ACM}, duplicate_of = NULL WHERE id = ${r.id}`);
        const res = await api(role, `/api/v1/reports/${r.ref}/status`, body(to));
        const where = `${role}: ${from} → ${to}: ${res.status} ${res.text.slice(0, 200)}`;
        if (role === 'anonymous') assert.equal(res.status, 401, where);
        else if (role === 'member') assert.equal(res.status, 403, where);
        else if (role === 'other') assert.equal(res.status, 404, where); // another organisation's: not even its existence
        else if (allowed(role, from, to)) {
          assert.equal(res.status, 200, where);
          const now = sql(s.db, `SELECT status FROM report WHERE id = ${r.id}`);
          const expected = ENDED.includes(from) && ['routed', 'new'].includes(to) ? 'routed' : to; // a reopening goes back to the handler
          assert.equal(now, expected, where);
        } else {
          assert.equal(res.status, 403, where);
          assert.match(res.body.error.message, /ne peut pas passer de « .+ » à « .+ »/, where);
          assert.equal(sql(s.db, `SELECT status FROM report WHERE id = ${r.id}`), from, where);
        }
        checked++;
      }
    }
  }
  assert.equal(checked, 9 * 9 * 5);
});

test('duplicates point to an original: a duplicate of a duplicate is refused, so no chain and no cycle', async () => {
  const a = await report({ coords: INSIDE_MASSANE, description: 'Premier dépôt devant le hall' });
  const b = await report({ coords: INSIDE_MASSANE, description: 'Second dépôt devant le hall' });
  const dup = (x, of) => api('staff', `/api/v1/reports/${x.ref}/status`, { status: 'duplicate', duplicate_of: of.ref });
  assert.equal((await dup(a, b)).status, 200);
  const back = await dup(b, a);
  assert.equal(back.status, 422, back.text);
  assert.match(back.body.error.message, new RegExp(`${a.ref} est lui-même un doublon`));
  assert.equal(sql(s.db, `SELECT status FROM report WHERE id = ${b.id}`), 'routed', 'nothing written');
  assert.equal(sql(s.db, `SELECT count(*) FROM report WHERE status = 'duplicate' AND duplicate_of IN (${a.id}, ${b.id}) AND id IN (${a.id}, ${b.id})`), '1');
});

test('a refused transition on the page answers 403 with the French message; a missing reason 422', async () => {
  const r = await report({ coords: INSIDE_MASSANE });
  // the partner may not close
  let res = await postForm('partner', `/gestion/signalements/${r.id}/etat`, { status: 'closed' });
  assert.equal(res.status, 403);
  assert.match(res.text_, /ne peut pas passer de « Transmis au gestionnaire » à « Clos »/);
  assert.match(res.text_, /<h1>Signalement S-/);
  // « not ours » needs an internal comment; a rejection a public one
  res = await postForm('partner', `/gestion/signalements/${r.id}/etat`, { status: 'new' });
  assert.equal(res.status, 422);
  assert.match(res.text_, /commentaire interne/);
  res = await postForm('staff', `/gestion/signalements/${r.id}/etat`, { status: 'rejected' });
  assert.equal(res.status, 422);
  assert.match(res.text_, /raison du rejet/);
  res = await postForm('staff', `/gestion/signalements/${r.id}/etat`, { status: 'duplicate', duplicate_of: 'S-1999-99999' });
  assert.equal(res.status, 422);
  res = await postForm('staff', `/gestion/signalements/${r.id}/etat`, {});
  assert.equal(res.status, 422);
  assert.match(res.text_, /id="st-status-error">Choisissez le nouvel état/);
  // every field of the form in error is marked and tied to its message
  res = await postForm('staff', `/gestion/signalements/${r.id}/etat`, { status: 'duplicate', duplicate_of: 'S-2026-000000000000000001', public_comment: 'x'.repeat(5001), internal_comment: 'y'.repeat(5001) });
  assert.equal(res.status, 422);
  for (const f of ['duplicate', 'public', 'internal']) {
    assert.match(res.text_, new RegExp(`id="st-${f}"[^>]* aria-invalid="true" aria-describedby="st-${f}-error"`), f);
    assert.match(res.text_, new RegExp(`<p class="field-error" id="st-${f}-error">Le champ`), f);
  }
  assert.equal(sql(s.db, `SELECT status FROM report WHERE id = ${r.id}`), 'routed', 'nothing written');
  // allowed: the partner acknowledges, then the page shows it
  res = await postForm('partner', `/gestion/signalements/${r.id}/etat`, { status: 'acknowledged', public_comment: 'Nous passons demain.' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/gestion/signalements/${r.id}`);
  const show = await c.partner.get(`/gestion/signalements/${r.id}`);
  assert.match(show.text_, /Pris en compte/);
  assert.match(show.text_, /Nous passons demain\./);
  assert.match(lastAudit('report.status'), new RegExp(`${r.ref} : routed → acknowledged`));
});

// ---- scope ----

test('a partner agent never sees another organisation\'s report: list, detail, JSON, CSV, XLSX, GeoJSON, API, Open311', async () => {
  const mine = await report({ coords: INSIDE_MASSANE, description: 'Canapé zébré chez ACM Habitat' });
  const theirs = await report({ coords: OUTSIDE, description: 'Canapé zébré chez la propreté' });
  const q = '?q=zebre';
  // staff see both
  assert.deepEqual(refs(await page('staff', '/gestion/signalements' + q)).sort(), [mine.ref, theirs.ref].sort());
  // the ACM agent: its own only, everywhere
  const html = await c.partner.get('/gestion/signalements' + q);
  assert.equal(html.status, 200);
  assert.ok(html.text_.includes(mine.ref));
  assert.ok(!html.text_.includes(theirs.ref));
  assert.deepEqual(refs(await page('partner', '/gestion/signalements' + q)), [mine.ref]);
  assert.equal((await c.partner.get(`/gestion/signalements/${theirs.id}`)).status, 404);
  assert.equal((await c.partner.get(`/gestion/signalements/${theirs.id}`, { headers: { Accept: 'application/json' } })).status, 404);
  assert.equal((await c.partner.get(`/gestion/signalements/${mine.id}`)).status, 200);
  assert.equal((await c.partner.get('/gestion/signalements/999999')).status, 404, 'unknown and invisible answer alike');
  const csv = await download('partner', '/gestion/signalements/export.csv' + q);
  assert.equal(csv.res.status, 200);
  assert.match(csv.res.headers.get('content-disposition'), /filename="signalements-\d{4}-\d{2}-\d{2}\.csv"/);
  const csvText = csv.buf.toString('utf8');
  assert.ok(csvText.includes(mine.ref) && !csvText.includes(theirs.ref), csvText);
  const xlsx = await download('partner', '/gestion/signalements/export.xlsx' + q);
  assert.equal(xlsx.res.status, 200);
  const strings = unzipEntry(xlsx.buf, 'xl/sharedStrings.xml') ?? '';
  assert.ok(strings.includes(mine.ref), strings);
  assert.ok(!strings.includes(theirs.ref));
  const geo = await download('partner', '/gestion/signalements/carte.geojson' + q);
  assert.match(geo.res.headers.get('content-type'), /^application\/geo\+json/);
  const fc = JSON.parse(geo.buf.toString('utf8'));
  assert.equal(fc.type, 'FeatureCollection');
  assert.deepEqual(fc.features.map((f) => f.properties.ref), [mine.ref]);
  assert.deepEqual(fc.features[0].geometry.coordinates, [3.8175, 43.621]);
  const list = await api('partner', '/api/v1/reports' + q);
  assert.deepEqual(refs(list.body), [mine.ref]);
  // the other organisation's agent: the reverse
  assert.deepEqual(refs(await api('other', '/api/v1/reports' + q).then((x) => x.body)), [theirs.ref]);
  // staff's gestionnaire filter is ignored for partners (their scope wins)
  assert.deepEqual(refs(await page('partner', `/gestion/signalements${q}&gestionnaire=${PROPRETE}`)), [mine.ref]);
  // actions on another organisation's report: 404, nothing written
  for (const path of [`/gestion/signalements/${theirs.id}/etat`, `/gestion/signalements/${theirs.id}/commentaire`]) {
    const res = await postForm('partner', path, { status: 'acknowledged', public_comment: 'intrus' });
    assert.equal(res.status, 404, path);
  }
  assert.equal((await api('partner', `/api/v1/reports/${theirs.ref}/comments`, { public_comment: 'intrus' })).status, 404);
  assert.equal(sql(s.db, `SELECT count(*) FROM report_event WHERE report_id = ${theirs.id} AND public_comment = 'intrus'`), '0');
  // the public channels give the agent what anyone sees of another organisation's
  // report: never its reporter, never an internal comment (Open311, GeoJSON, public API)
  const priv = await report({ coords: OUTSIDE, description: 'Vélo épave chez la propreté', email: 'voisin@exemple.fr', name: 'M. Voisin' });
  assert.equal((await api('staff', `/api/v1/reports/${priv.ref}/comments`, { internal_comment: 'note interne confidentielle' })).status, 200);
  for (const path of [`/open311/v2/requests/${priv.ref}.json`, `/open311/v2/requests/${priv.ref}.xml`,
    `/open311/v2/requests.json?service_request_id=${priv.ref}`, `/api/v1/reports/${priv.ref}`, '/signalements.geojson']) {
    const res = await c.partner.get(path);
    assert.equal(res.status, 200, path);
    assert.ok(res.text_.includes(priv.ref), path);
    assert.doesNotMatch(res.text_, /voisin@exemple|M\. Voisin|confidentielle/, path);
  }
  // members have no back office at all
  assert.equal((await c.member.get('/gestion/signalements')).status, 403);
  assert.equal((await api('member', '/api/v1/reports')).status, 403);
});

test('the reporter\'s e-mail: on the page for staff only, never in an export', async () => {
  const r = await report({ coords: INSIDE_MASSANE, description: 'Matelas déposé près du hall', email: 'habitante@exemple.fr', name: 'Mme Habitante' });
  const staffPage = await c.staff.get(`/gestion/signalements/${r.id}`);
  assert.match(staffPage.text_, /habitante@exemple\.fr/);
  const partnerPage = await c.partner.get(`/gestion/signalements/${r.id}`);
  assert.equal(partnerPage.status, 200);
  assert.ok(!partnerPage.text_.includes('habitante@exemple.fr'));
  assert.ok(!partnerPage.text_.includes('Mme Habitante'));
  const pj = await page('partner', `/gestion/signalements/${r.id}`);
  assert.equal(pj.report.reporter_email, undefined);
  for (const role of ['staff', 'partner']) {
    const csv = (await download(role, '/gestion/signalements/export.csv?q=matelas')).buf.toString('utf8');
    assert.ok(csv.includes(r.ref));
    assert.ok(!csv.includes('habitante@exemple.fr') && !csv.includes('Habitante'), csv);
    const x = await download(role, '/gestion/signalements/export.xlsx?q=matelas');
    const strings = unzipEntry(x.buf, 'xl/sharedStrings.xml');
    assert.ok(!strings.includes('habitante@exemple.fr') && !strings.includes('Habitante'));
  }
  const list = await api('staff', '/api/v1/reports?q=matelas');
  assert.equal(list.body.items[0].reporter_email, undefined);
  // one report through the API: staff see the reporter, the handler's agent does not
  assert.equal((await api('staff', `/api/v1/reports/${r.ref}`)).body.reporter_email, 'habitante@exemple.fr');
  const one = await api('partner', `/api/v1/reports/${r.ref}`);
  assert.equal(one.status, 200);
  assert.ok(Array.isArray(one.body.events), 'the handler gets the private view');
  assert.ok(!one.text.includes('habitante@exemple.fr') && !one.text.includes('Habitante'), one.text);
  // nor when an agent enters a report for a resident
  const made = await api('partner', '/api/v1/reports', { category: 'encombrants', coords: INSIDE_MASSANE,
    description: 'Frigo laissé sur le trottoir', email: 'voisin@exemple.fr', name: 'M. Voisin' });
  assert.equal(made.status, 201, made.text);
  assert.ok(!made.text.includes('voisin@exemple.fr') && !made.text.includes('Voisin'), made.text);
});

// ---- filters ----

test('filters: full text without accents, strand, category, sector, handler, state, source, combined; kept in links', async () => {
  const a = await report({ coords: INSIDE_MASSANE, description: 'Un canapé éventré au pied de la tour Sirocco' });
  const b = await report({ category: 'eclairage', coords: INSIDE_MASSANE, description: 'Lampadaire éteint près du canapé, tour Sirocco' });
  const v = await page('staff', '/gestion/signalements?q=canape');
  assert.ok(refs(v).includes(a.ref) && refs(v).includes(b.ref));
  assert.deepEqual(refs(await page('staff', '/gestion/signalements?q=canape+eventre+sirocco')), [a.ref]);
  assert.ok(refs(await page('staff', `/gestion/signalements?q=${encodeURIComponent(a.ref)}`)).includes(a.ref), 'by reference');
  assert.deepEqual(refs(await page('staff', '/gestion/signalements?q=canape+sirocco&categorie=eclairage')), [b.ref]);
  assert.deepEqual(refs(await page('staff', '/gestion/signalements?q=canape+sirocco&volet=works')), []);
  assert.deepEqual(refs(await page('staff', '/gestion/signalements?q=canape+sirocco&secteur=grand-mail')), []);
  assert.ok(refs(await page('staff', '/gestion/signalements?q=canape+sirocco&secteur=hauts-de-massane')).includes(a.ref));
  assert.deepEqual(refs(await page('staff', `/gestion/signalements?q=canape+sirocco&gestionnaire=${ACM}`)), [a.ref]);
  assert.deepEqual(refs(await page('staff', '/gestion/signalements?q=canape+sirocco&etat=fermes')), []);
  assert.equal(refs(await page('staff', '/gestion/signalements?q=canape+sirocco&etat=ouverts&source=staff')).length, 2);
  assert.deepEqual(refs(await page('staff', '/gestion/signalements?q=canape+sirocco&source=web')), []);
  // FTS5 syntax typed by a user is only words
  assert.equal((await c.staff.get('/gestion/signalements?q=%22canap*%20OR%20NEAR(')).status, 200);
  // an invalid value is ignored and said
  const bad = await page('staff', '/gestion/signalements?du=2026-02-31&categorie=inconnue');
  assert.ok(bad.errors.du && bad.errors.categorie);
  // links keep the filters
  const html = (await c.staff.get('/gestion/signalements?q=canape&volet=corrective')).text_.replaceAll('&#61;', '=').replaceAll('&amp;', '&');
  assert.match(html, /href="\/gestion\/signalements\/export\.csv\?q=canape&volet=corrective&tri=recent"/);
  assert.match(html, /href="\/gestion\/signalements\/export\.xlsx\?q=canape&volet=corrective/);
});

test('overdue: open and past the deadline, marked in the list, first in the partner\'s work list', async () => {
  const late = await report({ coords: INSIDE_MASSANE, description: 'Frigo abandonné depuis longtemps' });
  const done = await report({ coords: INSIDE_MASSANE, description: 'Frigo enlevé depuis longtemps' });
  const fresh = await report({ coords: INSIDE_MASSANE, description: 'Frigo tout neuf sur le trottoir' });
  sql(s.db, `UPDATE report SET due_at = '2020-01-01T00:00:00Z' WHERE id IN (${late.id}, ${done.id})`);
  sql(s.db, `UPDATE report SET status = 'resolved' WHERE id = ${done.id}`);
  const v = await page('staff', '/gestion/signalements?retard=1');
  assert.ok(refs(v).includes(late.ref));
  assert.ok(!refs(v).includes(done.ref) && !refs(v).includes(fresh.ref));
  assert.ok(v.reports.every((x) => x.overdue === true && x.is_open === true));
  assert.equal(v.total, Number(sql(s.db, "SELECT count(*) FROM report WHERE status IN ('new','routed','acknowledged','scheduled','in_progress') AND due_at < strftime('%Y-%m-%dT%H:%M:%SZ','now')")));
  const html = (await c.staff.get('/gestion/signalements?q=frigo')).text_;
  const row = html.match(new RegExp(`<tr class="overdue">\\s*<td><input type="checkbox" name="ids" value="${late.id}"`));
  assert.ok(row, 'the overdue row has its class');
  assert.match(html, /<span class="badge badge-late">En retard<\/span>/);
  // combined with other filters, and by due date
  assert.deepEqual(refs(await page('staff', '/gestion/signalements?retard=1&q=frigo&tri=echeance')), [late.ref]);
  assert.deepEqual(refs(await page('partner', '/gestion/signalements?retard=1&q=frigo')), [late.ref]);
  // the partner's home: open reports by due date, the overdue one first and marked
  const home = await page('partner', '/partenaire');
  assert.equal(home.reports[0].overdue, true);
  assert.ok(home.reports.every((x) => x.is_open && x.handler_org_id === ACM));
  const dues = home.reports.map((x) => x.due_at);
  assert.deepEqual(dues, [...dues].sort());
  const homeHtml = (await c.partner.get('/partenaire')).text_;
  assert.ok(homeHtml.includes(late.ref) && !homeHtml.includes(done.ref));
  // the staff home counts it and links to the list
  const sh = await page('staff', '/equipe');
  assert.ok(sh.reports.overdue >= 1);
  assert.match((await c.staff.get('/equipe')).text_.replaceAll('&#61;', '='), /href="\/gestion\/signalements\?retard=1"/);
});

test('period: du/au are Paris days on the creation date', async () => {
  const r = await report({ coords: INSIDE_MASSANE, description: 'Poussette cassée déposée la nuit' });
  // 2026-03-14 23:30 in Paris is 22:30 UTC
  sql(s.db, `UPDATE report SET created_at = '2026-03-14T22:30:00Z' WHERE id = ${r.id}`);
  assert.deepEqual(refs(await page('staff', '/gestion/signalements?q=poussette&du=2026-03-14&au=2026-03-14')), [r.ref]);
  assert.deepEqual(refs(await page('staff', '/gestion/signalements?q=poussette&du=2026-03-15')), []);
  assert.deepEqual(refs(await page('staff', '/gestion/signalements?q=poussette&au=2026-03-13')), []);
  assert.deepEqual(refs((await api('staff', '/api/v1/reports?q=poussette&du=2026-03-01&au=2026-03-31')).body), [r.ref]);
});

test('pagination by 25 keeps the filters; the API pages with per_page', async () => {
  for (let i = 0; i < 27; i++) await report({ address: `Allée des Tulipes n° ${i}`, description: `Tulipe arrachée numéro ${i}` });
  const p1 = await page('staff', '/gestion/signalements?q=tulipe&tri=echeance');
  assert.equal(p1.reports.length, 25);
  assert.equal(p1.total, 27);
  assert.equal(p1.pagination.next_url, '/gestion/signalements?q=tulipe&tri=echeance&page=2');
  const p2 = await page('staff', p1.pagination.next_url);
  assert.equal(p2.reports.length, 2);
  assert.equal(new Set([...refs(p1), ...refs(p2)]).size, 27);
  const a = await api('staff', '/api/v1/reports?q=tulipe&per_page=10&page=3');
  assert.equal(a.body.items.length, 7);
  assert.equal(a.body.total, 27);
  assert.equal((await api('staff', '/api/v1/reports?per_page=1000')).status, 400);
});

// ---- bulk ----

test('bulk change: all or nothing, each report checked for the user', async () => {
  // the form offers only states it can ask for: no duplicate (needs the original), no « new »
  // (needs the internal reason) for staff; the work states for partners
  assert.deepEqual((await page('staff', '/gestion/signalements')).bulk_states.map((x) => x.value),
    ['routed', 'acknowledged', 'scheduled', 'in_progress', 'resolved', 'closed', 'rejected']);
  assert.deepEqual((await page('partner', '/gestion/signalements')).bulk_states.map((x) => x.value),
    ['acknowledged', 'scheduled', 'in_progress', 'resolved']);
  const a = await report({ coords: INSIDE_MASSANE, description: 'Lot : sac de gravats A' });
  const b = await report({ coords: INSIDE_MASSANE, description: 'Lot : sac de gravats B' });
  const theirs = await report({ coords: OUTSIDE, description: 'Lot : sac de gravats C' });
  sql(s.db, `UPDATE report SET status = 'closed' WHERE id = ${b.id}`);
  const send = (role, ids, extra = {}) => c[role].request('/gestion/signalements/lot', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([['csrf', csrfOf[role]], ...ids.map((id) => ['ids', String(id)]), ['status', 'resolved'], ...Object.entries(extra)]).toString(),
  });
  const csrfOf = { partner: await c.partner.csrf('/gestion/signalements'), staff: await c.staff.csrf('/gestion/signalements') };
  // one refused (closed cannot be resolved): nothing written, the page says which and why
  let res = await send('partner', [a.id, b.id]);
  assert.equal(res.status, 422);
  assert.match(res.text_, new RegExp(`${b.ref} : ne peut pas passer de « Clos » à « Résolu »`));
  assert.equal(sql(s.db, `SELECT status FROM report WHERE id = ${a.id}`), 'routed');
  // another organisation's report: refused without naming it
  res = await send('partner', [a.id, theirs.id]);
  assert.equal(res.status, 422);
  assert.ok(!res.text_.includes(theirs.ref));
  assert.match(res.text_, new RegExp(`${theirs.id} : signalement introuvable`));
  assert.equal(sql(s.db, `SELECT status FROM report WHERE id = ${a.id}`), 'routed');
  // none ticked
  res = await send('partner', []);
  assert.equal(res.status, 422);
  assert.match(res.text_, /Cochez au moins un signalement/);
  // all allowed: one transaction, back to the filtered list
  sql(s.db, `UPDATE report SET status = 'in_progress' WHERE id = ${b.id}`);
  res = await send('partner', [a.id, b.id], { public_comment: 'Enlevés ce matin.', retour: '?q=lot' });
  assert.equal(res.status, 303, res.text_.slice(0, 300));
  assert.equal(res.headers.get('location'), '/gestion/signalements?q=lot');
  assert.equal(sql(s.db, `SELECT group_concat(status) FROM report WHERE id IN (${a.id}, ${b.id})`), 'resolved,resolved');
  assert.equal(sql(s.db, `SELECT count(*) FROM report_event WHERE report_id IN (${a.id}, ${b.id}) AND public_comment = 'Enlevés ce matin.'`), '2');
  assert.match(lastAudit('report.bulk'), /2 signalement\(s\) → resolved/);
  // a redirect target that is not a query string is not followed
  sql(s.db, `UPDATE report SET status = 'routed' WHERE id = ${a.id}`);
  res = await send('staff', [a.id], { retour: '//evil.example/' });
  assert.equal(res.headers.get('location'), '/gestion/signalements');
  // from the partner's home (its work list has the same form), back there
  sql(s.db, `UPDATE report SET status = 'routed' WHERE id = ${a.id}`);
  const home = (await c.partner.get('/partenaire')).text_;
  assert.match(home, new RegExp(`<input type="checkbox" name="ids" value="${a.id}"`));
  assert.match(home, /<form method="post" action="\/gestion\/signalements\/lot"/);
  res = await send('partner', [a.id], { retour: '/partenaire', public_comment: 'Fait.' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/partenaire');
  assert.equal(sql(s.db, `SELECT status FROM report WHERE id = ${a.id}`), 'resolved');
});

// ---- the report's page: route, comments, edit, photos ----

test('re-routing by staff: the suggestion preselected, the handler changed, the former agent loses it', async () => {
  const r = await report({ coords: INSIDE_MASSANE, description: 'Tags sur la porte du local vélo' });
  const show = await c.staff.get(`/gestion/signalements/${r.id}`);
  assert.match(show.text_, new RegExp(`<option value="${ACM}" selected>ACM Habitat \\(suggestion\\)</option>`));
  let res = await postForm('partner', `/gestion/signalements/${r.id}/transmettre`, { org_id: PROPRETE });
  assert.equal(res.status, 403);
  res = await postForm('staff', `/gestion/signalements/${r.id}/transmettre`, { org_id: ACM });
  assert.equal(res.status, 422);
  assert.match(res.text_, /déjà transmis à cette organisation/);
  res = await postForm('staff', `/gestion/signalements/${r.id}/transmettre`, { org_id: PROPRETE, internal_comment: 'Sur la voie publique' });
  assert.equal(res.status, 303);
  assert.equal(Number(sql(s.db, `SELECT handler_org_id FROM report WHERE id = ${r.id}`)), PROPRETE);
  assert.match(lastAudit('report.route'), new RegExp(`${r.ref} transmis à l'organisation ${PROPRETE}`));
  assert.equal((await c.partner.get(`/gestion/signalements/${r.id}`)).status, 404);
  assert.equal((await c.other.get(`/gestion/signalements/${r.id}`)).status, 200);
  // the API does the same
  const back = await api('staff', `/api/v1/reports/${r.ref}/route`, { org_id: ACM });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.body.handler_org_id, ACM);
  assert.equal((await api('partner', `/api/v1/reports/${r.ref}/route`, { org_id: PROPRETE })).status, 403);
  assert.equal((await api('staff', `/api/v1/reports/${r.ref}/route`, {})).status, 422);
});

test('comments: public ones for everyone, internal ones never leave the back office', async () => {
  const r = await report({ coords: INSIDE_MASSANE, description: 'Carcasse de scooter dans le parking' });
  let res = await postForm('partner', `/gestion/signalements/${r.id}/commentaire`, { public_comment: 'Enlèvement prévu jeudi.', internal_comment: 'Code portail 1234' });
  assert.equal(res.status, 303);
  res = await postForm('partner', `/gestion/signalements/${r.id}/commentaire`, {});
  assert.equal(res.status, 422);
  // a refused comment comes back in the comment form, its field marked; the state form is left alone
  res = await postForm('partner', `/gestion/signalements/${r.id}/commentaire`, { public_comment: 'z'.repeat(5001), internal_comment: 'Garder ce texte' });
  assert.equal(res.status, 422);
  assert.match(res.text_, /id="cm-public"[^>]* aria-invalid="true" aria-describedby="cm-public-error"/);
  assert.match(res.text_, /<p class="field-error" id="cm-public-error">Le champ/);
  assert.match(res.text_, /<textarea id="cm-internal"[^>]*>Garder ce texte<\/textarea>/);
  assert.doesNotMatch(res.text_, /id="st-public-error"|<textarea id="st-internal"[^>]*>Garder/);
  const api1 = await api('staff', `/api/v1/reports/${r.ref}/comments`, { internal_comment: 'Vu avec la police municipale' });
  assert.equal(api1.status, 200, api1.text);
  assert.ok(api1.body.events.some((e) => e.internal_comment === 'Vu avec la police municipale' && e.is_public === false));
  // anonymous: the public view only
  const pub = await api('anonymous', `/api/v1/reports/${r.ref}`);
  assert.equal(pub.status, 200);
  assert.ok(pub.text.includes('Enlèvement prévu jeudi.'));
  assert.ok(!pub.text.includes('Code portail') && !pub.text.includes('police municipale'), pub.text);
  // another organisation's agent gets the public view too
  const other = await api('other', `/api/v1/reports/${r.ref}`);
  assert.ok(!other.text.includes('Code portail'));
  // the back office page marks internal comments
  const show = (await c.staff.get(`/gestion/signalements/${r.id}`)).text_;
  assert.match(show, /<span class="badge badge-internal">interne<\/span> Code portail 1234/);
  assert.match(lastAudit('report.comment'), /commentaire interne/);
});

test('moderation of a report whose category was deactivated: the form keeps that category selected', async () => {
  const r = await report({ coords: INSIDE_MASSANE, description: 'Dépôt dans une catégorie retirée' });
  sql(s.db, "UPDATE report_category SET active = 0 WHERE code = 'encombrants'");
  try {
    const show = await c.staff.get(`/gestion/signalements/${r.id}`);
    assert.equal(show.status, 200);
    const select = show.text_.match(/<select id="ed-category"[\s\S]*?<\/select>/)[0];
    assert.match(select, /<option value="encombrants" selected>/, 'the current category is offered and selected');
    assert.equal((select.match(/ selected>/g) || []).length, 1);
  } finally {
    sql(s.db, "UPDATE report_category SET active = 1 WHERE code = 'encombrants'");
  }
});

test('moderation by staff: the public fields edited, audited with field names only', async () => {
  const r = await report({ coords: INSIDE_MASSANE, description: 'Texte avec un numéro de téléphone 06 00 00 00 00' });
  let res = await postForm('staff', `/gestion/signalements/${r.id}/modifier`, { category: 'encombrants', sector_id: '', coords: '', address: '', description: 'Court' });
  assert.equal(res.status, 422);
  assert.match(res.text_, /id="ed-description-error"/);
  assert.match(res.text_, /id="ed-address-error">Indiquez une position ou une adresse/);
  res = await postForm('staff', `/gestion/signalements/${r.id}/modifier`, {
    category: 'tags', sector_id: sql(s.db, "SELECT id FROM sector WHERE slug = 'grand-mail'"), coords: '43.6150, 3.8270', address: 'Place du Grand Mail', description: 'Texte sans données personnelles',
  });
  assert.equal(res.status, 303);
  const row = sql(s.db, `SELECT c.code, s.slug, r.address, r.description, round(r.lat, 4) FROM report r JOIN report_category c ON c.id = r.category_id JOIN sector s ON s.id = r.sector_id WHERE r.id = ${r.id}`);
  assert.equal(row, 'tags|grand-mail|Place du Grand Mail|Texte sans données personnelles|43.615');
  const audit = lastAudit('report.update');
  assert.equal(audit, `${r.ref} : champs modifiés : category, sector, place, address, description`);
  assert.ok(!audit.includes('06 00'));
  // the search follows the new text
  assert.deepEqual(refs(await page('staff', '/gestion/signalements?q=personnelles')), [r.ref]);
  assert.deepEqual(refs(await page('staff', '/gestion/signalements?q=telephone')).filter((x) => x === r.ref), []);
  assert.equal((await postForm('partner', `/gestion/signalements/${r.id}/modifier`, { description: 'Intrusion du partenaire' })).status, 403);
});

test('photos: staff hide and show each one publicly (toggle, audited); partners may not', async () => {
  const r = await report({ coords: INSIDE_MASSANE, description: 'Photo à modérer devant le hall' });
  sql(s.db, "INSERT INTO upload (sha256, size, content_type, data, created_at) VALUES ('00', 1, 'image/png', x'00', '2026-01-01T00:00:00Z')");
  const photo = Number(sql(s.db, 'SELECT max(id) FROM upload'));
  sql(s.db, `INSERT INTO report_photo (report_id, upload_id) VALUES (${r.id}, ${photo})`);
  const path = `/gestion/signalements/${r.id}/photos/${photo}/masquer`;
  assert.equal((await postForm('partner', path, {})).status, 403);
  let res = await postForm('staff', path, {});
  assert.equal(res.status, 303);
  assert.equal(sql(s.db, `SELECT hidden FROM report_photo WHERE upload_id = ${photo}`), '1');
  assert.match(lastAudit('report.photo'), new RegExp(`${r.ref} : photo ${photo} masquée`));
  assert.ok(!(await api('anonymous', `/api/v1/reports/${r.ref}`)).text.includes(`/photos/${photo}`));
  assert.match((await c.staff.get(`/gestion/signalements/${r.id}`)).text_, /Rendre publique/);
  res = await postForm('staff', path, {});
  assert.equal(sql(s.db, `SELECT hidden FROM report_photo WHERE upload_id = ${photo}`), '0');
  assert.match(lastAudit('report.photo'), /affichée/);
  assert.equal((await postForm('staff', `/gestion/signalements/${r.id}/photos/999999/masquer`, {})).status, 404);
});

test('the report page: everything for staff, JSON by Accept, the events in order', async () => {
  const r = await report({ category: 'parties_communes', coords: INSIDE_MASSANE, description: 'Porte du hall cassée, bâtiment B', attr_batiment: 'Bâtiment B, entrée 2' });
  const v = await page('staff', `/gestion/signalements/${r.id}`);
  assert.equal(v.report.ref, r.ref);
  assert.deepEqual(v.report.events.map((e) => e.kind), ['created', 'routed']);
  assert.ok(v.next_states.some((x) => x.value === 'resolved'));
  const html = (await c.staff.get(`/gestion/signalements/${r.id}`)).text_;
  assert.match(html, /Transmis à ACM Habitat/);
  // the extra answers, with their question
  assert.deepEqual(v.report.attributes.map((a) => [a.code, a.value]), [['batiment', 'Bâtiment B, entrée 2']]);
  assert.match(html, /<dt>Bâtiment et entrée \(ex\. : bâtiment B, entrée 3\)<\/dt><dd>Bâtiment B, entrée 2<\/dd>/);
  assert.equal((await c.staff.get('/gestion/signalements/abc')).status, 404);
});

test('role homes: staff counts and links, admin links', async () => {
  const staffHome = (await c.staff.get('/equipe')).text_.replaceAll('&#61;', '=');
  for (const href of ['/gestion/signalements', '/gestion/signalements/nouveau', '/equipe/diagnostics', '/equipe/points-noirs', '/gestion/signalements?etat=new']) {
    assert.ok(staffHome.includes(`href="${href}"`), href);
  }
  const counts = (await page('staff', '/equipe')).reports;
  assert.equal(counts.open, Number(sql(s.db, "SELECT count(*) FROM report WHERE status IN ('new','routed','acknowledged','scheduled','in_progress')")));
  assert.equal(counts.new, Number(sql(s.db, "SELECT count(*) FROM report WHERE status = 'new'")));
  const adminHome = (await c.admin.get('/admin')).text_;
  for (const href of ['/admin/categories', '/admin/courriels', '/gestion/signalements']) assert.ok(adminHome.includes(`href="${href}"`), href);
});
