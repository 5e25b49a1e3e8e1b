// GET /signalements.geojson (src/modules/reports_geojson.c): an RFC 7946
// FeatureCollection of Points, reports with a point only, public fields
// only, filters (categorie, volet, secteur, etat, du/au in Paris days), the
// 5,000 limit said in foreign members, bad filters 400 in JSON, and the page
// cache (a second visit from the cache, a new report shown at once).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, stopClean, sql } from './lib.mjs';

let s;
const EMAIL = 'riverain.prive@exemple.fr';
const PROPS = ['ref', 'category', 'category_name', 'strand', 'status', 'status_label', 'state',
  'created_at', 'updated_at', 'url'];

async function geo(query = '') {
  const res = await fetch(`${s.base}/signalements.geojson${query}`);
  res.text_ = await res.text();
  return res;
}
const features = async (query) => {
  const res = await geo(query);
  assert.equal(res.status, 200, res.text_);
  return JSON.parse(res.text_).features;
};
const refs = async (query) => (await features(query)).map((f) => f.properties.ref).sort();

/** Inserts a report by SQL: ref, category code, sector slug (or null), lat/lon (or null), status, created_at. */
function insert(ref, code, slug, point, status, created) {
  const sector = slug ? `(SELECT id FROM sector WHERE slug = '${slug}')` : 'NULL';
  const [lat, lon] = point ?? ['NULL', 'NULL'];
  sql(s.db, `INSERT INTO report (ref, category_id, sector_id, lat, lon, address, description, status, source, reporter_email,
    reporter_name, created_at, updated_at) SELECT '${ref}', id, ${sector}, ${lat}, ${lon}, 'adresse', 'Description ${ref}', '${status}', 'web',
    '${EMAIL}', 'Nom Privé', '${created}', '${created}' FROM report_category WHERE code = '${code}'`);
}

before(async () => {
  s = await startServer({ demoReports: false });
  insert('S-2026-90001', 'proprete', 'grand-mail', [43.61, 3.82], 'routed', '2026-03-31T22:30:00Z'); // 1 April 00:30 in Paris
  insert('S-2026-90002', 'tags', 'grand-mail', [43.612, 3.821], 'resolved', '2026-03-31T21:30:00Z'); // 31 March 23:30 in Paris
  insert('S-2026-90003', 'nuisances_chantier', 'saint-paul', [43.60, 3.83], 'in_progress', '2026-04-15T10:00:00Z');
  insert('S-2026-90004', 'squat', 'saint-paul', [43.601, 3.831], 'closed', '2026-05-01T10:00:00Z');
  insert('S-2026-90005', 'proprete', 'grand-mail', null, 'new', '2026-04-02T10:00:00Z'); // no point: never on the map
  sql(s.db, `INSERT INTO report_event (report_id, at, actor_label, kind, internal_comment, is_public)
    SELECT id, '2026-04-03T00:00:00Z', 'Équipe', 'comment', 'NOTE-INTERNE', 0 FROM report WHERE ref = 'S-2026-90001'`);
});

after(async () => { await stopClean(s); });

test('an RFC 7946 FeatureCollection of Points, public fields only, reports with a point only', async () => {
  const res = await geo();
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/geo+json');
  const fc = JSON.parse(res.text_);
  assert.equal(fc.type, 'FeatureCollection');
  assert.equal(fc.limit, 5000);
  assert.equal(fc.truncated, false);
  assert.deepEqual(fc.features.map((f) => f.properties.ref), ['S-2026-90004', 'S-2026-90003', 'S-2026-90001', 'S-2026-90002'],
    'newest first, without the report that has no point');
  const f = fc.features.find((x) => x.properties.ref === 'S-2026-90001');
  assert.deepEqual(Object.keys(f), ['type', 'geometry', 'properties']);
  assert.equal(f.type, 'Feature');
  assert.deepEqual(f.geometry, { type: 'Point', coordinates: [3.82, 43.61] }, '[longitude, latitude]');
  assert.deepEqual(Object.keys(f.properties), PROPS);
  assert.deepEqual(f.properties, {
    ref: 'S-2026-90001', category: 'proprete', category_name: 'Propreté', strand: 'corrective',
    status: 'routed', status_label: f.properties.status_label, state: 'open', created_at: '2026-03-31T22:30:00Z',
    updated_at: '2026-03-31T22:30:00Z', url: '/signalements/S-2026-90001',
  });
  assert.ok(f.properties.status_label.length > 0 && f.properties.status_label !== 'routed');
  assert.equal(fc.features.find((x) => x.properties.ref === 'S-2026-90002').properties.state, 'closed');
  for (const secret of [EMAIL, 'Nom Privé', 'NOTE-INTERNE', 'Description S-2026']) assert.ok(!res.text_.includes(secret), secret);
});

