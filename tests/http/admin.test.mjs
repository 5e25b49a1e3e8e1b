// Account administration: creating accounts (form and JSON), the list with
// its filters and pages, password reset, disabling and re-enabling, editing,
// and the audit log with its filters and pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, Client, ROLES, DEMO_PASSWORD, HOMES, stopClean, json } from './lib.mjs';

const PASSWORD = 'un-mot-de-passe-solide';
const LABELS = { admin: 'Administrateur', staff: 'Équipe projet', partner: 'Partenaire', member: 'Membre d&#39;instance|Membre d\'instance' };

let s, admin, orgId, adminId;

before(async () => {
  s = await startServer();
  admin = new Client(s.base);
  assert.equal((await admin.login(ROLES.admin)).status, 303);
  const form = await admin.get('/admin/comptes/nouveau');
  orgId = Number(form.text_.match(/<option value="(\d+)"[^>]*>ACM Habitat<\/option>/)[1]);
  adminId = (await listJson('?q=admin@demo.test')).accounts[0].id;
});
after(async () => { await stopClean(s); });

/** The accounts list as JSON. */
async function listJson(query = '') {
  const res = await admin.get('/admin/comptes' + query, { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200);
  return json(res);
}

/** The audit log as JSON. */
async function journalJson(query = '') {
  const res = await admin.get('/admin/journal' + query, { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200);
  return json(res);
}

/** Posts the creation form. */
function createForm(fields) {
  return admin.post('/admin/comptes', fields, { from: '/admin/comptes/nouveau' });
}

/** Creates an account through JSON; returns the 201 body. */
async function createJson(fields, tok) {
  const res = await admin.request('/admin/comptes', {
    method: 'POST', json: fields,
    headers: { Accept: 'application/json', 'X-CSRF-Token': tok ?? await admin.csrf('/admin/comptes/nouveau') },
  });
  assert.equal(res.status, 201, res.text_);
  return json(res);
}

/** Posts an action form of an account's page. */
function accountAction(id, action, fields = {}) {
  return admin.post(`/admin/comptes/${id}${action}`, fields, { from: `/admin/comptes/${id}` });
}

/** Decodes the HTML character references a template writes in attributes. */
function unescapeHtml(s) {
  return s.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot);/gi, (_, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"' }[e.toLowerCase()];
  });
}

/** The href of the pagination link rel=prev or rel=next, decoded, or null. */
function pageLink(html, rel) {
  const m = html.match(new RegExp(`<a href="([^"]+)" rel="${rel}">`));
  return m ? unescapeHtml(m[1]) : null;
}

/** The field error shown under a field, or null. */
function fieldError(html, field) {
  const m = html.match(new RegExp(`<p class="field-error" id="${field}-error">([^<]*)</p>`));
  return m ? m[1] : null;
}

test('admin creates an account of each role through the form; each one logs in', async () => {
  for (const role of ['admin', 'staff', 'partner', 'member']) {
    const email = `nouveau.${role}@demo.test`;
    const name = `Nouveau ${role}`;
    const fields = { email, name, role, organization_id: role === 'partner' ? String(orgId) : '', password: PASSWORD };
    const res = await createForm(fields);
    assert.equal(res.status, 303, `${role}: ${res.text_.slice(0, 300)}`);
    const m = res.headers.get('location').match(/^\/admin\/comptes\/(\d+)$/);
    assert.ok(m, res.headers.get('location'));
    const page = await admin.get(res.headers.get('location'));
    assert.equal(page.status, 200);
    assert.match(page.text_, /Compte créé\./);
    assert.match(page.text_, new RegExp(`<h1>${name}</h1>`));
    assert.match(page.text_, new RegExp(`<dd>${email}</dd>`));
    assert.match(page.text_, new RegExp(`<dt>Rôle</dt><dd>(${LABELS[role]})</dd>`));
    if (role === 'partner') assert.match(page.text_, /<dt>Organisation<\/dt><dd>ACM Habitat<\/dd>/);
    else assert.doesNotMatch(page.text_, /<dt>Organisation<\/dt>/);

    const user = new Client(s.base);
    const login = await user.login(email, PASSWORD);
    assert.equal(login.status, 303, role);
    assert.equal(login.headers.get('location'), HOMES[role]);
    const home = await user.get(HOMES[role]);
    assert.equal(home.status, 200);
    assert.match(home.text_, new RegExp(`Bonjour ${name}`));
  }
  // the address is stored in lower case, the name as typed
  const mixed = await createForm({ email: '  Mixed.Case@Demo.TEST ', name: 'Élodie Ça', role: 'member', password: PASSWORD });
  assert.equal(mixed.status, 303);
  const acc = (await listJson('?q=mixed.case')).accounts;
  assert.equal(acc.length, 1);
  assert.equal(acc[0].email, 'mixed.case@demo.test');
  assert.equal(acc[0].name, 'Élodie Ça');
});

