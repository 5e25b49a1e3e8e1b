// The bilan de la concertation: creation and its French errors, the figures
// against data inserted by the test (counts by theme, channel, sector and
// month, meetings held with attendance, office-hour days, rejected and
// out-of-period contributions left out), sign-off and its clearing, the
// adoption and its checks, a frozen bilan unchanged (HTML and CSV) after
// new data, drafts invisible to the public in HTML and JSON, adopted ones
// public, CSV/XLSX annexes without personal data, the print stylesheet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, Client, ROLES, stopClean, sql } from './lib.mjs';

let s, staff, anon, partner;
const q = (query) => sql(s.db, query);
const NOW = "strftime('%Y-%m-%dT%H:%M:%SZ','now')";
const unescape = (t) => t.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const PERSON = { name: 'Zoé Témoin-Bilan', email: 'zoe.temoin.bilan@exemple.fr', phone: '06 98 76 54 32' };

/** Inserts a contribution of project slug; returns its id. */
function contribution({ project = 'mosson', on, channel = 'online', status = 'received', moderation = 'published', answer = null, themes = [], sectors = [], body, author = false }) {
  const a = author ? `'${PERSON.name}', '${PERSON.email}', '${PERSON.phone}', ${NOW}` : 'NULL, NULL, NULL, NULL';
  const ans = answer === null ? 'NULL' : `'${answer}'`;
  const id = Number(q(`INSERT INTO contribution (project_id, received_on, channel, body, author_name, author_email, author_phone, author_consent_at, status, moderation, answer, created_at, updated_at)
    SELECT id, '${on}', '${channel}', '${body}', ${a}, '${status}', '${moderation}', ${ans}, ${NOW}, ${NOW} FROM project WHERE slug = '${project}' RETURNING id;`));
  for (const t of themes) q(`INSERT INTO contribution_theme (contribution_id, theme_id) SELECT ${id}, id FROM theme WHERE name = '${t}'`);
  for (const sl of sectors) q(`INSERT INTO contribution_sector (contribution_id, sector_id) SELECT ${id}, id FROM sector WHERE slug = '${sl}'`);
  return id;
}

/** Inserts a meeting of Mosson; returns its id. */
function meeting({ title, starts, ends, kind = 'workshop', status = 'held', anonymous = 0, isPublic = 1 }) {
  return Number(q(`INSERT INTO meeting (project_id, kind, title, starts_at, ends_at, status, anonymous_attendees, is_public, created_at, updated_at)
    SELECT id, '${kind}', '${title}', '${starts}', '${ends}', '${status}', ${anonymous}, ${isPublic}, ${NOW}, ${NOW} FROM project WHERE slug = 'mosson' RETURNING id;`));
}

let pendingId;

