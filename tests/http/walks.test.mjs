// Walking diagnostics (diagnostics en marchant): planning pages with every
// validation message (422, the form again, nothing written), Paris time
// typed and shown, stored UTC; who may invite whom; roles; the walk's page
// with its findings and their CURRENT status; deletion keeping the findings;
// CSV and GeoJSON of the findings; the JSON API; audit entries without
// personal data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, startServer, Client, ROLES, stopClean, json, sql } from './lib.mjs';

let s, staff, partner, member, token;

const q = (query) => sql(s.db, query);
const count = (table, where = '1') => Number(q(`SELECT count(*) FROM ${table} WHERE ${where}`));
const unescape = (t) => t.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\u00a0/g, ' ');
const MOSSON = 1;
const GRAND_MAIL = 3; // a sector of Mosson
const SQUARE = 6; // a sector of Cévennes

before(async () => {
  s = await startServer({ demoReports: false });
  staff = new Client(s.base);
  assert.equal((await staff.login(ROLES.staff)).status, 303);
  partner = new Client(s.base);
  assert.equal((await partner.login(ROLES.partner)).status, 303);
  member = new Client(s.base);
  assert.equal((await member.login(ROLES.member)).status, 303);
  const t = cli(['token', 'create', ROLES.staff, '--name', 't', '--db', s.db]);
  assert.equal(t.status, 0, t.stderr);
  token = t.stdout.trim();
});
after(async () => { await stopClean(s); });

/** POSTs a form given as [name, value] pairs (names may repeat: checkboxes). */
const postPairs = (client, path, pairs, headers = {}) => client.post(path, pairs, { from: '/equipe/diagnostics/nouveau', headers });

/** The pairs of a valid walk, with fields replaced or removed (value null). */
function walkPairs(over = {}, lists = {}) {
  const base = {
    title: 'Diagnostic du Grand Mail', project_id: String(MOSSON), date: '2027-01-14', time: '18:30',
    meeting_point: 'Devant la Maison du Projet', route: 'Avenue de Heidelberg, puis le Grand Mail jusqu\'au tram',
    status: 'planned', notes: 'Prévoir des gilets.',
  };
  const f = { ...base, ...over };
  const pairs = Object.entries(f).filter(([, v]) => v !== null);
  for (const [name, ids] of Object.entries({ sectors: [GRAND_MAIL], organizations: [], contacts: [], ...lists })) {
    for (const id of ids) pairs.push([name, String(id)]);
  }
  return pairs;
}

/** Creates a walk through the form; returns its id. */
async function createWalk(over = {}, lists = {}) {
  const res = await postPairs(staff, '/equipe/diagnostics', walkPairs(over, lists));
  assert.equal(res.status, 303, res.text_.slice(0, 2000));
  const m = res.headers.get('location').match(/^\/equipe\/diagnostics\/(\d+)$/);
  assert.ok(m, res.headers.get('location'));
  return Number(m[1]);
}

/** A report created through the API with the staff token; returns {id, ref}. */
async function createReport(category, description, coords) {
  const res = await fetch(s.base + '/api/v1/reports', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ category, description, coords, email: 'temoin.secret@exemple.fr', name: 'Témoin Secret' }),
  });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  const ref = JSON.parse(text).ref;
  assert.match(ref, /^S-\d{4}-\d{5}$/);
  return { id: Number(q(`SELECT id FROM report WHERE ref = '${ref}'`)), ref };
}

const partnerContact = () => Number(q('SELECT min(contact_id) FROM membership'));
const consentingResident = () => Number(q("SELECT min(id) FROM contact WHERE is_resident = 1 AND consent_basis = 'consent' AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.contact_id = contact.id)"));