test('form errors: 422 with the message, the input kept, nothing created', async () => {
  const before = (await listJson()).pagination.total;

  const partner = await createForm({ email: 'partenaire.seul@demo.test', name: 'Partenaire Seul', role: 'partner', organization_id: '', password: PASSWORD });
  assert.equal(partner.status, 422);
  assert.match(fieldError(partner.text_, 'organization_id'), /Un compte partenaire doit être rattaché à une organisation/);
  assert.match(partner.text_, /value="partenaire\.seul@demo\.test"/);
  assert.match(partner.text_, /<option value="partner" selected>/);

  for (const email of ['staff@demo.test', 'STAFF@Demo.test']) {
    const dup = await createForm({ email, name: 'Doublon', role: 'staff', password: PASSWORD });
    assert.equal(dup.status, 422, email);
    assert.match(fieldError(dup.text_, 'email'), /existe déjà/);
  }

  const short = await createForm({ email: 'court@demo.test', name: 'Mot Court', role: 'member', password: 'onze-caract' });
  assert.equal(short.status, 422);
  assert.match(fieldError(short.text_, 'password'), /au moins 12 caractères/);
  assert.doesNotMatch(short.text_, /onze-caract/, 'the password is never sent back');

  const badOrg = await createForm({ email: 'org.inconnue@demo.test', name: 'Org Inconnue', role: 'partner', organization_id: '999999', password: PASSWORD });
  assert.equal(badOrg.status, 422);
  assert.match(fieldError(badOrg.text_, 'organization_id'), /Cette organisation n(&#39;|')existe pas/);

  const badEmail = await createForm({ email: 'pas-une-adresse', name: 'Sans Adresse', role: 'member', password: PASSWORD });
  assert.equal(badEmail.status, 422);
  assert.ok(fieldError(badEmail.text_, 'email'));

  const badRole = await createForm({ email: 'role.inconnu@demo.test', name: 'Rôle Inconnu', role: 'superuser', password: PASSWORD });
  assert.equal(badRole.status, 422);
  assert.ok(fieldError(badRole.text_, 'role'));

  const missing = await createForm({ email: '', name: '', role: 'member', password: '' });
  assert.equal(missing.status, 422);
  for (const f of ['email', 'name', 'password']) assert.ok(fieldError(missing.text_, f), f);

  assert.equal((await listJson()).pagination.total, before, 'nothing was created');
  for (const email of ['partenaire.seul@demo.test', 'court@demo.test', 'org.inconnue@demo.test']) {
    assert.equal((await new Client(s.base).login(email, PASSWORD)).status, 401, email);
  }
});

test('creating through JSON: 201, 422 with fields, 403 without the token', async () => {
  const tok = await admin.csrf('/admin/comptes/nouveau');
  const created = await createJson({ email: 'Json.Partner@demo.test', name: 'Partenaire JSON', role: 'partner', organization_id: orgId, password: PASSWORD }, tok);
  assert.deepEqual(Object.keys(created).sort(), ['email', 'id', 'role']);
  assert.equal(created.email, 'json.partner@demo.test');
  assert.equal(created.role, 'partner');
  assert.ok(Number.isInteger(created.id) && created.id > 0);
  const show = await admin.get(`/admin/comptes/${created.id}`, { headers: { Accept: 'application/json' } });
  assert.equal(json(show).account.organization_name, 'ACM Habitat');
  assert.equal((await new Client(s.base).login('json.partner@demo.test', PASSWORD)).headers.get('location'), '/partenaire');

  const post = (body, headers = {}) => admin.request('/admin/comptes', { method: 'POST', json: body, headers: { Accept: 'application/json', 'X-CSRF-Token': tok, ...headers } });
  const invalid = await post({ email: 'json.bad@demo.test', name: 'X', role: 'partner', password: 'court' });
  assert.equal(invalid.status, 422);
  assert.match(invalid.headers.get('content-type'), /^application\/json/);
  const err = json(invalid).error;
  assert.equal(err.code, 'invalid_input');
  assert.equal(typeof err.message, 'string');
  assert.match(err.fields.password, /au moins 12 caractères/);
  assert.ok(err.fields.name, 'name too short');

  const noOrg = await post({ email: 'json.noorg@demo.test', name: 'Sans Organisation', role: 'partner', password: PASSWORD });
  assert.equal(noOrg.status, 422);
  assert.match(json(noOrg).error.fields.organization_id, /organisation/);

  const dup = await post({ email: 'json.partner@demo.test', name: 'Doublon JSON', role: 'member', password: PASSWORD });
  assert.equal(dup.status, 422);
  assert.match(json(dup).error.fields.email, /existe déjà/);

  const noToken = await admin.request('/admin/comptes', { method: 'POST', json: { email: 'json.notoken@demo.test', name: 'Sans Jeton', role: 'member', password: PASSWORD }, headers: { Accept: 'application/json' } });
  assert.equal(noToken.status, 403);
  assert.equal(json(noToken).error.code, 'forbidden');
  const wrongToken = await post({ email: 'json.notoken@demo.test', name: 'Sans Jeton', role: 'member', password: PASSWORD }, { 'X-CSRF-Token': 'x'.repeat(43) });
  assert.equal(wrongToken.status, 403);
  assert.equal((await listJson('?q=json.notoken')).accounts.length, 0);
  assert.equal((await listJson('?q=json.noorg')).accounts.length, 0);
});

test('the accounts list and its filters', async () => {
  const all = await listJson();
  const emails = all.accounts.map((a) => a.email);
  for (const e of Object.values(ROLES)) assert.ok(emails.includes(e), e);

  const partners = await listJson('?role=partner');
  assert.ok(partners.accounts.length >= 1);
  assert.ok(partners.accounts.every((a) => a.role === 'partner'));
  assert.ok(partners.accounts.some((a) => a.email === ROLES.partner));
  assert.equal(partners.pagination.total, partners.accounts.length);
  const html = await admin.get('/admin/comptes?role=partner');
  assert.match(html.text_, /<option value="partner" selected>Partenaire<\/option>/);
  assert.match(html.text_, /partner@demo\.test/);
  assert.doesNotMatch(html.text_, /admin@demo\.test<\/td>/);
  assert.doesNotMatch(html.text_, /staff@demo\.test<\/td>/);

  // search by name or by address, without regard to case
  const byName = await listJson('?q=benali');
  assert.deepEqual(byName.accounts.map((a) => a.email), [ROLES.staff]);
  const byEmail = await listJson('?q=MEMBER%40demo');
  assert.ok(byEmail.accounts.some((a) => a.email === ROLES.member));
  assert.ok(byEmail.accounts.every((a) => a.email.includes('member@demo')), byEmail.accounts.map((a) => a.email).join());
  const nothing = await admin.get('/admin/comptes?q=personne-de-ce-nom');
  assert.match(nothing.text_, /Aucun compte ne correspond\./);
  assert.match(nothing.text_, /<input id="q" name="q" type="search" value="personne-de-ce-nom">/);
  // filters combine
  const both = await listJson('?role=staff&q=benali');
  assert.equal(both.accounts.length, 1);
  assert.equal((await listJson('?role=admin&q=benali')).accounts.length, 0);
  // an unknown role or state is ignored, not an error
  assert.equal((await listJson('?role=pirate')).pagination.total, all.pagination.total);

  // by state: disable one, see it under « désactivé » only
  const { id } = await createJson({ email: 'etat.filtre@demo.test', name: 'État Filtre', role: 'member', password: PASSWORD });
  assert.equal((await accountAction(id, '/desactiver')).status, 303);
  const disabled = await listJson('?etat=desactive');
  assert.ok(disabled.accounts.length >= 1);
  assert.ok(disabled.accounts.every((a) => a.disabled_at), 'only disabled accounts');
  assert.ok(disabled.accounts.some((a) => a.email === 'etat.filtre@demo.test'));
  const active = await listJson('?etat=actif');
  assert.ok(active.accounts.every((a) => !a.disabled_at));
  assert.ok(!active.accounts.some((a) => a.email === 'etat.filtre@demo.test'));
  assert.equal(active.pagination.total + disabled.pagination.total, (await listJson()).pagination.total);
  const disabledHtml = await admin.get('/admin/comptes?etat=desactive');
  assert.match(disabledHtml.text_, /État Filtre<\/a><\/td><td>etat\.filtre@demo\.test<\/td>.*<span class="badge badge-off">Désactivé<\/span>/);
  assert.doesNotMatch(disabledHtml.text_, /badge-on/);
  assert.equal((await accountAction(id, '/reactiver')).status, 303);
});

test('search text is literal: % and _ are not wildcards', async () => {
  const search = async (q) => (await listJson('?q=' + encodeURIComponent(q))).accounts;
  assert.ok((await search('')).length > 0);
  assert.equal((await search('%')).length, 0, 'a lone % matched every account');
  assert.equal((await search('_')).length, 0, 'a lone _ matched every account');
  assert.ok((await search('demo.test')).some((a) => a.email === 'admin@demo.test'));
  assert.equal((await journalJson('?acteur=%25')).total, 0);
});

test('pagination of the accounts list', async () => {
  const tok = await admin.csrf('/admin/comptes/nouveau');
  const create = (i) => createJson({ email: `lot${String(i).padStart(2, '0')}@demo.test`, name: `Lot Pagination ${String(i).padStart(2, '0')}`, role: 'member', password: PASSWORD }, tok);
  for (let i = 0; i < 30; i += 2) await Promise.all([create(i), create(i + 1)]);

  const p1 = await admin.get('/admin/comptes?q=Lot+Pagination');
  assert.equal(p1.status, 200);
  assert.match(p1.text_, /30 compte\(s\)/);
  assert.match(p1.text_, /Page 1 sur 2/);
  assert.equal((p1.text_.match(/>Lot Pagination \d\d<\/a>/g) ?? []).length, 25);
  assert.doesNotMatch(p1.text_, /rel="prev"/);
  const nextUrl = pageLink(p1.text_, 'next');
  assert.ok(nextUrl, 'a link to page 2');
  assert.match(nextUrl, /^\/admin\/comptes\?q=Lot(%20|\+)Pagination&page=2$/);

  const p2 = await admin.get(nextUrl);
  assert.equal(p2.status, 200);
  assert.match(p2.text_, /Page 2 sur 2/);
  const onP2 = p2.text_.match(/>Lot Pagination (\d\d)<\/a>/g) ?? [];
  assert.equal(onP2.length, 5);
  // sorted by name: page 2 holds the last five
  assert.deepEqual(onP2.map((x) => x.match(/\d\d/)[0]), ['25', '26', '27', '28', '29']);
  const prev = pageLink(p2.text_, 'prev');
  assert.ok(prev, 'a link back to page 1');
  assert.match(prev, /^\/admin\/comptes\?q=Lot(%20|\+)Pagination&page=1$/);
  assert.doesNotMatch(p2.text_, /rel="next"/);

  // without a filter too: more than 25 accounts, page 2 exists and links back
  const all2 = await admin.get('/admin/comptes?page=2');
  assert.equal(all2.status, 200);
  assert.equal(pageLink(all2.text_, 'prev'), '/admin/comptes?page=1');
  assert.match(all2.text_, /Page 2 sur \d+/);
  // a page out of range or not a number is answered, not an error
  assert.equal((await admin.get('/admin/comptes?page=999')).status, 200);
  assert.equal((await admin.get('/admin/comptes?page=abc')).status, 200);
  const j2 = await listJson('?q=Lot+Pagination&page=2');
  assert.equal(j2.pagination.page, 2);
  assert.equal(j2.pagination.pages, 2);
  assert.equal(j2.accounts.length, 5);
});

test('resetting a password closes the sessions; the new password works, the old one not', async () => {
  const { id } = await createJson({ email: 'reset@demo.test', name: 'Remise Àzéro', role: 'member', password: PASSWORD });
  const user = new Client(s.base);
  assert.equal((await user.login('reset@demo.test', PASSWORD)).status, 303);
  assert.equal((await user.get('/membre')).status, 200);

  const short = await accountAction(id, '/mot-de-passe', { password: 'trop-court' });
  assert.equal(short.status, 422);
  assert.match(fieldError(short.text_, 'password'), /au moins 12 caractères/);
  assert.equal((await user.get('/membre')).status, 200, 'a refused reset changes nothing');

  const newPw = 'nouveau-secret-administrateur';
  const res = await accountAction(id, '/mot-de-passe', { password: newPw });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/admin/comptes/${id}`);
  assert.match((await admin.get(`/admin/comptes/${id}`)).text_, /Mot de passe réinitialisé/);

  const after = await user.get('/membre');
  assert.equal(after.status, 302, 'the open session is closed');
  assert.match(after.headers.get('location'), /^\/connexion/);
  assert.equal((await new Client(s.base).login('reset@demo.test', PASSWORD)).status, 401);
  assert.equal((await new Client(s.base).login('reset@demo.test', newPw)).status, 303);
  // the administrator's own session is untouched
  assert.equal((await admin.get('/admin')).status, 200);

  const unknown = await admin.post('/admin/comptes/999999/mot-de-passe', { password: newPw }, { from: '/admin' });
  assert.equal(unknown.status, 404);
  assert.match(unknown.text_, /Ce compte n(&#39;|')existe pas/);
});

test('disabling an account closes its sessions and stops logins; re-enabling restores them', async () => {
  const { id } = await createJson({ email: 'desactive@demo.test', name: 'Désiré Activé', role: 'staff', password: PASSWORD });
  const user = new Client(s.base);
  assert.equal((await user.login('desactive@demo.test', PASSWORD)).status, 303);

  const noCsrf = await admin.post(`/admin/comptes/${id}/desactiver`, {}, { csrf: false });
  assert.equal(noCsrf.status, 403);
  assert.equal((await user.get('/equipe')).status, 200);

  const res = await accountAction(id, '/desactiver');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/admin/comptes/${id}`);
  const page = await admin.get(`/admin/comptes/${id}`);
  assert.match(page.text_, /Compte désactivé ; ses sessions ont été fermées\./);
  assert.match(page.text_, /Désactivé le \d\d\/\d\d\/\d{4}/);
  assert.match(page.text_, /action="\/admin\/comptes\/\d+\/reactiver"/);

  assert.equal((await user.get('/equipe')).status, 302, 'the session is closed');
  const login = await new Client(s.base).login('desactive@demo.test', PASSWORD);
  assert.equal(login.status, 401);
  assert.match(login.text_, /Adresse électronique ou mot de passe incorrect/);

  const again = await accountAction(id, '/reactiver');
  assert.equal(again.status, 303);
  assert.match((await admin.get(`/admin/comptes/${id}`)).text_, /<span class="badge badge-on">Actif<\/span>/);
  assert.equal((await new Client(s.base).login('desactive@demo.test', PASSWORD)).status, 303);

  assert.equal((await admin.post('/admin/comptes/999999/desactiver', {}, { from: '/admin' })).status, 404);
  assert.equal((await admin.post('/admin/comptes/abc/desactiver', {}, { from: '/admin' })).status, 404);
});

test('an administrator cannot disable their own account', async () => {
  const page = await admin.get(`/admin/comptes/${adminId}`);
  assert.match(page.text_, /C(&#39;|')est votre propre compte/);
  assert.doesNotMatch(page.text_, /\/desactiver"/);
  const res = await accountAction(adminId, '/desactiver');
  assert.equal(res.status, 403);
  assert.match(res.text_, /Vous ne pouvez ni désactiver votre propre compte|Vous ne pouvez pas désactiver votre propre compte/);
  assert.equal((await admin.get('/admin')).status, 200, 'still logged in');
  assert.equal((await listJson('?q=admin@demo.test')).accounts[0].disabled_at, null);
  // another administrator can
  const other = new Client(s.base);
  await createJson({ email: 'admin2@demo.test', name: 'Second Admin', role: 'admin', password: PASSWORD });
  assert.equal((await other.login('admin2@demo.test', PASSWORD)).status, 303);
  const { id } = await createJson({ email: 'cible@demo.test', name: 'Cible', role: 'member', password: PASSWORD });
  assert.equal((await other.post(`/admin/comptes/${id}/desactiver`, {}, { from: `/admin/comptes/${id}` })).status, 303);
});

test('editing an account: a new role closes its sessions; one\'s own role stays', async () => {
  const { id } = await createJson({ email: 'edition@demo.test', name: 'Avant Édition', role: 'member', password: PASSWORD });
  const user = new Client(s.base);
  assert.equal((await user.login('edition@demo.test', PASSWORD)).status, 303);

  const rename = await accountAction(id, '', { name: 'Après Édition', role: 'member', organization_id: '' });
  assert.equal(rename.status, 303);
  assert.match((await admin.get(`/admin/comptes/${id}`)).text_, /<h1>Après Édition<\/h1>/);
  assert.equal((await user.get('/membre')).status, 200, 'same role: the session stays');

  const noOrg = await accountAction(id, '', { name: 'Après Édition', role: 'partner', organization_id: '' });
  assert.equal(noOrg.status, 422);
  assert.match(fieldError(noOrg.text_, 'organization_id'), /organisation/);

  const promote = await accountAction(id, '', { name: 'Après Édition', role: 'staff', organization_id: '' });
  assert.equal(promote.status, 303);
  assert.equal((await user.get('/membre')).status, 302, 'a new role closes the session');
  const relog = await user.login('edition@demo.test', PASSWORD);
  assert.equal(relog.headers.get('location'), '/equipe');

  const self = await accountAction(adminId, '', { name: 'Julien Roux', role: 'member', organization_id: '' });
  assert.equal(self.status, 422);
  assert.ok(fieldError(self.text_, 'role'));
  assert.equal((await admin.get('/admin')).status, 200, 'still an administrator');
});

test('the audit log lists what was done, by whom', async () => {
  // make sure each kind of operation is there, done by the administrator
  const { id } = await createJson({ email: 'journal@demo.test', name: 'Journal Témoin', role: 'member', password: PASSWORD });
  assert.equal((await accountAction(id, '/mot-de-passe', { password: 'autre-secret-journal' })).status, 303);
  assert.equal((await accountAction(id, '/desactiver')).status, 303);
  assert.equal((await new Client(s.base).login(ROLES.admin)).status, 303);

  const page = await admin.get('/admin/journal');
  assert.equal(page.status, 200);
  const rows = [...page.text_.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g)];
  assert.ok(rows.length > 0);
  const seen = (label) => rows.some((r) => r[2] === ROLES.admin && r[3] === label);
  for (const label of ['Création de compte', 'Changement de mot de passe', 'Désactivation de compte', 'Connexion']) {
    assert.ok(seen(label), `${label} by ${ROLES.admin}`);
  }
  for (const r of rows) assert.match(r[1], /^\d\d\/\d\d\/\d{4} à \d{1,2} h \d\d$/);
  assert.match(page.text_, new RegExp(`<a href="/admin/comptes/${id}">compte n° ${id}</a>`));

  const j = await journalJson();
  const mine = j.entries.filter((e) => e.entity === 'account' && e.entity_id === id);
  assert.deepEqual(mine.map((e) => e.action), ['account.disable', 'account.password', 'account.create']);
  for (const e of mine) assert.equal(e.actor, ROLES.admin);
  assert.match(mine[2].summary, /journal@demo\.test/);
  // a login is recorded under the account that logged in
  assert.ok(j.entries.some((e) => e.action === 'session.login' && e.actor === ROLES.admin && e.entity_id === adminId));
});

test('audit log filters: action, actor, period; an invalid date is shown, not fatal', async () => {
  const all = await journalJson();
  assert.ok(all.total > 0);

  const disables = await journalJson('?action=account.disable');
  assert.ok(disables.entries.length >= 1);
  assert.ok(disables.entries.every((e) => e.action === 'account.disable'));
  assert.ok(disables.total < all.total);
  const html = await admin.get('/admin/journal?action=account.disable');
  assert.match(html.text_, /<option value="account.disable" selected>Désactivation de compte<\/option>/);
  assert.doesNotMatch(html.text_, /<td>Création de compte<\/td>/);
  assert.match(html.text_, /<td>Désactivation de compte<\/td>/);

  // actor: part of the address; others' operations are left out
  const byAdmin = await journalJson('?acteur=admin%40demo');
  assert.ok(byAdmin.entries.length >= 1);
  assert.ok(byAdmin.entries.every((e) => e.actor.includes('admin@demo')), byAdmin.entries.map((e) => e.actor).join());
  assert.ok(byAdmin.entries.some((e) => e.actor === ROLES.admin));
  assert.ok(byAdmin.total < all.total, 'the demo data and other users\' logins are not by admin');
  const adminWord = await journalJson('?acteur=admin');
  assert.ok(adminWord.entries.every((e) => /admin/.test(e.actor)));
  assert.ok(adminWord.entries.length >= 1);
  assert.match((await admin.get('/admin/journal?acteur=admin')).text_, /<input id="acteur" name="acteur" type="search" value="admin">/);
  const combined = await journalJson('?acteur=admin%40demo&action=session.login');
  assert.ok(combined.entries.length >= 1);
  assert.ok(combined.entries.every((e) => e.actor.includes('admin@demo') && e.action === 'session.login'));

  // period
  const wide = await journalJson('?du=2000-01-01&au=2999-12-31');
  assert.equal(wide.total, all.total);
  assert.equal((await journalJson('?du=2999-01-01')).total, 0);
  assert.equal((await journalJson('?au=2000-01-01')).total, 0);
  const empty = await admin.get('/admin/journal?du=2999-01-01');
  assert.match(empty.text_, /Aucune opération enregistrée\./);

  // an impossible date: a French message under the field, the filter ignored
  const bad = await admin.get('/admin/journal?du=2026-02-30');
  assert.equal(bad.status, 200);
  const msg = fieldError(bad.text_, 'du');
  assert.ok(msg, 'an error under « Du »');
  assert.match(msg, /date/i);
  assert.match(bad.text_, /id="du" name="du" type="date" value="2026-02-30" aria-invalid="true"/);
  assert.equal((await journalJson('?du=2026-02-30')).total, all.total);
  const badAu = await admin.get('/admin/journal?au=demain');
  assert.equal(badAu.status, 200);
  assert.ok(fieldError(badAu.text_, 'au'));
});

test('audit log pagination', async () => {
  // enough account creations for two pages of 50
  let creations = (await journalJson('?action=account.create')).total;
  const tok = await admin.csrf('/admin/comptes/nouveau');
  for (let i = 0; creations <= 60; i++, creations++) {
    await createJson({ email: `journal.lot${i}@demo.test`, name: `Journal Lot ${i}`, role: 'member', password: PASSWORD }, tok);
  }
  const p1 = await journalJson();
  assert.equal(p1.entries.length, 50);
  assert.equal(p1.pagination.page, 1);
  assert.ok(p1.pagination.pages >= 2);
  const p2 = await journalJson('?page=2');
  assert.equal(p2.pagination.page, 2);
  assert.equal(p2.entries.length, Math.min(50, p1.total - 50));
  // most recent first, no overlap between pages
  const ids = [...p1.entries, ...p2.entries].map((e) => e.id);
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i] < ids[i - 1], 'descending ids');

  const html1 = await admin.get('/admin/journal?action=account.create');
  const createTotal = (await journalJson('?action=account.create')).total;
  assert.ok(createTotal > 50, `${createTotal} creations`);
  const nextUrl = pageLink(html1.text_, 'next');
  assert.equal(nextUrl, '/admin/journal?action=account.create&page=2', 'filters kept in the page links');
  const html2 = await admin.get(nextUrl);
  assert.equal(html2.status, 200);
  assert.equal(pageLink(html2.text_, 'prev'), '/admin/journal?action=account.create&page=1');
  assert.doesNotMatch(html2.text_, /<td>Connexion<\/td>/);
});

test('only administrators reach these pages', async () => {
  const staff = new Client(s.base);
  await staff.login(ROLES.staff, DEMO_PASSWORD);
  for (const path of ['/admin/comptes', '/admin/comptes/nouveau', `/admin/comptes/${adminId}`, '/admin/journal']) {
    assert.equal((await staff.get(path)).status, 403, path);
  }
  const res = await staff.post(`/admin/comptes/${adminId}/mot-de-passe`, { password: 'prise-de-controle' }, { from: '/equipe' });
  assert.equal(res.status, 403);
  assert.equal((await new Client(s.base).login(ROLES.admin, 'prise-de-controle')).status, 401);
  const anon = await fetch(s.base + '/admin/journal', { redirect: 'manual' });
  assert.equal(anon.status, 302);
  assert.match(anon.headers.get('location'), /^\/connexion\?suite=/);
});

test('audit log dates are days in Paris, whatever the UTC date', async () => {
  // Operations at known times, written straight into the database (the sqlite3
  // command is one of the project's dependencies, see scripts/install-deps.sh).
  const sql = "INSERT INTO audit (at, actor, action, entity, summary) VALUES " +
    "('2026-03-09T23:30:00Z', 'horloge@demo.test', 'test.horloge', 'account', 'hiver-minuit-et-demie'), " +
    "('2026-03-09T22:59:59Z', 'horloge@demo.test', 'test.horloge', 'account', 'hiver-veille'), " +
    "('2026-07-14T22:30:00Z', 'horloge@demo.test', 'test.horloge', 'account', 'ete-minuit-et-demie'), " +
    "('2026-07-14T21:59:59Z', 'horloge@demo.test', 'test.horloge', 'account', 'ete-veille');";
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', s.db, sql], { encoding: 'utf8' });
  assert.equal(r.error, undefined, 'the sqlite3 command is needed (scripts/install-deps.sh)');
  assert.equal(r.status, 0, r.stderr);
  const found = async (q) => (await journalJson('?action=test.horloge&' + q)).entries.map((e) => e.summary).sort();
  // 2026-03-09 23:30 UTC is 10/03 at 0 h 30 in Paris (UTC+1)
  assert.deepEqual(await found('du=2026-03-10&au=2026-03-10'), ['hiver-minuit-et-demie']);
  assert.deepEqual(await found('du=2026-03-09&au=2026-03-09'), ['hiver-veille']);
  // 2026-07-14 22:30 UTC is 15/07 at 0 h 30 in Paris (UTC+2, summer time)
  assert.deepEqual(await found('du=2026-07-15&au=2026-07-15'), ['ete-minuit-et-demie']);
  assert.deepEqual(await found('au=2026-07-14&du=2026-07-01'), ['ete-veille']);
  assert.deepEqual(await found('du=2026-03-10&au=2026-07-14'), ['ete-veille', 'hiver-minuit-et-demie']);
  // and the page shows those times in Paris
  const page = await admin.get('/admin/journal?action=test.horloge&du=2026-07-15');
  assert.match(page.text_, /<td>15\/07\/2026 à 0 h 30<\/td><td>horloge@demo\.test<\/td>/);
});
