// What the register of the concertation adds on top of contributions.test.mjs
// (issue 6): the meeting a contribution was collected at (the « Recueillie
// lors de » select and its validation, the contribution's page, the filter,
// the exports, the API, the meeting's page, a deleted meeting), the answer
// e-mailed to a consenting author (once per change of the answer), the
// retention job through `quartier maintain`, the RGPD pages, and the
// meetings and contributions of `demo --scale`.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { cli, startServer, Client, ROLES, stopClean, sql, tempDb } from './lib.mjs';

let s, staff, anon, token;

const q = (query) => sql(s.db, query);
const count = (table, where = '1') => Number(q(`SELECT count(*) FROM ${table} WHERE ${where}`));
const unescape = (t) => t.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const errors = (res) => Object.fromEntries([...res.text_.matchAll(/class="field-error" id="([a-z_]+)-error">([^<]*)</g)].map((m) => [m[1], unescape(m[2])]));
const total = (page) => Number(unescape(page).match(/(\d+) contribution\(s\)/)[1]);
const MOSSON = 1;
const meetingId = (title) => Number(q(`SELECT id FROM meeting WHERE title = '${title.replace(/'/g, "''")}'`));
const RELOGEMENT = 'Réunion de lancement du relogement'; // Mosson, held 30 days ago
const FETE = 'Fête de chantier du square des Cévennes'; // Cévennes, held

before(async () => {
  s = await startServer({ args: ['--base-url', 'https://quartier.exemple.fr/'] });
  staff = new Client(s.base);
  assert.equal((await staff.login(ROLES.staff)).status, 303);
  anon = new Client(s.base);
  const t = cli(['token', 'create', ROLES.staff, '--name', 't', '--db', s.db]);
  assert.equal(t.status, 0, t.stderr);
  token = t.stdout.trim();
});
after(async () => { await stopClean(s); });

/** POSTs [name, value] pairs (names may repeat) with the CSRF token of `from`. */
const postPairs = (client, path, pairs, from = path) => client.post(path, pairs, { from });

let n = 0;
const unique = (what) => `${what} — contribution d'essai numéro ${++n} des réunions`;

/** Creates a contribution through the staff form; returns its id. */
async function create(over = {}) {
  const f = { project_id: String(MOSSON), received_on: '2026-11-20', channel: 'meeting', body: unique('réunion'), status: 'received', moderation: 'published', ...over };
  const res = await postPairs(staff, '/equipe/contributions/nouvelle', Object.entries(f));
  assert.equal(res.status, 303, res.text_.slice(0, 800));
  return Number(res.headers.get('location').split('/').pop());
}

const answer = (id, status, text) => postPairs(staff, `/equipe/contributions/${id}/reponse`, [['status', status], ['answer', text]], `/equipe/contributions/${id}`);
const mails = (id) => q(`SELECT count(*) FROM outbox WHERE entity = 'contribution' AND entity_id = ${id}`);

