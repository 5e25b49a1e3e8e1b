// Projects, sectors and operations: the public project page (timeline by
// year, filters without JavaScript, map container), its two GeoJSON files,
// the staff pages with bad input (422, French messages, nothing written),
// deletions with confirmation, audit entries, and the JSON API with roles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ROLES, stopClean, json, sql } from './lib.mjs';

let s, staff, member, anon;

before(async () => {
  s = await startServer();
  staff = new Client(s.base);
  assert.equal((await staff.login(ROLES.staff)).status, 303);
  member = new Client(s.base);
  assert.equal((await member.login(ROLES.member)).status, 303);
  anon = new Client(s.base);
});
after(async () => { await stopClean(s); });

const count = (table, where = '1') => Number(sql(s.db, `SELECT count(*) FROM ${table} WHERE ${where}`));
const unescape = (t) => t.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
/** The titles of the operations listed on a project page. */
const titles = (html) => [...html.matchAll(/<li class="operation"[^>]*>\s*<h4>([^<]*)<\/h4>/g)].map((m) => unescape(m[1]));

/** Sends JSON to the API as `client` with its CSRF token. */
async function api(client, method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method === 'POST') headers['X-CSRF-Token'] = await client.csrf('/compte').catch(() => 'none');
  return client.request(path, { method, headers, json: body });
}

