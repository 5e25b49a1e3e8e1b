// Report categories administration (CRUD with every validation message,
// routing by sector, extra questions, delete versus deactivate, role checks),
// hotspots (points noirs) found on creation and their staff pages, the
// --hotspot-* settings, and the consistency of the demo reports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ROLES, stopClean, json, sql } from './lib.mjs';

let s, admin, staff, partner, member;
const ids = {};

before(async () => {
  s = await startServer({ args: ['--intake-limit', '1000'] });
  admin = new Client(s.base);
  staff = new Client(s.base);
  partner = new Client(s.base);
  member = new Client(s.base);
  assert.equal((await admin.login(ROLES.admin)).status, 303);
  assert.equal((await staff.login(ROLES.staff)).status, 303);
  assert.equal((await partner.login(ROLES.partner)).status, 303);
  assert.equal((await member.login(ROLES.member)).status, 303);
  ids.acm = Number(sql(s.db, "SELECT id FROM organization WHERE name = 'ACM Habitat'"));
  ids.ville = Number(sql(s.db, "SELECT id FROM organization WHERE name = 'Ville de Montpellier'"));
  ids.grandMail = Number(sql(s.db, "SELECT id FROM sector WHERE slug = 'grand-mail'"));
  ids.saintPaul = Number(sql(s.db, "SELECT id FROM sector WHERE slug = 'saint-paul'"));
});
after(async () => { await stopClean(s); });

const GOOD = { code: 'test_cat', strand: 'corrective', name: 'Catégorie de test', description: 'Pour les tests.',
  keywords: 'test', default_org_id: '', deadline: '2', deadline_unit: 'days', active: '1', position: '50' };

/** Posts the category form (new when id is absent). */
function saveCategory(fields, id) {
  return admin.post(id ? `/admin/categories/${id}` : '/admin/categories', fields,
    { from: id ? `/admin/categories/${id}` : '/admin/categories/nouvelle' });
}

/** Creates a category and returns its id. */
async function createCategory(fields) {
  const res = await saveCategory({ ...GOOD, ...fields });
  assert.equal(res.status, 303, res.text_.slice(0, 500));
  const m = res.headers.get('location').match(/^\/admin\/categories\/(\d+)$/);
  assert.ok(m, res.headers.get('location'));
  return Number(m[1]);
}

/** A report through the API as staff, at lat, lon. Returns the response. */
async function apiReport(client, category, lat, lon, extra = {}) {
  const tok = await client.csrf('/compte');
  return client.request('/api/v1/reports', {
    method: 'POST',
    headers: { Accept: 'application/json', 'X-CSRF-Token': tok },
    json: { category, description: 'Signalement créé par les tests.', coords: `${lat.toFixed(6)},${lon.toFixed(6)}`, ...extra },
  });
}

/** The field-error text of a 422 page. */
function fieldError(res, field) {
  const m = res.text_.match(new RegExp(`id="${field}-error">([^<]*)<`));
  return m ? m[1].replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/[\u00a0\u202f]/g, ' ') : null;
}

test('only administrators reach the categories; staff, partners and members get 403', async () => {
  for (const c of [staff, partner, member]) {
    assert.equal((await c.get('/admin/categories')).status, 403);
    assert.equal((await c.get('/admin/categories/1')).status, 403);
  }
  const anon = new Client(s.base);
  const res = await anon.get('/admin/categories');
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), '/connexion?suite=/admin/categories');
});

