// The register of the concertation (issue 6): the public form (422 with
// every message, the consent rule, the honeypot, the rate limit 429, pending
// until moderated); staff entry with every validation message; moderation and
// answer states; the public list and the API never show the author's name,
// e-mail or phone; filters; CSV and XLSX exports without personal data;
// roles; the themes editor for administrators only; audit without personal data.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { cli, startServer, Client, ROLES, stopClean, json, sql } from './lib.mjs';

let s, staff, admin, partner, member, anon, token;

const q = (query) => sql(s.db, query);
const count = (table, where = '1') => Number(q(`SELECT count(*) FROM ${table} WHERE ${where}`));
const unescape = (t) => t.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\u00a0/g, ' ');
const errors = (res) => Object.fromEntries([...res.text_.matchAll(/class="field-error" id="([a-z_]+)-error">([^<]*)</g)].map((m) => [m[1], unescape(m[2])]));
const MOSSON = 1;
const GRAND_MAIL = 3; // a sector of Mosson
const SQUARE = 6; // a sector of Cévennes
const SECRET = { author_name: 'Habitante Secrète', author_email: 'secrete@exemple.fr', author_phone: '06 12 34 56 78' };

before(async () => {
  s = await startServer({ args: ['--intake-limit', '1000'] });
  staff = new Client(s.base);
  assert.equal((await staff.login(ROLES.staff)).status, 303);
  admin = new Client(s.base);
  assert.equal((await admin.login(ROLES.admin)).status, 303);
  partner = new Client(s.base);
  assert.equal((await partner.login(ROLES.partner)).status, 303);
  member = new Client(s.base);
  assert.equal((await member.login(ROLES.member)).status, 303);
  anon = new Client(s.base);
  const t = cli(['token', 'create', ROLES.staff, '--name', 't', '--db', s.db]);
  assert.equal(t.status, 0, t.stderr);
  token = t.stdout.trim();
});
after(async () => { await stopClean(s); });

/** POSTs [name, value] pairs (names may repeat) with the CSRF token of `from`. */
const postPairs = (client, path, pairs, from = path) => client.post(path, pairs, { from });

const themeId = (name) => Number(q(`SELECT id FROM theme WHERE name = '${name}'`));

/** The unique text of one test, to find its row. */
let n = 0;
const unique = (what) => `${what} — contribution d'essai numéro ${++n} pour le test`;

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

