// Registrations to meetings: places and waiting list under 30 simultaneous
// registrations (never more registered than places), the confirmation
// e-mail and its cancellation link (the first waiting promoted and told),
// duplicates, refusals (validation, honeypot, cancelled, past, private
// meetings), staff list, hand entry, cancel, CSV export (audited), the JSON
// API, a cancelled meeting telling its registrants, reminders and retention
// through `quartier maintain`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ROLES, stopClean, json, sql, cli } from './lib.mjs';

let s, staff, partner;

const q = (query) => sql(s.db, query);
const count = (table, where = '1') => Number(q(`SELECT count(*) FROM ${table} WHERE ${where}`));
const unescape = (t) => t.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

before(async () => {
  s = await startServer({ args: ['--base-url', 'https://quartier.test/', '--intake-limit', '1000'] });
  staff = new Client(s.base);
  assert.equal((await staff.login(ROLES.staff)).status, 303);
  partner = new Client(s.base);
  assert.equal((await partner.login(ROLES.partner)).status, 303);
});
after(async () => { await stopClean(s); });

let seq = 0;
/** Inserts a meeting (UTC times relative to now, in hours); returns its id. */
function meeting({ startsIn = 24 * 10, hours = 2, capacity = 'NULL', reserved = 0, isPublic = 1, status = 'scheduled', title } = {}) {
  const t = title ?? `Réunion d'essai ${++seq}`;
  q(`INSERT INTO meeting (project_id, kind, title, place, starts_at, ends_at, is_public, status, capacity, reserved_places, created_at, updated_at)
     VALUES (1, 'workshop', '${t.replace(/'/g, "''")}', 'Maison du projet', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '${startsIn >= 0 ? '+' : ''}${startsIn} hours'),
     strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '${startsIn + hours >= 0 ? '+' : ''}${startsIn + hours} hours'), ${isPublic}, '${status}', ${capacity}, ${reserved},
     strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))`);
  return Number(q('SELECT max(id) FROM meeting'));
}

/** A visitor registers through the public form; resolves to {res, token, client}. */
async function register(id, fields, client = new Client(s.base), from = `/agenda/${id}`) {
  const res = await client.post(`/agenda/${id}/inscription`, { consent: '1', ...fields }, { from });
  const loc = res.headers.get('location') ?? '';
  const m = loc.match(/^\/agenda\/inscription\/([A-Za-z0-9_-]{43})$/);
  return { res, token: m ? m[1] : null, client };
}

test('30 simultaneous registrations for 5 places: 5 registered, 25 waiting in order, 30 e-mails', async () => {
  const id = meeting({ capacity: 7, reserved: 2 });
  // Each visitor first opens the page (their own CSRF cookie), then all post at once.
  const visitors = await Promise.all(Array.from({ length: 30 }, async (_, i) => {
    const c = new Client(s.base);
    const token = await c.csrf(`/agenda/${id}`);
    return { c, token, i };
  }));
  const results = await Promise.all(visitors.map(({ c, token, i }) => c.request(`/agenda/${id}/inscription`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: token, name: `Personne ${i}`, email: `p${i}@exemple.fr`, consent: '1' }).toString(),
  })));
  assert.deepEqual(results.map((r) => r.status), Array(30).fill(303), results.map((r) => r.text_.slice(0, 200)).join('\n'));
  assert.equal(count('registration', `meeting_id = ${id} AND status = 'registered'`), 5);
  assert.equal(count('registration', `meeting_id = ${id} AND status = 'waiting'`), 25);
  // The places went to the first five rows written (id order), the waiting list follows.
  const ids = q(`SELECT id FROM registration WHERE meeting_id = ${id} AND status = 'registered' ORDER BY id`).split('\n').map(Number);
  const firstWaiting = Number(q(`SELECT min(id) FROM registration WHERE meeting_id = ${id} AND status = 'waiting'`));
  assert.ok(Math.max(...ids) < firstWaiting);
  assert.equal(count('outbox', `entity = 'registration' AND entity_id IN (SELECT id FROM registration WHERE meeting_id = ${id})`), 30);
  assert.equal(count('outbox', `subject LIKE 'Liste d''attente%' AND entity_id IN (SELECT id FROM registration WHERE meeting_id = ${id})`), 25);
  // The last waiting one was told its rank.
  const last = Number(q(`SELECT max(id) FROM registration WHERE meeting_id = ${id}`));
  assert.match(q(`SELECT body FROM outbox WHERE entity = 'registration' AND entity_id = ${last}`), /en position 25/);
  // The public page and the API say it is full, with counts but no names.
  const page = await new Client(s.base).get(`/agenda/${id}`);
  assert.match(page.text_, /Complet/);
  assert.match(page.text_, /M&#39;inscrire sur la liste d&#39;attente|M'inscrire sur la liste d'attente/);
  const api = json(await new Client(s.base).get(`/api/v1/meetings/${id}`));
  assert.deepEqual(api.registrations, { places: 5, registered: 5, waiting: 25, places_left: 0, full: true });
  assert.doesNotMatch(JSON.stringify(api), /Personne 1|p1@exemple/);
});

