// Bodies (instances): staff CRUD with every validation message (422, the form
// again, nothing written) and deactivation instead of deletion; members by
// college (validation, edit, end of mandate, removal); a committee session
// needs a body; the convocation queued once to each member with an e-mail,
// sent again only when confirmed; attendance per college and the quorum met
// and not met; decisions and their follow-up across two sessions; the body
// page's open decisions; public and private bodies in HTML, JSON and
// iCalendar; a member account sees its private session; the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ROLES, stopClean, json, sql } from './lib.mjs';

let s, staff, anon, member, partner;

const q = (query) => sql(s.db, query);
const count = (table, where = '1') => Number(q(`SELECT count(*) FROM ${table} WHERE ${where}`));
const unescape = (t) => t.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const MOSSON = 1;
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

before(async () => {
  s = await startServer({ args: ['--base-url', 'https://quartier.test/'] });
  staff = new Client(s.base);
  assert.equal((await staff.login(ROLES.staff)).status, 303);
  anon = new Client(s.base);
  member = new Client(s.base);
  assert.equal((await member.login(ROLES.member)).status, 303);
  partner = new Client(s.base);
  assert.equal((await partner.login(ROLES.partner)).status, 303);
});
after(async () => { await stopClean(s); });

/** POSTs form pairs ([name, value], names may repeat; null values left out) as staff. */
const post = (path, fields, headers = {}) =>
  staff.post(path, Array.isArray(fields) ? fields : Object.entries(fields).filter(([, v]) => v !== null), { from: '/equipe/instances/nouvelle', headers });

let slugN = 0;
/** Creates a body through the form; returns its id. */
async function createBody(over = {}) {
  slugN++;
  const res = await post('/equipe/instances', {
    name: `Comité d'essai ${slugN}`, slug: `comite-essai-${slugN}`, kind: 'participation_committee', project_id: String(MOSSON),
    description: 'Un comité **tripartite**.', is_public: '1', quorum_percent: '50', active: '1', ...over,
  });
  assert.equal(res.status, 303, res.text_.slice(0, 2000));
  const m = res.headers.get('location').match(/^\/equipe\/instances\/(\d+)$/);
  assert.ok(m, res.headers.get('location'));
  return Number(m[1]);
}