describe('public form /projets/{slug}/contribuer', () => {
  test('the form: themes, the project\'s sectors, the consent box, the honeypot, a link to the published ones', async () => {
    const res = await anon.get('/projets/mosson/contribuer');
    assert.equal(res.status, 200);
    assert.match(res.text_, /name="themes" value="\d+"> Logement/);
    assert.match(res.text_, /<option value="3">Grand Mail<\/option>/);
    assert.doesNotMatch(res.text_, /Square et parc/, 'only the sectors of the project');
    assert.match(unescape(res.text_), /J'accepte que mes coordonnées soient conservées pour recevoir la réponse/);
    assert.match(res.text_, /name="site_web"/);
    assert.match(res.text_, /href="\/projets\/mosson\/contributions"/);
    assert.equal((await anon.get('/projets/inconnu/contribuer')).status, 404);
  });

  test('errors: 422 with each message tied to its field, nothing written', async () => {
    const before_ = count('contribution');
    let res = await postPairs(anon, '/projets/mosson/contribuer', [['body', 'court']]);
    assert.equal(res.status, 422);
    assert.match(errors(res).body, /Votre contribution/);
    assert.match(res.text_, /aria-describedby="body-error"/);
    res = await postPairs(anon, '/projets/mosson/contribuer', [['body', unique('thème')], ['themes', '99999']]);
    assert.equal(res.status, 422);
    assert.equal(errors(res).themes, 'Un des thèmes choisis n\'existe pas.');
    res = await postPairs(anon, '/projets/mosson/contribuer', [['body', unique('secteur')], ['sectors', String(SQUARE)]]);
    assert.equal(res.status, 422);
    assert.equal(errors(res).sectors, 'Un des secteurs choisis n\'appartient pas au projet.');
    res = await postPairs(anon, '/projets/mosson/contribuer', [['body', unique('courriel')], ['author_email', 'pas-un-courriel'], ['consent', '1']]);
    assert.equal(res.status, 422);
    assert.ok(errors(res).author_email);
    assert.equal(count('contribution'), before_);
  });

  test('consent: a name or an e-mail without the box is refused in French; kept with it', async () => {
    const text = unique('consentement');
    let res = await postPairs(anon, '/projets/mosson/contribuer', [['body', text], ['author_email', 'moi@exemple.fr']]);
    assert.equal(res.status, 422);
    assert.equal(errors(res).consent, 'Cochez la case « J\'accepte que mes coordonnées soient conservées pour recevoir la réponse », ou laissez votre nom et votre courriel vides.');
    assert.match(res.text_, /value="moi@exemple.fr"/, 'the form again, filled');
    assert.equal(count('contribution', `body = '${text.replace(/'/g, "''")}'`), 0);
    res = await postPairs(anon, '/projets/mosson/contribuer', [['body', text], ['author_name', 'Moi'], ['author_email', 'moi@exemple.fr'], ['consent', '1'], ['themes', String(themeId('Mobilité'))], ['sectors', String(GRAND_MAIL)]]);
    assert.equal(res.status, 200);
    assert.match(res.text_, /Merci pour votre contribution/);
    assert.match(res.text_, /relue par l'équipe du projet \(modération\)/);
    const row = q(`SELECT channel, moderation, status, author_name, author_email, author_consent_at IS NOT NULL, created_by IS NULL FROM contribution WHERE body = '${text.replace(/'/g, "''")}'`);
    assert.equal(row, 'online|pending|received|Moi|moi@exemple.fr|1|1');
  });

  test('anonymous by default: no details, no consent date', async () => {
    const text = unique('anonyme');
    const res = await postPairs(anon, '/projets/cevennes/contribuer', [['body', text], ['consent', '1']]);
    assert.equal(res.status, 200);
    assert.equal(q(`SELECT coalesce(author_name, '') || coalesce(author_email, '') || coalesce(author_consent_at, '') FROM contribution WHERE body = '${text.replace(/'/g, "''")}'`), '');
  });

  test('honeypot filled: 422 with a French explanation, nothing written', async () => {
    const text = unique('robot');
    const res = await postPairs(anon, '/projets/mosson/contribuer', [['body', text], ['site_web', 'http://spam.example']]);
    assert.equal(res.status, 422);
    assert.match(unescape(res.text_), /le champ « Ne pas remplir ce champ » a été rempli/);
    assert.equal(count('contribution', `body = '${text.replace(/'/g, "''")}'`), 0);
  });

  test('pending until moderated: not on the public list nor in the public API', async () => {
    const text = unique('en attente');
    await postPairs(anon, '/projets/mosson/contribuer', [['body', text]]);
    const id = Number(q(`SELECT id FROM contribution WHERE body = '${text.replace(/'/g, "''")}'`));
    assert.doesNotMatch(unescape((await anon.get('/projets/mosson/contributions')).text_), new RegExp(text));
    assert.equal((await anon.get(`/api/v1/contributions/${id}`)).status, 404);
    assert.equal((await staff.get(`/api/v1/contributions/${id}`, { headers: { Accept: 'application/json' } })).status, 200);
  });

  test('rate limit: 429 with a French message and Retry-After, counted apart from /signaler', async () => {
    const t = await startServer({ args: ['--intake-limit', '2'] });
    try {
      const c = new Client(t.base);
      for (let i = 0; i < 2; i++) {
        const r = await postPairs(c, '/projets/mosson/contribuer', [['body', `Contribution limitée ${i} pour le test`]]);
        assert.equal(r.status, 200);
      }
      const res = await postPairs(c, '/projets/mosson/contribuer', [['body', 'Contribution de trop pour le test']]);
      assert.equal(res.status, 429);
      assert.match(res.text_, /Trop de contributions ont été envoyées depuis votre connexion en une heure. Réessayez dans (60|59) minutes/);
      assert.ok(Number(res.headers.get('retry-after')) > 3500);
      assert.equal(sql(t.db, "SELECT count(*) FROM contribution WHERE body LIKE 'Contribution %pour le test'"), '2');
      assert.equal((await c.get('/signaler')).status, 200);
    } finally {
      await stopClean(t);
    }
  });
});

describe('staff register', () => {
  const good = (over = {}) => {
    const f = { project_id: String(MOSSON), received_on: '2026-11-20', channel: 'office_hours', body: unique('permanence'), status: 'received', moderation: 'published', ...over };
    return Object.entries(f).filter(([, v]) => v !== null);
  };

  test('every validation message: 422, the form again, nothing written', async () => {
    const before_ = count('contribution');
    let res = await postPairs(staff, '/equipe/contributions/nouvelle', []);
    assert.equal(res.status, 422);
    assert.deepEqual(errors(res), {
      project_id: 'Le champ « Projet » est obligatoire.',
      received_on: 'Le champ « Date » est obligatoire.',
      channel: 'Le champ « Canal » est obligatoire.',
      body: 'Le champ « Contribution » est obligatoire.',
    });
    res = await postPairs(staff, '/equipe/contributions/nouvelle', good({ project_id: '999', received_on: '2026-02-30', channel: 'pigeon', status: 'oublié', moderation: 'cachée', author_email: 'x@', author_phone: '0'.repeat(41) }));
    assert.equal(res.status, 422);
    const e = errors(res);
    assert.equal(e.project_id, 'Ce projet n\'existe pas.');
    for (const k of ['received_on', 'channel', 'status', 'moderation', 'author_email', 'author_phone']) assert.ok(e[k], k);
    res = await postPairs(staff, '/equipe/contributions/nouvelle', [...good(SECRET)]);
    assert.equal(res.status, 422);
    assert.equal(errors(res).consent, 'Cochez la case du consentement de la personne, ou laissez ses coordonnées vides.');
    res = await postPairs(staff, '/equipe/contributions/nouvelle', [...good(), ['sectors', String(SQUARE)], ['themes', 'x']]);
    assert.equal(res.status, 422);
    assert.equal(errors(res).sectors, 'Un des secteurs choisis n\'appartient pas au projet.');
    assert.equal(errors(res).themes, 'Un des thèmes choisis n\'existe pas.');
    assert.equal(count('contribution'), before_);
  });

  test('entry, moderation, answer and its states; audited without personal data', async () => {
    const body = unique('courrier');
    let res = await postPairs(staff, '/equipe/contributions/nouvelle', [...good({ body, channel: 'mail', moderation: 'pending', ...SECRET, consent: '1' }), ['themes', String(themeId('Chantier'))], ['sectors', String(GRAND_MAIL)]]);
    assert.equal(res.status, 303, res.text_.slice(0, 500));
    const id = Number(res.headers.get('location').split('/').pop());
    assert.equal(q(`SELECT channel || '|' || moderation || '|' || received_on || '|' || author_phone FROM contribution WHERE id = ${id}`), 'mail|pending|2026-11-20|06 12 34 56 78');
    res = await staff.get(`/equipe/contributions/${id}`);
    assert.equal(res.status, 200);
    assert.match(res.text_, /Habitante Secrète/, 'staff see the details given with consent');
    assert.match(res.text_, /En attente de modération/);
    // an answer state without an answer
    res = await postPairs(staff, `/equipe/contributions/${id}/reponse`, [['status', 'answered']], `/equipe/contributions/${id}`);
    assert.equal(res.status, 422);
    assert.equal(errors(res).answer, 'Écrivez la réponse apportée ou la suite donnée : l\'état choisi en demande une.');
    res = await postPairs(staff, `/equipe/contributions/${id}/reponse`, [['status', 'fini']], `/equipe/contributions/${id}`);
    assert.equal(res.status, 422);
    assert.ok(errors(res).status);
    res = await postPairs(staff, `/equipe/contributions/${id}/reponse`, [['status', 'in_review']], `/equipe/contributions/${id}`);
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT status || '|' || coalesce(answer, '-') FROM contribution WHERE id = ${id}`), 'in_review|-');
    res = await postPairs(staff, `/equipe/contributions/${id}/reponse`, [['status', 'taken_into_account'], ['answer', 'Les horaires du chantier seront contrôlés chaque semaine.']], `/equipe/contributions/${id}`);
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT status || '|' || (answered_at IS NOT NULL) || '|' || (answered_by IS NOT NULL) FROM contribution WHERE id = ${id}`), 'taken_into_account|1|1');
    // moderation
    res = await postPairs(staff, `/equipe/contributions/${id}/moderation`, [['decision', 'peut-être']], `/equipe/contributions/${id}`);
    assert.equal(res.status, 422);
    res = await postPairs(staff, `/equipe/contributions/${id}/moderation`, [['decision', 'published']], `/equipe/contributions/${id}`);
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT moderation FROM contribution WHERE id = ${id}`), 'published');
    // public now, with its answer, never the author
    res = await anon.get('/projets/mosson/contributions');
    const page = unescape(res.text_);
    assert.match(page, new RegExp(body));
    assert.match(page, /Les horaires du chantier seront contrôlés chaque semaine./);
    assert.match(page, /Prise en compte/);
    for (const v of Object.values(SECRET)) assert.doesNotMatch(page, new RegExp(v));
    // rejected: gone from the public list
    res = await postPairs(staff, `/equipe/contributions/${id}/moderation`, [['decision', 'rejected']], `/equipe/contributions/${id}`);
    assert.equal(res.status, 303);
    assert.doesNotMatch(unescape((await anon.get('/projets/mosson/contributions')).text_), new RegExp(body));
    // audit
    const audit = q(`SELECT group_concat(action || ' ' || summary, '\n') FROM audit WHERE entity = 'contribution' AND entity_id = ${id}`);
    assert.match(audit, /contribution.create/);
    assert.match(audit, /contribution.moderate/);
    assert.match(audit, /contribution.answer/);
    for (const v of Object.values(SECRET)) assert.doesNotMatch(audit, new RegExp(v));
    assert.doesNotMatch(audit, /horaires du chantier/);
  });

  test('filters: project, theme, channel, sector, status, moderation, period', async () => {
    const get = async (query) => unescape((await staff.get(`/equipe/contributions${query}`)).text_);
    const total = (page) => Number(page.match(/(\d+) contribution\(s\)/)[1]);
    const all = total(await get(''));
    assert.ok(all >= 60);
    assert.equal(total(await get('?projet=cevennes')), count('contribution c JOIN project p ON p.id = c.project_id', "p.slug = 'cevennes'"));
    assert.equal(total(await get(`?theme=${themeId('Logement')}`)), count('contribution_theme', `theme_id = ${themeId('Logement')}`));
    assert.equal(total(await get('?canal=paper_register')), count('contribution', "channel = 'paper_register'"));
    assert.equal(total(await get(`?secteur=${GRAND_MAIL}`)), count('contribution_sector', `sector_id = ${GRAND_MAIL}`));
    assert.equal(total(await get('?statut=answered')), count('contribution', "status = 'answered'"));
    assert.equal(total(await get('?moderation=pending')), count('contribution', "moderation = 'pending'"));
    assert.equal(total(await get('?du=2026-10-01&au=2026-10-31')), count('contribution', "received_on BETWEEN '2026-10-01' AND '2026-10-31'"));
    assert.equal(total(await get('?canal=inconnu&du=hier')), all, 'unknown values are ignored');
    // search (FTS5): accents and case folded, prefixes; the text and the answer, never the author
    assert.equal(total(await get('?q=PUNAISES')), 1);
    assert.equal(total(await get('?q=ecole')), count('contribution', "body LIKE '%école%' OR body LIKE '%École%' OR answer LIKE '%école%'"));
    assert.equal(total(await get('?q=Fatima')), 0, 'the author is not searched');
    assert.equal(total(await get('?q=%22%28%29*')), all, 'FTS syntax is not taken from the user');
    const page2 = await staff.get('/equipe/contributions?page=2');
    assert.equal(page2.status, 200);
    assert.match(page2.text_, /Page 2 sur/);
  });

  test('public list filters by theme and sector, shows only published ones', async () => {
    const res = await anon.get(`/projets/mosson/contributions?theme=${themeId('Mobilité')}`);
    assert.equal(res.status, 200);
    const shown = Number(unescape(res.text_).match(/(\d+) contribution\(s\) publiée\(s\)/)[1]);
    assert.equal(shown, count('contribution c JOIN contribution_theme ct ON ct.contribution_id = c.id', `c.project_id = ${MOSSON} AND c.moderation = 'published' AND ct.theme_id = ${themeId('Mobilité')}`));
    const bySector = Number(unescape((await anon.get(`/projets/mosson/contributions?secteur=${GRAND_MAIL}`)).text_).match(/(\d+) contribution\(s\) publiée\(s\)/)[1]);
    assert.equal(bySector, count('contribution c JOIN contribution_sector cs ON cs.contribution_id = c.id', `c.moderation = 'published' AND cs.sector_id = ${GRAND_MAIL}`));
    // the demo's contributions given with consent are published: their text shows, never their author
    const all = [];
    for (let page = 1; page <= 3; page++) all.push(unescape((await anon.get(`/projets/mosson/contributions?page=${page}`)).text_));
    assert.match(all.join(''), /Je suis au bâtiment B depuis 22 ans/);
    assert.doesNotMatch(all.join(''), /Fatima|Ouali|f\.ouali@exemple\.fr/);
    const found = unescape((await anon.get('/projets/cevennes/contributions?q=skatepark')).text_);
    assert.match(found, /1 contribution\(s\) publiée\(s\)/);
    assert.match(found, /value="skatepark"/);
    assert.equal((await anon.get('/projets/inconnu/contributions')).status, 404);
  });

  test('exports CSV and XLSX follow the filters and hold no personal data', async () => {
    const res = await staff.get('/equipe/contributions/export.csv?projet=mosson');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition'), /contributions-\d{4}-\d{2}-\d{2}\.csv/);
    assert.match(res.text_, /Numéro,Projet,Date,Canal,Thèmes,Secteurs,Contribution,État,Publication,Réponse/);
    assert.doesNotMatch(res.text_, /Cévennes/);
    for (const v of ['Fatima', 'f.ouali@exemple.fr', ...Object.values(SECRET)]) assert.doesNotMatch(res.text_, new RegExp(v));
    const x = await fetch(s.base + '/equipe/contributions/export.xlsx', { headers: { Cookie: staff.cookieHeader() } });
    assert.equal(x.status, 200);
    const strings = unzipEntry(Buffer.from(await x.arrayBuffer()), 'xl/sharedStrings.xml');
    assert.match(strings, /Contribution/);
    for (const v of ['Fatima', 'f.ouali@exemple.fr', 'j.roux@exemple.fr']) assert.doesNotMatch(strings, new RegExp(v));
  });

  test('roles: partner and member 403 on staff pages, anonymous sent to /connexion; themes for admins only', async () => {
    for (const c of [partner, member]) {
      for (const p of ['/equipe/contributions', '/equipe/contributions/nouvelle', '/equipe/contributions/1', '/equipe/contributions/export.csv', '/admin/themes']) {
        assert.equal((await c.get(p)).status, 403, p);
      }
    }
    assert.equal((await anon.get('/equipe/contributions')).status, 302);
    assert.equal((await staff.get('/admin/themes')).status, 403);
  });
});

describe('JSON API', () => {
  const api = (path, opts = {}) => fetch(s.base + path, opts).then(async (r) => ({ status: r.status, body: JSON.parse(await r.text()), headers: r.headers }));

  test('anonymous: only published contributions, public fields, never the author', async () => {
    const r = await api('/api/v1/contributions?per_page=100');
    assert.equal(r.status, 200);
    assert.equal(r.body.total, count('contribution', "moderation = 'published'"));
    const text = JSON.stringify(r.body);
    for (const k of ['author_name', 'author_email', 'author_phone', 'moderation']) assert.ok(!text.includes(`"${k}"`), k);
    assert.doesNotMatch(text, /Fatima|ouali/);
    const pending = Number(q("SELECT min(id) FROM contribution WHERE moderation = 'pending'"));
    assert.equal((await api(`/api/v1/contributions/${pending}`)).status, 404);
    assert.equal((await api('/api/v1/contributions?moderation=pending')).body.total, r.body.total, 'no moderation filter for the public');
  });

  test('staff: everything, with the moderation filter; create with validation', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const all = await api('/api/v1/contributions?moderation=pending', { headers: auth });
    assert.equal(all.body.total, count('contribution', "moderation = 'pending'"));
    const one = await api(`/api/v1/contributions/${q("SELECT id FROM contribution WHERE author_email = 'f.ouali@exemple.fr'")}`, { headers: auth });
    assert.equal(one.body.author_email, 'f.ouali@exemple.fr');
    let r = await api('/api/v1/contributions', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'x' }) });
    assert.equal(r.status, 422);
    assert.ok(r.body.error);
    r = await api('/api/v1/contributions', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ project_id: MOSSON, received_on: '2026-11-02', channel: 'social_media', body: 'Contribution saisie par l\'API', themes: String(themeId('Propreté')) }) });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.channel, 'social_media');
    assert.equal(r.body.moderation, 'published');
    assert.deepEqual(r.body.themes.map((t) => t.name), ['Propreté']);
    assert.match(r.headers.get('location'), /^\/api\/v1\/contributions\/\d+$/);
    r = await api('/api/v1/contributions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(r.status, 401);
  });
});

describe('themes editor', () => {
  test('add, rename, reorder, deactivate; a duplicate name refused; inactive themes leave the forms', async () => {
    let res = await admin.post('/admin/themes', { name: 'Culture et patrimoine' });
    assert.equal(res.status, 303);
    const id = themeId('Culture et patrimoine');
    assert.ok(id > 0);
    res = await admin.post('/admin/themes', { name: 'Culture et patrimoine' }, { from: '/admin/themes' });
    assert.equal(res.status, 422);
    assert.equal(errors(res).name, 'Un thème porte déjà ce nom.');
    res = await admin.post('/admin/themes', { name: 'x' }, { from: '/admin/themes' });
    assert.equal(res.status, 422);
    res = await admin.post(`/admin/themes/${id}`, { name: 'Culture', position: '0', active: '1' }, { from: '/admin/themes' });
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT name || '|' || position || '|' || active FROM theme WHERE id = ${id}`), 'Culture|0|1');
    assert.match((await anon.get('/projets/mosson/contribuer')).text_, new RegExp(`value="${id}"> Culture`));
    res = await admin.post(`/admin/themes/${id}`, { name: 'Culture', position: '0' }, { from: '/admin/themes' });
    assert.equal(res.status, 303);
    assert.equal(q(`SELECT active FROM theme WHERE id = ${id}`), '0');
    assert.doesNotMatch((await anon.get('/projets/mosson/contribuer')).text_, new RegExp(`value="${id}"`));
    assert.equal((await admin.post('/admin/themes/99999', { name: 'Rien' }, { from: '/admin/themes' })).status, 404);
    assert.match(q(`SELECT group_concat(action, ',') FROM audit WHERE entity = 'theme' AND entity_id = ${id}`), /theme.create,theme.update/);
  });
});