test('the confirmation e-mail carries the link; cancelling promotes the first waiting, who is told', async () => {
  const id = meeting({ capacity: 2 });
  const a = await register(id, { name: 'Alice Martin', email: 'alice@exemple.fr', phone: '06 11 22 33 44' });
  assert.ok(a.token, a.res.text_);
  await register(id, { name: 'Bruno Diallo', email: 'bruno@exemple.fr' });
  const c = await register(id, { name: 'Chantal Garcia', email: 'chantal@exemple.fr' });
  const d = await register(id, { name: 'Driss Haddad', email: 'driss@exemple.fr' });
  assert.equal(q(`SELECT status FROM registration WHERE email = 'chantal@exemple.fr'`), 'waiting');
  // Only the hash of the token is stored; the e-mail holds the link.
  assert.equal(count('registration', `token_hash LIKE '%${a.token}%'`), 0);
  const mail = q(`SELECT body FROM outbox WHERE to_addr = 'alice@exemple.fr'`);
  assert.ok(mail.includes(`https://quartier.test/agenda/inscription/${a.token}`), mail);
  assert.match(mail, /effacés 30 jours après/);
  // The registrant's page.
  const page = await a.client.get(`/agenda/inscription/${a.token}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /Une place vous est réservée/);
  assert.match(page.text_, /Alice Martin/);
  assert.equal(page.headers.get('cache-control'), 'no-store');
  const waitPage = await c.client.get(`/agenda/inscription/${c.token}`);
  assert.match(waitPage.text_, /en position 1/);
  assert.match((await d.client.get(`/agenda/inscription/${d.token}`)).text_, /en position 2/);
  // Without the CSRF token, nothing happens.
  const forged = await new Client(s.base).request(`/agenda/inscription/${a.token}/annuler`, { method: 'POST' });
  assert.equal(forged.status, 403);
  assert.equal(q(`SELECT status FROM registration WHERE email = 'alice@exemple.fr'`), 'registered');
  // A wrong token is a 404.
  assert.equal((await new Client(s.base).get(`/agenda/inscription/${'x'.repeat(43)}`)).status, 404);
  // Alice cancels: Chantal (first waiting) gets the place and an e-mail; Driss still waits.
  const res = await a.client.post(`/agenda/inscription/${a.token}/annuler`, {}, { from: `/agenda/inscription/${a.token}` });
  assert.equal(res.status, 303);
  assert.equal(q(`SELECT status FROM registration WHERE email = 'alice@exemple.fr'`), 'cancelled');
  assert.match(q(`SELECT status || '|' || (promoted_at IS NOT NULL) FROM registration WHERE email = 'chantal@exemple.fr'`), /^registered\|1$/);
  assert.equal(q(`SELECT status FROM registration WHERE email = 'driss@exemple.fr'`), 'waiting');
  assert.equal(count('registration', `meeting_id = ${id} AND status = 'registered'`), 2);
  const told = q(`SELECT subject || '|' || body FROM outbox WHERE to_addr = 'chantal@exemple.fr' AND subject LIKE 'Une place s''est libérée%'`);
  assert.match(told, /Une place s'est libérée/);
  assert.ok(told.includes(`https://quartier.test/agenda/inscription/${c.token}`));
  assert.match((await c.client.get(`/agenda/inscription/${c.token}`)).text_, /Une place vous est réservée/);
  assert.match((await d.client.get(`/agenda/inscription/${d.token}`)).text_, /en position 1/);
  // A second click says so, and changes nothing.
  const page2 = await a.client.get(`/agenda/inscription/${a.token}`);
  assert.match(page2.text_, /Cette inscription est annulée/);
  assert.doesNotMatch(page2.text_, /\/annuler"/);
  const again = await a.client.post(`/agenda/inscription/${a.token}/annuler`, {}, { from: `/agenda/${id}` });
  assert.equal(again.status, 303);
  assert.equal(count('registration', `meeting_id = ${id} AND status = 'registered'`), 2);
  // A cancelled person may register again (the unique index counts live rows only).
  const back = await register(id, { name: 'Alice Martin', email: 'alice@exemple.fr' });
  assert.equal(back.res.status, 303);
  assert.equal(q(`SELECT status FROM registration WHERE id = (SELECT max(id) FROM registration)`), 'waiting');
  assert.equal(count('audit', `action = 'registration.cancel' AND entity_id = ${id}`), 1);
  assert.equal(count('audit', `action = 'registration.promote' AND entity_id = ${id}`), 1);
});

test('a second registration with the same e-mail: a clear French message at the field, not a 500', async () => {
  const id = meeting({ capacity: 10 });
  assert.equal((await register(id, { name: 'Karim Benali', email: 'karim@exemple.fr' })).res.status, 303);
  for (const email of ['karim@exemple.fr', 'KARIM@Exemple.fr']) {
    const { res } = await register(id, { name: 'Karim Benali', email });
    assert.equal(res.status, 422);
    const m = res.text_.match(/<p class="field-error" id="email-error">([^<]*)<\/p>/);
    assert.ok(m, res.text_.slice(0, 2000));
    assert.match(unescape(m[1]), /Une inscription à cette réunion existe déjà pour cette adresse/);
    assert.match(res.text_, /value="Karim Benali"/);
  }
  assert.equal(count('registration', `meeting_id = ${id}`), 1);
});

test('refused forms: 422 with the message at the field, nothing written; honeypot', async () => {
  const id = meeting({ capacity: 10 });
  const cases = [
    [{ name: 'Léa', email: 'lea@exemple.fr', consent: '' }, 'consent', /Cochez la case/],
    [{ name: '', email: 'lea@exemple.fr' }, 'name', /obligatoire/],
    [{ name: 'Léa Dupont', email: 'pas-une-adresse' }, 'email', /./],
    [{ name: 'Léa Dupont', email: '' }, 'email', /obligatoire/],
    [{ name: 'Léa Dupont', email: 'lea@exemple.fr', phone: 'appelez-moi' }, 'phone', /numéro de téléphone/],
  ];
  for (const [fields, field, message] of cases) {
    const { res } = await register(id, fields);
    assert.equal(res.status, 422, JSON.stringify(fields));
    const m = res.text_.match(new RegExp(`<p class="field-error" id="${field}-error">([^<]*)</p>`));
    assert.ok(m, `${JSON.stringify(fields)}: no error on ${field}`);
    assert.match(unescape(m[1]), message);
    assert.match(res.text_, new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
  }
  const trap = await register(id, { name: 'Robot', email: 'robot@exemple.fr', site_web: 'http://spam' });
  assert.equal(trap.res.status, 422);
  assert.match(unescape(trap.res.text_), /Ne pas remplir ce champ/);
  assert.equal(count('registration', `meeting_id = ${id}`), 0);
  assert.equal(count('outbox', `to_addr IN ('lea@exemple.fr', 'robot@exemple.fr')`), 0);
});

test('cancelled, past and held meetings refuse registrations with a message; private ones are 404 everywhere', async () => {
  const cancelled = meeting({ status: 'cancelled', capacity: 10 });
  const past = meeting({ startsIn: -48, capacity: 10 });
  const held = meeting({ startsIn: -3, status: 'held' });
  const open = meeting({ capacity: 10 });
  for (const [id, why] of [[cancelled, /annulée : les inscriptions sont fermées/], [past, /les inscriptions sont fermées/], [held, /les inscriptions sont fermées/]]) {
    const page = await new Client(s.base).get(`/agenda/${id}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text_, /action="\/agenda\/\d+\/inscription"|S'inscrire/);
    const { res } = await register(id, { name: 'Nadia Haddad', email: `nadia${id}@exemple.fr` }, new Client(s.base), `/agenda/${open}`);
    assert.equal(res.status, 422);
    assert.match(unescape(res.text_), why);
  }
  const priv = meeting({ isPublic: 0, capacity: 10 });
  const visitor = new Client(s.base);
  const token = await visitor.csrf(`/agenda/${open}`);
  assert.equal((await visitor.get(`/agenda/${priv}`)).status, 404);
  const post = await visitor.request(`/agenda/${priv}/inscription`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: token, name: 'Yacine', email: 'yacine@exemple.fr', consent: '1' }).toString(),
  });
  assert.equal(post.status, 404);
  const api = await visitor.request(`/api/v1/meetings/${priv}/registrations`, { method: 'POST', json: { name: 'Yacine', email: 'yacine@exemple.fr', consent: true }, headers: { 'X-CSRF-Token': token } });
  assert.equal(api.status, 404);
  assert.equal((await visitor.get(`/api/v1/meetings/${priv}`)).status, 404);
  // Staff may register someone by hand to a private meeting; the e-mail
  // has no personal link (below), and a link of a meeting made private
  // since shows nothing to the public.
  const add = await staff.post(`/equipe/reunions/${priv}/inscriptions`, { name: 'Yacine Garcia', email: 'yacine@exemple.fr', consent: '1' }, { from: `/equipe/reunions/${priv}/inscriptions` });
  assert.equal(add.status, 303);
  const later = await register(open, { name: 'Yacine Plus Tard', email: 'yacine.tard@exemple.fr' });
  assert.equal((await visitor.get(`/agenda/inscription/${later.token}`)).status, 200);
  q(`UPDATE meeting SET is_public = 0 WHERE id = ${open}`);
  assert.equal((await visitor.get(`/agenda/inscription/${later.token}`)).status, 404);
  q(`UPDATE meeting SET is_public = 1 WHERE id = ${open}`);
  assert.equal(count('registration', `meeting_id IN (${cancelled}, ${past}, ${held})`), 0);
});

test('staff: list with counts, hand entry without e-mail, cancel (promotes), CSV export audited; others refused', async () => {
  const id = meeting({ capacity: 3, reserved: 1 });
  await register(id, { name: 'Fatou Diallo', email: 'fatou@exemple.fr', phone: '06 00 00 00 01' });
  const add = await staff.post(`/equipe/reunions/${id}/inscriptions`, { name: 'Monsieur Téléphone', consent: '1' }, { from: `/equipe/reunions/${id}/inscriptions` });
  assert.equal(add.status, 303, add.text_.slice(0, 500));
  assert.equal(q(`SELECT source || '|' || status || '|' || (email IS NULL) FROM registration WHERE name = 'Monsieur Téléphone'`), 'staff|registered|1');
  await register(id, { name: 'Julien Martin', email: 'julien@exemple.fr' });
  // Hand entry refused without the consent box.
  const noConsent = await staff.post(`/equipe/reunions/${id}/inscriptions`, { name: 'Sans Accord' }, { from: `/equipe/reunions/${id}/inscriptions` });
  assert.equal(noConsent.status, 422);
  assert.match(noConsent.text_, /id="consent-error"/);
  const list = await staff.get(`/equipe/reunions/${id}/inscriptions`);
  assert.equal(list.status, 200);
  assert.match(list.text_, /Fatou Diallo/);
  assert.match(list.text_, /Monsieur Téléphone/);
  const waitingSection = list.text_.split('id="titre-attente"')[1];
  assert.match(waitingSection, /<td>1<\/td><td>Julien Martin/);
  assert.match(list.text_, /aria-current="page">Inscriptions/);
  // The CSV: personal data, staff only, audited.
  const csv = await staff.get(`/equipe/reunions/${id}/inscriptions.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.match(csv.text_, /Nom/);
  assert.match(csv.text_, /Fatou Diallo,fatou@exemple.fr,06 00 00 00 01/);
  assert.match(csv.text_, /Liste d'attente,1,Julien Martin/);
  assert.equal(count('audit', `action = 'registration.export' AND entity_id = ${id}`), 1);
  assert.equal((await partner.get(`/equipe/reunions/${id}/inscriptions.csv`)).status, 403);
  assert.equal((await partner.get(`/equipe/reunions/${id}/inscriptions`)).status, 403);
  // Staff cancel Fatou: Julien gets the place.
  const fatou = Number(q(`SELECT id FROM registration WHERE email = 'fatou@exemple.fr'`));
  const cancel = await staff.post(`/equipe/reunions/${id}/inscriptions/${fatou}/annuler`, {}, { from: `/equipe/reunions/${id}/inscriptions` });
  assert.equal(cancel.status, 303);
  assert.equal(q(`SELECT status FROM registration WHERE email = 'julien@exemple.fr'`), 'registered');
  assert.equal(count('outbox', `to_addr = 'julien@exemple.fr' AND subject LIKE 'Une place%'`), 1);
  // A registration of another meeting is not this one's.
  assert.equal((await staff.post(`/equipe/reunions/${id + 100000}/inscriptions/${fatou}/annuler`, {}, { from: `/equipe/reunions/${id}/inscriptions` })).status, 404);
});

test('a registration added by staff to a private meeting: its e-mails carry no link to pages the person cannot open', async () => {
  const id = meeting({ isPublic: 0, title: 'Réunion privée des locataires' });
  const add = await staff.post(`/equipe/reunions/${id}/inscriptions`, { name: 'Hugo Privé', email: 'hugo.prive@exemple.fr', consent: '1' }, { from: `/equipe/reunions/${id}/inscriptions` });
  assert.equal(add.status, 303, add.text_.slice(0, 500));
  const mail = q(`SELECT body FROM outbox WHERE to_addr = 'hugo.prive@exemple.fr'`);
  assert.match(mail, /Réunion privée des locataires/);
  assert.match(mail, /Maison du projet/);
  assert.doesNotMatch(mail, /\/agenda\//);
  // the links a public meeting's e-mail has (the control)
  const pub = meeting({ title: 'Réunion publique témoin' });
  await register(pub, { name: 'Inès Publique', email: 'ines.pub@exemple.fr' });
  const pmail = q(`SELECT body FROM outbox WHERE to_addr = 'ines.pub@exemple.fr'`);
  assert.match(pmail, new RegExp(`/agenda/${pub}\n`));
  assert.match(pmail, /\/agenda\/inscription\/[A-Za-z0-9_-]{43}/);
});

test('JSON API: staff list; public registration with JSON errors and fields', async () => {
  const id = meeting({ capacity: 1 });
  const visitor = new Client(s.base);
  const token = await visitor.csrf(`/agenda/${id}`);
  const post = (body) => visitor.request(`/api/v1/meetings/${id}/registrations`, { method: 'POST', json: body, headers: { 'X-CSRF-Token': token } });
  const bad = await post({ name: 'A', email: 'x', consent: false });
  assert.equal(bad.status, 422);
  const err = json(bad).error;
  assert.equal(err.code, 'invalid_input');
  assert.deepEqual(Object.keys(err.fields).sort(), ['consent', 'email', 'name']);
  const ok = await post({ name: 'Samira Benali', email: 'samira@exemple.fr', consent: true });
  assert.equal(ok.status, 201, ok.text_);
  assert.equal(json(ok).status, 'registered');
  assert.match(ok.headers.get('location'), /^\/agenda\/inscription\/[A-Za-z0-9_-]{43}$/);
  const second = await post({ name: 'Mehdi Haddad', email: 'mehdi@exemple.fr', consent: true });
  assert.equal(second.status, 201);
  assert.deepEqual([json(second).status, json(second).waiting_rank], ['waiting', 1]);
  const dup = await post({ name: 'Samira Benali', email: 'samira@exemple.fr', consent: true });
  assert.equal(dup.status, 422);
  assert.match(json(dup).error.fields.email, /existe déjà/);
  // The list is for staff.
  assert.equal((await new Client(s.base).get(`/api/v1/meetings/${id}/registrations`)).status, 401);
  assert.equal((await partner.get(`/api/v1/meetings/${id}/registrations`)).status, 403);
  const list = json(await staff.get(`/api/v1/meetings/${id}/registrations`));
  assert.deepEqual([list.registered, list.waiting, list.places_left], [1, 1, 0]);
  assert.deepEqual(list.items.map((i) => [i.name, i.status]), [['Samira Benali', 'registered'], ['Mehdi Haddad', 'waiting']]);
  // The OpenAPI description lists both.
  const doc = json(await new Client(s.base).get('/api/v1/openapi.json'));
  assert.ok(doc.paths['/api/v1/meetings/{meeting_id}/registrations']);
});

test('more places on the meeting form: the first waiting get them and are told; unlimited: all of them', async () => {
  const id = meeting({ capacity: 1 });
  await register(id, { name: 'Premier Inscrit', email: 'premier@exemple.fr' });
  await register(id, { name: 'Deuxième Attente', email: 'deuxieme@exemple.fr' });
  await register(id, { name: 'Troisième Attente', email: 'troisieme@exemple.fr' });
  const day = new Date(Date.now() + 20 * 86400e3).toISOString().slice(0, 10);
  const csrf = await staff.csrf(`/equipe/reunions/${id}`);
  const update = (capacity) => staff.request(`/equipe/reunions/${id}`, {
    method: 'POST', headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' },
    json: { title: 'Atelier agrandi', kind: 'workshop', project_id: '1', date: day, start_time: '18:00', end_time: '20:00', is_public: '1', status: 'scheduled', capacity, reserved_places: '0' },
  });
  assert.equal((await update('2')).status, 303);
  assert.equal(q(`SELECT status FROM registration WHERE email = 'deuxieme@exemple.fr'`), 'registered');
  assert.equal(q(`SELECT status FROM registration WHERE email = 'troisieme@exemple.fr'`), 'waiting');
  assert.equal(count('outbox', `to_addr = 'deuxieme@exemple.fr' AND subject LIKE 'Une place%'`), 1);
  assert.equal((await update('')).status, 303);
  assert.equal(count('registration', `meeting_id = ${id} AND status = 'registered'`), 3);
  assert.equal(count('outbox', `to_addr = 'troisieme@exemple.fr' AND subject LIKE 'Une place%'`), 1);
});

test('a cancelled meeting e-mails its registered and waiting people, once', async () => {
  const id = meeting({ capacity: 1 });
  await register(id, { name: 'Leïla Garcia', email: 'leila@exemple.fr' });
  await register(id, { name: 'Bruno Benali', email: 'bruno.b@exemple.fr' });
  const gone = await register(id, { name: 'Parti Avant', email: 'parti@exemple.fr' });
  await gone.client.post(`/agenda/inscription/${gone.token}/annuler`, {}, { from: `/agenda/inscription/${gone.token}` });
  for (let i = 0; i < 2; i++) {
    const res = await staff.post(`/equipe/reunions/${id}/annuler`, {}, { from: `/equipe/reunions/${id}` });
    assert.equal(res.status, 303);
  }
  assert.equal(count('outbox', `subject LIKE 'Réunion annulée%' AND to_addr IN ('leila@exemple.fr', 'bruno.b@exemple.fr')`), 2);
  assert.equal(count('outbox', `subject LIKE 'Réunion annulée%' AND to_addr = 'parti@exemple.fr'`), 0);
});

test('deleting a meeting still to come tells its registrants it is cancelled; deleting a past or cancelled one tells nobody', async () => {
  const coming = meeting();
  await register(coming, { name: 'Inès Delmas', email: 'ines.supprimee@exemple.fr' });
  const past = meeting({ startsIn: -48 });
  q(`INSERT INTO registration (meeting_id, name, email, consent_at, status, source, token_hash, created_at, updated_at)
     VALUES (${past}, 'Ancien Inscrit', 'ancien.supprime@exemple.fr', '2020-01-01T00:00:00Z', 'registered', 'staff', lower(hex(randomblob(32))), '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')`);
  for (const id of [coming, past]) {
    const res = await staff.post(`/equipe/reunions/${id}/supprimer`, { confirm: '1' }, { from: `/equipe/reunions/${id}` });
    assert.equal(res.status, 303);
    assert.equal(count('meeting', `id = ${id}`), 0);
  }
  assert.equal(count('outbox', `subject LIKE 'Réunion annulée%' AND to_addr = 'ines.supprimee@exemple.fr'`), 1);
  assert.equal(count('outbox', `to_addr = 'ancien.supprime@exemple.fr'`), 0);
});

test('a meeting cancelled through the form\'s state, or by two cancellations at once, tells its registrants once', async () => {
  const id = meeting({ capacity: 5 });
  await register(id, { name: 'Nadia Formulaire', email: 'nadia.form@exemple.fr' });
  const day = new Date(Date.now() + 10 * 86400e3).toISOString().slice(0, 10);
  const csrf = await staff.csrf(`/equipe/reunions/${id}`);
  const save = () => staff.request(`/equipe/reunions/${id}`, {
    method: 'POST', headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' },
    json: { title: 'Atelier annulé par le formulaire', kind: 'workshop', project_id: '1', date: day, start_time: '18:00', end_time: '20:00', is_public: '1', status: 'cancelled', capacity: '5', reserved_places: '0' },
  });
  assert.equal((await save()).status, 303);
  assert.equal((await save()).status, 303);
  assert.equal(count('outbox', `subject LIKE 'Réunion annulée%' AND to_addr = 'nadia.form@exemple.fr'`), 1);
  // « Annuler » many times at once: one e-mail each still.
  const other = meeting({ capacity: 5 });
  await register(other, { name: 'Paul Simultané', email: 'paul.simul@exemple.fr' });
  const token = await staff.csrf(`/equipe/reunions/${other}`);
  const results = await Promise.all(Array.from({ length: 8 }, () => staff.request(`/equipe/reunions/${other}/annuler`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `csrf=${encodeURIComponent(token)}`,
  })));
  assert.deepEqual(results.map((r) => r.status), Array(8).fill(303));
  assert.equal(count('outbox', `subject LIKE 'Réunion annulée%' AND to_addr = 'paul.simul@exemple.fr'`), 1);
});

test('reminders through `quartier maintain`: registered people of meetings within the window, only once', async () => {
  const soon = meeting({ startsIn: 20, capacity: 1 });
  const later = meeting({ startsIn: 24 * 5 });
  await register(soon, { name: 'Rappel Un', email: 'rappel1@exemple.fr' });
  await register(soon, { name: 'Rappel Attente', email: 'rappel2@exemple.fr' });
  await register(later, { name: 'Rappel Loin', email: 'rappel3@exemple.fr' });
  // 0: no reminders at all.
  assert.equal(cli(['maintain', '--db', s.db], { env: { QUARTIER_REGISTRATION_REMINDER_HOURS: '0' } }).status, 0);
  assert.equal(count('outbox', `subject LIKE 'Rappel%' AND to_addr LIKE 'rappel%'`), 0);
  for (let i = 0; i < 2; i++) {
    const r = cli(['maintain', '--db', s.db, '--base-url', 'https://quartier.test']);
    assert.equal(r.status, 0, r.stderr);
  }
  assert.equal(count('outbox', `subject LIKE 'Rappel%' AND to_addr = 'rappel1@exemple.fr'`), 1);
  assert.equal(count('outbox', `subject LIKE 'Rappel%' AND to_addr IN ('rappel2@exemple.fr', 'rappel3@exemple.fr')`), 0);
  assert.match(q(`SELECT body FROM outbox WHERE subject LIKE 'Rappel%' AND to_addr = 'rappel1@exemple.fr'`), /https:\/\/quartier\.test\/agenda\/inscription\//);
  assert.equal(count('registration', `email = 'rappel1@exemple.fr' AND reminded_at IS NOT NULL`), 1);
  // A wider window (--registration-reminder-hours) reaches the later meeting.
  assert.equal(cli(['maintain', '--db', s.db, '--registration-reminder-hours', '168']).status, 0);
  assert.equal(count('outbox', `subject LIKE 'Rappel%' AND to_addr = 'rappel3@exemple.fr'`), 1);
  assert.ok(count('audit', `action = 'registration.remind'`) >= 2);
});

test('retention: details erased N days after the meeting, rows and attendance kept, audited with counts', async () => {
  const old = meeting({ startsIn: -24 * 40 });
  const recent = meeting({ startsIn: -24 * 10 });
  for (const [id, who] of [[old, 'ancien'], [recent, 'recent']]) {
    q(`INSERT INTO registration (meeting_id, name, email, phone, consent_at, status, token_hash, created_at, updated_at)
       VALUES (${id}, 'Nom ${who}', '${who}@exemple.fr', '0600000000', '2026-01-01T00:00:00Z', 'registered', lower(hex(randomblob(32))), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
    q(`INSERT INTO attendance (meeting_id, registration_id, recorded_at) VALUES (${id}, (SELECT max(id) FROM registration), '2026-01-01T00:00:00Z')`);
    q(`INSERT INTO attendance (meeting_id, name, recorded_at) VALUES (${id}, 'Passant ${who}', '2026-01-01T00:00:00Z')`);
  }
  const r = cli(['maintain', '--db', s.db]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(q(`SELECT name || '|' || ifnull(email, 'NULL') || '|' || ifnull(phone, 'NULL') FROM registration WHERE meeting_id = ${old}`), '|NULL|NULL');
  assert.equal(q(`SELECT name || '|' || email FROM registration WHERE meeting_id = ${recent}`), 'Nom recent|recent@exemple.fr');
  assert.equal(count('attendance', `meeting_id = ${old}`), 2);
  assert.equal(count('attendance', `meeting_id = ${old} AND name <> ''`), 0);
  assert.equal(count('attendance', `meeting_id = ${recent} AND name = 'Passant recent'`), 1);
  assert.match(q(`SELECT summary FROM audit WHERE action = 'retention.registrations' ORDER BY id DESC LIMIT 1`), /\d+ inscription\(s\) et \d+ nom\(s\)/);
  // With a longer retention nothing more is erased.
  assert.equal(cli(['maintain', '--db', s.db, '--registration-retention-days', '5']).status, 0);
  assert.equal(q(`SELECT name FROM registration WHERE meeting_id = ${recent}`), '');
});

test('rate limit: the shared limit per address answers 429 on registrations', async () => {
  const t = await startServer({ args: ['--intake-limit', '2'] });
  try {
    const id = Number(sql(t.db, "SELECT id FROM meeting WHERE title = 'Réunion publique : le projet du Grand Mail'"));
    const codes = [];
    for (let i = 0; i < 3; i++) {
      const c = new Client(t.base);
      const res = await c.post(`/agenda/${id}/inscription`, { name: `Limite ${i}`, email: `limite${i}@exemple.fr`, consent: '1' }, { from: `/agenda/${id}` });
      codes.push(res.status);
      if (res.status === 429) assert.ok(Number(res.headers.get('retry-after')) > 0);
    }
    assert.deepEqual(codes, [303, 303, 429]);
  } finally {
    await stopClean(t);
  }
});