let contactN = 0;
/** A contact of the directory (inserted directly); returns its id. */
function contact(name, email = null) {
  contactN++;
  const e = email === null ? 'NULL' : `'${email}'`;
  q(`INSERT INTO contact (first_name, last_name, email, created_at, updated_at) VALUES ('${name}', 'Essai${contactN}', ${e}, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
  return Number(q('SELECT max(id) FROM contact'));
}

/** Adds a member through the form; returns its id. */
async function addMember(body, over) {
  const res = await post(`/equipe/instances/${body}/membres`, { college: 'civil_society', seat: 'full', position: '', mandate_start: '2026-01-01', ...over });
  assert.equal(res.status, 303, res.text_.slice(0, 2000));
  return Number(q(`SELECT max(id) FROM body_member WHERE body_id = ${body}`));
}

/** Creates a meeting through the meeting form; returns its id. */
async function createSession(body, over = {}) {
  const res = await post('/equipe/reunions', {
    title: 'Séance du comité', kind: 'committee_session', project_id: String(MOSSON), date: '2030-03-12', start_time: '18:00',
    end_time: '20:00', place: 'Maison du projet', is_public: '1', status: 'scheduled', body_id: body ? String(body) : null, ...over,
  });
  assert.equal(res.status, 303, res.text_.slice(0, 3000));
  return Number(res.headers.get('location').match(/(\d+)$/)[1]);
}

test('staff create a body: validation at each field, nothing written; then stored, audited and listed', async () => {
  const before = count('body');
  const bad = await post('/equipe/instances', { name: '', slug: 'Pas Bon', kind: 'nope', quorum_percent: '150', project_id: '999999' });
  assert.equal(bad.status, 422);
  const html = unescape(bad.text_);
  assert.match(html, /id="name-error">[^<]*Nom/);
  assert.match(html, /id="slug-error">Utilisez de 2 à 60 lettres minuscules/);
  assert.match(html, /id="kind-error">/);
  assert.match(html, /id="quorum_percent-error">/);
  assert.equal(count('body'), before);
  const id = await createBody({ name: 'Comité de suivi des Cévennes', slug: 'suivi-cevennes', quorum_all_colleges: '1' });
  assert.equal(q(`SELECT kind, is_public, quorum_percent, quorum_all_colleges, active FROM body WHERE id = ${id}`), 'participation_committee|1|50|1|1');
  assert.equal(count('audit', `action = 'body.create' AND entity = 'body' AND entity_id = ${id}`), 1);
  const dup = await post('/equipe/instances', { name: 'Doublon', slug: 'suivi-cevennes', kind: 'other' });
  assert.equal(dup.status, 422);
  assert.match(unescape(dup.text_), /id="slug-error">Une autre instance utilise déjà cet identifiant/);
  const list = unescape((await staff.get('/equipe/instances')).text_);
  assert.match(list, /Comité de suivi des Cévennes<\/a>/);
  assert.match(list, /Comité de suivi de la participation citoyenne — Mosson/);
  // edit: the form filled, then an update
  const form = unescape((await staff.get(`/equipe/instances/${id}/modifier`)).text_);
  assert.match(form, /value="suivi-cevennes"/);
  const up = await post(`/equipe/instances/${id}`, { name: 'Comité de suivi — Cévennes', slug: 'suivi-cevennes', kind: 'participation_committee', quorum_percent: '', active: '1' });
  assert.equal(up.status, 303);
  assert.equal(q(`SELECT name, is_public, quorum_percent IS NULL FROM body WHERE id = ${id}`), 'Comité de suivi — Cévennes|0|1');
  // a JSON client gets 201 with the id
  const j = await post('/equipe/instances', { name: 'Comité JSON', slug: 'comite-json', kind: 'gusp_technical' }, { Accept: 'application/json' });
  assert.equal(j.status, 201, j.text_);
  assert.equal(json(j).id, Number(q("SELECT id FROM body WHERE slug = 'comite-json'")));
  const jbad = await post('/equipe/instances', { name: 'x', slug: 'comite-json', kind: 'gusp_technical' }, { Accept: 'application/json' });
  assert.equal(jbad.status, 422);
  assert.ok(json(jbad).error.fields.slug);
});

test('a body without sessions is deleted (confirmed); one with sessions becomes inactive', async () => {
  const lone = await createBody();
  const no = await post(`/equipe/instances/${lone}/supprimer`, {});
  assert.equal(no.status, 422);
  assert.equal(count('body', `id = ${lone}`), 1);
  const yes = await post(`/equipe/instances/${lone}/supprimer`, { confirm: '1' });
  assert.equal(yes.status, 303);
  assert.equal(count('body', `id = ${lone}`), 0);
  const busy = await createBody();
  await createSession(busy);
  const res = await post(`/equipe/instances/${busy}/supprimer`, { confirm: '1' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/equipe/instances/${busy}`);
  assert.equal(q(`SELECT active FROM body WHERE id = ${busy}`), '0');
  assert.equal(count('audit', `action = 'body.deactivate' AND entity_id = ${busy}`), 1);
});