test('the form says who may be invited and offers the projects, sectors, partners and people', async () => {
  const res = await staff.get('/equipe/diagnostics/nouveau');
  assert.equal(res.status, 200);
  const html = unescape(res.text_);
  assert.match(html, /<h1>Nouveau diagnostic en marchant<\/h1>/);
  assert.match(html, /les habitants seulement s'ils ont donné leur consentement/);
  assert.match(html, /name="csrf"/);
  assert.match(html, new RegExp(`name="sectors" value="${GRAND_MAIL}"`));
  assert.match(html, new RegExp(`name="contacts" value="${partnerContact()}"`));
  assert.match(html, new RegExp(`name="contacts" value="${consentingResident()}"`));
  assert.match(html, /name="organizations" value="\d+"/);
  assert.match(html, /<input id="time" name="time" type="time" required value="14:00"/);
});

test('a walk at 18:30 Paris time in winter is stored 17:30Z and shown 18:30; in summer 16:30Z', async () => {
  const org = Number(q("SELECT id FROM organization WHERE name LIKE 'ACM%'"));
  const id = await createWalk({}, { sectors: [GRAND_MAIL, 1], organizations: [org], contacts: [partnerContact(), consentingResident()] });
  assert.equal(q(`SELECT starts_at FROM walk WHERE id = ${id}`), '2027-01-14T17:30:00Z');
  assert.equal(q(`SELECT created_by FROM walk WHERE id = ${id}`), '2');
  assert.equal(count('walk_sector', `walk_id = ${id}`), 2);
  assert.equal(count('walk_organization', `walk_id = ${id} AND organization_id = ${org}`), 1);
  assert.equal(count('walk_contact', `walk_id = ${id}`), 2);
  const page = await staff.get(`/equipe/diagnostics/${id}`);
  assert.equal(page.status, 200);
  const html = unescape(page.text_);
  assert.match(html, /14\/01\/2027 à 18 h 30/);
  assert.match(html, /Devant la Maison du Projet/);
  assert.match(html, /Grand Mail/);
  assert.match(html, /ACM Habitat/);
  assert.match(html, /href="\/gestion\/signalements\/nouveau\?diagnostic=\d+">Saisir un constat</);
  const edit = await staff.get(`/equipe/diagnostics/${id}/modifier`);
  assert.equal(edit.status, 200);
  assert.match(edit.text_, /name="time" type="time" required value="18:30"/);
  assert.match(edit.text_, /name="date" type="date" required value="2027-01-14"/);
  assert.match(edit.text_, new RegExp(`name="sectors" value="${GRAND_MAIL}" checked`));
  assert.match(edit.text_, new RegExp(`name="organizations" value="${org}" checked`));
  // JSON view of the page: the same model
  const j = json(await staff.get(`/equipe/diagnostics/${id}`, { headers: { Accept: 'application/json' } }));
  assert.equal(j.walk.starts_at, '2027-01-14T17:30:00Z');
  assert.equal(j.walk.time, '18:30');
  assert.equal(j.walk.sectors.length, 2);
  // summer time: UTC+2
  const res = await postPairs(staff, `/equipe/diagnostics/${id}`, walkPairs({ date: '2027-07-01' }));
  assert.equal(res.status, 303, res.text_.slice(0, 1000));
  assert.equal(q(`SELECT starts_at FROM walk WHERE id = ${id}`), '2027-07-01T16:30:00Z');
  assert.match(unescape((await staff.get(`/equipe/diagnostics/${id}`)).text_), /01\/07\/2027 à 18 h 30/);
  // the update replaced the lists
  assert.equal(count('walk_sector', `walk_id = ${id}`), 1);
  assert.equal(count('walk_contact', `walk_id = ${id}`), 0);
});

test('every validation message: 422, the form again with what was typed, nothing written', async () => {
  const before = count('walk');
  const cases = [
    [{ title: null }, {}, 'title', /Le champ « Intitulé » est obligatoire\./],
    [{ title: 'x' }, {}, 'title', /Le champ « Intitulé » doit contenir au moins 2 caractères\./],
    [{ project_id: null }, {}, 'project_id', /Le champ « Projet » est obligatoire\./],
    [{ project_id: '999' }, { sectors: [] }, 'project_id', /Ce projet n'existe pas\./],
    [{ date: null }, {}, 'date', /Le champ « Date » est obligatoire\./],
    [{ date: '14/01/2027' }, {}, 'date', /Le champ « Date » doit être une date au format AAAA-MM-JJ/],
    [{ date: '2027-02-30' }, {}, 'date', /Le champ « Date » contient une date qui n'existe pas\./],
    [{ date: '1999-12-31' }, {}, 'date', /Indiquez une date entre l'an 2000 et l'an 2100\./],
    [{ time: null }, {}, 'time', /Le champ « Heure » est obligatoire\./],
    [{ time: '25:00' }, {}, 'time', /Indiquez l'heure au format HH:MM, par exemple 18:30\./],
    [{ time: '18h30' }, {}, 'time', /Indiquez l'heure au format HH:MM/],
    [{ date: '2027-03-28', time: '02:30' }, {}, 'time', /Cette heure n'existe pas à Paris ce jour-là \(passage à l'heure d'été\)\./],
    [{ status: 'lost' }, {}, 'status', /Valeur non autorisée pour le champ « État »\./],
    [{ status: 'done', date: '2099-01-01' }, {}, 'status', /Un diagnostic à venir ne peut pas être marqué comme réalisé\./],
    [{}, { sectors: [SQUARE] }, 'sectors', /Le secteur « Square et parc[^»]*» n'appartient pas au projet choisi\./],
    [{}, { sectors: [9999] }, 'sectors', /Un des secteurs choisis n'existe pas\./],
    [{}, { sectors: ['abc'] }, 'sectors', /Un des secteurs choisis n'est pas valide\./],
    [{}, { organizations: [99999] }, 'organizations', /Une des organisations choisies n'existe pas\./],
    [{}, { contacts: [99999] }, 'contacts', /Une des personnes choisies n'existe pas\./],
    [{ meeting_point: 'x'.repeat(301) }, {}, 'meeting_point', /Le champ « Lieu de rendez-vous » ne doit pas dépasser 300 caractères \(il en contient 301\)\./],
    [{ route: 'x'.repeat(5001) }, {}, 'route', /Le champ « Parcours » ne doit pas dépasser 5000 caractères \(il en contient 5001\)\./],
  ];
  for (const [over, lists, field, message] of cases) {
    const res = await postPairs(staff, '/equipe/diagnostics', walkPairs({ meeting_point: 'Repère « tapé »', ...over }, lists));
    const where = `${JSON.stringify(over)} ${JSON.stringify(lists)}`;
    assert.equal(res.status, 422, where);
    const html = unescape(res.text_);
    assert.match(html, message, `${where} ${message}`);
    assert.match(html, new RegExp(`id="${field}-error"`), `${where} id`);
    assert.match(html, /Le formulaire contient des erreurs/, where);
    if (over.meeting_point === undefined) assert.match(html, /value="Repère « tapé »"/, `${where} kept`);
    // the same in JSON
    const j = await postPairs(staff, '/equipe/diagnostics', walkPairs(over, lists), { Accept: 'application/json' });
    assert.equal(j.status, 422, where);
    assert.match(json(j).error.fields[field].replace(/\u00a0/g, " "), message, where);
  }
  assert.equal(count('walk'), before);
});

test('people: a partner agent and a consenting resident may be invited; a resident without consent may not', async () => {
  q("INSERT INTO contact (first_name, last_name, is_resident, consent_basis, consent_at, created_at, updated_at) VALUES ('Sans', 'Consentement', 1, 'legitimate_interest', '2026-01-01', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
  const noConsent = Number(q('SELECT max(id) FROM contact'));
  q("INSERT INTO contact (first_name, last_name, created_at, updated_at) VALUES ('Personne', 'Isolée', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
  const loose = Number(q('SELECT max(id) FROM contact'));
  const before = count('walk');
  for (const c of [noConsent, loose]) {
    const res = await postPairs(staff, '/equipe/diagnostics', walkPairs({}, { contacts: [partnerContact(), c] }));
    assert.equal(res.status, 422);
    assert.match(unescape(res.text_), /ne peut pas être invité·e : seuls les agents des partenaires et les habitants ayant donné leur consentement peuvent l'être\./);
  }
  assert.equal(count('walk'), before);
  // they are not even offered on the form
  const form = await staff.get('/equipe/diagnostics/nouveau');
  assert.doesNotMatch(form.text_, new RegExp(`name="contacts" value="${noConsent}"`));
  assert.doesNotMatch(form.text_, new RegExp(`name="contacts" value="${loose}"`));
  const id = await createWalk({}, { contacts: [partnerContact(), consentingResident()] });
  assert.equal(count('walk_contact', `walk_id = ${id}`), 2);
});

test('a program creates a walk with a token: JSON body, lists as comma-separated ids, 201 with Location', async () => {
  const res = await fetch(`${s.base}/equipe/diagnostics`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ title: 'Créé par un script', project_id: MOSSON, date: '2027-02-10', time: '09:45:00', status: 'planned', sectors: `${GRAND_MAIL}, 1` }),
  });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  const { id, url } = JSON.parse(text);
  assert.equal(res.headers.get('location'), `/equipe/diagnostics/${id}`);
  assert.equal(url, `/equipe/diagnostics/${id}`);
  assert.equal(q(`SELECT starts_at FROM walk WHERE id = ${id}`), '2027-02-10T08:45:00Z');
  assert.equal(count('walk_sector', `walk_id = ${id}`), 2);
  const bad = await fetch(`${s.base}/equipe/diagnostics/${id}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ title: 'Créé par un script', project_id: MOSSON, date: '2027-02-10', time: '9h45', status: 'planned' }),
  });
  assert.equal(bad.status, 422);
  const err = await bad.json();
  assert.equal(err.error.code, 'invalid_input');
  assert.match(err.error.fields.time, /HH:MM/);
  assert.equal(q(`SELECT count(*) FROM walk_sector WHERE walk_id = ${id}`), '2');
});

test('a date in the past is allowed (a walk recorded afterwards), done or planned', async () => {
  const done = await createWalk({ title: 'Marche de 2025', date: '2025-10-07', time: '10:00', status: 'done' });
  assert.equal(q(`SELECT starts_at || ' ' || status FROM walk WHERE id = ${done}`), '2025-10-07T08:00:00Z done');
  const planned = await createWalk({ title: 'Marche passée prévue', date: '2024-05-02', time: '09:15' });
  assert.equal(q(`SELECT status FROM walk WHERE id = ${planned}`), 'planned');
});

test('the list: upcoming walks first (soonest first), then past ones (latest first); filters; JSON', async () => {
  const soon = await createWalk({ title: 'Bientôt', date: '2030-03-03' });
  const later = await createWalk({ title: 'Plus tard', date: '2031-04-04' });
  const old = await createWalk({ title: 'Ancienne', date: '2021-02-02' });
  const older = await createWalk({ title: 'Très ancienne', date: '2020-01-01', status: 'cancelled' });
  const cev = await createWalk({ title: 'Aux Cévennes', date: '2030-05-05', project_id: '2' }, { sectors: [SQUARE] });
  const res = await staff.get('/equipe/diagnostics');
  assert.equal(res.status, 200);
  const html = unescape(res.text_);
  const pos = (id) => html.indexOf(`href="/equipe/diagnostics/${id}"`);
  for (const id of [soon, later, old, older, cev]) assert.ok(pos(id) > 0, `walk ${id} missing`);
  assert.ok(pos(soon) < pos(later) && pos(later) < pos(old) && pos(old) < pos(older));
  assert.ok(html.indexOf('À venir') < pos(soon) && html.indexOf('Passés') > pos(later) && html.indexOf('Passés') < pos(old));
  const j = json(await staff.get('/equipe/diagnostics', { headers: { Accept: 'application/json' } }));
  assert.ok(j.upcoming.findIndex((w) => w.id === soon) < j.upcoming.findIndex((w) => w.id === later));
  assert.ok(j.past.findIndex((w) => w.id === old) < j.past.findIndex((w) => w.id === older));
  assert.equal(j.past.find((w) => w.id === older).status_label, 'Annulé');
  const cevennes = json(await staff.get('/equipe/diagnostics?projet=cevennes', { headers: { Accept: 'application/json' } }));
  assert.deepEqual([...cevennes.upcoming, ...cevennes.past].map((w) => w.id), [cev]);
  const cancelled = json(await staff.get('/equipe/diagnostics?statut=cancelled', { headers: { Accept: 'application/json' } }));
  assert.deepEqual([...cancelled.upcoming, ...cancelled.past].map((w) => w.id), [older]);
  assert.match((await staff.get('/equipe/diagnostics?statut=cancelled')).text_, /<option value="cancelled" selected>/);
});

test('roles: partners and members get 403 everywhere, anonymous visitors go to the login page', async () => {
  const id = await createWalk();
  const paths = ['/equipe/diagnostics', '/equipe/diagnostics/nouveau', `/equipe/diagnostics/${id}`, `/equipe/diagnostics/${id}/modifier`,
    `/equipe/diagnostics/${id}/constats.csv`, `/equipe/diagnostics/${id}/constats.geojson`, '/api/v1/walks', `/api/v1/walks/${id}`];
  for (const c of [partner, member]) {
    for (const p of paths) assert.equal((await c.get(p)).status, 403, p);
    const res = await c.request(`/equipe/diagnostics/${id}/supprimer`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: await c.csrf('/compte'), confirm: '1' }).toString(),
    });
    assert.equal(res.status, 403);
  }
  const anon = new Client(s.base);
  assert.equal((await anon.get(`/equipe/diagnostics/${id}`)).headers.get('location'), `/connexion?suite=/equipe/diagnostics/${id}`);
  assert.equal((await anon.get('/api/v1/walks')).status, 401);
  assert.equal(count('walk', `id = ${id}`), 1);
  assert.equal((await staff.get('/equipe/diagnostics/99999')).status, 404);
  assert.equal((await staff.get('/equipe/diagnostics/abc')).status, 404);
});

test('findings: listed with their current status and handler; a status change shows; counts, GeoJSON, CSV, API', async () => {
  const id = await createWalk({ title: 'Marche des constats' });
  const a = await createReport('eclairage', 'Lampadaire éteint devant le 12', '43.6175,3.8215');
  const b = await createReport('encombrants', 'Matelas abandonné au pied de la tour', '43.6180,3.8230');
  const other = await createReport('encombrants', 'Un signalement sans lien avec la marche', '43.6100,3.8100');
  q(`UPDATE report SET walk_id = ${id}, source = 'walk' WHERE id IN (${a.id}, ${b.id})`);
  q(`INSERT INTO upload (sha256, size, content_type, data, created_at) VALUES ('00', 1, 'image/png', x'00', '2026-01-01T00:00:00Z')`);
  const upload = Number(q('SELECT max(id) FROM upload'));
  q(`INSERT INTO report_photo (report_id, upload_id) VALUES (${a.id}, ${upload})`);
  // a photo hidden by moderation is not the finding's photo (the page is printed for the meeting)
  q(`INSERT INTO upload (sha256, size, content_type, data, created_at) VALUES ('01', 1, 'image/png', x'01', '2026-01-01T00:00:00Z')`);
  const hidden = Number(q('SELECT max(id) FROM upload'));
  q(`INSERT INTO report_photo (report_id, upload_id, hidden) VALUES (${b.id}, ${hidden}, 1)`);
  let html = unescape((await staff.get(`/equipe/diagnostics/${id}`)).text_);
  assert.doesNotMatch(html, new RegExp(`/photos/${hidden}"`));
  assert.match(html, new RegExp(`<a href="/gestion/signalements/${a.id}">${a.ref}</a>`));
  assert.match(html, new RegExp(`<a href="/gestion/signalements/${b.id}">${b.ref}</a>`));
  assert.doesNotMatch(html, new RegExp(other.ref));
  assert.match(html, new RegExp(`<img class="walk-thumb" src="/photos/${upload}" alt="Photo du constat ${a.ref}"`));
  assert.match(html, /Constats \(2\)/);
  assert.doesNotMatch(html, /temoin\.secret|Témoin Secret/);
  const statusOf = (h, ref) => h.match(new RegExp(`${ref}</a>.*?data-status="([a-z_]+)">([^<]*)<`, 's'));
  const before = statusOf(html, a.ref);
  assert.ok(before, html);
  assert.notEqual(before[1], 'resolved');
  assert.equal(before[1], q(`SELECT status FROM report WHERE id = ${a.id}`));
  assert.ok(before[2].length > 0);
  // the status changes elsewhere (the back office): the walk page shows the current one
  q(`UPDATE report SET status = 'resolved', resolved_at = '2027-01-20T10:00:00Z' WHERE id = ${a.id}`);
  html = unescape((await staff.get(`/equipe/diagnostics/${id}`)).text_);
  assert.deepEqual(statusOf(html, a.ref).slice(1), ['resolved', 'Résolu']);
  assert.match(html, /<span class="walk-count">1<\/span> Résolu/);
  const j = json(await staff.get(`/equipe/diagnostics/${id}`, { headers: { Accept: 'application/json' } }));
  assert.equal(j.findings_total, 2);
  assert.equal(j.findings.find((f) => f.ref === a.ref).status_label, 'Résolu');
  assert.ok(j.counts.some((c) => c.status === 'resolved' && c.count === 1));
  // GeoJSON
  const geo = await staff.get(`/equipe/diagnostics/${id}/constats.geojson`);
  assert.equal(geo.status, 200);
  assert.match(geo.headers.get('content-type'), /^application\/geo\+json/);
  const fc = JSON.parse(geo.text_);
  assert.equal(fc.type, 'FeatureCollection');
  assert.deepEqual(fc.features.map((f) => f.properties.ref).sort(), [a.ref, b.ref].sort());
  const fa = fc.features.find((f) => f.properties.ref === a.ref);
  assert.deepEqual(fa.geometry, { type: 'Point', coordinates: [3.8215, 43.6175] });
  assert.equal(fa.properties.status, 'resolved');
  assert.doesNotMatch(geo.text_, /temoin|Témoin/);
  // CSV
  const csv = await staff.get(`/equipe/diagnostics/${id}/constats.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('content-disposition'), new RegExp(`attachment; filename="diagnostic-${id}-constats.csv"`));
  const lines = csv.text_.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
  assert.equal(lines[0], 'Référence,Catégorie,Volet,Secteur,Lieu,Description,État,Gestionnaire,Délai,Signalé le');
  assert.equal(lines.length, 3);
  assert.ok(lines.some((l) => l.startsWith(a.ref + ',') && l.includes('Résolu')));
  assert.doesNotMatch(csv.text_, /temoin|Témoin/);
  const raw = await fetch(`${s.base}/equipe/diagnostics/${id}/constats.csv`, { headers: { Cookie: staff.cookieHeader() } });
  assert.deepEqual([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)], [0xef, 0xbb, 0xbf]);
  const semi = await staff.get(`/equipe/diagnostics/${id}/constats.csv?sep=;`);
  assert.match(semi.text_, /^\uFEFF?Référence;Catégorie;/);
  // API
  const api = await fetch(`${s.base}/api/v1/walks/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(api.status, 200);
  const w = await api.json();
  assert.equal(w.title, 'Marche des constats');
  assert.equal(w.starts_at, '2027-01-14T17:30:00Z');
  assert.equal(w.findings.length, 2);
  const fj = w.findings.find((f) => f.ref === a.ref);
  assert.equal(fj.status, 'resolved');
  assert.equal(fj.photo_url, `/photos/${upload}`);
  assert.ok(!JSON.stringify(w).includes(`/photos/${hidden}`), 'no hidden photo in the API');
  for (const f of w.findings) for (const k of ['reporter_email', 'reporter_name', 'email', 'name', 'follow_token_hash']) assert.ok(!(k in f), k);
  assert.doesNotMatch(JSON.stringify(w), /temoin|Témoin/);
});

test('the API lists walks by page; a bad page is a 400; unknown walk 404', async () => {
  const auth = { Authorization: `Bearer ${token}` };
  const all = await (await fetch(`${s.base}/api/v1/walks?per_page=100`, { headers: auth })).json();
  assert.equal(all.total, count('walk'));
  assert.equal(all.items.length, Math.min(100, all.total));
  assert.ok(all.items.every((w) => typeof w.findings_count === 'number' && w.url === `/equipe/diagnostics/${w.id}`));
  const p2 = await (await fetch(`${s.base}/api/v1/walks?per_page=2&page=2`, { headers: auth })).json();
  assert.deepEqual(p2.items.map((w) => w.id), all.items.slice(2, 4).map((w) => w.id));
  assert.equal(p2.page, 2);
  assert.equal(p2.per_page, 2);
  const cev = await (await fetch(`${s.base}/api/v1/walks?project=cevennes`, { headers: auth })).json();
  assert.ok(cev.items.length >= 1 && cev.items.every((w) => w.project_slug === 'cevennes'));
  assert.equal((await fetch(`${s.base}/api/v1/walks?page=0`, { headers: auth })).status, 400);
  const missing = await fetch(`${s.base}/api/v1/walks/99999`, { headers: auth });
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, 'not_found');
});

test('deleting asks for a ticked box; the findings stay, without walk; audited without personal data', async () => {
  const resident = consentingResident();
  const residentName = q(`SELECT last_name FROM contact WHERE id = ${resident}`);
  const id = await createWalk({ title: 'Marche à supprimer' }, { contacts: [resident] });
  const r1 = await createReport('encombrants', 'Carcasse de scooter sur le trottoir', '43.6190,3.8240');
  q(`UPDATE report SET walk_id = ${id} WHERE id = ${r1.id}`);
  const refused = await postPairs(staff, `/equipe/diagnostics/${id}/supprimer`, []);
  assert.equal(refused.status, 422);
  assert.match(unescape(refused.text_), /Cochez la case pour confirmer la suppression\./);
  assert.equal(count('walk', `id = ${id}`), 1);
  const res = await postPairs(staff, `/equipe/diagnostics/${id}/supprimer`, [['confirm', '1']]);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/equipe/diagnostics');
  assert.equal(count('walk', `id = ${id}`), 0);
  assert.equal(count('walk_contact', `walk_id = ${id}`), 0);
  assert.equal(count('report', `id = ${r1.id} AND walk_id IS NULL`), 1);
  assert.equal((await staff.get(`/equipe/diagnostics/${id}`)).status, 404);
  const audit = q(`SELECT group_concat(action || ': ' || summary, ' | ') FROM audit WHERE entity = 'walk' AND entity_id = ${id}`);
  assert.match(audit, /walk\.create: « Marche à supprimer »/);
  assert.match(audit, /1 personne\(s\) invitée\(s\)/);
  assert.match(audit, /walk\.delete: « Marche à supprimer » .* 1 constat\(s\) conservé\(s\)/);
  assert.doesNotMatch(audit, new RegExp(residentName));
  assert.equal(count('audit', "action = 'walk.update'") >= 1, true);
});
