// Attendance on the day and minutes: registered people ticked, walk-ins
// added and removed, people counted, the total, the meeting marked held,
// body members' rows left alone; minutes saved, published only when
// chosen, unpublished, rendered from Markdown without raw HTML; decisions
// and figures on the public page; a private meeting invisible; the staff
// reminders of meetings without minutes (home block, list filter).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ROLES, stopClean, json, sql } from './lib.mjs';

let s, staff, partner, anon;

const q = (query) => sql(s.db, query);
const count = (table, where = '1') => Number(q(`SELECT count(*) FROM ${table} WHERE ${where}`));

before(async () => {
  s = await startServer({ args: ['--intake-limit', '1000'] });
  staff = new Client(s.base);
  assert.equal((await staff.login(ROLES.staff)).status, 303);
  partner = new Client(s.base);
  assert.equal((await partner.login(ROLES.partner)).status, 303);
  anon = new Client(s.base);
});
after(async () => { await stopClean(s); });

/** A meeting that started `ago` hours ago (2 hours long); returns its id. */
function meeting({ ago = 1, isPublic = 1, status = 'scheduled', title = 'Atelier des présences' } = {}) {
  q(`INSERT INTO meeting (project_id, kind, title, starts_at, ends_at, is_public, status, created_at, updated_at)
     VALUES (1, 'workshop', '${title}', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-${ago} hours'),
     strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-${ago} hours', '+2 hours'), ${isPublic}, '${status}',
     strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))`);
  return Number(q('SELECT max(id) FROM meeting'));
}

