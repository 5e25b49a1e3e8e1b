// Meetings (temps d'information et de concertation): staff pages with every
// validation message (422, the form again, nothing written), Paris time
// typed and stored UTC (the DST gap refused), agenda items, cancel and
// delete; roles; the public agenda and its filters; a private meeting
// invisible to the public in HTML, JSON and iCalendar; the iCalendar feeds
// (a cancelled meeting as CANCELLED, SEQUENCE bumped, the October change);
// the JSON API; audit entries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ROLES, stopClean, json, sql } from './lib.mjs';

let s, staff, partner, anon;

const q = (query) => sql(s.db, query);
const count = (table, where = '1') => Number(q(`SELECT count(*) FROM ${table} WHERE ${where}`));
const unescape = (t) => t.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\u00a0/g, ' ');
const MOSSON = 1;
const GRAND_MAIL = 3; // a sector of Mosson
const SQUARE = 6; // a sector of Cévennes

before(async () => {
  s = await startServer({ args: ['--base-url', 'https://quartier.test/'] });
  staff = new Client(s.base);
  assert.equal((await staff.login(ROLES.staff)).status, 303);
  partner = new Client(s.base);
  assert.equal((await partner.login(ROLES.partner)).status, 303);
  anon = new Client(s.base);
});
after(async () => { await stopClean(s); });

/** POSTs a form given as [name, value] pairs (names may repeat). */
const postPairs = (client, path, pairs, headers = {}) => client.post(path, pairs, { from: '/equipe/reunions/nouvelle', headers });

/** The pairs of a valid meeting, with fields replaced or removed (value null). */
function meetingPairs(over = {}, lists = {}) {
  const base = {
    title: 'Atelier du Grand Mail', kind: 'workshop', project_id: String(MOSSON), date: '2028-02-10',
    start_time: '18:00', end_time: '20:00', place: 'Maison du projet, place du Marché', is_public: '1',
    status: 'scheduled', description: 'Un atelier **ouvert à tous** ; venez, avec vos idées.', capacity: '40',
    reserved_places: '5',
  };
  const f = { ...base, ...over };
  const pairs = Object.entries(f).filter(([, v]) => v !== null);
  for (const [name, ids] of Object.entries({ sectors: [GRAND_MAIL], organizations: [], ...lists })) {
    for (const id of ids) pairs.push([name, String(id)]);
  }
  return pairs;
}

/** Creates a meeting through the form; returns its id. */
async function createMeeting(over = {}, lists = {}) {
  const res = await postPairs(staff, '/equipe/reunions', meetingPairs(over, lists));
  assert.equal(res.status, 303, res.text_.slice(0, 3000));
  const m = res.headers.get('location').match(/^\/equipe\/reunions\/(\d+)$/);
  assert.ok(m, res.headers.get('location'));
  return Number(m[1]);
}

/** The VEVENT of meeting id in an iCalendar text, unfolded; null when absent. */
function vevent(ics, id) {
  const text = ics.replace(/\r\n /g, '');
  const events = text.split('BEGIN:VEVENT\r\n').slice(1).map((e) => e.split('END:VEVENT')[0]);
  return events.find((e) => e.includes(`UID:meeting-${id}@quartier.test\r\n`)) ?? null;
}