test('members: validation, listed by college, edited, mandate ended, removed only when confirmed', async () => {
  const body = await createBody();
  const c1 = contact('Agathe', 'agathe@exemple.fr');
  const bad = await post(`/equipe/instances/${body}/membres`, { contact_id: '', college: 'martians', seat: 'full', mandate_start: '2026-05-01', mandate_end: '2026-01-01', account_id: '2' });
  assert.equal(bad.status, 422);
  const html = unescape(bad.text_);
  assert.match(html, /id="contact_id-error">/);
  assert.match(html, /id="college-error">/);
  assert.match(html, /id="mandate_end-error">La fin du mandat doit être après son début/);
  assert.match(html, /id="account_id-error">Choisissez un compte de rôle « membre d'instance »/);
  // a calendar date, but not a plausible mandate
  const far = await post(`/equipe/instances/${body}/membres`, { contact_id: String(c1), college: 'elected', seat: 'full', mandate_start: '0001-01-01', mandate_end: '9999-12-31' });
  assert.equal(far.status, 422);
  assert.match(unescape(far.text_), /id="mandate_start-error">Indiquez une date entre l'an 2000 et l'an 2100/);
  assert.match(unescape(far.text_), /id="mandate_end-error">Indiquez une date entre l'an 2000 et l'an 2100/);
  assert.equal(count('body_member', `body_id = ${body}`), 0);
  const m1 = await addMember(body, { contact_id: String(c1), college: 'elected', seat: 'full', position: 'adjointe au maire' });
  const page = unescape((await staff.get(`/equipe/instances/${body}`)).text_);
  const elected = page.split('<caption>Collège Élus</caption>')[1].split('</table>')[0];
  assert.match(elected, /Agathe Essai\d+<\/a>/);
  assert.match(elected, /adjointe au maire/);
  assert.match(elected, /Titulaire/);
  // edit: substitute, technical college
  const up = await post(`/equipe/instances/${body}/membres/${m1}`, { contact_id: String(c1), college: 'technical', seat: 'substitute', position: 'technicienne', mandate_start: '2026-01-01' });
  assert.equal(up.status, 303);
  assert.equal(q(`SELECT college, seat, position FROM body_member WHERE id = ${m1}`), 'technical|substitute|technicienne');
  // end of mandate: today (Paris)
  assert.equal((await post(`/equipe/instances/${body}/membres/${m1}/fin`, {})).status, 303);
  assert.equal(q(`SELECT mandate_end FROM body_member WHERE id = ${m1}`), today());
  assert.equal(count('audit', `action = 'body.member_end' AND entity_id = ${body}`), 1);
  // the contact's page lists the membership
  assert.match(unescape((await staff.get(`/contacts/${c1}`)).text_), /<h2 id="instances">Instances<\/h2>[\s\S]*Techniciens · Suppléant/);
  // and so do its personal data (RGPD): the page and the export
  assert.match(unescape((await staff.get(`/contacts/${c1}/donnees`)).text_), /<h2>Instances<\/h2>\s*<ul><li>Comité d'essai \d+ — Techniciens, Suppléant, technicienne/);
  const exported = JSON.parse((await staff.get(`/contacts/${c1}/export.json`)).text_);
  assert.equal(exported.body_memberships[0].college, 'technical');
  // removal needs the box ticked
  assert.equal((await post(`/equipe/instances/${body}/membres/${m1}/retirer`, {})).status, 422);
  assert.equal(count('body_member', `id = ${m1}`), 1);
  assert.equal((await post(`/equipe/instances/${body}/membres/${m1}/retirer`, { confirm: '1' })).status, 303);
  assert.equal(count('body_member', `id = ${m1}`), 0);
});

test('a committee session needs a body, and other kinds none; « Nouvelle séance » preselects the body', async () => {
  const body = await createBody({ is_public: null });
  const before = count('meeting');
  const r1 = await post('/equipe/reunions', { title: 'Séance sans instance', kind: 'committee_session', project_id: '1', date: '2030-01-10', start_time: '18:00', end_time: '19:00', status: 'scheduled' });
  assert.equal(r1.status, 422);
  assert.match(unescape(r1.text_), /id="body_id-error">Une séance de comité appartient à une instance : choisissez-la\./);
  const r2 = await post('/equipe/reunions', { title: 'Atelier rattaché', kind: 'workshop', project_id: '1', date: '2030-01-10', start_time: '18:00', end_time: '19:00', status: 'scheduled', body_id: String(body) });
  assert.equal(r2.status, 422);
  assert.match(unescape(r2.text_), /id="body_id-error">Seule une séance de comité appartient à une instance/);
  assert.equal(count('meeting'), before);
  const form = unescape((await staff.get(`/equipe/reunions/nouvelle?body_id=${body}`)).text_);
  assert.match(form, /<option value="committee_session" selected>/);
  assert.match(form, new RegExp(`<option value="${body}" selected>`));
  assert.doesNotMatch(form, /name="is_public" type="checkbox" value="1" checked/); // the body is not public
  const id = await createSession(body);
  assert.equal(q(`SELECT body_id FROM meeting WHERE id = ${id}`), String(body));
  // the staff meeting page links to the session's pages
  const edit = unescape((await staff.get(`/equipe/reunions/${id}`)).text_);
  for (const p of ['decisions', 'emargement', 'convocation']) assert.match(edit, new RegExp(`href="/equipe/reunions/${id}/${p}"`));
});

test('convocation: one e-mail per member with an address and a mandate that day; again only when confirmed', async () => {
  const body = await createBody({ name: 'Comité de la convocation' });
  const withMail = [contact('Bruno', 'bruno@exemple.fr'), contact('Chloé', 'chloe@exemple.fr')];
  const noMail = contact('Denis');
  const ended = contact('Ève', 'eve@exemple.fr');
  await addMember(body, { contact_id: String(withMail[0]), college: 'elected' });
  await addMember(body, { contact_id: String(withMail[1]), college: 'technical', seat: 'substitute' });
  await addMember(body, { contact_id: String(noMail), college: 'civil_society' });
  await addMember(body, { contact_id: String(ended), college: 'civil_society', mandate_start: '2026-01-01', mandate_end: '2026-06-30' });
  const id = await createSession(body, { title: 'Séance de mars', date: '2030-03-12', start_time: '18:30', end_time: '20:00', place: 'Salle du Mail' });
  await post(`/equipe/reunions/${id}/ordre-du-jour`, { item_title: 'Bilan des ateliers', item_duration: '30' });
  const page = unescape((await staff.get(`/equipe/reunions/${id}/convocation`)).text_);
  assert.match(page, /2 ont une adresse électronique/);
  assert.match(page, /pas d'adresse/);
  assert.doesNotMatch(page, /Ève/);
  const res = await post(`/equipe/reunions/${id}/convocation`, {});
  assert.equal(res.status, 303);
  const mails = q(`SELECT to_addr FROM outbox WHERE entity = 'meeting' AND entity_id = ${id} ORDER BY to_addr`).split('\n');
  assert.deepEqual(mails, ['bruno@exemple.fr', 'chloe@exemple.fr']);
  const mail = q(`SELECT subject || '|' || body FROM outbox WHERE entity_id = ${id} AND to_addr = 'chloe@exemple.fr' AND entity = 'meeting'`);
  assert.match(mail, /^Convocation : Comité de la convocation — séance du 12\/03\/2030\|Bonjour Chloé Essai\d+,/);
  assert.match(mail, /le 12\/03\/2030 de 18 h 30 à 20 h 00 \(heure de Paris\)/);
  assert.match(mail, /comme membre suppléant\(e\) \(collège Techniciens\)/);
  assert.match(mail, /Lieu : Salle du Mail/);
  assert.match(mail, /Ordre du jour :\n1\. Bilan des ateliers \(30 min\)/);
  assert.match(mail, new RegExp(`https://quartier.test/agenda/${id}`));
  assert.ok(q(`SELECT convened_at FROM meeting WHERE id = ${id}`).endsWith('Z'));
  assert.equal(count('audit', `action = 'session.convene' AND entity_id = ${id}`), 1);
  // a second click without confirmation sends nothing and says so
  const again = await post(`/equipe/reunions/${id}/convocation`, {});
  assert.equal(again.status, 422);
  assert.match(unescape(again.text_), /La convocation a déjà été envoyée : cochez la case pour l'envoyer à nouveau\./);
  assert.equal(count('outbox', `entity = 'meeting' AND entity_id = ${id}`), 2);
  const confirmed = await post(`/equipe/reunions/${id}/convocation`, { confirm: '1' });
  assert.equal(confirmed.status, 303);
  assert.equal(count('outbox', `entity = 'meeting' AND entity_id = ${id}`), 4);
  assert.equal(count('audit', `action = 'session.reconvene' AND entity_id = ${id}`), 1);
  // a cancelled session is not convened
  const off = await createSession(body, { title: 'Séance annulée', date: '2030-03-19', status: 'cancelled' });
  const c = await post(`/equipe/reunions/${off}/convocation`, { confirm: '1' });
  assert.equal(c.status, 422);
  assert.match(unescape(c.text_), /La séance est annulée : aucune convocation n'est envoyée\./);
  assert.equal(count('outbox', `entity = 'meeting' AND entity_id = ${off}`), 0);
  assert.equal(q(`SELECT convened_at IS NULL FROM meeting WHERE id = ${off}`), '1');
  // a meeting that is not a session has no convocation
  const workshop = Number(q("SELECT min(id) FROM meeting WHERE kind = 'workshop'"));
  const w = await post(`/equipe/reunions/${workshop}/convocation`, {});
  assert.equal(w.status, 303);
  assert.equal(count('outbox', `entity = 'meeting' AND entity_id = ${workshop}`), 0);
});

test('convocation clicked several times at once: sent once, the other clicks told to confirm', async () => {
  const body = await createBody({ name: 'Comité du double clic' });
  await addMember(body, { contact_id: String(contact('Firmin', 'firmin@exemple.fr')), college: 'elected' });
  const id = await createSession(body, { title: 'Séance du double clic', date: '2030-04-02' });
  const csrf = await staff.csrf('/equipe/instances/nouvelle');
  const results = await Promise.all(Array.from({ length: 16 }, () => staff.request(`/equipe/reunions/${id}/convocation`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `csrf=${encodeURIComponent(csrf)}`,
  })));
  assert.equal(results.filter((r) => r.status === 303).length, 1, results.map((r) => r.status).join(' '));
  assert.ok(results.every((r) => r.status === 303 || r.status === 422));
  assert.equal(count('outbox', `entity = 'meeting' AND entity_id = ${id}`), 1);
  assert.equal(count('audit', `action IN ('session.convene', 'session.reconvene') AND entity_id = ${id}`), 1);
});

test('follow-up: only at a session of the decision\'s body; one noted at a private session keeps its title from the public API', async () => {
  const body = await createBody({ name: 'Comité des suites privées', slug: 'suites-privees', is_public: '1' });
  await addMember(body, { contact_id: String(contact('Gisèle', 'gisele@exemple.fr')), college: 'elected', mandate_start: '2026-01-01' });
  const first = await createSession(body, { title: 'Séance publique des suites', date: '2030-05-04' });
  const secret = await createSession(body, { title: 'Séance à huis clos des suites', date: '2030-05-20', is_public: null });
  const otherBody = await createBody({ name: 'Autre comité des suites' });
  const elsewhere = await createSession(otherBody, { title: 'Séance d\'un autre comité', date: '2030-05-21' });
  assert.equal((await post(`/equipe/reunions/${first}/decisions`, { text: 'Éclairer le passage du square.', status: 'open' })).status, 303);
  const d = Number(q(`SELECT id FROM decision WHERE meeting_id = ${first}`));
  // another body's session, or a plain meeting: refused, nothing written
  const workshop = Number(q("SELECT min(id) FROM meeting WHERE kind = 'workshop'"));
  for (const m of [elsewhere, workshop]) {
    const res = await post(`/equipe/decisions/${d}/suite`, { meeting_id: String(m), status: 'done', note: 'Ailleurs.' });
    assert.equal(res.status, 422);
  }
  const j = await post(`/equipe/decisions/${d}/suite`, { meeting_id: String(elsewhere), status: 'done' }, { Accept: 'application/json' });
  assert.equal(j.status, 422);
  assert.ok(json(j).error.fields.meeting_id);
  assert.equal(count('decision_followup', `decision_id = ${d}`), 0);
  assert.equal(q(`SELECT status FROM decision WHERE id = ${d}`), 'open');
  // the private session of the same body: fine, but its title stays private
  assert.equal((await post(`/equipe/decisions/${d}/suite`, { meeting_id: String(secret), status: 'in_progress', note: 'Devis demandé.' })).status, 303);
  const pub = JSON.stringify(json(await anon.get(`/api/v1/bodies/${body}/decisions`)));
  assert.match(pub, /Devis demandé\./);
  assert.doesNotMatch(pub, /huis clos/);
  assert.doesNotMatch(pub, new RegExp(`"meeting_id":${secret}\\b`));
  // the public page, in JSON too: neither the private session nor the mandates nor the address
  const page = (await anon.get('/instances/suites-privees', { headers: { Accept: 'application/json' } })).text_;
  assert.match(page, /Éclairer le passage du square/);
  assert.match(page, /Gisèle/);
  assert.doesNotMatch(page, /huis clos|mandate|gisele@/);
  const st = JSON.stringify(json(await staff.get(`/api/v1/bodies/${body}/decisions`, { headers: { Accept: 'application/json' } })));
  assert.match(st, /Séance à huis clos des suites/);
});

test('attendance per college: a substitute stands in for an absent full member; quorum not met, then met', async () => {
  const body = await createBody({ name: 'Comité du quorum', quorum_percent: '50', quorum_all_colleges: '1' });
  const m = {};
  for (const [key, college, seat] of [['e1', 'elected', 'full'], ['e2', 'elected', 'full'], ['es', 'elected', 'substitute'], ['t1', 'technical', 'full'], ['t2', 'technical', 'full'], ['c1', 'civil_society', 'full'], ['c2', 'civil_society', 'full']]) {
    m[key] = await addMember(body, { contact_id: String(contact(key)), college, seat });
  }
  const id = await createSession(body, { title: 'Séance du quorum', date: '2030-04-02' });
  assert.doesNotMatch((await staff.get(`/equipe/reunions/${id}`)).text_, /body-quorum-line/); // nothing recorded yet
  const page = unescape((await staff.get(`/equipe/reunions/${id}/emargement`)).text_);
  assert.match(page, /<h2 id="college-elected">Collège Élus<\/h2>/);
  assert.match(page, new RegExp(`name="m${m.es}" value="present"`));
  // elected: 1 full + the substitute; technical: 1; civil society: nobody
  let res = await post(`/equipe/reunions/${id}/emargement`, { [`m${m.e1}`]: 'present', [`m${m.e2}`]: 'absent', [`m${m.es}`]: 'present', [`m${m.t1}`]: 'present', [`m${m.t2}`]: 'excused', [`m${m.c1}`]: 'excused', [`m${m.c2}`]: 'absent' });
  assert.equal(res.status, 303);
  assert.equal(count('attendance', `meeting_id = ${id} AND body_member_id IS NOT NULL`), 7);
  let html = unescape((await staff.get(`/equipe/reunions/${id}/emargement`)).text_);
  assert.match(html, /quorum non atteint : 3 présents sur 6 titulaires, 50 % requis, chaque collège représenté/);
  assert.match(html, /<th scope="row">Élus<\/th><td>2<\/td><td>1<\/td><td>1<\/td><td>2<\/td><td><span class="badge badge-on">oui/);
  assert.match(html, /<th scope="row">Société civile<\/th><td>2<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td><span class="badge badge-off">non/);
  // one member of the civil society comes: 4 of 6, every college there
  res = await post(`/equipe/reunions/${id}/emargement`, { [`m${m.c1}`]: 'present' });
  assert.equal(res.status, 303);
  html = unescape((await staff.get(`/equipe/reunions/${id}/emargement`)).text_);
  assert.match(html, /quorum atteint : 4 présents sur 6 titulaires, 50 % requis, chaque collège représenté/);
  assert.equal(q(`SELECT status FROM attendance WHERE meeting_id = ${id} AND body_member_id = ${m.t2}`), 'excused');
  assert.match(unescape((await staff.get(`/equipe/reunions/${id}`)).text_), /<strong>Quorum atteint<\/strong> — quorum atteint : 4 présents sur 6 titulaires/);
  // "not recorded" removes the row
  await post(`/equipe/reunions/${id}/emargement`, { [`m${m.c2}`]: '' });
  assert.equal(count('attendance', `meeting_id = ${id} AND body_member_id = ${m.c2}`), 0);
  // the public page of the (public) session shows the colleges and the quorum
  const pub = unescape((await anon.get(`/agenda/${id}`)).text_);
  assert.match(pub, /quorum atteint : 4 présents sur 6 titulaires/);
  assert.match(pub, /<th scope="row">Techniciens<\/th>/);
  assert.equal(count('audit', `action = 'session.attendance' AND entity_id = ${id}`), 3);
});

test('decisions: added with validation, followed up at the next session until done; the body page lists what is open', async () => {
  const body = await createBody({ name: 'Comité des décisions' });
  const first = await createSession(body, { title: 'Première séance', date: '2030-05-01' });
  const second = await createSession(body, { title: 'Deuxième séance', date: '2030-06-01' });
  const bad = await post(`/equipe/reunions/${first}/decisions`, { text: '', status: 'open', due_on: '2030-02-30' });
  assert.equal(bad.status, 422);
  assert.match(unescape(bad.text_), /id="text-error">/);
  assert.match(unescape(bad.text_), /id="due_on-error">/);
  const far = await post(`/equipe/reunions/${first}/decisions`, { text: 'Un jour, peut-être.', status: 'open', due_on: '9999-12-31' });
  assert.equal(far.status, 422);
  assert.match(unescape(far.text_), /id="due_on-error">Indiquez une date entre l'an 2000 et l'an 2100/);
  assert.equal(count('decision', `meeting_id = ${first}`), 0);
  const org = Number(q("SELECT id FROM organization WHERE name = 'ACM Habitat'"));
  let res = await post(`/equipe/reunions/${first}/decisions`, { text: 'Repeindre le hall du bâtiment B.', owner_organization_id: String(org), owner_name: 'agence Mosson', due_on: '2020-01-01', status: 'open' });
  assert.equal(res.status, 303);
  const d1 = Number(q(`SELECT id FROM decision WHERE meeting_id = ${first}`));
  assert.equal(q(`SELECT body_id, status FROM decision WHERE id = ${d1}`), `${body}|open`);
  res = await post(`/equipe/reunions/${first}/decisions`, { text: 'Ouvrir une permanence le samedi.', status: 'open' });
  const d2 = Number(q(`SELECT max(id) FROM decision WHERE meeting_id = ${first}`));
  // the body page: both open, the first overdue
  let page = unescape((await staff.get(`/equipe/instances/${body}`)).text_);
  const open = page.split('id="decisions-en-cours"')[1];
  assert.match(open, /Repeindre le hall du bâtiment B\.<\/a>/);
  assert.match(open, /ACM Habitat — agence Mosson/);
  assert.match(open, /01\/01\/2020 <span class="badge badge-late">en retard<\/span>/);
  // the second session lists the first one's decisions for follow-up
  const dp = unescape((await staff.get(`/equipe/reunions/${second}/decisions`)).text_);
  assert.match(dp.split('id="suivi"')[1], /Repeindre le hall du bâtiment B\./);
  assert.doesNotMatch(unescape((await staff.get(`/equipe/reunions/${first}/decisions`)).text_).split('id="suivi"')[1], /<article/);
  const fbad = await post(`/equipe/decisions/${d1}/suite`, { meeting_id: String(second), status: 'maybe', note: 'x' });
  assert.equal(fbad.status, 422);
  assert.match(unescape(fbad.text_), new RegExp(`id="status-${d1}-error">`));
  res = await post(`/equipe/decisions/${d1}/suite`, { meeting_id: String(second), status: 'in_progress', note: 'Devis signé.' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/equipe/reunions/${second}/decisions#suivi`);
  assert.equal(q(`SELECT status, closed_at IS NULL FROM decision WHERE id = ${d1}`), 'in_progress|1');
  assert.equal(q(`SELECT meeting_id, status, note FROM decision_followup WHERE decision_id = ${d1}`), `${second}|in_progress|Devis signé.`);
  res = await post(`/equipe/decisions/${d1}/suite`, { meeting_id: String(second), status: 'done', note: 'Hall repeint.' });
  assert.equal(q(`SELECT status, closed_at IS NOT NULL FROM decision WHERE id = ${d1}`), 'done|1');
  assert.equal(count('decision_followup', `decision_id = ${d1}`), 2);
  // the history on the decision's page, in order
  const hist = unescape((await staff.get(`/equipe/decisions/${d1}`)).text_);
  assert.match(hist, /Deuxième séance<\/a> · En cours<br>Devis signé\.[\s\S]*Deuxième séance<\/a> · Faite<br>Hall repeint\./);
  // done: no longer open on the body page; the other still is
  page = unescape((await staff.get(`/equipe/instances/${body}`)).text_).split('id="decisions-en-cours"')[1];
  assert.doesNotMatch(page, /Repeindre le hall/);
  assert.match(page, /Ouvrir une permanence le samedi\./);
  // edit a decision: dropped, closed
  res = await post(`/equipe/decisions/${d2}`, { text: 'Ouvrir une permanence le samedi.', status: 'dropped' });
  assert.equal(res.status, 303);
  assert.equal(q(`SELECT status, closed_at IS NOT NULL FROM decision WHERE id = ${d2}`), 'dropped|1');
  res = await post(`/equipe/decisions/${d2}`, { text: 'Ouvrir une permanence le samedi.', status: 'open' });
  assert.equal(q(`SELECT status, closed_at IS NULL FROM decision WHERE id = ${d2}`), 'open|1');
  // decisions of a plain meeting (no body)
  const workshop = Number(q("SELECT min(id) FROM meeting WHERE kind = 'workshop'"));
  assert.equal((await post(`/equipe/reunions/${workshop}/decisions`, { text: 'Installer des bancs.', status: 'open' })).status, 303);
  assert.equal(q(`SELECT body_id IS NULL FROM decision WHERE meeting_id = ${workshop}`), '1');
  assert.equal(count('audit', `action = 'decision.followup' AND entity_id = ${second}`), 2);
});

test('public and private bodies: HTML, JSON and iCalendar; members without e-mail or phone', async () => {
  const pub = await createBody({ name: 'Comité public', slug: 'comite-public' });
  const priv = await createBody({ name: 'Comité privé', slug: 'comite-prive', is_public: null });
  await addMember(pub, { contact_id: String(contact('Fanny', 'fanny@exemple.fr')), college: 'elected', position: 'maire adjointe' });
  const open = await createSession(pub, { title: 'Séance ouverte', date: '2030-07-01' });
  const closed = await createSession(pub, { title: 'Séance fermée', date: '2030-07-02', is_public: null });
  await createSession(priv, { title: 'Séance du comité privé', date: '2030-07-03', is_public: null });
  await post(`/equipe/reunions/${open}/decisions`, { text: 'Décision publique.', status: 'open' });
  // HTML
  const list = unescape((await anon.get('/instances')).text_);
  assert.match(list, /Comité public/);
  assert.doesNotMatch(list, /Comité privé/);
  const page = unescape((await anon.get('/instances/comite-public')).text_);
  assert.match(page, /<h3>Collège Élus<\/h3>\s*<ul><li>Fanny Essai\d+, maire adjointe<\/li>/);
  assert.match(page, /Séance ouverte/);
  assert.doesNotMatch(page, /Séance fermée/);
  assert.doesNotMatch(page, /fanny@exemple\.fr/);
  assert.match(page, /Décision publique\. — À engager/);
  assert.equal((await anon.get('/instances/comite-prive')).status, 404);
  assert.equal((await anon.get(`/agenda/${closed}`)).status, 404);
  // iCalendar
  const ics = await anon.get('/instances/comite-public.ics');
  assert.equal(ics.status, 200);
  assert.match(ics.headers.get('content-type'), /^text\/calendar/);
  assert.match(ics.text_, new RegExp(`UID:meeting-${open}@quartier.test`));
  assert.doesNotMatch(ics.text_, new RegExp(`UID:meeting-${closed}@`));
  assert.match(ics.text_, /X-WR-CALNAME:Instance : Comité public/);
  assert.equal((await anon.get('/instances/comite-prive.ics')).status, 404);
  // JSON
  const all = json(await anon.get('/api/v1/bodies?per_page=100'));
  assert.ok(all.items.some((b) => b.slug === 'comite-public'));
  assert.ok(!all.items.some((b) => b.slug === 'comite-prive'));
  const staffAll = json(await staff.get('/api/v1/bodies?per_page=100', { headers: { Accept: 'application/json' } }));
  assert.ok(staffAll.items.some((b) => b.slug === 'comite-prive'));
  const one = await anon.get(`/api/v1/bodies/${pub}`);
  assert.equal(one.status, 200);
  const b = json(one);
  const elected = b.colleges.find((c) => c.key === 'elected');
  assert.equal(elected.members.length, 1);
  assert.equal(elected.members[0].position, 'maire adjointe');
  assert.equal(elected.members[0].seat, 'full');
  assert.doesNotMatch(one.text_, /fanny@exemple|email|phone/);
  assert.ok(b.sessions.upcoming.some((m) => m.id === open));
  assert.ok(!b.sessions.upcoming.some((m) => m.id === closed));
  assert.equal((await anon.get(`/api/v1/bodies/${priv}`)).status, 404);
  assert.equal((await anon.get(`/api/v1/bodies/${priv}/decisions`)).status, 404);
  const dec = json(await anon.get(`/api/v1/bodies/${pub}/decisions`));
  assert.equal(dec.items[0].text, 'Décision publique.');
  assert.equal(dec.items[0].status_label, 'À engager');
});

test('a member account sees its bodies and private sessions; others do not', async () => {
  const home = unescape((await member.get('/membre')).text_);
  assert.match(home, /Comité technique GUSP — Mosson/);
  assert.match(home, /Comité technique GUSP — point chantiers<\/a>.*non publique/);
  assert.match(home, /Comité de suivi de la participation — séance d'hiver/);
  const priv = Number(q("SELECT id FROM meeting WHERE title = 'Comité technique GUSP — point chantiers'"));
  const page = await member.get(`/agenda/${priv}`);
  assert.equal(page.status, 200);
  assert.match(unescape(page.text_), /Nuisances des chantiers/); // the agenda
  assert.match(unescape(page.text_), /visible que de l'équipe projet et des membres de l'instance\./);
  assert.equal((await anon.get(`/agenda/${priv}`)).status, 404);
  assert.equal((await partner.get(`/agenda/${priv}`)).status, 404);
  // the steering committee's private session: Karim is not a member
  const other = Number(q("SELECT id FROM meeting WHERE title = 'Comité de pilotage du projet Mosson'"));
  assert.equal((await member.get(`/agenda/${other}`)).status, 404);
  // once the mandate is over (before the session and today), the session is closed to him
  q(`UPDATE body_member SET mandate_end = '2020-01-01', mandate_start = '2019-01-01' WHERE account_id = (SELECT id FROM account WHERE email = 'member@demo.test') AND body_id = (SELECT id FROM body WHERE slug = 'comite-technique-gusp-mosson')`);
  assert.equal((await member.get(`/agenda/${priv}`)).status, 404);
});

test('the demo: the Comité de suivi, its quorum met in spring and not in autumn, decisions followed up', async () => {
  const body = Number(q("SELECT id FROM body WHERE slug = 'comite-de-suivi-mosson'"));
  assert.ok(count('body_member', `body_id = ${body}`) >= 12);
  for (const c of ['elected', 'technical', 'civil_society']) {
    assert.ok(count('body_member', `body_id = ${body} AND college = '${c}' AND seat = 'full'`) >= 2, c);
    assert.ok(count('body_member', `body_id = ${body} AND college = '${c}' AND seat = 'substitute'`) >= 1, c);
  }
  const spring = Number(q("SELECT id FROM meeting WHERE title LIKE '%séance de printemps'"));
  const autumn = Number(q("SELECT id FROM meeting WHERE title LIKE '%séance d''automne'"));
  assert.match(unescape((await anon.get(`/agenda/${spring}`)).text_), /quorum atteint : 6 présents sur 9 titulaires/);
  assert.match(unescape((await anon.get(`/agenda/${autumn}`)).text_), /quorum non atteint : 4 présents sur 9 titulaires/);
  assert.ok(count('decision_followup', `meeting_id = ${autumn}`) >= 2);
});

test('API: decisions for staff, filtered by status, body and overdue; refused to the public', async () => {
  assert.equal((await anon.get('/api/v1/decisions')).status, 401);
  const all = json(await staff.get('/api/v1/decisions?per_page=100', { headers: { Accept: 'application/json' } }));
  assert.equal(all.total, count('decision'));
  const late = json(await staff.get('/api/v1/decisions?overdue=1&per_page=100', { headers: { Accept: 'application/json' } }));
  assert.ok(late.items.length > 0);
  for (const d of late.items) {
    assert.ok(['open', 'in_progress'].includes(d.status));
    assert.ok(d.due_on < today());
    assert.equal(d.is_overdue, true);
  }
  const body = Number(q("SELECT id FROM body WHERE slug = 'comite-de-suivi-mosson'"));
  const byBody = json(await staff.get(`/api/v1/decisions?body=comite-de-suivi-mosson&status=done`, { headers: { Accept: 'application/json' } }));
  assert.equal(byBody.total, count('decision', `body_id = ${body} AND status = 'done'`));
  const badStatus = await staff.get('/api/v1/decisions?status=peut-etre', { headers: { Accept: 'application/json' } });
  assert.equal(badStatus.status, 422);
});