test('filters: categorie, volet, secteur, etat, du and au in Paris days', async () => {
  assert.deepEqual(await refs('?categorie=proprete'), ['S-2026-90001']);
  assert.deepEqual(await refs('?volet=works'), ['S-2026-90003']);
  assert.deepEqual(await refs('?volet=watch'), ['S-2026-90004']);
  assert.deepEqual(await refs('?secteur=grand-mail'), ['S-2026-90001', 'S-2026-90002']);
  assert.deepEqual(await refs('?secteur=saint-paul&etat=ouverts'), ['S-2026-90003']);
  assert.deepEqual(await refs('?etat=fermes'), ['S-2026-90002', 'S-2026-90004']);
  assert.deepEqual(await refs('?etat=in_progress'), ['S-2026-90003']);
  assert.deepEqual(await refs('?du=2026-04-01&au=2026-04-30'), ['S-2026-90001', 'S-2026-90003'], '22:30 UTC on 31 March is 1 April in Paris');
  assert.deepEqual(await refs('?au=2026-03-31'), ['S-2026-90002']);
  assert.deepEqual(await refs('?secteur=grand-mail&du=2026-04-01&au=2026-04-30&categorie=proprete&volet=corrective'), ['S-2026-90001']);
  assert.deepEqual(await refs('?categorie=proprete&volet=works'), []);
});

test('a bad filter is a 400 in JSON naming the field', async () => {
  for (const [q, field] of [['?du=2026-02-30', 'du'], ['?au=hier', 'au'], ['?etat=ouvert', 'etat'], ['?volet=autre', 'volet'],
    ['?categorie=inconnue', 'categorie'], ['?secteur=nulle-part', 'secteur']]) {
    const res = await geo(q);
    assert.equal(res.status, 400, q);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.ok(JSON.parse(res.text_).error.fields[field], `${q}: ${res.text_}`);
  }
});

test('at most 5,000 features, and the collection says it was cut', async () => {
  sql(s.db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5001)
    INSERT INTO report (ref, category_id, lat, lon, description, status, source, created_at, updated_at)
    SELECT 'S-2025-' || printf('%05d', i), 1, 43.6, 3.8, 'masse', 'routed', 'web', '2025-06-01T00:00:00Z', '2025-06-01T00:00:00Z' FROM n`);
  const fc = JSON.parse((await geo('?au=2025-12-31')).text_);
  assert.equal(fc.features.length, 5000);
  assert.equal(fc.truncated, true);
  const all = JSON.parse((await geo('?du=2026-01-01')).text_);
  assert.equal(all.truncated, false);
});

test('from the page cache the second time; a new report is shown at once', async () => {
  const q = '?secteur=saint-paul&du=2026-04-01&au=2026-05-31';
  const a = await geo(q);
  const b = await geo(q);
  assert.equal(a.text_, b.text_);
  const lines = () => s.stderr().split('\n').filter((l) => l.includes(' GET /signalements.geojson '));
  for (let i = 0; i < 100 && !lines().some((l) => / cache$/.test(l)); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(lines().some((l) => / 200 \d+ .* cache$/.test(l)), lines().join('\n'));
  insert('S-2026-90006', 'squat', 'saint-paul', [43.6, 3.83], 'new', '2026-05-02T10:00:00Z');
  assert.ok((await refs(q)).includes('S-2026-90006'));
});

test('coordinates: 6 decimals, signs kept, [longitude, latitude]', async () => {
  insert('S-2027-00001', 'risque', null, [-21.1234567, -0.0000006], 'new', '2027-01-01T00:00:00Z');
  insert('S-2027-00002', 'risque', null, [45.5, 0.0000004], 'new', '2027-01-02T00:00:00Z');
  const [b, a] = await features('?du=2027-01-01&categorie=risque');
  assert.equal(a.properties.ref, 'S-2027-00001');
  assert.deepEqual(a.geometry.coordinates, [-0.000001, -21.123457]);
  assert.deepEqual(b.geometry.coordinates, [0, 45.5]);
  assert.match((await geo('?du=2027-01-01&categorie=risque')).text_, /"coordinates":\[-0\.000001,-21\.123457\]/);
});
