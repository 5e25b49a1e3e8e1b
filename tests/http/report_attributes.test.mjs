// The extra questions of a category (Open311 attributes), as every entry
// path checks them (report_attributes_read in src/modules/report_intake.c):
// each datatype's rule, required answers, list keys, several values of a
// multivaluelist, and what is stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, stopClean, cli, sql } from './lib.mjs';

let s, token;
before(async () => {
  s = await startServer({ demoReports: false });
  const t = cli(['token', 'create', 'staff@demo.test', '--name', 'questions', '--db', s.db]);
  assert.equal(t.status, 0, t.stderr);
  token = t.stdout.trim();
  // « Risque pour les personnes » gets one question of each remaining datatype
  sql(s.db, `INSERT INTO report_category_attribute (category_id, code, datatype, label, required, position)
    SELECT id, 'hauteur', 'number', 'Hauteur du trou (cm)', 1, 1 FROM report_category WHERE code = 'risque';
    INSERT INTO report_category_attribute (category_id, code, datatype, label, required, position)
    SELECT id, 'depuis', 'datetime', 'Depuis quand ?', 0, 2 FROM report_category WHERE code = 'risque';
    INSERT INTO report_category_attribute (category_id, code, datatype, label, required, position)
    SELECT id, 'details', 'text', 'Précisions', 0, 3 FROM report_category WHERE code = 'risque';`);
});
after(async () => { await stopClean(s); });

/** POST /api/v1/reports as staff, form-encoded (repeated names allowed). */
async function post(pairs) {
  const res = await fetch(s.base + '/api/v1/reports', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams(pairs).toString(),
  });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

const base = (category) => [['category', category], ['description', 'Un problème à régler vite'], ['address', 'Place du Marché']];
const stored = (ref) => sql(s.db, `SELECT group_concat(v.code || '=' || v.value, ';') FROM report_attribute_value v
  JOIN report r ON r.id = v.report_id WHERE r.ref = '${ref}' ORDER BY v.code`);

test('number, datetime and text answers: each refused with its French message, nothing written', async () => {
  const before = sql(s.db, 'SELECT count(*) FROM report');
  let r = await post([...base('risque'), ['attr_hauteur', 'profond'], ['attr_depuis', 'hier soir'], ['attr_details', 'x'.repeat(5001)]]);
  assert.equal(r.status, 422);
  assert.equal(r.body.error.fields.attr_hauteur, 'Indiquez un nombre.');
  assert.equal(r.body.error.fields.attr_depuis, 'Indiquez une date (AAAA-MM-JJ, avec l\'heure si besoin).');
  assert.equal(r.body.error.fields.attr_details, 'Cette réponse est trop longue.');
  r = await post(base('risque'));
  assert.equal(r.status, 422);
  assert.equal(r.body.error.fields.attr_hauteur, 'Répondez à la question « Hauteur du trou (cm) ».');
  for (const bad of ['1.2.3', '-', '12cm', '1,2,3'])
    assert.equal((await post([...base('risque'), ['attr_hauteur', bad]])).body.error.fields.attr_hauteur, 'Indiquez un nombre.', bad);
  for (const bad of ['2026-13', '29/11/2026', '2026-11-29T', '2026-11-29Tmidi'])
    assert.ok((await post([...base('risque'), ['attr_hauteur', '3'], ['attr_depuis', bad]])).body.error.fields.attr_depuis, bad);
  assert.equal(sql(s.db, 'SELECT count(*) FROM report'), before, 'nothing written');
});

test('valid answers are stored by code: decimals with a comma, date-times with a zone, long text', async () => {
  const r = await post([...base('risque'), ['attr_hauteur', '12,5'], ['attr_depuis', '2026-11-28T18:30+01:00'], ['attr_details', 'Le trou est signalé par un cône renversé.']]);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(stored(r.body.ref), 'depuis=2026-11-28T18:30+01:00;details=Le trou est signalé par un cône renversé.;hauteur=12,5');
  assert.deepEqual(r.body.attributes.map((a) => a.code), ['hauteur', 'depuis', 'details']);
  const date = await post([...base('risque'), ['attr_hauteur', '-3'], ['attr_depuis', '2026-11-28']]);
  assert.equal(date.status, 201);
  assert.equal(stored(date.body.ref), 'depuis=2026-11-28;hauteur=-3');
});

test('lists: a single value among the keys; several values of a multivaluelist, by name or name[]', async () => {
  let r = await post([...base('stationnement'), ['attr_vehicule', 'tracteur']]);
  assert.equal(r.status, 422);
  assert.equal(r.body.error.fields.attr_vehicule, 'Choisissez une des réponses proposées.');
  r = await post([...base('stationnement'), ['attr_vehicule', 'epave'], ['attr_vehicule', 'gene']]);
  assert.equal(r.status, 201);
  assert.equal(stored(r.body.ref), 'vehicule=epave', 'a single-value list keeps the first answer');
  r = await post([...base('nuisances_chantier'), ['attr_nuisance', 'bruit'], ['attr_nuisance[]', 'poussiere'], ['attr_nuisance', '']]);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(stored(r.body.ref), 'nuisance=bruit,poussiere');
  r = await post([...base('nuisances_chantier'), ['attr_nuisance', 'bruit'], ['attr_nuisance', 'fumee']]);
  assert.equal(r.status, 422);
  assert.equal(r.body.error.fields.attr_nuisance, 'Choisissez une des réponses proposées.');
});