test('staff create a meeting: stored in UTC, with sectors and audit; the form shows it back', async () => {
  const org = Number(q("SELECT id FROM organization WHERE name = 'ACM Habitat'"));
  const id = await createMeeting({ organizer_id: String(org), point: '43.61,3.82', online_url: 'https://visio.exemple.fr/atelier' }, { organizations: [org] });
  const row = q(`SELECT starts_at, ends_at, is_public, capacity, reserved_places, lat, organizer_id, sequence FROM meeting WHERE id = ${id}`);
  assert.equal(row, `2028-02-10T17:00:00Z|2028-02-10T19:00:00Z|1|40|5|43.61|${org}|0`);
  assert.equal(count('meeting_sector', `meeting_id = ${id} AND sector_id = ${GRAND_MAIL}`), 1);
  assert.equal(count('meeting_organization', `meeting_id = ${id}`), 1);
  assert.equal(count('audit', `action = 'meeting.create' AND entity_id = ${id}`), 1);
  const page = await staff.get(`/equipe/reunions/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /value="18:00"/);
  assert.match(page.text_, /value="20:00"/);
  assert.match(page.text_, /value="2028-02-10"/);
  const list = await staff.get('/equipe/reunions');
  assert.match(list.text_, new RegExp(`href="/equipe/reunions/${id}"`));
});

test('every validation message: 422, the form again with the field in error, nothing written', async () => {
  const cases = [
    [{ title: null }, 'title', /obligatoire/],
    [{ kind: 'banquet' }, 'kind', /./],
    [{ project_id: '999' }, 'project_id', /Ce projet n'existe pas/],
    [{ date: '2028-02-30' }, 'date', /./],
    [{ date: '1999-02-10' }, 'date', /entre l'an 2000 et l'an 2100/],
    [{ start_time: '25:00' }, 'start_time', /format HH:MM/],
    [{ end_time: 'midi' }, 'end_time', /format HH:MM/],
    [{ date: '2028-03-26', start_time: '02:30', end_time: '04:00' }, 'start_time', /n'existe pas à Paris ce jour-là/],
    [{ end_time: '17:00' }, 'end_time', /La fin doit être après le début/],
    [{ end_time: '18:00' }, 'end_time', /La fin doit être après le début/],
    [{ end_date: '2028-02-09', end_time: '21:00' }, 'end_time', /La fin doit être après le début/],
    [{ capacity: '4' }, 'reserved_places', /ne peuvent pas dépasser la capacité/],
    [{ capacity: '-1' }, 'capacity', /./],
    [{ online_url: 'javascript:alert(1)' }, 'online_url', /http:\/\/ ou https:\/\//],
    [{ online_url: 'ftp://exemple.fr' }, 'online_url', /http:\/\/ ou https:\/\//],
    [{ point: '200,3' }, 'point', /./],
    [{ organizer_id: '99999' }, 'organizer_id', /Cette organisation n'existe pas/],
    [{ status: 'maybe' }, 'status', /./],
  ];
  const before = count('meeting');
  for (const [over, field, message] of cases) {
    const res = await postPairs(staff, '/equipe/reunions', meetingPairs(over));
    assert.equal(res.status, 422, `${JSON.stringify(over)}: ${res.status}`);
    const m = res.text_.match(new RegExp(`<p class="field-error" id="${field}-error">([^<]*)</p>`));
    assert.ok(m, `${JSON.stringify(over)}: no error on ${field}`);
    assert.match(unescape(m[1]), message, JSON.stringify(over));
    assert.match(res.text_, new RegExp(`id="${field}"[^>]*aria-invalid="true"[^>]*aria-describedby="${field}-error"`));
  }
  const sec = await postPairs(staff, '/equipe/reunions', meetingPairs({}, { sectors: [SQUARE] }));
  assert.equal(sec.status, 422);
  assert.match(unescape(sec.text_), /n'appartient pas au projet choisi/);
  const orgs = await postPairs(staff, '/equipe/reunions', meetingPairs({}, { organizations: [99999] }));
  assert.equal(orgs.status, 422);
  assert.match(unescape(orgs.text_), /Une des organisations choisies n'existe pas/);
  // JSON clients get the errors as JSON
  const j = await postPairs(staff, '/equipe/reunions', meetingPairs({ end_time: '17:00' }), { Accept: 'application/json' });
  assert.equal(j.status, 422);
  assert.match(JSON.stringify(json(j)), /La fin doit être après le début/);
  assert.equal(count('meeting'), before);
  // the hour after the gap is fine, and an end on the next day
  const id = await createMeeting({ date: '2028-03-26', start_time: '03:00', end_date: '2028-03-27', end_time: '01:00' });
  assert.equal(q(`SELECT starts_at || ' ' || ends_at FROM meeting WHERE id = ${id}`), '2028-03-26T01:00:00Z 2028-03-26T23:00:00Z');
  assert.match((await anon.get(`/agenda/${id}`)).text_, /du 26\/03\/2028 à 3 h 00 au 27\/03\/2028 à 1 h 00/);
});

test('update bumps the sequence; agenda items added and removed; cancel keeps it listed; delete needs the tick', async () => {
  const id = await createMeeting({ title: 'Réunion à modifier' });
  let res = await postPairs(staff, `/equipe/reunions/${id}`, meetingPairs({ title: 'Réunion modifiée', start_time: '18:30', end_time: '20:30' }));
  assert.equal(res.status, 303);
  assert.equal(q(`SELECT title || '|' || starts_at || '|' || sequence FROM meeting WHERE id = ${id}`), 'Réunion modifiée|2028-02-10T17:30:00Z|1');
  assert.equal(count('audit', `action = 'meeting.update' AND entity_id = ${id}`), 1);
  // agenda items
  res = await postPairs(staff, `/equipe/reunions/${id}/ordre-du-jour`, [['item_title', 'Accueil'], ['item_duration', '15']]);
  assert.equal(res.status, 303);
  res = await postPairs(staff, `/equipe/reunions/${id}/ordre-du-jour`, [['item_title', 'Échanges']]);
  assert.equal(res.status, 303);
  res = await postPairs(staff, `/equipe/reunions/${id}/ordre-du-jour`, [['item_title', ''], ['item_duration', '0']]);
  assert.equal(res.status, 422);
  assert.match(res.text_, /id="item_title-error"/);
  assert.match(res.text_, /id="item_duration-error"/);
  assert.equal(q(`SELECT group_concat(title || ':' || ifnull(duration_minutes, '-'), ',') FROM (SELECT * FROM agenda_item WHERE meeting_id = ${id} ORDER BY position)`), 'Accueil:15,Échanges:-');
  const page = await staff.get(`/equipe/reunions/${id}`);
  assert.match(page.text_, /Accueil <span class="hint">\(15 min\)/);
  const item = Number(q(`SELECT id FROM agenda_item WHERE meeting_id = ${id} AND title = 'Accueil'`));
  res = await postPairs(staff, `/equipe/reunions/${id}/ordre-du-jour/${item}/supprimer`, []);
  assert.equal(res.status, 303);
  assert.equal(count('agenda_item', `meeting_id = ${id}`), 1);
  assert.equal(Number(q(`SELECT sequence FROM meeting WHERE id = ${id}`)), 4);
  assert.equal((await postPairs(staff, `/equipe/reunions/${id}/ordre-du-jour/${item}/supprimer`, [])).status, 303);
  assert.equal((await postPairs(staff, `/equipe/reunions/99999/ordre-du-jour/${item}/supprimer`, [])).status, 404);
  // cancel
  res = await postPairs(staff, `/equipe/reunions/${id}/annuler`, []);
  assert.equal(res.status, 303);
  assert.equal(q(`SELECT status || '|' || sequence FROM meeting WHERE id = ${id}`), 'cancelled|5');
  assert.equal(count('audit', `action = 'meeting.cancel' AND entity_id = ${id}`), 1);
  const list = await staff.get('/equipe/reunions');
  assert.match(list.text_, new RegExp(`href="/equipe/reunions/${id}">Réunion modifiée</a>`));
  // delete
  res = await postPairs(staff, `/equipe/reunions/${id}/supprimer`, []);
  assert.equal(res.status, 422);
  assert.match(unescape(res.text_), /Cochez la case pour confirmer la suppression/);
  assert.equal(count('meeting', `id = ${id}`), 1);
  res = await postPairs(staff, `/equipe/reunions/${id}/supprimer`, [['confirm', '1']]);
  assert.equal(res.status, 303);
  assert.equal(count('meeting', `id = ${id}`), 0);
  assert.equal(count('agenda_item', `meeting_id = ${id}`), 0);
  assert.equal(count('audit', `action = 'meeting.delete' AND entity_id = ${id}`), 1);
  assert.equal((await staff.get(`/equipe/reunions/${id}`)).status, 404);
  assert.equal((await postPairs(staff, `/equipe/reunions/${id}`, meetingPairs())).status, 404);
});

test('roles: partners and members get 403 on the staff pages, anonymous visitors the login page', async () => {
  assert.equal((await partner.get('/equipe/reunions')).status, 403);
  assert.equal((await partner.get('/equipe/reunions/nouvelle')).status, 403);
  const res = await anon.get('/equipe/reunions');
  assert.equal(res.status, 302);
  assert.match(res.headers.get('location'), /^\/connexion/);
});

test('public agenda: upcoming public meetings, filters, past ones; private meetings hidden in HTML, JSON and iCalendar', async () => {
  const pub = await createMeeting({ title: 'Atelier public des jardins', date: '2029-05-03' });
  const priv = await createMeeting({ title: 'Comité confidentiel', kind: 'workshop', is_public: null, date: '2029-05-04' });
  const past = await createMeeting({ title: 'Balade passée du Grand Mail', kind: 'walk', date: '2021-05-04' });
  const cev = await createMeeting({ title: 'Réunion des Cévennes', kind: 'public_meeting', project_id: '2', date: '2029-05-05' }, { sectors: [SQUARE] });
  let res = await anon.get('/agenda');
  assert.equal(res.status, 200);
  const upcoming = res.text_.split('id="titre-passees"')[0];
  assert.match(upcoming, new RegExp(`href="/agenda/${pub}"`));
  assert.match(upcoming, new RegExp(`href="/agenda/${cev}"`));
  assert.doesNotMatch(res.text_, /Comité confidentiel/);
  assert.doesNotMatch(upcoming, new RegExp(`href="/agenda/${past}"`));
  assert.match(res.text_.split('id="titre-passees"')[1], new RegExp(`href="/agenda/${past}"`));
  assert.match(res.text_, /<a href="\/agenda">Agenda<\/a>/); // in the header
  // filters
  res = await anon.get('/agenda?projet=cevennes');
  assert.match(res.text_, new RegExp(`href="/agenda/${cev}"`));
  assert.doesNotMatch(res.text_, new RegExp(`href="/agenda/${pub}"`));
  res = await anon.get('/agenda?type=walk');
  assert.doesNotMatch(res.text_, new RegExp(`href="/agenda/${pub}"`));
  assert.match(res.text_, new RegExp(`href="/agenda/${past}"`));
  res = await anon.get('/agenda?secteur=square-et-parc');
  assert.match(res.text_, new RegExp(`href="/agenda/${cev}"`));
  assert.doesNotMatch(res.text_, new RegExp(`href="/agenda/${pub}"`));
  res = await anon.get('/agenda?type=inconnu');
  assert.equal(res.status, 200);
  assert.doesNotMatch(res.text_, new RegExp(`href="/agenda/${pub}"`));
  res = await anon.get('/agenda?passees=1');
  assert.doesNotMatch(res.text_, new RegExp(`href="/agenda/${pub}"`));
  assert.match(res.text_, new RegExp(`href="/agenda/${past}"`));
  // JSON by Accept
  res = await anon.get('/agenda', { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200);
  const view = json(res);
  assert.ok(view.upcoming.some((m) => m.id === pub));
  assert.ok(!JSON.stringify(view).includes('Comité confidentiel'));
  // the meeting's page
  res = await anon.get(`/agenda/${pub}`);
  assert.equal(res.status, 200);
  assert.match(res.text_, /<strong>ouvert à tous<\/strong>/);
  assert.match(res.text_, /le 03\/05\/2029 de 18 h 00 à 20 h 00/);
  assert.match(res.text_, /Atelier/);
  assert.match(res.text_, /Grand Mail|Mosson/);
  res = await anon.get(`/agenda/${pub}`, { headers: { Accept: 'application/json' } });
  assert.equal(json(res).meeting.id, pub);
  for (const c of [anon, partner]) {
    assert.equal((await c.get(`/agenda/${priv}`)).status, 404);
    assert.equal((await c.get(`/agenda/${priv}`, { headers: { Accept: 'application/json' } })).status, 404);
    assert.equal((await c.get(`/agenda/${priv}.ics`)).status, 404);
    assert.equal((await c.get(`/api/v1/meetings/${priv}`)).status, 404);
  }
  res = await staff.get(`/agenda/${priv}`);
  assert.equal(res.status, 200);
  assert.match(res.text_, /Réunion non publique/);
  for (const path of ['/agenda.ics', '/projets/mosson/agenda.ics']) {
    const ics = (await anon.get(path)).text_;
    assert.ok(vevent(ics, pub), path);
    assert.equal(vevent(ics, priv), null, path);
    assert.doesNotMatch(ics, /Comité confidentiel/);
  }
  assert.equal(vevent((await anon.get('/projets/cevennes/agenda.ics')).text_, pub), null);
  assert.equal((await anon.get('/projets/inconnu/agenda.ics')).status, 404);
  assert.equal((await anon.get('/agenda/99999')).status, 404);
  assert.equal((await anon.get('/agenda/abc')).status, 404);
  // the project page links to its agenda
  const project = await anon.get('/projets/mosson');
  assert.match(project.text_, /href="\/agenda\?projet=mosson"/);
});

test('iCalendar: frame, VTIMEZONE, escaping, folding, CANCELLED, SEQUENCE, the October change', async () => {
  const sat = await createMeeting({ title: 'Samedi avant le changement; heure, d\'hiver', date: '2028-10-28', start_time: '18:00', end_time: '19:30', place: 'Salle A, 1 rue du Mail' });
  const mon = await createMeeting({ title: 'Lundi après le changement', date: '2028-10-30', start_time: '18:00', end_time: '19:30', description: 'Ligne un\nLigne deux avec un texte assez long pour devoir être replié à soixante-quinze octets, é è à ç.' });
  assert.equal(q(`SELECT starts_at FROM meeting WHERE id = ${sat}`), '2028-10-28T16:00:00Z');
  assert.equal(q(`SELECT starts_at FROM meeting WHERE id = ${mon}`), '2028-10-30T17:00:00Z');
  const res = await anon.get('/agenda.ics');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
  const ics = res.text_;
  assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:'));
  assert.ok(ics.endsWith('END:VCALENDAR\r\n'));
  assert.match(ics, /\r\nCALSCALE:GREGORIAN\r\n/);
  assert.match(ics, /BEGIN:VTIMEZONE\r\nTZID:Europe\/Paris\r\n/);
  assert.match(ics, /BEGIN:STANDARD\r\n/);
  assert.match(ics, /BEGIN:DAYLIGHT\r\n/);
  assert.doesNotMatch(ics.replace(/\r\n/g, ''), /\n/, 'bare LF');
  for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `line too long: ${line}`);
  // no UTF-8 character split by folding: the raw bytes decode cleanly
  assert.doesNotMatch(ics, /\uFFFD/);
  const a = vevent(ics, sat), b = vevent(ics, mon);
  assert.ok(a && b);
  assert.match(a, /\r\nDTSTART;TZID=Europe\/Paris:20281028T180000\r\n/);
  assert.match(a, /\r\nDTEND;TZID=Europe\/Paris:20281028T193000\r\n/);
  assert.match(b, /\r\nDTSTART;TZID=Europe\/Paris:20281030T180000\r\n/);
  assert.match(a, /\r\nSUMMARY:Samedi avant le changement\\; heure\\, d'hiver\r\n/);
  assert.match(a, /\r\nLOCATION:Salle A\\, 1 rue du Mail\r\n/);
  assert.match(a, /\r\nSTATUS:CONFIRMED\r\n/);
  assert.match(a, /\r\nSEQUENCE:0\r\n/);
  assert.match(a, new RegExp(`\\r\\nURL:https://quartier.test/agenda/${sat}\\r\\n`));
  assert.match(a, /\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
  assert.match(b, /DESCRIPTION:Atelier\\n\\nLigne un\\nLigne deux avec/);
  // cancelled: stays in the feed, CANCELLED, sequence bumped
  assert.equal((await postPairs(staff, `/equipe/reunions/${sat}/annuler`, [])).status, 303);
  const one = await anon.get(`/agenda/${sat}.ics`);
  assert.equal(one.status, 200);
  const c = vevent(one.text_, sat);
  assert.match(c, /\r\nSTATUS:CANCELLED\r\n/);
  assert.match(c, /\r\nSEQUENCE:1\r\n/);
  assert.match(vevent((await anon.get('/agenda.ics')).text_, sat), /STATUS:CANCELLED/);
  const page = await anon.get('/agenda');
  assert.match(page.text_, /Annulée/);
});

test('API: public meetings for everyone, all for staff; one meeting; pagination', async () => {
  const priv = await createMeeting({ title: 'Comité API', is_public: null });
  const res = await anon.get('/api/v1/meetings?per_page=100');
  assert.equal(res.status, 200);
  const body = json(res);
  assert.ok(body.items.length > 0);
  assert.ok(body.items.every((m) => m.is_public === true));
  assert.equal(body.total, count('meeting', 'is_public = 1'));
  const st = json(await staff.get('/api/v1/meetings?per_page=100'));
  assert.equal(st.total, count('meeting'));
  assert.ok(st.items.some((m) => m.id === priv));
  const page2 = json(await staff.get('/api/v1/meetings?per_page=2&page=2'));
  assert.equal(page2.items.length, 2);
  assert.equal((await anon.get('/api/v1/meetings?per_page=0')).status, 400);
  const cev = json(await anon.get('/api/v1/meetings?project=cevennes&per_page=100'));
  assert.ok(cev.items.length > 0 && cev.items.every((m) => m.project_slug === 'cevennes'));
  assert.equal(cev.total, count('meeting', 'is_public = 1 AND project_id = 2'));
  const walks = json(await staff.get('/api/v1/meetings?kind=walk&per_page=100'));
  assert.ok(walks.items.length > 0 && walks.items.every((m) => m.kind === 'walk'));
  const one = json(await staff.get(`/api/v1/meetings/${priv}`));
  assert.equal(one.title, 'Comité API');
  assert.equal(one.is_public, false);
  assert.ok(Array.isArray(one.agenda_items));
  assert.equal((await anon.get('/api/v1/meetings/99999')).status, 404);
});

test('demo data: meetings in both projects, past and upcoming, one cancelled, one private', () => {
  assert.ok(count('meeting', 'project_id = 1') >= 2);
  assert.ok(count('meeting', 'project_id = 2') >= 2);
  assert.ok(count('meeting', "status = 'cancelled'") >= 1);
  assert.ok(count('meeting', 'is_public = 0') >= 1);
  assert.ok(count('meeting', "ends_at < strftime('%Y-%m-%dT%H:%M:%SZ','now')") >= 1);
  assert.ok(count('agenda_item') >= 3);
});