before(async () => {
  s = await startServer();
  staff = new Client(s.base);
  assert.equal((await staff.login(ROLES.staff)).status, 303);
  partner = new Client(s.base);
  assert.equal((await partner.login(ROLES.partner)).status, 303);
  anon = new Client(s.base);
  q("INSERT INTO theme (name, position, created_at, updated_at) VALUES ('Bilan essai', 99, strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
  // the first quarter of 2024: nothing of the demo there
  contribution({ on: '2024-01-10', channel: 'office_hours', status: 'answered', answer: 'Réponse commune A', themes: ['Logement', 'Mobilité'], sectors: ['grand-mail'], body: 'Premier avis <b>gras</b> en permanence', author: true });
  contribution({ on: '2024-01-10', channel: 'office_hours', status: 'answered', answer: 'Réponse commune A', themes: ['Logement'], body: 'Deuxième avis en permanence' });
  contribution({ on: '2024-01-17', channel: 'office_hours', themes: ['Mobilité'], sectors: ['grand-mail'], body: 'Troisième avis en permanence' });
  contribution({ on: '2024-02-05', channel: 'online', status: 'taken_into_account', answer: 'Réponse B', sectors: ['hauts-de-massane'], body: '=cmd|formule en ligne' });
  pendingId = contribution({ on: '2024-03-31', channel: 'mail', moderation: 'pending', themes: ['Logement'], body: 'Courrier pas encore modéré' });
  contribution({ on: '2024-02-06', channel: 'online', moderation: 'rejected', themes: ['Logement'], body: 'Indésirable refusé' });
  contribution({ on: '2023-12-31', channel: 'online', themes: ['Logement'], body: 'Avant la période' });
  contribution({ on: '2024-04-01', channel: 'online', themes: ['Logement'], body: 'Après la période' });
  contribution({ project: 'cevennes', on: '2024-02-01', channel: 'online', themes: ['Logement'], body: 'Autre projet' });
  // a workshop held on 15/02/2024 at 18:00 Paris: 3 walk-ins ticked + 5 counted; 4 registered, 1 cancelled
  const m = meeting({ title: 'Atelier d’essai du bilan', starts: '2024-02-15T17:00:00Z', ends: '2024-02-15T19:00:00Z', anonymous: 5 });
  for (let i = 0; i < 3; i++) q(`INSERT INTO attendance (meeting_id, name, status, recorded_at) VALUES (${m}, 'Présent ${i}', 'present', ${NOW})`);
  for (let i = 0; i < 5; i++) {
    q(`INSERT INTO registration (meeting_id, name, email, consent_at, status, token_hash, created_at, updated_at) VALUES (${m}, 'Inscrit ${i}', 'inscrit${i}@exemple.fr', ${NOW}, '${i === 4 ? 'cancelled' : 'registered'}', 'tok-bilan-${i}', ${NOW}, ${NOW})`);
  }
  meeting({ title: 'Réunion annulée', starts: '2024-03-01T17:00:00Z', ends: '2024-03-01T19:00:00Z', kind: 'public_meeting', status: 'cancelled', anonymous: 50 });
  meeting({ title: 'Réunion hors période', starts: '2024-05-01T16:00:00Z', ends: '2024-05-01T18:00:00Z', kind: 'public_meeting', anonymous: 70 });
  // a private meeting (a closed committee session): not in a bilan that becomes public
  meeting({ title: 'Séance à huis clos du bilan', starts: '2024-02-20T17:00:00Z', ends: '2024-02-20T19:00:00Z', kind: 'committee_session', anonymous: 9, isPublic: 0 });
});
after(async () => { await stopClean(s); });

const valid = { project_id: '1', title: 'Bilan du premier trimestre 2024', period_start: '2024-01-01', period_end: '2024-03-31', arrangements: 'Permanences à la **Maison du Projet**.' };
let id;

test('the creation form offers the legal frame; bad input gets French messages at the fields, nothing written', async () => {
  const form = await staff.get('/equipe/bilans/nouveau');
  assert.equal(form.status, 200);
  const text = unescape(form.text_);
  assert.match(text, /L\. 103-2/);
  assert.match(text, /n° 2014-173 du 21 février 2014/);
  assert.match(text, /règlement général de l'ANRU/);
  const before = Number(q('SELECT count(*) FROM consultation_report'));
  const cases = [
    [{ ...valid, title: '' }, /Le champ « Intitulé » est obligatoire|Intitulé/],
    [{ ...valid, period_end: '2023-12-01' }, /La fin de la période ne peut pas précéder son début\./],
    [{ ...valid, period_start: '2024-02-30' }, /Début de la période/],
    [{ ...valid, project_id: '9999' }, /Ce projet n'existe pas\./],
  ];
  for (const [fields, message] of cases) {
    const res = await staff.post('/equipe/bilans', fields, { from: '/equipe/bilans/nouveau' });
    assert.equal(res.status, 422, JSON.stringify(fields));
    assert.match(unescape(res.text_), message);
    assert.match(res.text_, /aria-invalid="true"/);
  }
  const api = await staff.request('/equipe/bilans', { method: 'POST', headers: { Accept: 'application/json', 'X-CSRF-Token': await staff.csrf('/equipe/bilans/nouveau') }, json: { ...valid, period_end: '2023-01-01' } });
  assert.equal(api.status, 422);
  assert.match(JSON.parse(api.text_).error.fields.period_end, /précéder/);
  assert.equal(Number(q('SELECT count(*) FROM consultation_report')), before);
  assert.equal((await partner.get('/equipe/bilans')).status, 403);
});

test('create: the bilan page with its figures computed from the data', async () => {
  const res = await staff.post('/equipe/bilans', { ...valid, legal_frame: 'Article L. 103-2 du Code de l\'urbanisme.' }, { from: '/equipe/bilans/nouveau' });
  assert.equal(res.status, 303);
  id = Number(res.headers.get('location').match(/\/equipe\/bilans\/(\d+)$/)[1]);
  assert.equal(q(`SELECT action FROM audit WHERE entity = 'consultation_report' AND entity_id = ${id}`), 'consultation_report.create');
  const list = await staff.get('/equipe/bilans');
  assert.match(list.text_, /Bilan du premier trimestre 2024/);
  assert.match(list.text_, /Brouillon/);

  const j = await staff.get(`/api/v1/consultation-reports/${id}`);
  assert.equal(j.status, 200);
  const b = JSON.parse(j.text_);
  assert.equal(b.state, 'draft');
  const f = b.figures;
  assert.equal(f.figures.total, 5); // rejected, out of period and the other project left out
  assert.equal(f.figures.published, 4);
  assert.equal(f.figures.pending, 1);
  assert.equal(f.figures.online, 1);
  assert.equal(f.office_hours_days, 2);
  const counts = (series) => Object.fromEntries(series.map((e) => [e.label, e.count]));
  assert.deepEqual(counts(f.by_theme), { Logement: 3, Mobilité: 2, 'Sans thème': 1 });
  assert.deepEqual(counts(f.by_channel), { Permanence: 3, 'En ligne': 1, Courrier: 1 });
  assert.deepEqual(counts(f.by_sector), { 'Grand Mail': 2, 'Hauts de Massane': 1, 'Sans secteur désigné': 2 });
  assert.deepEqual(counts(f.by_month), { 'janvier 2024': 3, 'février 2024': 1, 'mars 2024': 1 });
  assert.equal(counts(f.figures.by_status)['Réponse apportée'], 2);
  assert.equal(f.meetings.count, 1);
  assert.equal(f.meetings.present, 8); // 3 ticked + 5 counted at the door
  assert.equal(f.meetings.registered, 4);
  assert.equal(f.meetings.groups[0].items[0].date_fr, '15/02/2024');
  assert.equal(f.meetings.groups[0].items[0].time, '18 h 00');
  const logement = f.synthesis.find((t) => t.theme === 'Logement');
  assert.equal(logement.count, 3);
  assert.deepEqual(logement.answers.map((a) => [a.answer, a.count]), [['Réponse commune A', 2]]);
  assert.equal(f.annex_count, 5);

  const page = await staff.get(`/equipe/bilans/${id}`);
  assert.equal(page.status, 200);
  const html = page.text_;
  assert.equal((html.match(/<svg class="chart"[^>]*role="img"/g) || []).length, 4);
  assert.match(html, /<title id="graphique-themes-t">Contributions par thème<\/title>/);
  assert.match(html, /<caption>Contributions par thème \(données du graphique\)<\/caption>/);
  assert.match(html, /<th scope="row">Logement<\/th><td>3<\/td>/);
  assert.match(html, /Atelier d’essai du bilan/);
  assert.doesNotMatch(html, /Réunion annulée|Réunion hors période|huis clos/);
  assert.match(html, /Premier avis &lt;b&gt;gras&lt;\/b&gt;/); // the annex, inline, escaped
  assert.doesNotMatch(html, /Indésirable refusé|Avant la période|Autre projet/);
  for (const v of Object.values(PERSON)) assert.ok(!unescape(html).includes(v), v);
  assert.match(html, /Document provisoire/);
});

test('drafts are invisible to the public, in HTML and JSON', async () => {
  assert.doesNotMatch((await anon.get('/projets/mosson')).text_, /\/bilans\//);
  assert.equal((await anon.get(`/projets/mosson/bilans/${id}`)).status, 404);
  assert.equal((await anon.get(`/projets/mosson/bilans/${id}/annexe.csv`)).status, 404);
  assert.equal((await anon.get(`/api/v1/consultation-reports/${id}`)).status, 404);
  const list = JSON.parse((await anon.get('/api/v1/consultation-reports')).text_);
  assert.ok(!list.items.some((b) => b.id === id));
  const staffList = JSON.parse((await staff.get('/api/v1/consultation-reports')).text_);
  assert.ok(staffList.items.some((b) => b.id === id && b.state === 'draft'));
  assert.equal((await anon.get(`/equipe/bilans/${id}`)).status, 302);
  assert.equal((await partner.get(`/equipe/bilans/${id}`)).status, 403);
});

test('the annex as CSV and XLSX: every row, no personal data, formulas neutralised', async () => {
  const csv = await staff.get(`/equipe/bilans/${id}/annexe.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const lines = csv.text_.trim().split('\r\n');
  assert.equal(lines.length, 6);
  assert.match(lines[0], /Date/);
  assert.match(csv.text_, /'=cmd\|formule en ligne/);
  for (const v of Object.values(PERSON)) assert.ok(!csv.text_.includes(v), v);
  const x = await fetch(`${s.base}/equipe/bilans/${id}/annexe.xlsx`, { headers: { Cookie: staff.cookieHeader() } });
  assert.equal(x.status, 200);
  const file = join(s.dir, 'annexe.xlsx');
  writeFileSync(file, Buffer.from(await x.arrayBuffer()));
  const strings = execFileSync('python3', ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode())', file], { encoding: 'utf8' });
  assert.match(strings, /Troisième avis en permanence/);
  for (const v of Object.values(PERSON)) assert.ok(!strings.includes(v), v);
  const figures = await staff.get(`/equipe/bilans/${id}/chiffres.csv`);
  assert.equal(figures.status, 200);
  assert.match(figures.text_, /Thème,Logement,3/);
});

test('sign-off: needs conclusions; changing them clears it with a warning', async () => {
  const edit = `/equipe/bilans/${id}/modifier`;
  let res = await staff.post(`/equipe/bilans/${id}/signer`, { signatory: 'Marie Durand, vice-présidente' }, { from: edit });
  assert.equal(res.status, 422);
  assert.match(unescape(res.text_), /Écrivez et enregistrez les conclusions avant de les signer\./);
  res = await staff.post(`/equipe/bilans/${id}/signer`, { signatory: '' }, { from: edit });
  assert.equal(res.status, 422);
  const texts = { title: valid.title, period_start: valid.period_start, period_end: valid.period_end, legal_frame: 'Cadre.', arrangements: valid.arrangements, conclusions: 'Les habitants demandent **plus d’ombre**.' };
  assert.equal((await staff.post(`/equipe/bilans/${id}`, texts, { from: edit })).status, 303);
  res = await staff.post(`/equipe/bilans/${id}/signer`, { signatory: 'Marie Durand, vice-présidente' }, { from: edit });
  assert.equal(res.status, 303);
  assert.ok(q(`SELECT signed_off_at FROM consultation_report WHERE id = ${id}`));
  const page = await staff.get(edit);
  assert.match(unescape(page.text_), /Modifier les conclusions ou la période retirera leur signature/);
  // the title alone keeps the signature; the conclusions clear it
  await staff.post(`/equipe/bilans/${id}`, { ...texts, title: 'Bilan du premier trimestre 2024 (relu)' }, { from: edit });
  assert.ok(q(`SELECT signed_off_at FROM consultation_report WHERE id = ${id}`));
  res = await staff.post(`/equipe/bilans/${id}`, { ...texts, conclusions: 'Autres conclusions.' }, { from: edit });
  assert.equal(res.status, 303);
  assert.equal(q(`SELECT signed_off_at IS NULL FROM consultation_report WHERE id = ${id}`), '1');
  const after = await staff.get(res.headers.get('location'));
  assert.match(unescape(after.text_), /leur signature a été retirée/);
  assert.equal((await staff.post(`/equipe/bilans/${id}/signer`, { signatory: 'Marie Durand, vice-présidente' }, { from: edit })).status, 303);
  assert.equal(JSON.parse((await staff.get(`/api/v1/consultation-reports/${id}`)).text_).state, 'signed');
});

let frozenHtml, frozenCsv, frozenFigures;
const strip = (html) => html.replace(/name="csrf" value="[^"]*"/g, '');

test('adoption: its checks, then the bilan is frozen', async () => {
  const edit = `/equipe/bilans/${id}/modifier`;
  const adopt = (fields) => staff.post(`/equipe/bilans/${id}/adopter`, fields, { from: edit });
  let res = await adopt({ adopted_on: '2024-06-01', confirm: '1' });
  assert.equal(res.status, 422);
  assert.match(unescape(res.text_), /1 contribution\(s\) de la période attendent la modération/);
  q(`UPDATE contribution SET moderation = 'published' WHERE id = ${pendingId}`);
  res = await adopt({ adopted_on: '2024-06-01' });
  assert.equal(res.status, 422);
  assert.match(unescape(res.text_), /Cochez la case pour confirmer l'adoption/);
  res = await adopt({ adopted_on: '2024-03-01', confirm: '1' });
  assert.equal(res.status, 422);
  assert.match(unescape(res.text_), /ne peut pas précéder la fin de la période/);
  res = await adopt({ adopted_on: '2099-01-01', confirm: '1' });
  assert.equal(res.status, 422);
  assert.match(unescape(res.text_), /ne peut pas être dans le futur/);
  assert.equal(q(`SELECT frozen_at IS NULL FROM consultation_report WHERE id = ${id}`), '1');
  res = await adopt({ adopted_on: '2024-06-01', confirm: '1' });
  assert.equal(res.status, 303);
  assert.equal(Number(q(`SELECT count(*) FROM consultation_report_annex WHERE report_id = ${id}`)), 5);
  assert.ok(q(`SELECT snapshot FROM consultation_report WHERE id = ${id}`).startsWith('{'));
  assert.equal(q(`SELECT action FROM audit WHERE entity = 'consultation_report' AND entity_id = ${id} ORDER BY id DESC LIMIT 1`), 'consultation_report.adopt');
  assert.match(unescape((await staff.get(`/equipe/bilans/${id}`)).text_), /Bilan adopté : il est figé et publié/); // the flash, once
  const page = await staff.get(`/equipe/bilans/${id}`);
  assert.match(page.text_, /Adopté le 01\/06\/2024/);
  assert.doesNotMatch(page.text_, /Document provisoire/);
  frozenHtml = strip(page.text_);
  frozenCsv = (await staff.get(`/equipe/bilans/${id}/annexe.csv`)).text_;
  frozenFigures = JSON.parse((await staff.get(`/api/v1/consultation-reports/${id}`)).text_).figures;
});

test('a frozen bilan is unchanged after new contributions, answers, renamed themes and new meetings', async () => {
  contribution({ on: '2024-02-20', channel: 'office_hours', themes: ['Logement'], sectors: ['grand-mail'], body: 'Arrivée après l’adoption' });
  q("UPDATE contribution SET answer = 'Réponse changée', status = 'answered' WHERE received_on BETWEEN '2024-01-01' AND '2024-03-31' AND project_id = 1");
  q("UPDATE theme SET name = 'Habitat renommé' WHERE name = 'Logement'");
  q("UPDATE sector SET name = 'Grand Mail renommé' WHERE slug = 'grand-mail'");
  const m = meeting({ title: 'Réunion ajoutée après', starts: '2024-03-10T17:00:00Z', ends: '2024-03-10T19:00:00Z', anonymous: 30 });
  q(`UPDATE attendance SET status = 'present' WHERE meeting_id = ${m}`);
  q("UPDATE project SET name = 'Mosson renommée', summary = 'Autre résumé' WHERE slug = 'mosson'");
  const page = await staff.get(`/equipe/bilans/${id}`);
  assert.equal(strip(page.text_), frozenHtml);
  assert.equal((await staff.get(`/equipe/bilans/${id}/annexe.csv`)).text_, frozenCsv);
  assert.deepEqual(JSON.parse((await staff.get(`/api/v1/consultation-reports/${id}`)).text_).figures, frozenFigures);
  q("UPDATE project SET name = 'Mosson' WHERE slug = 'mosson'");
  // nothing in it changes any more
  const edit = `/equipe/bilans/${id}/modifier`;
  const res = await staff.post(`/equipe/bilans/${id}`, { title: 'Changé', period_start: '2024-01-01', period_end: '2024-03-31', conclusions: 'x' }, { from: '/equipe/bilans' });
  assert.equal(res.status, 303); // a form from a page opened before: back to the bilan, with the message
  assert.match(unescape((await staff.get(res.headers.get('location'))).text_), /Ce bilan est adopté : il ne peut plus être modifié ni supprimé\./);
  const asJson = { headers: { Accept: 'application/json' }, from: '/equipe/bilans' };
  for (const [path, fields] of [[`/equipe/bilans/${id}`, { title: 'Changé' }], [`/equipe/bilans/${id}/supprimer`, { confirm: '1' }], [`/equipe/bilans/${id}/signer`, { signatory: 'Autre' }], [`/equipe/bilans/${id}/adopter`, { adopted_on: '2024-07-01', confirm: '1' }]]) {
    const r = await staff.post(path, fields, asJson);
    assert.equal(r.status, 409, path);
    assert.equal(JSON.parse(r.text_).error.code, 'conflict');
  }
  assert.equal(q(`SELECT adopted_on FROM consultation_report WHERE id = ${id}`), '2024-06-01');
  assert.match(unescape((await staff.get(edit)).text_), /il est figé et ne peut plus être modifié/);
  assert.equal(q(`SELECT title FROM consultation_report WHERE id = ${id}`), valid.title);
});

test('an adopted bilan is public, with its annexes, in HTML and JSON', async () => {
  const page = await anon.get(`/projets/mosson/bilans/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /<h1>Bilan du premier trimestre 2024<\/h1>/);
  assert.doesNotMatch(page.text_, /Modifier, signer ou adopter/);
  for (const v of Object.values(PERSON)) assert.ok(!unescape(page.text_).includes(v), v);
  assert.equal((await anon.get(`/projets/cevennes/bilans/${id}`)).status, 404);
  const project = await anon.get('/projets/mosson');
  assert.match(project.text_, new RegExp(`<a href="/projets/mosson/bilans/${id}">Bilan du premier trimestre 2024</a> \\(bilan de la concertation adopté le 01/06/2024\\)`));
  const csv = await anon.get(`/projets/mosson/bilans/${id}/annexe.csv`);
  assert.equal(csv.status, 200);
  assert.equal(csv.text_, frozenCsv);
  assert.equal((await anon.get(`/projets/mosson/bilans/${id}/annexe`)).status, 200);
  const list = JSON.parse((await anon.get('/api/v1/consultation-reports')).text_);
  const item = list.items.find((b) => b.id === id);
  assert.equal(item.state, 'adopted');
  assert.equal(item.adopted_on, '2024-06-01');
  assert.equal(item.url, `/projets/mosson/bilans/${id}`);
  const one = JSON.parse((await anon.get(`/api/v1/consultation-reports/${id}`)).text_);
  assert.equal(one.figures.figures.total, 5);
});

test('a draft is deleted with its confirmation; the print stylesheet is there', async () => {
  const res = await staff.post('/equipe/bilans', { ...valid, title: 'À supprimer' }, { from: '/equipe/bilans/nouveau' });
  const other = Number(res.headers.get('location').split('/').pop());
  const edit = `/equipe/bilans/${other}/modifier`;
  let del = await staff.post(`/equipe/bilans/${other}/supprimer`, {}, { from: edit });
  assert.equal(del.status, 422);
  assert.match(unescape(del.text_), /Cochez la case pour confirmer la suppression/);
  del = await staff.post(`/equipe/bilans/${other}/supprimer`, { confirm: '1' }, { from: edit });
  assert.equal(del.status, 303);
  assert.equal(Number(q(`SELECT count(*) FROM consultation_report WHERE id = ${other}`)), 0);
  assert.equal((await staff.get(`/equipe/bilans/${other}`)).status, 404);
  const css = await anon.get('/static/style.css');
  assert.match(css.text_, /---- bilan ----[\s\S]*@media print[\s\S]*@page \{ size: A4;[\s\S]*counter\(page\)[\s\S]*---- end bilan ----/);
});