test('the list shows the categories by strand with handler, deadline, reports and state', async () => {
  const res = await admin.get('/admin/categories', { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200);
  const body = json(res);
  assert.deepEqual(body.strands.map((x) => x.strand), ['corrective', 'works', 'watch']);
  const prop = body.strands[0].categories.find((c) => c.code === 'proprete');
  assert.equal(prop.default_org_name, 'Ville de Montpellier — Direction de la propreté urbaine');
  assert.equal(prop.deadline_fr, '2 jours');
  assert.ok(prop.report_count > 0);
  assert.equal(prop.is_active, true);
  const html = await admin.get('/admin/categories');
  assert.match(html.text_, /Veille et anticipation/);
  assert.match(html.text_, /Risque pour les personnes/);
  assert.match(html.text_, /4 heures/);
});

test('category form: every validation message, the form shown again with what was typed', async () => {
  const cases = [
    [{ code: '' }, 'code', 'Le champ « Code » est obligatoire.'],
    [{ code: 'Avec Espace' }, 'code', 'Le code ne peut contenir que des lettres minuscules sans accent, des chiffres, « _ » et « - ».'],
    [{ code: 'proprete' }, 'code', 'Ce code est déjà celui d\'une autre catégorie.'],
    [{ strand: 'autre' }, 'strand', null],
    [{ name: '' }, 'name', 'Le champ « Nom » est obligatoire.'],
    [{ deadline: '' }, 'deadline', 'Le champ « Délai » est obligatoire.'],
    [{ deadline: '0' }, 'deadline', null],
    [{ deadline: '400', deadline_unit: 'days' }, 'deadline', 'Le délai ne peut pas dépasser un an (365 jours ou 8 760 heures).'],
    [{ deadline_unit: 'weeks' }, 'deadline_unit', null],
    [{ default_org_id: '999999' }, 'default_org_id', 'Cette organisation n\'existe pas.'],
  ];
  for (const [fields, field, message] of cases) {
    const res = await saveCategory({ ...GOOD, name: 'Nom gardé', ...fields });
    assert.equal(res.status, 422, `${JSON.stringify(fields)}: ${res.status}`);
    const err = fieldError(res, field);
    assert.ok(err, `${JSON.stringify(fields)}: no error on ${field}`);
    if (message) assert.equal(err, message);
    if (field !== 'name') assert.match(res.text_, /value="Nom gardé"/);
  }
  // JSON clients get the fields in error.
  const tok = await admin.csrf('/admin/categories/nouvelle');
  const j = await admin.request('/admin/categories', {
    method: 'POST', headers: { Accept: 'application/json', 'X-CSRF-Token': tok }, json: { ...GOOD, code: 'x y' },
  });
  assert.equal(j.status, 422);
  assert.match(json(j).error.fields.code, /lettres minuscules/);
  assert.equal(sql(s.db, "SELECT count(*) FROM report_category WHERE name = 'Nom gardé'"), '0');
});

test('create then edit a category; its deadline in days or hours; audited', async () => {
  const id = await createCategory({ code: 'cree-test', deadline: '3', deadline_unit: 'days' });
  assert.equal(sql(s.db, `SELECT deadline_hours || ' ' || strand || ' ' || active FROM report_category WHERE id = ${id}`), '72 corrective 1');
  const page = await admin.get(`/admin/categories/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /value="cree-test"/);
  const upd = await saveCategory({ ...GOOD, code: 'cree-test-2', name: 'Renommée', deadline: '36', deadline_unit: 'hours', default_org_id: String(ids.ville) }, id);
  assert.equal(upd.status, 303);
  assert.equal(sql(s.db, `SELECT code || ' ' || name || ' ' || deadline_hours || ' ' || default_org_id FROM report_category WHERE id = ${id}`),
    `cree-test-2 Renommée 36 ${ids.ville}`);
  assert.equal(sql(s.db, `SELECT group_concat(action) FROM (SELECT action FROM audit WHERE entity = 'report_category' AND entity_id = ${id} ORDER BY id)`),
    'category.create,category.update');
});

test('the code of a category used by reports cannot change', async () => {
  const id = Number(sql(s.db, "SELECT id FROM report_category WHERE code = 'proprete'"));
  const res = await saveCategory({ ...GOOD, code: 'proprete-2', name: 'Propreté', strand: 'corrective' }, id);
  assert.equal(res.status, 422);
  assert.match(fieldError(res, 'code'), /^Des signalements utilisent déjà ce code \(\d+\) : il ne peut plus changer\.$/);
  assert.equal(sql(s.db, `SELECT code FROM report_category WHERE id = ${id}`), 'proprete');
});

test('routing editor: a sector given to another handler; a report there goes to it, elsewhere to the default', async () => {
  const id = await createCategory({ code: 'aiguillage_test', default_org_id: String(ids.ville) });
  const page = await admin.get(`/admin/categories/${id}`);
  assert.match(page.text_, /par défaut \(Ville de Montpellier\)/);
  assert.match(page.text_, new RegExp(`name="sector_${ids.grandMail}"`));
  const bad = await admin.post(`/admin/categories/${id}/aiguillage`, { [`sector_${ids.grandMail}`]: '999999' }, { from: `/admin/categories/${id}` });
  assert.equal(bad.status, 422);
  assert.equal(fieldError(bad, `sector_${ids.grandMail}`), 'Choisissez une organisation de la liste.');
  const ok = await admin.post(`/admin/categories/${id}/aiguillage`,
    { [`sector_${ids.grandMail}`]: String(ids.acm), [`sector_${ids.saintPaul}`]: '' }, { from: `/admin/categories/${id}` });
  assert.equal(ok.status, 303);
  assert.equal(sql(s.db, `SELECT group_concat(sector_id || ':' || org_id) FROM report_routing WHERE category_id = ${id}`), `${ids.grandMail}:${ids.acm}`);
  assert.match(sql(s.db, `SELECT summary FROM audit WHERE action = 'routing.update' AND entity_id = ${id}`), /1 secteur modifié/);
  // Grand Mail (Mosson) → ACM Habitat; Saint-Paul → the default.
  const inGm = await apiReport(staff, 'aiguillage_test', 43.6150, 3.8275);
  assert.equal(inGm.status, 201, inGm.text_);
  assert.equal(json(inGm).handler_org_id, ids.acm);
  assert.equal(json(inGm).status, 'routed');
  const inSp = await apiReport(staff, 'aiguillage_test', 43.6100, 3.8190);
  assert.equal(inSp.status, 201, inSp.text_);
  assert.equal(json(inSp).handler_org_id, ids.ville);
  // Sending the same choice again changes nothing and writes no audit entry.
  const audits = sql(s.db, "SELECT count(*) FROM audit WHERE action = 'routing.update'");
  const same = await admin.post(`/admin/categories/${id}/aiguillage`, { [`sector_${ids.grandMail}`]: String(ids.acm) }, { from: `/admin/categories/${id}` });
  assert.equal(same.status, 303);
  assert.equal(sql(s.db, "SELECT count(*) FROM audit WHERE action = 'routing.update'"), audits);
  // Back to the default: the routing row goes.
  await admin.post(`/admin/categories/${id}/aiguillage`, { [`sector_${ids.grandMail}`]: '' }, { from: `/admin/categories/${id}` });
  assert.equal(sql(s.db, `SELECT count(*) FROM report_routing WHERE category_id = ${id}`), '0');
});

test('questions editor: validation, a required question then required by POST /api/v1/reports, edit, delete', async () => {
  const id = await createCategory({ code: 'questions_test', default_org_id: String(ids.ville) });
  const url = `/admin/categories/${id}/questions`;
  const from = { from: `/admin/categories/${id}` };
  const cases = [
    [{ code: '', datatype: 'string', label: 'Étage ?' }, 'nq-code', 'Le champ « Code » est obligatoire.'],
    [{ code: 'Étage', datatype: 'string', label: 'Étage ?' }, 'nq-code', 'Le code ne peut contenir que des lettres minuscules sans accent, des chiffres et « _ ».'],
    [{ code: 'etage', datatype: 'string', label: '' }, 'nq-label', 'Le champ « Question » est obligatoire.'],
    [{ code: 'etage', datatype: 'couleur', label: 'Étage ?' }, 'nq-datatype', null],
    [{ code: 'liste', datatype: 'singlevaluelist', label: 'Lequel ?', choices: '' }, 'nq-choices', 'Indiquez au moins un choix, une ligne « clé|libellé » par choix.'],
    [{ code: 'liste', datatype: 'singlevaluelist', label: 'Lequel ?', choices: 'a|A\nsans barre' }, 'nq-choices', 'Ligne 2 : écrivez « clé|libellé », la clé en lettres minuscules sans accent, chiffres, « _ » ou « - ».'],
    [{ code: 'liste', datatype: 'multivaluelist', label: 'Lequel ?', choices: 'a|A\na|Encore A' }, 'nq-choices', 'Ligne 2 : la clé « a » est déjà utilisée.'],
  ];
  for (const [fields, field, message] of cases) {
    const res = await admin.post(url, fields, from);
    assert.equal(res.status, 422, `${JSON.stringify(fields)} → ${res.status}`);
    const err = fieldError(res, field);
    assert.ok(err, `${JSON.stringify(fields)}: no error on ${field}`);
    if (message) assert.equal(err, message);
  }
  assert.equal((await admin.post(url, { code: 'etage', datatype: 'string', label: 'À quel étage ?', required: '1', position: '1' }, from)).status, 303);
  assert.equal((await admin.post(url, { code: 'genre', datatype: 'singlevaluelist', label: 'Quel genre ?', choices: ' a|Premier \n\nb|Second', position: '2' }, from)).status, 303);
  assert.equal(sql(s.db, `SELECT choices FROM report_category_attribute WHERE category_id = ${id} AND code = 'genre'`), 'a|Premier\nb|Second');
  const dup = await admin.post(url, { code: 'etage', datatype: 'string', label: 'Encore ?' }, from);
  assert.equal(fieldError(dup, 'nq-code'), 'Cette catégorie a déjà une question avec ce code.');
  // The question is now required by the intake.
  const missing = await apiReport(staff, 'questions_test', 43.6150, 3.8275);
  assert.equal(missing.status, 422, missing.text_);
  assert.equal(json(missing).error.fields.attr_etage, 'Répondez à la question « À quel étage ? ».');
  const withIt = await apiReport(staff, 'questions_test', 43.6150, 3.8275, { attr_etage: '3e', attr_genre: 'b' });
  assert.equal(withIt.status, 201, withIt.text_);
  // Edit: no longer required.
  const qid = Number(sql(s.db, `SELECT id FROM report_category_attribute WHERE category_id = ${id} AND code = 'etage'`));
  const edit = await admin.post(`${url}/${qid}`, { code: 'etage', datatype: 'string', label: 'Étage (facultatif)', position: '1' }, from);
  assert.equal(edit.status, 303);
  assert.equal((await apiReport(staff, 'questions_test', 43.6150, 3.8275)).status, 201);
  // Its code cannot change once answered.
  const recode = await admin.post(`${url}/${qid}`, { code: 'niveau', datatype: 'string', label: 'Étage' }, from);
  assert.equal(recode.status, 422);
  assert.equal(fieldError(recode, `q${qid}-code`), 'Des signalements ont répondu à cette question : son code ne peut plus changer.');
  // Delete needs the confirmation.
  assert.equal((await admin.post(`${url}/${qid}/supprimer`, {}, from)).status, 422);
  assert.equal((await admin.post(`${url}/${qid}/supprimer`, { confirm: '1' }, from)).status, 303);
  assert.equal(sql(s.db, `SELECT count(*) FROM report_category_attribute WHERE id = ${qid}`), '0');
  assert.ok(Number(sql(s.db, `SELECT count(*) FROM audit WHERE action = 'category.update' AND entity_id = ${id} AND summary LIKE 'question%'`)) >= 4);
});

test('delete: an unused category is deleted; a used one is deactivated (said so) and refused for new reports', async () => {
  const unused = await createCategory({ code: 'a_supprimer' });
  assert.equal((await admin.post(`/admin/categories/${unused}/supprimer`, {}, { from: `/admin/categories/${unused}` })).status, 422);
  const del = await admin.post(`/admin/categories/${unused}/supprimer`, { confirm: '1' }, { from: `/admin/categories/${unused}` });
  assert.equal(del.status, 303);
  assert.equal(del.headers.get('location'), '/admin/categories');
  assert.equal((await admin.get(`/admin/categories/${unused}`)).status, 404);
  assert.equal(sql(s.db, `SELECT action FROM audit WHERE entity = 'report_category' AND entity_id = ${unused} ORDER BY id DESC LIMIT 1`), 'category.delete');

  const used = await createCategory({ code: 'a_desactiver', default_org_id: String(ids.ville) });
  assert.equal((await apiReport(staff, 'a_desactiver', 43.6150, 3.8275)).status, 201);
  const page = await admin.get(`/admin/categories/${used}`);
  assert.match(page.text_, /Désactiver la catégorie/);
  const deact = await admin.post(`/admin/categories/${used}/supprimer`, { confirm: '1' }, { from: `/admin/categories/${used}` });
  assert.equal(deact.status, 303);
  assert.equal(deact.headers.get('location'), `/admin/categories/${used}`);
  const after = await admin.get(`/admin/categories/${used}`);
  assert.match(after.text_, /Cette catégorie est utilisée par 1 signalement : elle a été désactivée au lieu d&#39;être supprimée\.|Cette catégorie est utilisée par 1 signalement : elle a été désactivée au lieu d'être supprimée\./);
  assert.equal(sql(s.db, `SELECT active FROM report_category WHERE id = ${used}`), '0');
  const refused = await apiReport(staff, 'a_desactiver', 43.6150, 3.8275);
  assert.equal(refused.status, 422);
  assert.equal(json(refused).error.fields.category, 'Choisissez une catégorie de la liste.');
});

test('hotspots: three reports within 50 m make one point noir; a far one and another category stay out', async () => {
  await createCategory({ code: 'hs_a', default_org_id: String(ids.ville) });
  await createCategory({ code: 'hs_b', default_org_id: String(ids.ville) });
  const base = [43.61500, 3.82900];
  const refs = [];
  for (const [dlat, dlon] of [[0, 0], [0.0001, 0.0001], [-0.0001, 0.0002]]) { // within ~25 m
    const res = await apiReport(staff, 'hs_a', base[0] + dlat, base[1] + dlon);
    assert.equal(res.status, 201, res.text_);
    refs.push(json(res).ref);
  }
  const far = await apiReport(staff, 'hs_a', base[0] + 0.003, base[1]); // ~330 m
  const other = await apiReport(staff, 'hs_b', base[0], base[1]);
  const catA = sql(s.db, "SELECT id FROM report_category WHERE code = 'hs_a'");
  const hs = sql(s.db, `SELECT id || ' ' || report_count || ' ' || status FROM hotspot WHERE category_id = ${catA}`).split('\n');
  assert.equal(hs.length, 1, hs.join('; '));
  const [hid, count, status] = hs[0].split(' ');
  assert.equal(count, '3');
  assert.equal(status, 'active');
  assert.equal(sql(s.db, `SELECT group_concat(ref) FROM (SELECT ref FROM report WHERE hotspot_id = ${hid} ORDER BY ref)`), refs.sort().join(','));
  assert.equal(sql(s.db, `SELECT hotspot_id IS NULL FROM report WHERE ref = '${json(far).ref}'`), '1');
  assert.equal(sql(s.db, `SELECT hotspot_id IS NULL FROM report WHERE ref = '${json(other).ref}'`), '1');
  // Staff see it; the page lists its three reports with links to the back office.
  const list = await staff.get('/equipe/points-noirs?categorie=hs_a', { headers: { Accept: 'application/json' } });
  assert.equal(list.status, 200);
  assert.deepEqual(json(list).hotspots.map((h) => h.id), [Number(hid)]);
  assert.equal(json(await staff.get('/equipe/points-noirs?categorie=hs_b', { headers: { Accept: 'application/json' } })).hotspots.length, 0);
  const show = await staff.get(`/equipe/points-noirs/${hid}`);
  assert.equal(show.status, 200);
  for (const ref of refs) assert.match(show.text_, new RegExp(`<a href="/gestion/signalements/\\d+">${ref}</a>`));
  assert.doesNotMatch(show.text_, new RegExp(json(far).ref));
  assert.equal((await partner.get(`/equipe/points-noirs/${hid}`)).status, 403);
  assert.equal((await staff.get('/equipe/points-noirs/999999')).status, 404);
  // Marked handled with a note: audited; a bad status is refused.
  const bad = await staff.post(`/equipe/points-noirs/${hid}`, { status: 'oublie', note: '' }, { from: `/equipe/points-noirs/${hid}` });
  assert.equal(bad.status, 422);
  const done = await staff.post(`/equipe/points-noirs/${hid}`, { status: 'handled', note: 'Conteneur ajouté.' }, { from: `/equipe/points-noirs/${hid}` });
  assert.equal(done.status, 303);
  assert.equal(sql(s.db, `SELECT status || ' ' || note FROM hotspot WHERE id = ${hid}`), 'handled Conteneur ajouté.');
  assert.match(sql(s.db, `SELECT summary FROM audit WHERE action = 'hotspot.update' AND entity_id = ${hid}`), /Traité/);
  // A new report there makes it active again, with four reports.
  await apiReport(staff, 'hs_a', base[0], base[1] + 0.0001);
  assert.equal(sql(s.db, `SELECT status || ' ' || report_count FROM hotspot WHERE id = ${hid}`), 'active 4');
});

test('the demo: about 300 reports, consistent states and events, walks, a point noir, no follow-up token', () => {
  const demo = "r.description <> 'Signalement créé par les tests.'";
  const n = Number(sql(s.db, `SELECT count(*) FROM report r WHERE ${demo}`));
  assert.equal(n, 300);
  assert.equal(sql(s.db, `SELECT count(*) FROM report r WHERE ${demo} AND r.status <> (SELECT to_status FROM report_event e WHERE e.report_id = r.id AND e.to_status IS NOT NULL ORDER BY e.at DESC, e.id DESC LIMIT 1)`), '0');
  assert.equal(sql(s.db, `SELECT count(*) FROM report r WHERE ${demo} AND NOT EXISTS (SELECT 1 FROM report_event e WHERE e.report_id = r.id AND e.kind = 'created')`), '0');
  assert.equal(sql(s.db, `SELECT count(*) FROM report r WHERE ${demo} AND follow_token_hash IS NOT NULL`), '0');
  const states = Object.fromEntries(sql(s.db, `SELECT status, count(*) FROM report r WHERE ${demo} GROUP BY status`).split('\n').map((l) => l.split('|')).map(([k, v]) => [k, Number(v)]));
  for (const st of ['closed', 'resolved', 'rejected', 'duplicate']) assert.ok(states[st] > 0, `no ${st}: ${JSON.stringify(states)}`);
  assert.ok((states.routed ?? 0) + (states.acknowledged ?? 0) + (states.scheduled ?? 0) + (states.in_progress ?? 0) > 5, JSON.stringify(states));
  assert.ok(states.closed > states.routed, 'old reports are mostly closed');
  // Rejections have a public reason; duplicates point at an earlier report.
  assert.equal(sql(s.db, `SELECT count(*) FROM report r WHERE r.status = 'rejected' AND NOT EXISTS (SELECT 1 FROM report_event e WHERE e.report_id = r.id AND e.to_status = 'rejected' AND e.public_comment <> '')`), '0');
  assert.equal(sql(s.db, "SELECT count(*) FROM report WHERE status = 'duplicate' AND (duplicate_of IS NULL OR duplicate_of >= id)"), '0');
  // Every point lies in its sector's project; handlers follow the routing.
  assert.equal(sql(s.db, `SELECT count(*) FROM report r JOIN sector x ON x.id = r.sector_id WHERE ${demo} AND r.project_id <> x.project_id`), '0');
  assert.equal(sql(s.db, "SELECT count(*) FROM report r JOIN report_routing x ON x.category_id = r.category_id AND x.sector_id = r.sector_id WHERE r.handler_org_id <> x.org_id"), '0');
  // More corrective than works or watch; some overdue, not most.
  const strands = Object.fromEntries(sql(s.db, `SELECT c.strand, count(*) FROM report r JOIN report_category c ON c.id = r.category_id WHERE ${demo} GROUP BY 1`).split('\n').map((l) => l.split('|')).map(([k, v]) => [k, Number(v)]));
  assert.ok(strands.corrective > strands.works && strands.works >= strands.watch && strands.watch > 0, JSON.stringify(strands));
  const overdue = Number(sql(s.db, `SELECT count(*) FROM report r WHERE ${demo} AND status IN ('new','routed','acknowledged','scheduled','in_progress') AND due_at < strftime('%Y-%m-%dT%H:%M:%SZ','now')`));
  assert.ok(overdue >= 1 && overdue <= 20, `${overdue} overdue`);
  assert.ok(Number(sql(s.db, "SELECT count(*) FROM report WHERE reporter_email LIKE '%@exemple.fr'")) > 10);
  assert.equal(sql(s.db, "SELECT count(*) FROM report WHERE reporter_email IS NOT NULL AND reporter_email NOT LIKE '%@exemple.fr'"), '0');
  assert.ok(Number(sql(s.db, "SELECT count(*) FROM report_event WHERE internal_comment <> ''")) > 5);
  // Two walks: one done with eight findings, one planned next month, with sectors and invited partners.
  assert.equal(sql(s.db, "SELECT group_concat(status || ':' || (SELECT count(*) FROM report r WHERE r.walk_id = w.id), ',') FROM walk w"), 'done:8,planned:0');
  assert.equal(sql(s.db, "SELECT count(*) FROM walk WHERE status = 'planned' AND starts_at > strftime('%Y-%m-%dT%H:%M:%SZ','now')"), '1');
  assert.ok(Number(sql(s.db, 'SELECT count(*) FROM walk_sector')) >= 4);
  assert.ok(Number(sql(s.db, 'SELECT count(*) FROM walk_organization')) >= 4);
  // The deliberate point noir: dumped items, four reports within 30 m.
  const hs = sql(s.db, "SELECT h.report_count FROM hotspot h JOIN report_category c ON c.id = h.category_id WHERE c.code = 'encombrants'");
  assert.ok(Number(hs) >= 4, `encombrants hotspot: ${hs}`);
  // The reference counter continues after the demo's numbers.
  assert.equal(sql(s.db, "SELECT count(*) FROM report r WHERE CAST(substr(r.ref, 8) AS INTEGER) > (SELECT n FROM report_counter c WHERE c.year = CAST(substr(r.ref, 3, 4) AS INTEGER))"), '0');
});

test('--hotspot-count and --hotspot-radius are honoured', async () => {
  const t = await startServer({ args: ['--hotspot-count', '2', '--hotspot-radius', '20'] });
  try {
    const c = new Client(t.base);
    assert.equal((await c.login(ROLES.staff)).status, 303);
    // 'risque': few demo reports; a place away from them.
    const lat = 43.6085, lon = 3.8200;
    const a = await apiReport(c, 'risque', lat, lon);
    assert.equal(a.status, 201, a.text_);
    const cat = sql(t.db, "SELECT id FROM report_category WHERE code = 'risque'");
    const before = Number(sql(t.db, `SELECT count(*) FROM hotspot WHERE category_id = ${cat}`));
    await apiReport(c, 'risque', lat + 0.0003, lon); // ~33 m from the first: beyond 20 m
    assert.equal(Number(sql(t.db, `SELECT count(*) FROM hotspot WHERE category_id = ${cat}`)), before);
    await apiReport(c, 'risque', lat + 0.0001, lon); // ~11 m from the first, ~22 m from the second: two make a point noir
    assert.equal(Number(sql(t.db, `SELECT count(*) FROM hotspot WHERE category_id = ${cat}`)), before + 1);
    assert.equal(sql(t.db, `SELECT report_count FROM hotspot WHERE category_id = ${cat} ORDER BY id DESC LIMIT 1`), '2');
  } finally {
    await stopClean(t);
  }
});