describe('the meeting a contribution was collected at', () => {
  test('the select: meetings per project, begun ones first, Paris date and title; cancelled ones left out', async () => {
    const res = await staff.get('/equipe/contributions/nouvelle');
    assert.equal(res.status, 200);
    const page = unescape(res.text_);
    const select = page.match(/<select id="meeting_id" name="meeting_id">([\s\S]*?)<\/select>/)[1];
    assert.match(page, /<label for="meeting_id">Recueillie lors de/);
    assert.match(select, /<optgroup label="Mosson">/);
    const day = q(`SELECT strftime('%d/%m/%Y', starts_at) FROM meeting WHERE title = '${RELOGEMENT}'`);
    assert.match(select, new RegExp(`<option value="${meetingId(RELOGEMENT)}">${day.replace(/\//g, '\\/')} — ${RELOGEMENT}</option>`));
    assert.ok(select.indexOf(RELOGEMENT) < select.indexOf('Réunion publique : le projet du Grand Mail'), 'the past meeting before the upcoming one');
    assert.doesNotMatch(select, /Balade urbaine aux Hauts de Massane/, 'a cancelled meeting is not offered');
    // from a meeting's page: the meeting, its project, its day and the channel chosen
    const pre = unescape((await staff.get(`/equipe/contributions/nouvelle?reunion=${meetingId(FETE)}`)).text_);
    assert.match(pre, new RegExp(`<option value="${meetingId(FETE)}" selected>`));
    assert.match(pre, /<option value="2" selected>/);
    assert.match(pre, /<option value="meeting" selected>/);
  });

  test('validation: another project\'s meeting or a missing one is refused at the field, nothing written', async () => {
    const before_ = count('contribution');
    const f = (meeting) => [['project_id', String(MOSSON)], ['received_on', '2026-11-20'], ['channel', 'meeting'], ['body', unique('refus')], ['meeting_id', String(meeting)]];
    let res = await postPairs(staff, '/equipe/contributions/nouvelle', f(meetingId(FETE)));
    assert.equal(res.status, 422);
    assert.equal(errors(res).meeting_id, 'Cette réunion n\'est pas une réunion du projet choisi.');
    assert.match(res.text_, /id="meeting_id" name="meeting_id" aria-invalid="true" aria-describedby="meeting_id-error"/);
    res = await postPairs(staff, '/equipe/contributions/nouvelle', f(99999));
    assert.equal(res.status, 422);
    assert.equal(errors(res).meeting_id, 'Cette réunion n\'existe pas (ou a été supprimée) : choisissez-en une autre.');
    res = await postPairs(staff, '/equipe/contributions/nouvelle', f('abc'));
    assert.equal(res.status, 422);
    assert.ok(errors(res).meeting_id);
    // the API answers the same rule as JSON
    const api = await fetch(`${s.base}/api/v1/contributions`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ project_id: MOSSON, received_on: '2026-11-02', channel: 'meeting', body: unique('api'), meeting_id: 99999 }) });
    assert.equal(api.status, 422);
    assert.match((await api.json()).error.fields.meeting_id, /n'existe pas/);
    assert.equal(count('contribution'), before_);
  });

  test('saved with its meeting: the contribution\'s page links it, the meeting\'s page counts them, the register filters by it', async () => {
    const m = meetingId(RELOGEMENT);
    const id = await create({ meeting_id: String(m) });
    assert.equal(q(`SELECT meeting_id FROM contribution WHERE id = ${id}`), String(m));
    const show = unescape((await staff.get(`/equipe/contributions/${id}`)).text_);
    assert.match(show, new RegExp(`<dt>Recueillie lors de</dt><dd class="contribution-meeting"><a href="/equipe/reunions/${m}">${RELOGEMENT}</a>`));
    const expected = count('contribution', `meeting_id = ${m}`);
    assert.ok(expected >= 2, 'the demo\'s own and this one');
    const meetingPage = unescape((await staff.get(`/equipe/reunions/${m}`)).text_);
    assert.match(meetingPage, new RegExp(`Contributions recueillies : <a href="/equipe/contributions\\?reunion=${m}">${expected} contribution\\(s\\)`));
    const list = unescape((await staff.get(`/equipe/contributions?reunion=${m}`)).text_);
    assert.equal(total(list), expected);
    assert.match(list, new RegExp(`<option value="${m}" selected>`));
    assert.equal(total(unescape((await staff.get(`/equipe/contributions?reunion=${m}&canal=mail`)).text_)), count('contribution', `meeting_id = ${m} AND channel = 'mail'`));
    // the public sees a public meeting's title on the published contribution
    const pub = unescape((await anon.get(`/projets/mosson/contributions?reunion=${m}`)).text_);
    assert.match(pub, new RegExp(`<a href="/agenda/${m}">${RELOGEMENT}</a>`));
  });

  test('exports carry the meeting\'s title and Paris date; the API has meeting_id as field and filter', async () => {
    const m = meetingId(FETE);
    const day = q(`SELECT strftime('%Y-%m-%d', starts_at) FROM meeting WHERE id = ${m}`);
    const csv = await staff.get(`/equipe/contributions/export.csv?reunion=${m}`);
    assert.equal(csv.status, 200);
    assert.match(csv.text_, /,Réponse,Réunion,Date de la réunion\r?\n/);
    const rows = csv.text_.trim().split(/\r?\n/).slice(1);
    assert.equal(rows.length, count('contribution', `meeting_id = ${m}`));
    for (const r of rows) assert.ok(r.endsWith(`,${FETE},${day}`), r);
    const x = await fetch(`${s.base}/equipe/contributions/export.xlsx?reunion=${m}`, { headers: { Cookie: staff.cookieHeader() } });
    assert.equal(x.status, 200);
    const strings = unzipEntry(Buffer.from(await x.arrayBuffer()), 'xl/sharedStrings.xml');
    assert.match(strings, /Date de la réunion/);
    assert.match(strings, new RegExp(FETE));
    // API: public, only published ones of that meeting, each with its meeting_id
    const api = await (await fetch(`${s.base}/api/v1/contributions?meeting_id=${m}&per_page=100`)).json();
    assert.equal(api.total, count('contribution', `meeting_id = ${m} AND moderation = 'published'`));
    assert.ok(api.total >= 1);
    for (const c of api.items) assert.equal(c.meeting_id, m);
    const one = await (await fetch(`${s.base}/api/v1/contributions/${api.items[0].id}`)).json();
    assert.equal(one.meeting_title, FETE);
    // a private meeting is never named to the public
    const priv = Number(q("SELECT id FROM meeting WHERE is_public = 0 AND project_id = 1 LIMIT 1"));
    const hidden = await create({ meeting_id: String(priv) });
    const pubOne = await (await fetch(`${s.base}/api/v1/contributions/${hidden}`)).json();
    assert.equal(pubOne.meeting_id, null);
    assert.equal(pubOne.meeting_title, null);
    const staffOne = await (await fetch(`${s.base}/api/v1/contributions/${hidden}`, { headers: { Authorization: `Bearer ${token}` } })).json();
    assert.equal(staffOne.meeting_id, priv);
  });

  test('a deleted meeting leaves its contributions, with no meeting', async () => {
    const csrf = await staff.csrf('/equipe/reunions/nouvelle');
    const made = await staff.request('/equipe/reunions', {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, title: 'Atelier à supprimer', kind: 'workshop', project_id: String(MOSSON), date: '2026-10-10', start_time: '18:00', end_time: '20:00', status: 'held', is_public: '1' }).toString(),
    });
    assert.equal(made.status, 303, made.text_.slice(0, 500));
    const m = Number(made.headers.get('location').split('/').pop());
    const id = await create({ meeting_id: String(m) });
    const res = await postPairs(staff, `/equipe/reunions/${m}/supprimer`, [['confirm', '1']], `/equipe/reunions/${m}`);
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT coalesce(meeting_id, 'aucune') FROM contribution WHERE id = ${id}`), 'aucune');
    assert.match(unescape((await staff.get(`/equipe/contributions/${id}`)).text_), /aucune réunion/);
  });
});

describe('the answer e-mailed to its author', () => {
  const WITH = { author_name: 'Lucienne Réponse', author_email: 'lucienne@exemple.fr', consent: '1' };

  test('with consent and an address: one mail per answer given or changed, answer_notified_at set, shown to staff', async () => {
    const id = await create({ ...WITH, channel: 'office_hours' });
    let res = await answer(id, 'in_review', 'Nous regardons la question avec le bailleur.');
    assert.equal(res.status, 303);
    assert.equal(mails(id), '0', 'not told while in review');
    res = await answer(id, 'answered', 'Le bailleur remplace les fenêtres du bâtiment en mars.');
    assert.equal(res.status, 303);
    assert.equal(mails(id), '1');
    const mail = JSON.parse(q(`SELECT json_object('to', to_addr, 'subject', subject, 'body', body) FROM outbox WHERE entity = 'contribution' AND entity_id = ${id}`));
    assert.equal(mail.to, 'lucienne@exemple.fr');
    assert.equal(mail.subject, 'Réponse à votre contribution');
    assert.match(mail.body, /^Bonjour Lucienne Réponse,/);
    assert.match(mail.body, /Le bailleur remplace les fenêtres du bâtiment en mars\./);
    assert.match(mail.body, /contribution d'essai numéro/);
    assert.match(mail.body, /État : Réponse apportée/);
    assert.match(mail.body, /https:\/\/quartier\.exemple\.fr\/projets\/mosson\/contributions\n/, 'published: the link to the public list');
    assert.match(mail.body, /effacées 365 jours après la réponse/);
    assert.equal(q(`SELECT answer_notified_at IS NOT NULL FROM contribution WHERE id = ${id}`), '1');
    assert.match(unescape((await staff.get(`/equipe/contributions/${id}`)).text_), /La personne a été prévenue de la réponse par courriel le \d\d\/\d\d\/\d{4}/);
    // the same text again (another state): no new mail
    assert.equal((await answer(id, 'taken_into_account', 'Le bailleur remplace les fenêtres du bâtiment en mars.')).status, 303);
    assert.equal(mails(id), '1');
    // a changed answer: « réponse mise à jour », once
    assert.equal((await answer(id, 'taken_into_account', 'Le bailleur remplace les fenêtres en avril.')).status, 303);
    assert.equal(mails(id), '2');
    assert.equal(q(`SELECT subject FROM outbox WHERE entity = 'contribution' AND entity_id = ${id} ORDER BY id DESC LIMIT 1`), 'Réponse mise à jour à votre contribution');
    assert.match(q(`SELECT body FROM outbox WHERE entity = 'contribution' AND entity_id = ${id} ORDER BY id DESC LIMIT 1`), /a été mise à jour/);
    assert.equal((await answer(id, 'taken_into_account', 'Le bailleur remplace les fenêtres en avril.')).status, 303);
    assert.equal(mails(id), '2');
    // the same new answer saved by several people at once: the author is told once
    const saves = await Promise.all(Array.from({ length: 8 }, () => answer(id, 'taken_into_account', 'Les fenêtres seront changées en mai.')));
    for (const r of saves) assert.equal(r.status, 303);
    assert.equal(mails(id), '3');
  });

  test('no mail without consent or without an address; a pending one is not linked publicly', async () => {
    const anonymous = await create({ channel: 'mail' });
    assert.equal((await answer(anonymous, 'answered', 'Réponse à une personne anonyme.')).status, 303);
    assert.equal(mails(anonymous), '0');
    const nameOnly = await create({ author_name: 'Sans Courriel', consent: '1' });
    assert.equal((await answer(nameOnly, 'answered', 'Réponse sans adresse.')).status, 303);
    assert.equal(mails(nameOnly), '0');
    assert.equal(q(`SELECT answer_notified_at IS NULL FROM contribution WHERE id = ${nameOnly}`), '1');
    // consent given but withdrawn by the retention (consent NULL): no mail either
    const pending = await create({ ...WITH, author_email: 'attente@exemple.fr', moderation: 'pending' });
    assert.equal((await answer(pending, 'out_of_scope', 'Cette question relève de la Ville.')).status, 303);
    assert.equal(mails(pending), '1');
    const body = q(`SELECT body FROM outbox WHERE entity = 'contribution' AND entity_id = ${pending}`);
    assert.doesNotMatch(body, /projets\/mosson\/contributions/, 'not published: no link');
    assert.match(body, /État : Hors du champ du projet/);
  });

  test('the public form says the answer comes by e-mail and how long details are kept', async () => {
    const page = unescape((await anon.get('/projets/mosson/contribuer')).text_);
    assert.match(page, /vous recevrez la réponse de l'équipe par courriel/);
    assert.match(page, /J'accepte que mes coordonnées soient conservées pour recevoir la réponse, jusqu'à 365 jours après la réponse/);
  });
});

describe('retention and RGPD', () => {
  test('quartier maintain erases the details of contributions answered long ago, with one audit entry', async () => {
    const old = await create({ author_name: 'Ancienne Autrice', author_email: 'ancienne@exemple.fr', author_phone: '06 00 00 00 01', consent: '1' });
    const recent = await create({ author_name: 'Récente Autrice', author_email: 'recente@exemple.fr', consent: '1' });
    const waiting = await create({ author_name: 'Sans Réponse', author_email: 'attend@exemple.fr', consent: '1' });
    await answer(old, 'answered', 'Réponse ancienne.');
    await answer(recent, 'answered', 'Réponse récente.');
    q(`UPDATE contribution SET answered_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-10 days') WHERE id = ${old}`);
    q(`UPDATE contribution SET answered_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-2 days') WHERE id = ${recent}`);
    const due = count('contribution', "answered_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-5 days') AND (author_name IS NOT NULL OR author_email IS NOT NULL OR author_phone IS NOT NULL OR author_consent_at IS NOT NULL)");
    const audits = count('audit', "action = 'retention.purge' AND entity = 'contribution'");
    const r = cli(['maintain', '--db', s.db, '--contributor-retention-days', '5']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(q(`SELECT coalesce(author_name, '') || '|' || coalesce(author_email, '') || '|' || coalesce(author_phone, '') || '|' || coalesce(author_consent_at, '') || '|' || (body LIKE '%d''essai%') FROM contribution WHERE id = ${old}`), '||||1', 'details and consent erased, the text kept');
    assert.equal(q(`SELECT author_email FROM contribution WHERE id = ${recent}`), 'recente@exemple.fr');
    assert.equal(q(`SELECT author_email FROM contribution WHERE id = ${waiting}`), 'attend@exemple.fr');
    assert.equal(count('audit', "action = 'retention.purge' AND entity = 'contribution'"), audits + 1);
    assert.equal(q("SELECT summary FROM audit WHERE action = 'retention.purge' AND entity = 'contribution' ORDER BY id DESC LIMIT 1"),
      `coordonnées de l'auteur effacées sur ${due} contribution(s) ayant reçu leur réponse depuis plus de 5 jours`);
    // nothing more to erase: no new entry
    assert.equal(cli(['maintain', '--db', s.db, '--contributor-retention-days', '5']).status, 0);
    assert.equal(count('audit', "action = 'retention.purge' AND entity = 'contribution'"), audits + 1);
    assert.match(cli(['help']).stdout, /--contributor-retention-days N\s+QUARTIER_CONTRIBUTOR_RETENTION_DAYS\s+\(365\)/);
  });

  test('the data held about a contact\'s address include their contributions; erasing makes them anonymous', async () => {
    const id = await create({ author_name: 'Zoé Registre', author_email: 'Zoe.Registre@exemple.fr', author_phone: '06 11 22 33 44', consent: '1' });
    q(`INSERT INTO contact (first_name, last_name, email, created_at, updated_at) VALUES ('Zoé', 'Registre', 'zoe.registre@exemple.fr', '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z')`);
    const contact = Number(q("SELECT id FROM contact WHERE last_name = 'Registre'"));
    const page = unescape((await staff.get(`/contacts/${contact}/donnees`)).text_);
    assert.match(page, /Contributions à la concertation/);
    assert.match(page, new RegExp(`<a href="/equipe/contributions/${id}">Contribution n° ${id}</a>`));
    const exp = JSON.parse((await staff.get(`/contacts/${contact}/export.json`)).text_);
    assert.equal(exp.contributions.length, 1);
    assert.equal(exp.contributions[0].id, id);
    assert.equal(exp.contributions[0].author_phone, '06 11 22 33 44');
    // a scanned letter kept with it (contribution_attachment, 0014): it names its author
    q(`INSERT INTO contribution_attachment (contribution_id, filename, content_type, size, sha256, data, created_at)
       VALUES (${id}, 'lettre-zoe.pdf', 'application/pdf', 9, 'x', CAST('%PDF-1.4\n' AS BLOB), '2026-11-01T10:00:00Z')`);
    const res = await staff.post(`/contacts/${contact}/effacer`, { confirmer: '1' }, { from: `/contacts/${contact}/effacer` });
    assert.equal(res.status, 303);
    assert.equal(count('contribution_attachment', `contribution_id = ${id}`), 0, 'the letter goes with the details');
    assert.equal(q(`SELECT coalesce(author_name, '') || coalesce(author_email, '') || coalesce(author_phone, '') || coalesce(author_consent_at, '') FROM contribution WHERE id = ${id}`), '');
    assert.equal(count('contribution', `id = ${id}`), 1, 'the contribution stays');
    assert.match(q(`SELECT summary FROM audit WHERE action = 'contact.erase' AND entity_id = ${contact}`), /1 contribution\(s\) rendue\(s\) anonyme\(s\)/);
  });
});

