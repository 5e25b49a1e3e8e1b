// The partner directory: organisations and contacts (pages and JSON API),
// validation (French messages, nothing written), search (accents, case,
// prefixes), filters, sorting, pagination, interactions, deletion, roles,
// and the audit log (no personal data for contacts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ROLES, stopClean, json, sql } from './lib.mjs';

let s, staff, token;

before(async () => {
  s = await startServer();
  staff = new Client(s.base);
  assert.equal((await staff.login(ROLES.staff)).status, 303);
  token = await staff.csrf('/partenaires/nouveau');
});
after(async () => { await stopClean(s); });

const JSON_H = () => ({ Accept: 'application/json', 'X-CSRF-Token': token });

/** The organisations page as JSON. */
async function orgs(query = '') {
  const res = await staff.get('/partenaires' + query, { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200, res.text_);
  return json(res);
}
async function contacts(query = '') {
  const res = await staff.get('/contacts' + query, { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200, res.text_);
  return json(res);
}
const names = (v) => v.organizations.map((o) => o.name);
const count = (table) => Number(sql(s.db, `SELECT count(*) FROM ${table}`));
const fieldError = (html, field) => html.match(new RegExp(`<p class="field-error" id="${field}-error">([^<]*)</p>`))?.[1] ?? null;

test('partners and members are denied the directory; anonymous visitors are sent to log in', async () => {
  for (const role of ['partner', 'member']) {
    const c = new Client(s.base);
    await c.login(ROLES[role]);
    for (const path of ['/partenaires', '/contacts', '/partenaires/1', '/contacts/1', '/partenaires/export.csv', '/contacts.vcf', '/api/v1/organizations', '/api/v1/contacts']) {
      const res = await c.get(path);
      assert.equal(res.status, 403, `${role} ${path}`);
    }
    const res = await c.post('/partenaires', { name: 'Intrus', kind: 'other' }, { from: '/compte' });
    assert.equal(res.status, 403);
  }
  const anon = await new Client(s.base).get('/partenaires');
  assert.equal(anon.status, 302);
  assert.match(anon.headers.get('location'), /^\/connexion/);
});

test('the staff nav has a « Partenaires » link; the list shows organisations of every kind', async () => {
  const page = await staff.get('/partenaires');
  assert.match(page.text_, /<a href="\/partenaires">Partenaires<\/a>/);
  const v = await orgs();
  assert.ok(v.pagination.total >= 40, `only ${v.pagination.total} organisations`);
  const kinds = new Set();
  for (let p = 1; p <= v.pagination.pages; p++) for (const o of (await orgs(`?page=${p}`)).organizations) kinds.add(o.kind);
  assert.equal(kinds.size, 10, [...kinds].join());
  const c = await contacts();
  assert.ok(c.pagination.total >= 140, `only ${c.pagination.total} contacts`);
});

test('search is accent- and case-insensitive, on prefixes', async () => {
  assert.ok(names(await orgs('?q=mass')).includes('Association des habitants des Hauts de Massane'));
  assert.ok(names(await orgs('?q=MASSANE')).includes('Association des habitants des Hauts de Massane'));
  assert.ok(names(await orgs('?q=eleve')).includes("Fédération des parents d'élèves de la Mosson"));
  assert.ok(names(await orgs('?q=%C3%A9l%C3%A8ves')).includes("Fédération des parents d'élèves de la Mosson"));
  assert.ok(names(await orgs('?q=HERAU')).includes("Département de l'Hérault"));
  // several words: all required
  const both = names(await orgs('?q=parents+mos'));
  assert.deepEqual(both, ["Fédération des parents d'élèves de la Mosson"]);
  // FTS5 syntax typed by a user is only text
  for (const q of ['"', 'NEAR(a b)', 'mass*', 'a OR b', '-mass', '"mass" AND', '(((', '*', 'name:mass']) {
    const res = await staff.get('/partenaires?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } });
    assert.equal(res.status, 200, `${q}: ${res.text_.slice(0, 200)}`);
  }
  assert.ok(names(await orgs('?q=' + encodeURIComponent('mass*'))).includes('Association des habitants des Hauts de Massane'));
  // contacts are found by their organisation's name too
  const c = await contacts('?q=massane');
  assert.ok(c.contacts.length > 0);
  assert.ok(c.contacts.every((x) => /Massane/.test(x.organizations) || /massane/i.test(x.notes + x.email)), JSON.stringify(c.contacts[0]));
});

test('filters by kind, project and tag; sorting; pagination', async () => {
  const landlords = await orgs('?type=landlord');
  assert.ok(landlords.organizations.length >= 5);
  assert.ok(landlords.organizations.every((o) => o.kind === 'landlord'));
  const cev = await orgs('?projet=cevennes');
  assert.ok(cev.organizations.every((o) => o.projects.includes('Cévennes')));
  assert.ok(names(cev).includes('Conseil citoyen des Cévennes'));
  const tagged = await orgs('?etiquette=financeur');
  assert.ok(tagged.organizations.length > 0 && tagged.organizations.every((o) => o.tags.includes('financeur')));
  const bad = await orgs('?type=nimporte');
  assert.ok(bad.pagination.total >= 40, 'an unknown kind is ignored');
  // sort by name (default)
  const byName = names(await orgs('?per_page=100'));
  const sorted = [...byName].sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : 1);
  assert.deepEqual(byName.slice(0, 5), sorted.slice(0, 5));
  // sort by kind
  const byKind = (await orgs('?tri=type')).organizations.map((o) => o.kind);
  assert.deepEqual(byKind, [...byKind].sort());
  // sort by last interaction: newest first, then those without any
  const byLast = (await orgs('?tri=echange')).organizations.map((o) => o.last_interaction);
  const dated = byLast.filter(Boolean);
  assert.deepEqual(dated, [...dated].sort().reverse());
  assert.ok(byLast.indexOf(null) === -1 || byLast.slice(byLast.indexOf(null)).every((d) => d === null));
  // pagination: 25 a page, links keep the filters
  const p1 = await orgs();
  const p2 = await orgs('?page=2');
  assert.equal(p1.organizations.length, 25);
  assert.ok(p2.organizations.length > 0);
  assert.ok(!p2.organizations.some((o) => p1.organizations.find((x) => x.id === o.id)));
  const html = await staff.get('/partenaires?type=landlord&tri=nom');
  const link = html.text_.match(/href="(\/partenaires\/export\.csv[^"]*)"/)[1]
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');
  assert.equal(link, '/partenaires/export.csv?type=landlord&tri=nom');
  // contacts: filter by organisation kind and by organisation
  const cl = await contacts('?type=education');
  assert.ok(cl.contacts.length > 0);
  const acm = sql(s.db, "SELECT id FROM organization WHERE name = 'ACM Habitat'");
  const ofAcm = await contacts(`?organisation=${acm}`);
  assert.ok(ofAcm.contacts.length > 0 && ofAcm.contacts.every((c) => c.organizations.includes('ACM Habitat')));
  assert.equal(ofAcm.organization.name, 'ACM Habitat');
});

test('create an organisation through the form: tags created on the fly, projects, audit entry', async () => {
  const before = count('tag');
  const res = await staff.post('/partenaires', {
    name: 'Association Les Amis du Mail', kind: 'association', address: '3 place du Marché', postal_code: '34080',
    city: 'Montpellier', website: 'https://amis-du-mail.exemple.fr', email: 'Contact@Exemple.fr', phone: '+33 4 67 12 34 56',
    tags: 'convivialité, Concertation, convivialité', projects: 'mosson', notes: 'Fête de quartier en juin.',
  }, { from: '/partenaires/nouveau' });
  assert.equal(res.status, 303, res.text_.slice(0, 500));
  const id = Number(res.headers.get('location').match(/\/partenaires\/(\d+)$/)[1]);
  const page = await staff.get(`/partenaires/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /Organisation créée\./);
  assert.match(page.text_, /04 67 12 34 56/);
  assert.match(page.text_, /contact@exemple\.fr/);
  assert.equal(count('tag'), before + 1, 'one new tag (convivialité); « Concertation » is the existing tag');
  const got = json(await staff.get(`/api/v1/organizations/${id}`, { headers: { Accept: 'application/json' } }));
  assert.deepEqual(got.tags.map((t) => t.name).sort(), ['concertation', 'convivialité']);
  assert.deepEqual(got.projects.map((p) => p.slug), ['mosson']);
  // found by search at once (FTS kept in step by triggers)
  assert.ok(names(await orgs('?q=convivial')).includes('Association Les Amis du Mail'));
  assert.ok(names(await orgs('?q=fete')).includes('Association Les Amis du Mail'));
  const audit = sql(s.db, `SELECT action || '|' || summary FROM audit WHERE entity = 'organization' AND entity_id = ${id}`);
  assert.match(audit, /^organization\.create\|Association Les Amis du Mail/);
  // the audit log page shows a French label and a link
  const admin = new Client(s.base);
  await admin.login(ROLES.admin);
  const journal = await admin.get('/admin/journal?objet=organization');
  assert.match(journal.text_, /Création d(&#39;|')organisation/);
  assert.match(journal.text_, new RegExp(`href="/partenaires/${id}"`));
  // edit: rename, drop the tags
  const upd = await staff.post(`/partenaires/${id}`, { name: 'Les Amis du Mail', kind: 'association', tags: '' }, { from: `/partenaires/${id}/modifier` });
  assert.equal(upd.status, 303);
  assert.ok(names(await orgs('?q=amis')).includes('Les Amis du Mail'));
  assert.ok(!names(await orgs('?q=convivial')).includes('Les Amis du Mail'));
});

test('bad input: 422 with French messages next to the fields, nothing written', async () => {
  const orgsBefore = count('organization');
  const auditBefore = count('audit');
  const cases = [
    [{ name: 'x'.repeat(201), kind: 'association' }, 'name', /ne doit pas dépasser 200 caractères/],
    [{ name: 'Test', kind: 'pirate' }, 'kind', /./],
    [{ name: 'Test mail', kind: 'association', email: 'pas-une-adresse' }, 'email', /adresse/i],
    [{ name: 'Test tél', kind: 'association', phone: '12 34' }, 'phone', /numéro de téléphone/],
    [{ name: 'Test tél 2', kind: 'association', phone: '04 67 12 34 5a' }, 'phone', /numéro de téléphone/],
    [{ name: 'Test web', kind: 'association', website: 'javascript:alert(1)' }, 'website', /http:\/\/ ou https:\/\//],
    [{ name: 'Test web 2', kind: 'association', website: 'ftp://exemple.fr' }, 'website', /https:\/\//],
    [{ name: 'Test cp', kind: 'association', postal_code: '3408' }, 'postal_code', /5 chiffres/],
    [{ name: 'Test projet', kind: 'association', projects: 'atlantide' }, 'projects', /Projet inconnu/],
    [{ name: 'Test tags', kind: 'association', tags: 'x'.repeat(51) }, 'tags', /50 caractères/],
    [{ name: 'ACM Habitat', kind: 'landlord' }, 'name', /porte déjà ce nom/],
  ];
  for (const [fields, field, message] of cases) {
    const res = await staff.post('/partenaires', fields, { from: '/partenaires/nouveau' });
    assert.equal(res.status, 422, `${field}: ${res.status}`);
    const err = fieldError(res.text_, field);
    assert.ok(err, `no error shown for ${field}`);
    assert.match(err.replace(/&#39;/g, "'"), message);
    if (field !== 'projects') assert.match(res.text_, new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
    const j = await staff.request('/partenaires', { method: 'POST', headers: JSON_H(), json: fields });
    assert.equal(j.status, 422);
    assert.equal(json(j).error.code, 'invalid_input');
    assert.ok(json(j).error.fields[field], JSON.stringify(json(j)));
  }
  assert.equal(count('organization'), orgsBefore);
  assert.equal(count('audit'), auditBefore);
});

test('phone numbers: French formats and +33 normalised', async () => {
  const ok = { '04 67 12 34 56': '04 67 12 34 56', '0467123456': '04 67 12 34 56', '04.67.12.34.56': '04 67 12 34 56',
    '+33 4 67 12 34 56': '04 67 12 34 56', '+33 (0)6 12 34 56 78': '06 12 34 56 78', '0033612345678': '06 12 34 56 78',
    '+32 2 123 45 67': '+3221234567' };
  let k = 0;
  for (const [input, stored] of Object.entries(ok)) {
    const res = await staff.request('/api/v1/contacts', { method: 'POST', headers: JSON_H(), json: { last_name: `Téléphone ${k++}`, phone: input } });
    assert.equal(res.status, 201, `${input}: ${res.text_}`);
    assert.equal(json(res).phone, stored);
  }
  for (const bad of ['0067123456', '01 23', '+33 0 67 12 34 56', '06 12 34 56 78 90', 'appelez-moi']) {
    const res = await staff.request('/api/v1/contacts', { method: 'POST', headers: JSON_H(), json: { last_name: 'Mauvais', phone: bad } });
    assert.equal(res.status, 422, bad);
    assert.match(json(res).error.fields.phone, /téléphone/);
  }
});

test('contacts: several organisations with positions; residents need a legal basis and a consent date', async () => {
  const acm = sql(s.db, "SELECT id FROM organization WHERE name = 'ACM Habitat'");
  const cc = sql(s.db, "SELECT id FROM organization WHERE name = 'Conseil citoyen de la Mosson'");
  const auditBefore = count('audit');
  const contactsBefore = count('contact');
  // a resident without consent: refused
  let res = await staff.post('/contacts', { first_name: 'Inès', last_name: 'Habitante', is_resident: '1' }, { from: '/contacts/nouveau' });
  assert.equal(res.status, 422);
  assert.match(fieldError(res.text_, 'consent_basis'), /base légale/);
  assert.match(fieldError(res.text_, 'consent_at'), /date/);
  res = await staff.post('/contacts', { last_name: 'Futur', is_resident: '1', consent_basis: 'consent', consent_at: '2999-01-01' }, { from: '/contacts/nouveau' });
  assert.equal(res.status, 422);
  assert.match(fieldError(res.text_, 'consent_at'), /futur/);
  res = await staff.post('/contacts', { last_name: 'x'.repeat(101) }, { from: '/contacts/nouveau' });
  assert.equal(res.status, 422);
  res = await staff.post('/contacts', { last_name: 'Mauvais courriel', email: 'a@b' }, { from: '/contacts/nouveau' });
  assert.equal(res.status, 422);
  assert.ok(fieldError(res.text_, 'email'));
  res = await staff.post('/contacts', { last_name: 'Org inconnue', org_1: '999999' }, { from: '/contacts/nouveau' });
  assert.equal(res.status, 422);
  assert.equal(count('contact'), contactsBefore);
  assert.equal(count('audit'), auditBefore);

  res = await staff.post('/contacts', {
    first_name: 'Salomé', last_name: 'Benyahia', function: 'médiatrice', email: 'salome.benyahia@exemple.fr', phone: '06 39 98 77 66',
    org_1: acm, position_1: 'chargée de proximité', org_2: cc, position_2: 'invitée', tags: 'médiation',
  }, { from: '/contacts/nouveau' });
  assert.equal(res.status, 303, res.text_.slice(0, 400));
  const id = Number(res.headers.get('location').match(/\/contacts\/(\d+)$/)[1]);
  const page = await staff.get(`/contacts/${id}`);
  assert.match(page.text_, /ACM Habitat<\/a> \(chargée de proximité\)/);
  assert.match(page.text_, /Conseil citoyen de la Mosson<\/a> \(invitée\)/);
  const orgPage = await staff.get(`/partenaires/${acm}`);
  assert.match(orgPage.text_, /Salomé Benyahia<\/a><\/td><td>chargée de proximité/);
  // a resident with consent
  res = await staff.post('/contacts', { first_name: 'Yacine', last_name: 'Rivière', is_resident: 'on', consent_basis: 'consent', consent_at: '2026-10-01' }, { from: '/contacts/nouveau' });
  assert.equal(res.status, 303);
  const rid = Number(res.headers.get('location').match(/(\d+)$/)[1]);
  assert.equal(sql(s.db, `SELECT is_resident || consent_basis || consent_at FROM contact WHERE id = ${rid}`), '1consent2026-10-01');
  // the audit log holds no personal data
  const audit = sql(s.db, `SELECT summary FROM audit WHERE entity = 'contact' AND entity_id IN (${id}, ${rid})`);
  assert.doesNotMatch(audit, /Salomé|Benyahia|salome|Yacine|Rivière|06 39/);
  assert.match(audit, new RegExp(`contact n° ${id}`));
  // update: field names only
  res = await staff.post(`/contacts/${id}`, { first_name: 'Salomé', last_name: 'Benyahia-Roux', email: 'salome.benyahia@exemple.fr', org_1: acm, position_1: 'cheffe de secteur' }, { from: `/contacts/${id}/modifier` });
  assert.equal(res.status, 303);
  const upd = sql(s.db, `SELECT summary FROM audit WHERE action = 'contact.update' AND entity_id = ${id}`);
  assert.match(upd, /nom/);
  assert.doesNotMatch(upd, /Benyahia|Roux/);
  assert.equal(sql(s.db, `SELECT count(*) FROM membership WHERE contact_id = ${id}`), '1');
  // search by organisation name and new name
  const found = await contacts('?q=benyahia');
  assert.deepEqual(found.contacts.map((c) => c.id), [id]);
});

test('log an interaction on an organisation page: newest first, with its author', async () => {
  const acm = sql(s.db, "SELECT id FROM organization WHERE name = 'ACM Habitat'");
  let res = await staff.post(`/partenaires/${acm}/echanges`, { happened_on: '2026-11-02', kind: 'call', note: 'Appel sur la propreté des halls.' }, { from: `/partenaires/${acm}` });
  assert.equal(res.status, 303, res.text_.slice(0, 300));
  res = await staff.post(`/partenaires/${acm}/echanges`, { happened_on: '2026-11-20', kind: 'visit', note: 'Visite du bâtiment B.' }, { from: `/partenaires/${acm}` });
  assert.equal(res.status, 303);
  const page = await staff.get(`/partenaires/${acm}`);
  const iVisit = page.text_.indexOf('Visite du bâtiment B.');
  const iCall = page.text_.indexOf('Appel sur la propreté des halls.');
  assert.ok(iVisit > 0 && iCall > iVisit, 'newest first');
  assert.match(page.text_, /20\/11\/2026<\/strong> · Visite/);
  assert.match(page.text_, /noté par Nadia Benali/);
  assert.match(page.text_, /réunions/i);
  // bad input: the page again with the errors, nothing written
  const before = count('interaction');
  res = await staff.post(`/partenaires/${acm}/echanges`, { happened_on: '2026-02-30', kind: 'call' }, { from: `/partenaires/${acm}` });
  assert.equal(res.status, 422);
  assert.match(fieldError(res.text_, 'happened_on'), /n(&#39;|')existe pas/);
  res = await staff.post(`/partenaires/${acm}/echanges`, { happened_on: '2999-01-01', kind: 'call' }, { from: `/partenaires/${acm}` });
  assert.equal(res.status, 422);
  res = await staff.post(`/partenaires/${acm}/echanges`, { happened_on: '2026-01-01', kind: 'pigeon' }, { from: `/partenaires/${acm}` });
  assert.equal(res.status, 422);
  res = await staff.post(`/partenaires/${acm}/echanges`, { happened_on: '2026-01-01', kind: 'call', note: 'x'.repeat(5001) }, { from: `/partenaires/${acm}` });
  assert.equal(res.status, 422);
  assert.equal(count('interaction'), before);
  // on a contact page
  const cid = sql(s.db, `SELECT contact_id FROM membership WHERE organization_id = ${acm} LIMIT 1`);
  res = await staff.post(`/contacts/${cid}/echanges`, { happened_on: '2026-11-25', kind: 'email', organization_id: acm, note: 'Envoi du compte rendu.' }, { from: `/contacts/${cid}` });
  assert.equal(res.status, 303);
  const cpage = await staff.get(`/contacts/${cid}`);
  assert.match(cpage.text_, /Envoi du compte rendu\./);
  assert.match((await staff.get(`/partenaires/${acm}`)).text_, /Envoi du compte rendu\./);
});

test('delete: needs confirmation; refused while partner accounts are attached', async () => {
  const acm = sql(s.db, "SELECT id FROM organization WHERE name = 'ACM Habitat'");
  let res = await staff.post(`/partenaires/${acm}/supprimer`, { confirm: '1' }, { from: `/partenaires/${acm}` });
  assert.equal(res.status, 422);
  assert.match(res.text_, /comptes partenaires y sont rattachés/);
  assert.equal(sql(s.db, `SELECT count(*) FROM organization WHERE id = ${acm}`), '1');
  const created = await staff.request('/api/v1/organizations', { method: 'POST', headers: JSON_H(), json: { name: 'À supprimer', kind: 'other' } });
  assert.equal(created.status, 201);
  const id = json(created).id;
  res = await staff.post(`/partenaires/${id}/supprimer`, {}, { from: `/partenaires/${id}` });
  assert.equal(res.status, 422, 'no confirmation');
  res = await staff.post(`/partenaires/${id}/supprimer`, { confirm: '1' }, { from: `/partenaires/${id}` });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/partenaires');
  assert.equal((await staff.get(`/partenaires/${id}`)).status, 404);
  assert.equal(sql(s.db, `SELECT count(*) FROM organization_fts WHERE rowid = ${id}`), '0');
  assert.match(sql(s.db, `SELECT action FROM audit WHERE entity = 'organization' AND entity_id = ${id} ORDER BY id DESC LIMIT 1`), /organization\.delete/);
  // a contact
  const c = await staff.request('/api/v1/contacts', { method: 'POST', headers: JSON_H(), json: { last_name: 'Éphémère' } });
  const cid = json(c).id;
  await staff.post(`/contacts/${cid}/echanges`, { happened_on: '2026-11-01', kind: 'call' }, { from: `/contacts/${cid}` });
  res = await staff.post(`/contacts/${cid}/supprimer`, { confirm: '1' }, { from: `/contacts/${cid}` });
  assert.equal(res.status, 303);
  assert.equal(sql(s.db, `SELECT count(*) FROM contact_fts WHERE rowid = ${cid}`), '0');
  assert.equal(sql(s.db, `SELECT count(*) FROM interaction WHERE contact_id = ${cid}`), '0');
});

test('API: lists with total, page and per_page; get, create, update, delete', async () => {
  const h = { Accept: 'application/json' };
  let res = await staff.get('/api/v1/organizations?per_page=10&page=2&type=institution', { headers: h });
  assert.equal(res.status, 200);
  let body = json(res);
  assert.equal(body.page, 2);
  assert.equal(body.per_page, 10);
  assert.ok(body.total >= 8);
  assert.ok(body.items.every((o) => o.kind === 'institution'));
  res = await staff.get('/api/v1/organizations?q=eleve', { headers: h });
  assert.deepEqual(json(res).items.map((o) => o.name), ["Fédération des parents d'élèves de la Mosson"]);
  assert.equal(json(res).total, 1);
  assert.equal((await staff.get('/api/v1/organizations?per_page=1000', { headers: h })).status, 400);
  res = await staff.get('/api/v1/contacts?per_page=5', { headers: h });
  body = json(res);
  assert.equal(body.items.length, 5);
  assert.ok(body.total >= 140);
  // create, update, delete
  res = await staff.request('/api/v1/organizations', { method: 'POST', headers: JSON_H(), json: { name: 'Collectif API', kind: 'residents_group', projects: 'mosson,cevennes', tags: 'api' } });
  assert.equal(res.status, 201, res.text_);
  const org = json(res);
  assert.equal(res.headers.get('location'), `/api/v1/organizations/${org.id}`);
  assert.equal(org.projects.length, 2);
  res = await staff.request(`/api/v1/organizations/${org.id}`, { method: 'POST', headers: JSON_H(), json: { name: 'Collectif API renommé', kind: 'residents_group', email: 'bad' } });
  assert.equal(res.status, 422);
  res = await staff.request(`/api/v1/organizations/${org.id}`, { method: 'POST', headers: JSON_H(), json: { name: 'Collectif API renommé' } });
  assert.equal(res.status, 200);
  assert.equal(json(res).name, 'Collectif API renommé');
  assert.equal(json(res).kind, 'residents_group');
  assert.deepEqual(json(res).tags.map((t) => t.name), ['api'], 'a partial update keeps the tags');
  assert.equal(json(res).projects.length, 2);
  res = await staff.request(`/api/v1/organizations/${org.id}/supprimer`, { method: 'POST', headers: JSON_H(), json: {} });
  assert.equal(res.status, 422);
  res = await staff.request(`/api/v1/organizations/${org.id}/supprimer`, { method: 'POST', headers: JSON_H(), json: { confirm: true } });
  assert.equal(res.status, 204);
  assert.equal((await staff.get(`/api/v1/organizations/${org.id}`, { headers: h })).status, 404);
  res = await staff.request('/api/v1/contacts', { method: 'POST', headers: JSON_H(), json: { first_name: 'Api', last_name: 'Personne', org_1: 3, position_1: 'test' } });
  assert.equal(res.status, 201);
  const c = json(res);
  assert.equal(c.organizations[0].position, 'test');
  res = await staff.request(`/api/v1/contacts/${c.id}`, { method: 'POST', headers: JSON_H(), json: { function: 'testeuse' } });
  assert.equal(res.status, 200, res.text_);
  assert.equal(json(res).function, 'testeuse');
  assert.equal(json(res).first_name, 'Api', 'a partial update keeps the other fields');
  assert.equal(json(res).organizations[0].position, 'test', 'and the organisations');
  res = await staff.request(`/api/v1/contacts/${c.id}`, { method: 'POST', headers: JSON_H(), json: { org_1: '' } });
  assert.equal(json(res).organizations.length, 0, 'naming org_1 replaces the organisations');
  res = await staff.request(`/api/v1/contacts/${c.id}/supprimer`, { method: 'POST', headers: JSON_H(), json: { confirm: 1 } });
  assert.equal(res.status, 204);
  // partner denied the API
  const p = new Client(s.base);
  await p.login(ROLES.partner);
  assert.equal((await p.get('/api/v1/contacts', { headers: h })).status, 403);
});