test('the public project page: presentation, sectors, a timeline by year, the map container', async () => {
  const res = await anon.get('/projets/mosson');
  assert.equal(res.status, 200);
  const html = unescape(res.text_);
  assert.match(html, /<h1>Projet Mosson<\/h1>/);
  for (const t of ["Démolition de la tour d'Assas", 'Démolition des immeubles Saturne', 'Réaménagement du parc du Rieutord', 'Nouveaux groupes scolaires']) {
    assert.ok(titles(html).includes(t), `${t} missing`);
  }
  assert.ok(!titles(html).includes('Création d\'un nouveau square'), 'an operation of Cévennes on the Mosson page');
  // grouped by year, in order
  const years = [...html.matchAll(/<h3 id="annee-(\d{4})">/g)].map((m) => Number(m[1]));
  assert.ok(years.length >= 3);
  assert.deepEqual(years, [...years].sort());
  // owner, phase, status, dates, source
  assert.match(html, /<dt>Maître d'ouvrage<\/dt><dd>ACM Habitat<\/dd>/);
  assert.match(html, /<dt>Phase<\/dt><dd>(Études|Travaux|Livré)<\/dd>/);
  assert.match(html, /class="badge status-in_progress">En cours</);
  assert.match(html, /de 2024 à 2027/);
  assert.match(html, /d'après les documents publics du projet/i);
  // the map: data attributes, Leaflet and our script, no inline script
  assert.match(html, /<div id="carte" class="map" data-sectors="\/projets\/mosson\/secteurs.geojson" data-operations="\/projets\/mosson\/operations.geojson" data-tiles="">/);
  assert.match(html, /<script src="\/static\/leaflet.js" defer><\/script>/);
  assert.match(html, /<script src="\/static\/leaflet.js" defer><\/script>\n<script src="\/static\/map_common.js" defer><\/script>\n<script src="\/static\/map.js" defer><\/script>/);
  assert.doesNotMatch(html, /<script>(?!<\/script>)/);
  // key figures are left empty rather than guessed
  assert.doesNotMatch(html, /Chiffres clés/);
  for (const f of ['/static/leaflet.js', '/static/leaflet.css', '/static/map_common.js', '/static/map.js']) {
    const r = await anon.get(f);
    assert.equal(r.status, 200, f);
  }
  assert.equal((await anon.get('/projets/nulle-part')).status, 404);
});

test('the timeline is filtered by sector and kind with plain GET parameters', async () => {
  const all = titles((await anon.get('/projets/mosson')).text_);
  const bySector = await anon.get('/projets/mosson?secteur=grand-mail');
  assert.equal(bySector.status, 200);
  const t1 = titles(bySector.text_);
  assert.ok(t1.length > 0 && t1.length < all.length);
  assert.ok(t1.includes('Réaménagement du parc du Rieutord'));
  assert.match(bySector.text_, /<option value="grand-mail" selected>/);
  const byKind = titles((await anon.get('/projets/mosson?type=demolition')).text_);
  assert.deepEqual(byKind.sort(), ["Démolition de la tour d'Assas", 'Démolition des immeubles Saturne'].sort());
  const both = titles((await anon.get('/projets/mosson?secteur=grand-mail&type=demolition')).text_);
  assert.deepEqual(both, []);
  assert.match((await anon.get('/projets/mosson?secteur=grand-mail&type=demolition')).text_, /Aucune opération ne correspond/);
  // unknown values are ignored, never an error
  const junk = await anon.get('/projets/mosson?secteur=%3Cscript%3E&type=nimporte');
  assert.equal(junk.status, 200);
  assert.equal(titles(junk.text_).length, all.length);
});

test('the GeoJSON of sectors and operations: RFC 7946 FeatureCollections', async () => {
  const sec = await anon.get('/projets/mosson/secteurs.geojson');
  assert.equal(sec.status, 200);
  assert.match(sec.headers.get('content-type'), /^application\/geo\+json/);
  const fc = json(sec);
  assert.equal(fc.type, 'FeatureCollection');
  assert.equal(fc.features.length, 4);
  for (const f of fc.features) {
    assert.equal(f.type, 'Feature');
    assert.ok(['Polygon', 'MultiPolygon'].includes(f.geometry.type));
    for (const ring of f.geometry.coordinates) {
      assert.ok(ring.length >= 4);
      assert.deepEqual(ring[0], ring[ring.length - 1]);
      for (const [lon, lat] of ring) {
        assert.ok(lon > 3.7 && lon < 3.9 && lat > 43.5 && lat < 43.7, `${lon},${lat}`);
      }
    }
    assert.deepEqual(Object.keys(f.properties).sort(), ['name', 'slug', 'summary']);
  }
  const ops = await anon.get('/projets/cevennes/operations.geojson');
  assert.equal(ops.status, 200);
  assert.match(ops.headers.get('content-type'), /^application\/geo\+json/);
  const o = json(ops);
  assert.equal(o.type, 'FeatureCollection');
  assert.ok(o.features.length >= 3);
  for (const f of o.features) {
    assert.equal(f.geometry.type, 'Point');
    const [lon, lat] = f.geometry.coordinates;
    assert.ok(lon > 3.8 && lon < 3.9 && lat > 43.5 && lat < 43.7);
    assert.ok(['demolition', 'rehabilitation', 'new_housing', 'public_space', 'facility'].includes(f.properties.kind));
    for (const k of ['id', 'title', 'kind', 'status', 'phase']) assert.ok(k in f.properties, k);
  }
  assert.equal((await anon.get('/projets/nulle-part/secteurs.geojson')).status, 404);
});

test('staff create a project: bad slug, duplicate slug and bad figures are refused with French messages', async () => {
  const before = count('project');
  const from = '/equipe/projets/nouveau';
  let res = await staff.post('/equipe/projets', { slug: 'Mauvais Slug', name: 'Essai', summary: 'Un résumé assez long.' }, { from });
  assert.equal(res.status, 422);
  assert.match(res.text_, /Utilisez de 2 à 60 lettres minuscules/);
  assert.match(res.text_, /id="slug"[^>]*aria-invalid="true"/);
  res = await staff.post('/equipe/projets', { slug: 'mosson', name: 'Essai', summary: 'Un résumé assez long.' }, { from });
  assert.equal(res.status, 422);
  assert.match(res.text_, /Un autre projet utilise déjà cet identifiant/);
  res = await staff.post('/equipe/projets', { slug: 'essai', name: 'Essai', summary: 'Un résumé assez long.', homes_built: '-3', budget_eur: 'beaucoup' }, { from });
  assert.equal(res.status, 422);
  assert.match(unescape(res.text_), /Logements construits/);
  assert.equal(count('project'), before, 'nothing written');

  res = await staff.post('/equipe/projets', { slug: 'essai', name: 'Projet essai', summary: 'Un résumé assez long.', description: '# Titre\n\n<script>alert(1)</script> **gras**', homes_built: '120', budget_eur: '1500000' }, { from });
  assert.equal(res.status, 303, res.text_.slice(0, 300));
  assert.equal(res.headers.get('location'), '/equipe/projets/essai');
  assert.equal(count('audit', "action = 'project.create'"), 1);
  const page = await anon.get('/projets/essai');
  assert.equal(page.status, 200);
  assert.match(page.text_, /Chiffres clés/);
  assert.match(page.text_, /<dd>120<\/dd>/);
  assert.match(page.text_, /<dd>1\u202F500\u202F000\u00A0€<\/dd>/);
  assert.match(page.text_, /<strong>gras<\/strong>/);
  assert.doesNotMatch(page.text_, /<script>alert/);
  // edit: the slug may change; the old address is gone
  res = await staff.post('/equipe/projets/essai', { slug: 'essai-2', name: 'Projet essai', summary: 'Un résumé modifié, assez long.' });
  assert.equal(res.status, 303);
  assert.equal((await anon.get('/projets/essai')).status, 404);
  assert.equal((await anon.get('/projets/essai-2')).status, 200);
  assert.equal(count('audit', "action = 'project.update'"), 1);
});

test('staff add a sector: invalid GeoJSON gives 422 with the French message and writes nothing', async () => {
  const from = '/equipe/projets/mosson/secteurs/nouveau';
  const before = count('sector');
  const bad = [
    ['{"type":"Polygon","coordinates":[[[3.8,43.6],[3.9,43.6],[3.9,43.7],[3.8,43.7]]]}', /fermé/],
    ['{"type":"Point","coordinates":[3.8,43.6]}', /Polygon ou MultiPolygon/],
    ['{"type":"Polygon","coordinates":[[[43.6,3.8],[43.6,93.8],[43.7,3.9],[43.6,3.8]]]}', /latitude/],
    ['{"type":"Polygon","coordinates":[[[3.8,43.6],[3.9,43.6],[3.8,43.6]]]}', /au moins 4 points/],
    ['pas du GeoJSON', /JSON mal formé/],
  ];
  for (const [geojson, message] of bad) {
    const res = await staff.post('/equipe/projets/mosson/secteurs', { slug: 'nouveau-secteur', name: 'Nouveau secteur', geojson }, { from });
    assert.equal(res.status, 422, geojson);
    assert.match(unescape(res.text_), message, geojson);
    assert.match(res.text_, /id="geojson"[^>]*aria-invalid="true"/);
  }
  // JSON clients get the field message too
  const tok = await staff.csrf(from);
  const j = await staff.request('/equipe/projets/mosson/secteurs', {
    method: 'POST', headers: { Accept: 'application/json', 'X-CSRF-Token': tok },
    json: { slug: 'nouveau-secteur', name: 'Nouveau secteur', geojson: '{"type":"Polygon","coordinates":[]}' },
  });
  assert.equal(j.status, 422);
  assert.equal(json(j).error.code, 'invalid_input');
  assert.match(json(j).error.fields.geojson, /au moins un contour/);
  assert.equal(count('sector'), before, 'nothing written');

  const ring = '[[3.83,43.61],[3.84,43.61],[3.84,43.62],[3.83,43.61]]';
  let res = await staff.post('/equipe/projets/mosson/secteurs', { slug: 'nouveau-secteur', name: 'Nouveau secteur', geojson: `{"type":"Feature","properties":{"x":1},"geometry":{"type":"Polygon","coordinates":[${ring}]}}` }, { from });
  assert.equal(res.status, 303);
  assert.equal(sql(s.db, "SELECT geojson FROM sector WHERE slug = 'nouveau-secteur'"), `{"type":"Polygon","coordinates":[${ring}]}`);
  res = await staff.post('/equipe/projets/mosson/secteurs', { slug: 'nouveau-secteur', name: 'Doublon' }, { from });
  assert.equal(res.status, 422);
  assert.match(res.text_, /Un autre secteur du projet utilise déjà cet identifiant/);
  const fc = json(await anon.get('/projets/mosson/secteurs.geojson'));
  assert.ok(fc.features.some((f) => f.properties.slug === 'nouveau-secteur'));
  // deletion needs the confirmation
  const path = '/equipe/projets/mosson/secteurs/nouveau-secteur/supprimer';
  res = await staff.post(path, {}, { from: '/equipe/projets/mosson/secteurs/nouveau-secteur' });
  assert.equal(res.status, 422);
  assert.match(res.text_, /Cochez la case pour confirmer la suppression/);
  assert.equal(count('sector', "slug = 'nouveau-secteur'"), 1);
  res = await staff.post(path, { confirm: '1' }, { from: '/equipe/projets/mosson/secteurs/nouveau-secteur' });
  assert.equal(res.status, 303);
  assert.equal(count('sector', "slug = 'nouveau-secteur'"), 0);
  assert.equal(count('audit', "action IN ('sector.create', 'sector.delete')"), 2);
});

test('staff create, edit and delete an operation; every field is checked', async () => {
  const from = '/equipe/projets/cevennes/operations/nouvelle';
  const form = await staff.get(from);
  assert.equal(form.status, 200);
  const owner = Number(form.text_.match(/<option value="(\d+)">ACM Habitat<\/option>/)[1]);
  const sector = Number(sql(s.db, "SELECT id FROM sector WHERE slug = 'square-et-parc'"));
  const otherSector = Number(sql(s.db, "SELECT id FROM sector WHERE slug = 'grand-mail'"));
  const good = { title: 'Résidentialisation du bâtiment A', kind: 'rehabilitation', phase: 'works', status: 'in_progress', start_date: '2025-03', end_date: '2026', owner_org_id: String(owner), sector_id: String(sector), coords: '43.6070, 3.8450', source: 'Réunion publique' };
  const before = count('operation');
  const cases = [
    [{ start_date: '2025-13' }, 'start_date', /AAAA-MM/],
    [{ start_date: '25/03/2025' }, 'start_date', /AAAA-MM/],
    [{ end_date: '2025-02-30' }, 'end_date', /AAAA-MM/],
    [{ start_date: '2026-05', end_date: '2025-12' }, 'end_date', /La fin ne peut pas précéder le début/],
    [{ kind: 'piscine' }, 'kind', /Type d'opération/],
    [{ status: '' }, 'status', /État d'avancement/],
    [{ title: '' }, 'title', /Intitulé/],
    [{ title: 'x'.repeat(201) }, 'title', /200/],
    [{ coords: '95, 3.8' }, 'coords', /./],
    [{ owner_org_id: '999999' }, 'owner_org_id', /Cette organisation n'existe pas/],
    [{ sector_id: String(otherSector) }, 'sector_id', /Ce secteur n'appartient pas au projet/],
  ];
  for (const [change, field, message] of cases) {
    const res = await staff.post('/equipe/projets/cevennes/operations', { ...good, ...change }, { from });
    assert.equal(res.status, 422, JSON.stringify(change));
    assert.match(unescape(res.text_), new RegExp(`id="${field}-error">[^<]*`), JSON.stringify(change));
    assert.match(unescape(res.text_.match(new RegExp(`id="${field}-error">([^<]*)`))[1]), message, JSON.stringify(change));
  }
  assert.equal(count('operation'), before, 'nothing written');

  let res = await staff.post('/equipe/projets/cevennes/operations', good, { from });
  assert.equal(res.status, 303);
  const loc = res.headers.get('location');
  const id = Number(loc.match(/^\/equipe\/operations\/(\d+)$/)[1]);
  assert.equal(sql(s.db, `SELECT lat || ',' || lon || ',' || start_date || ',' || end_date FROM operation WHERE id = ${id}`), '43.607,3.845,2025-03,2026');
  let page = unescape((await anon.get('/projets/cevennes')).text_);
  assert.ok(titles(page).includes('Résidentialisation du bâtiment A'));
  assert.match(page, /de mars 2025 à 2026/);
  const pts = json(await anon.get('/projets/cevennes/operations.geojson'));
  assert.ok(pts.features.some((f) => f.properties.id === id && f.properties.owner === 'ACM Habitat'));

  res = await staff.post(loc, { ...good, status: 'delayed', coords: '' });
  assert.equal(res.status, 303);
  assert.equal(sql(s.db, `SELECT status || ',' || ifnull(lat, 'none') FROM operation WHERE id = ${id}`), 'delayed,none');
  page = (await anon.get('/projets/cevennes')).text_;
  assert.match(page, /status-delayed">Retardée/);

  res = await staff.post(`${loc}/supprimer`, {}, { from: loc });
  assert.equal(res.status, 422);
  assert.equal(count('operation', `id = ${id}`), 1);
  res = await staff.post(`${loc}/supprimer`, { confirm: '1' }, { from: loc });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/equipe/projets/cevennes');
  assert.equal(count('operation', `id = ${id}`), 0);
  assert.equal(count('audit', `entity = 'operation' AND entity_id = ${id}`), 3);
  const journal = await new Client(s.base);
  assert.equal((await journal.login(ROLES.admin)).status, 303);
  assert.match((await journal.get('/admin/journal?objet=operation')).text_, /Création d(&#39;|')opération/);
});

test('the staff home links to the projects; partners and members are refused', async () => {
  assert.match((await staff.get('/equipe')).text_, /href="\/equipe\/projets"/);
  const list = await staff.get('/equipe/projets');
  assert.equal(list.status, 200);
  assert.match(list.text_, /href="\/equipe\/projets\/mosson"/);
  assert.equal((await member.get('/equipe/projets/mosson')).status, 403);
  assert.equal((await anon.get('/equipe/projets')).status, 302);
});

test('API: projects list, get, create, update, delete, with roles', async () => {
  let res = await anon.get('/api/v1/projects?per_page=1');
  assert.equal(res.status, 200);
  let body = json(res);
  assert.ok(body.total >= 2);
  assert.equal(body.items.length, 1);
  assert.equal(body.per_page, 1);
  res = await anon.get('/api/v1/projects?q=c%C3%A9venn');
  body = json(res);
  assert.equal(body.total, 1);
  assert.equal(body.items[0].slug, 'cevennes');
  assert.ok(body.items[0].sectors.length >= 2);
  assert.equal((await anon.get('/api/v1/projects?per_page=1000')).status, 400);
  res = await anon.get('/api/v1/projects/mosson');
  assert.equal(res.status, 200);
  assert.equal(json(res).slug, 'mosson');
  assert.equal((await anon.get('/api/v1/projects/nulle-part')).status, 404);

  const project = { slug: 'api-essai', name: 'Projet API', summary: 'Un projet créé par l’API.', homes_built: 40 };
  assert.equal((await anon.request('/api/v1/projects', { method: 'POST', json: project })).status, 401);
  res = await api(member, 'POST', '/api/v1/projects', project);
  assert.equal(res.status, 403);
  res = await api(staff, 'POST', '/api/v1/projects', { ...project, slug: 'Pas Bon' });
  assert.equal(res.status, 422);
  assert.equal(json(res).error.code, 'invalid_input');
  assert.match(json(res).error.fields.slug, /lettres minuscules/);
  res = await api(staff, 'POST', '/api/v1/projects', project);
  assert.equal(res.status, 201, res.text_);
  assert.equal(res.headers.get('location'), '/api/v1/projects/api-essai');
  assert.equal(json(res).homes_built, 40);
  // an update sends only what changes; an empty string clears an optional field
  res = await api(staff, 'POST', '/api/v1/projects/api-essai', { name: 'Projet API modifié', homes_demolished: 12, homes_built: '' });
  assert.equal(res.status, 200);
  assert.equal(json(res).name, 'Projet API modifié');
  assert.equal(json(res).summary, project.summary);
  assert.equal(json(res).homes_demolished, 12);
  assert.equal(json(res).homes_built, null);
  res = await api(staff, 'POST', '/api/v1/projects/api-essai', { summary: 'court' });
  assert.equal(res.status, 422);
  assert.ok(json(res).error.fields.summary);
  res = await api(staff, 'POST', '/api/v1/projects/api-essai/supprimer', {});
  assert.equal(res.status, 422);
  assert.ok(json(res).error.fields.confirm);
  res = await api(member, 'POST', '/api/v1/projects/api-essai/supprimer', { confirm: true });
  assert.equal(res.status, 403);
  res = await api(staff, 'POST', '/api/v1/projects/api-essai/supprimer', { confirm: true });
  assert.equal(res.status, 204);
  assert.equal((await anon.get('/api/v1/projects/api-essai')).status, 404);
  assert.equal(count('audit', "action LIKE 'project.%' AND summary LIKE '%api-essai%'"), 3);
});

test('API: operations of a project, with the same validation as the pages', async () => {
  let res = await anon.get('/api/v1/projects/mosson/operations?kind=demolition');
  assert.equal(res.status, 200);
  let body = json(res);
  assert.equal(body.total, 2);
  for (const o of body.items) {
    assert.equal(o.kind, 'demolition');
    assert.equal(o.project, 'mosson');
    assert.equal(o.kind_label, 'Démolition');
  }
  res = await anon.get('/api/v1/projects/mosson/operations?per_page=2&page=2');
  assert.equal(json(res).items.length, 2);
  const op = { title: 'Opération par l’API', kind: 'facility', phase: 'studies', status: 'planned', start_date: '2027-09', sector: 'ignored' };
  assert.equal((await api(member, 'POST', '/api/v1/projects/mosson/operations', op)).status, 403);
  res = await api(staff, 'POST', '/api/v1/projects/mosson/operations', { ...op, start_date: '2027-9' });
  assert.equal(res.status, 422);
  assert.match(json(res).error.fields.start_date, /AAAA-MM/);
  res = await api(staff, 'POST', '/api/v1/projects/mosson/operations', { ...op, coords: '43.614,3.821' });
  assert.equal(res.status, 201, res.text_);
  const created = json(res);
  assert.equal(created.lat, 43.614);
  const id = created.id;
  assert.equal(res.headers.get('location'), `/api/v1/operations/${id}`);
  res = await anon.get(`/api/v1/operations/${id}`);
  assert.equal(res.status, 200);
  assert.equal(json(res).title, 'Opération par l’API');
  res = await api(staff, 'POST', `/api/v1/operations/${id}`, { status: 'done', phase: 'delivered' });
  assert.equal(res.status, 200);
  assert.equal(json(res).status_label, 'Terminée');
  assert.equal(json(res).title, 'Opération par l’API');
  assert.equal(json(res).lat, 43.614);
  assert.equal(json(res).start_date, '2027-09');
  res = await api(staff, 'POST', `/api/v1/operations/${id}`, { end_date: '2020' });
  assert.equal(res.status, 422);
  assert.match(json(res).error.fields.end_date, /précéder/);
  res = await api(staff, 'POST', `/api/v1/operations/${id}/supprimer`, { confirm: true });
  assert.equal(res.status, 204);
  assert.equal((await anon.get(`/api/v1/operations/${id}`)).status, 404);
  assert.equal((await api(staff, 'POST', `/api/v1/operations/${id}`, op)).status, 404);
  assert.equal(count('audit', `entity = 'operation' AND entity_id = ${id}`), 3);
  // ids are never reused: the audit entries keep pointing at the right record
  const again = await api(staff, 'POST', '/api/v1/projects/mosson/operations', op);
  assert.ok(json(again).id > id);
});