function registration(id, name, status = 'registered') {
  q(`INSERT INTO registration (meeting_id, name, email, consent_at, status, token_hash, created_at, updated_at)
     VALUES (${id}, '${name}', lower('${name.replace(/ /g, '.')}@exemple.fr'), '2026-01-01T00:00:00Z', '${status}', lower(hex(randomblob(32))), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
  return Number(q('SELECT max(id) FROM registration'));
}

/** POSTs [name, value] pairs (names may repeat) with the CSRF token of `from`. */
const postPairs = (client, path, pairs, from = path) => client.post(path, pairs, { from });

test('attendance: ticks, walk-ins, people counted, total, held; body members untouched', async () => {
  const id = meeting();
  const a = registration(id, 'Amina Koné');
  const b = registration(id, 'Bruno Petit');
  const w = registration(id, 'Wassim Attente', 'waiting');
  registration(id, 'Claire Annulée', 'cancelled');
  // A committee member's row (another feature writes these): left alone.
  q(`INSERT INTO body (kind, slug, name, created_at, updated_at) VALUES ('other', 'comite-essai', 'Comité d''essai', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
  q(`INSERT INTO contact (first_name, last_name, created_at, updated_at) VALUES ('Membre', 'Essai', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
  q(`INSERT INTO body_member (body_id, contact_id, college, created_at, updated_at) VALUES ((SELECT max(id) FROM body), (SELECT max(id) FROM contact), 'elected', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
  q(`INSERT INTO attendance (meeting_id, body_member_id, status, recorded_at) VALUES (${id}, (SELECT max(id) FROM body_member), 'excused', '2026-01-01T00:00:00Z')`);

  const page = await staff.get(`/equipe/reunions/${id}/presences`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /Amina Koné/);
  assert.match(page.text_, /Wassim Attente <span class="hint">\(liste d'attente\)/);
  assert.doesNotMatch(page.text_, /Claire Annulée/);
  assert.match(page.text_, /id="held"[^>]*checked/); // started: offered, ticked
  assert.match(page.text_, /aria-current="page">Présences/);
  assert.equal((await partner.get(`/equipe/reunions/${id}/presences`)).status, 403);

  const res = await postPairs(staff, `/equipe/reunions/${id}/presences`, [
    ['present', String(a)], ['present', String(w)], ['new_walkins', 'Rachid Amrani  \r\n\n  Sophie Lambert  \n'],
    ['anonymous_attendees', '12'], ['held', '1'],
  ]);
  assert.equal(res.status, 303, res.text_.slice(0, 1000));
  assert.equal(count('attendance', `meeting_id = ${id} AND registration_id IN (${a}, ${w})`), 2);
  assert.equal(count('attendance', `meeting_id = ${id} AND registration_id = ${b}`), 0);
  assert.equal(q(`SELECT group_concat(name, ',') FROM (SELECT name FROM attendance WHERE meeting_id = ${id} AND registration_id IS NULL AND body_member_id IS NULL ORDER BY id)`), 'Rachid Amrani,Sophie Lambert');
  assert.equal(q(`SELECT status || '|' || anonymous_attendees FROM meeting WHERE id = ${id}`), 'held|12');
  let after = await staff.get(`/equipe/reunions/${id}/presences`);
  assert.match(after.text_, /<strong>16<\/strong> présent\(s\) : 2 inscrit\(s\), 2 sans inscription, 12 compté\(s\) sans nom/);
  assert.match(after.text_, /id="present-\d+" type="checkbox" name="present" value="\d+" checked/);

  // Untick Amina, tick Bruno, remove Rachid (keep Sophie), no new names.
  const sophie = Number(q(`SELECT id FROM attendance WHERE meeting_id = ${id} AND name LIKE 'Sophie%'`));
  const res2 = await postPairs(staff, `/equipe/reunions/${id}/presences`, [
    ['present', String(b)], ['present', String(w)], ['walkin_keep', String(sophie)], ['anonymous_attendees', '10'],
  ]);
  assert.equal(res2.status, 303);
  assert.equal(q(`SELECT group_concat(registration_id) FROM (SELECT registration_id FROM attendance WHERE meeting_id = ${id} AND registration_id IS NOT NULL ORDER BY registration_id)`), `${b},${w}`);
  assert.equal(count('attendance', `meeting_id = ${id} AND registration_id IS NULL AND body_member_id IS NULL`), 1);
  assert.equal(count('attendance', `meeting_id = ${id} AND body_member_id IS NOT NULL AND status = 'excused'`), 1);
  after = await staff.get(`/equipe/reunions/${id}/presences`);
  assert.match(after.text_, /<strong>13<\/strong> présent\(s\)/);
  assert.equal(count('audit', `action = 'attendance.save' AND entity_id = ${id}`), 2);

  // Refused: a negative count, a name too long.
  for (const pairs of [[['anonymous_attendees', '-1']], [['new_walkins', 'x'.repeat(121)]]]) {
    const bad = await postPairs(staff, `/equipe/reunions/${id}/presences`, pairs);
    assert.equal(bad.status, 422);
    assert.match(bad.text_, /class="field-error"/);
  }
  assert.equal(q(`SELECT anonymous_attendees FROM meeting WHERE id = ${id}`), '10');

  // The public page of a held meeting shows the figures, never names.
  const pub = await anon.get(`/agenda/${id}`);
  assert.match(pub.text_, /<strong>13<\/strong> personne\(s\) présente\(s\), dont 2 inscrite\(s\)/);
  assert.doesNotMatch(pub.text_, /Sophie|Bruno Petit/);
});

test('one tick at a time (the page’s script): JSON with the figures; cancelled or foreign registrations refused', async () => {
  const id = meeting();
  const a = registration(id, 'Tic Présente');
  const gone = registration(id, 'Tac Annulée', 'cancelled');
  const csrf = await staff.csrf(`/equipe/reunions/${id}/presences`);
  const tick = (reg, present, headers = { Accept: 'application/json' }) => staff.request(`/equipe/reunions/${id}/presences/${reg}`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ csrf, present }).toString(),
  });
  let res = await tick(a, '1');
  assert.equal(res.status, 200, res.text_);
  assert.deepEqual([json(res).present, json(res).figures.present, json(res).figures.registered], [true, 1, 1]);
  assert.equal((await tick(a, '1')).status, 200); // twice: still one row
  assert.equal(count('attendance', `registration_id = ${a}`), 1);
  res = await tick(a, '0', {});
  assert.equal(res.status, 303);
  assert.equal(count('attendance', `registration_id = ${a}`), 0);
  assert.equal((await tick(gone, '1')).status, 404);
  const other = meeting();
  const b = registration(other, 'Autre Réunion');
  assert.equal((await tick(b, '1')).status, 404);
  assert.equal(count('attendance', `registration_id IN (${gone}, ${b})`), 0);
  assert.equal((await partner.request(`/equipe/reunions/${id}/presences/${a}`, { method: 'POST' })).status, 403);
});

test('minutes: saved privately, published only when chosen, unpublished; Markdown without raw HTML', async () => {
  const id = meeting({ ago: 48, status: 'held', title: 'Réunion du compte rendu' });
  const url = `/equipe/reunions/${id}/compte-rendu`;
  assert.equal((await staff.get(url)).status, 200);
  assert.equal((await partner.get(url)).status, 403);
  const text = '## Ce qui a été dit\n\n- Les **jeux** du parc\n- <script>alert(1)</script>';
  const save = await staff.post(url, { content: text, action: 'save' });
  assert.equal(save.status, 303);
  assert.equal(count('minutes', `meeting_id = ${id} AND published_at IS NULL`), 1);
  let pub = await anon.get(`/agenda/${id}`);
  assert.doesNotMatch(pub.text_, /Ce qui a été dit/);
  const form = await staff.get(url);
  // the preview of the saved text: its « ## », the highest heading it uses, under the page's <h2>: <h3>
  assert.match(form.text_, /<h3>Ce qui a été dit<\/h3>/);
  assert.match(form.text_, /Non publié/);
  // Publishing an empty text is refused.
  const empty = await staff.post(url, { content: '', action: 'publish' });
  assert.equal(empty.status, 422);
  assert.match(empty.text_, /id="content-error"/);
  assert.equal(count('minutes', `meeting_id = ${id} AND published_at IS NULL AND content <> ''`), 1);
  // Publish: on the public page, rendered, without the script.
  assert.equal((await staff.post(url, { content: text, action: 'publish' })).status, 303);
  const published = q(`SELECT published_at FROM minutes WHERE meeting_id = ${id}`);
  assert.match(published, /^\d{4}-\d\d-\d\dT/);
  pub = await anon.get(`/agenda/${id}`);
  assert.match(pub.text_, /<h2 id="titre-compte-rendu">Compte rendu<\/h2>/);
  assert.match(pub.text_, /<li>Les <strong>jeux<\/strong> du parc<\/li>/);
  assert.match(pub.text_, /<h3>Ce qui a été dit<\/h3>/);
  assert.doesNotMatch(pub.text_, /<script>alert/);
  // Saving again keeps the first publication date.
  assert.equal((await staff.post(url, { content: text + '\n\nAjout.', action: 'save' })).status, 303);
  assert.equal(q(`SELECT published_at FROM minutes WHERE meeting_id = ${id}`), published);
  assert.match((await anon.get(`/agenda/${id}`)).text_, /Ajout\./);
  // Emptied while published: refused (not an empty « Compte rendu » on the public page).
  const emptied = await staff.post(url, { content: '', action: 'save' });
  assert.equal(emptied.status, 422);
  assert.match(emptied.text_, /retirez-le d&#39;abord de la page publique/);
  assert.match((await anon.get(`/agenda/${id}`)).text_, /Ajout\./);
  // Unpublish: gone from the public page, kept for staff.
  assert.equal((await staff.post(url, { content: text, action: 'unpublish' })).status, 303);
  assert.doesNotMatch((await anon.get(`/agenda/${id}`)).text_, /Ce qui a été dit/);
  assert.equal(count('minutes', `meeting_id = ${id} AND published_at IS NULL`), 1);
  assert.equal(count('audit', `entity_id = ${id} AND action IN ('minutes.save', 'minutes.publish', 'minutes.unpublish')`), 4);
});

test('the public page shows the decisions (text, owner, due date, status)', async () => {
  const id = meeting({ ago: 72, status: 'held', title: 'Réunion des décisions' });
  const org = Number(q("SELECT id FROM organization WHERE name = 'ACM Habitat'"));
  q(`INSERT INTO decision (meeting_id, position, text, owner_organization_id, owner_name, due_on, status, created_at, updated_at)
     VALUES (${id}, 1, 'Réparer l''éclairage du passage', ${org}, 'service proximité', '2027-03-15', 'in_progress', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
  const pub = await anon.get(`/agenda/${id}`);
  assert.match(pub.text_, /Relevé de décisions/);
  assert.match(pub.text_, /<td>Réparer l&#39;éclairage du passage<\/td><td>ACM Habitat — service proximité<\/td><td>15\/03\/2027<\/td><td>En cours<\/td>/);
  // the same words as the staff pages (one list of labels)
  q(`UPDATE decision SET status = 'done' WHERE meeting_id = ${id}`);
  assert.match((await anon.get(`/agenda/${id}`)).text_, /<td>Faite<\/td>/);
});

test('a private meeting stays invisible: page, registration, minutes, API', async () => {
  const id = meeting({ ago: 30, isPublic: 0, status: 'held', title: 'Séance privée' });
  assert.equal((await staff.post(`/equipe/reunions/${id}/compte-rendu`, { content: 'Secret de séance', action: 'publish' })).status, 303);
  for (const path of [`/agenda/${id}`, `/api/v1/meetings/${id}`]) {
    const res = await anon.get(path);
    assert.equal(res.status, 404, path);
    assert.doesNotMatch(res.text_, /Secret de séance/);
  }
  assert.doesNotMatch((await anon.get('/agenda?passees=1')).text_, /Séance privée/);
});

test('staff are reminded of ended meetings without published minutes: home block and list filter', async () => {
  const missing = meeting({ ago: 100, title: 'Réunion oubliée' });
  const done = meeting({ ago: 120, status: 'held', title: 'Réunion rédigée' });
  const gone = meeting({ ago: 130, status: 'cancelled', title: 'Réunion annulée' });
  q(`INSERT INTO minutes (meeting_id, content, published_at, updated_at) VALUES (${done}, 'Fait.', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
  const home = await staff.get('/equipe');
  assert.match(home.text_, /Réunions sans compte rendu publié/);
  assert.match(home.text_, new RegExp(`href="/equipe/reunions/${missing}/compte-rendu">Réunion oubliée`));
  assert.doesNotMatch(home.text_, /Réunion rédigée/);
  const list = await staff.get('/equipe/reunions?sans_compte_rendu=1');
  assert.match(list.text_, new RegExp(`href="/equipe/reunions/${missing}"`));
  assert.doesNotMatch(list.text_, new RegExp(`href="/equipe/reunions/${done}"`));
  assert.doesNotMatch(list.text_, new RegExp(`href="/equipe/reunions/${gone}"`));
  assert.match(list.text_, /id="sans_compte_rendu"[^>]*checked/);
  // Without the filter, all three are listed.
  const all = await staff.get('/equipe/reunions');
  for (const id of [missing, done, gone]) assert.match(all.text_, new RegExp(`href="/equipe/reunions/${id}"`));
});

test('the meeting form links to its other pages through the tabs partial', async () => {
  const id = meeting({ ago: 1 });
  const form = await staff.get(`/equipe/reunions/${id}`);
  for (const p of ['inscriptions', 'presences', 'compte-rendu']) assert.match(form.text_, new RegExp(`href="/equipe/reunions/${id}/${p}"`));
  assert.match(form.text_, new RegExp(`href="/equipe/reunions/${id}" aria-current="page"`));
});

test('demo: a full workshop with a waiting list, a held event with attendance and published minutes', async () => {
  const ws = Number(q("SELECT id FROM meeting WHERE title = 'Atelier : les jeux du parc du Rieutord'"));
  assert.equal(count('registration', `meeting_id = ${ws} AND status = 'registered'`), 30);
  assert.ok(count('registration', `meeting_id = ${ws} AND status = 'waiting'`) > 0);
  const fete = Number(q("SELECT id FROM meeting WHERE title = 'Fête de chantier du square des Cévennes'"));
  const pub = await anon.get(`/agenda/${fete}`);
  assert.match(pub.text_, /Compte rendu/);
  assert.match(pub.text_, /personne\(s\) présente\(s\)/);
  const api = json(await anon.get(`/api/v1/meetings/${ws}`));
  assert.equal(api.registrations.full, true);
});