test('demo --scale 2: meetings held with attendance, upcoming ones with registrations, a step of contributions consistent and searchable', () => {
  const tmp = tempDb();
  try {
    const db = join(tmp.dir, 'scale-2.db');
    const started = Date.now();
    const r = cli(['demo', '--scale', '2', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /concertation : 25 réunions et 9000 contributions fictives en plus/);
    const c = (query) => Number(sql(db, query));
    assert.equal(c('SELECT count(*) FROM contribution'), 9000 + 60);
    // the first project gets 60 %: at the benchmark's scale 20 (19 steps), more than 100,000 for its bilan
    assert.ok(c("SELECT count(*) FROM contribution WHERE id > 60 AND project_id = (SELECT id FROM project ORDER BY position, id LIMIT 1)") * 19 > 100000);
    assert.equal(c('SELECT count(*) FROM contribution_fts'), c('SELECT count(*) FROM contribution'), 'the full-text index is complete');
    assert.ok(c("SELECT count(*) FROM contribution_fts WHERE contribution_fts MATCH 'micocouliers'") > 100, 'a generated word is found');
    assert.ok(c("SELECT count(*) FROM contribution_fts WHERE contribution_fts MATCH 'bailleur'") > 100, 'and a word of the answers');
    assert.equal(c("SELECT count(*) FROM contribution WHERE status IN ('answered','taken_into_account','out_of_scope') AND (answer IS NULL OR answered_at IS NULL OR answered_at < created_at)"), 0);
    assert.equal(c("SELECT count(*) FROM contribution WHERE status IN ('received','in_review') AND answer IS NOT NULL AND id > 60"), 0);
    assert.ok(c("SELECT count(*) FROM contribution WHERE status IN ('answered','taken_into_account','out_of_scope')") > 3000);
    assert.ok(c("SELECT count(DISTINCT answer) FROM contribution WHERE id > 60") < 60, 'a few answers per theme, given again and again');
    assert.ok(c("SELECT count(*) FROM contribution WHERE moderation = 'published'") > 4500);
    assert.ok(c("SELECT count(*) FROM contribution WHERE moderation = 'pending'") > 20);
    assert.ok(c("SELECT count(*) FROM contribution WHERE moderation = 'rejected'") > 5);
    assert.equal(c("SELECT count(*) FROM contribution WHERE (author_name IS NOT NULL OR author_email IS NOT NULL) AND author_consent_at IS NULL"), 0);
    assert.equal(c("SELECT count(*) FROM contribution c WHERE NOT EXISTS (SELECT 1 FROM contribution_theme t WHERE t.contribution_id = c.id) AND id > 60"), 0, 'one to three themes each');
    assert.equal(c("SELECT max(n) FROM (SELECT count(*) AS n FROM contribution_theme GROUP BY contribution_id)"), 3);
    assert.ok(c("SELECT count(*) FROM contribution_sector") > 3000);
    assert.ok(c("SELECT count(*) FROM contribution WHERE received_on < date('now', '-18 months')") > 1000, 'over 24 months');
    assert.equal(c("SELECT count(*) FROM contribution WHERE received_on < date('now', '-25 months')"), 0);
    // a share collected at meetings held, on their day, with the channel 'meeting'
    assert.ok(c('SELECT count(*) FROM contribution WHERE meeting_id IS NOT NULL') > 500);
    assert.equal(c("SELECT count(*) FROM contribution c JOIN meeting m ON m.id = c.meeting_id WHERE c.channel <> 'meeting' OR m.status <> 'held' OR m.project_id <> c.project_id OR c.received_on <> strftime('%Y-%m-%d', m.starts_at)"), 0);
    // meetings: both projects and every kind; held ones counted, walk-ins; registrations upcoming
    // the demo's own meetings (scale 1: meetings, bodies' sessions…) come first, then 25 per step
    const base = join(tmp.dir, 'scale-1.db');
    assert.equal(cli(['demo', '--db', base]).status, 0);
    const demoMeetings = Number(sql(base, 'SELECT count(*) FROM meeting'));
    const lastDemo = Number(sql(base, 'SELECT max(id) FROM meeting'));
    assert.equal(c('SELECT count(*) FROM meeting'), demoMeetings + 25);
    assert.equal(c(`SELECT count(*) FROM meeting WHERE id > ${lastDemo}`), 25);
    assert.equal(c(`SELECT count(DISTINCT project_id) FROM meeting WHERE id > ${lastDemo}`), 2);
    assert.ok(c(`SELECT count(DISTINCT kind) FROM meeting WHERE id > ${lastDemo}`) >= 4);
    assert.ok(c("SELECT count(*) FROM meeting WHERE status = 'held' AND anonymous_attendees > 0") > 10);
    assert.equal(c("SELECT count(*) FROM meeting WHERE status = 'held' AND ends_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"), 0);
    assert.ok(c('SELECT count(*) FROM attendance a JOIN meeting m ON m.id = a.meeting_id WHERE m.status = \'held\'') > 10);
    assert.equal(c(`SELECT count(*) FROM registration r JOIN meeting m ON m.id = r.meeting_id WHERE m.starts_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now') AND m.id > ${lastDemo}`), 0);
    // the triggers and indexes set aside are back
    assert.equal(c("SELECT count(*) FROM sqlite_schema WHERE name IN ('contribution_fts_ins', 'contribution_gen_ins', 'contribution_theme_gen_ins', 'contribution_sector_gen_ins', 'contribution_project', 'contribution_public', 'contribution_meeting', 'contribution_theme_theme', 'contribution_sector_sector')"), 9);
    assert.equal(sql(db, 'PRAGMA integrity_check'), 'ok');
    console.log(`demo --scale 2: ${Date.now() - started} ms`);
  } finally {
    tmp.cleanup();
  }
});

function unzipEntry(buf, name) {
  for (let i = 0; i + 30 <= buf.length;) {
    if (buf.readUInt32LE(i) !== 0x04034b50) break;
    const method = buf.readUInt16LE(i + 8);
    const size = buf.readUInt32LE(i + 18);
    const nameLen = buf.readUInt16LE(i + 26);
    const extraLen = buf.readUInt16LE(i + 28);
    const start = i + 30 + nameLen + extraLen;
    const entry = buf.toString('utf8', i + 30, i + 30 + nameLen);
    const data = buf.subarray(start, start + size);
    if (entry === name) return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    i = start + size;
  }
  return null;
}
