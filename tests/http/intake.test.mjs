// Entering and following reports: /signaler (two steps, errors, honeypot,
// rate limit, photos checked by their bytes and stripped of their metadata),
// the private follow-up page /suivi/{token} (reopen, unsubscribe), the public
// list and page, the back office's quick entry and a walk's findings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { Client, ROLES, sql, startServer, stopClean } from './lib.mjs';

const FIX = new URL('../fixtures/', import.meta.url).pathname;
const fixture = (name) => readFileSync(FIX + name);
const TYPES = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
const photo = (name, data = fixture(name)) => ({ name, data, type: TYPES[name.split('.').pop()] });

/** POSTs a multipart form (fields, then photo parts) with a CSRF token read from `from`. */
async function submit(c, fields, files = [], { path = '/signaler', from } = {}) {
  const csrf = await c.csrf(from ?? `/signaler?categorie=${fields.category ?? 'proprete'}`);
  const fd = new FormData();
  fd.append('csrf', csrf);
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) fd.append(k, x);
  for (const f of files) fd.append('photo', new Blob([f.data], { type: f.type }), f.name);
  return c.request(path, { method: 'POST', body: fd });
}

const GOOD = { category: 'proprete', description: 'Sacs poubelles éventrés devant le hall', address: 'Devant le 12 rue de Saturne' };
const has = (buf, s) => buf.includes(Buffer.from(s, 'latin1'));

let s;
const anon = () => new Client(s.base);

before(async () => { s = await startServer({ demoReports: false, args: ['--intake-limit', '1000'] }); });
after(async () => { await stopClean(s); });

describe('public form /signaler', () => {
  test('step 1 lists the categories by strand as links; step 2 is the form', async () => {
    const c = anon();
    const one = await c.get('/signaler');
    assert.equal(one.status, 200);
    assert.match(one.text_, /<h2 id="volet-corrective">Volet correctif<\/h2>/);
    assert.match(one.text_, /href="\/signaler\?categorie=ascenseur"/);
    assert.match(one.text_, /href="\/signaler\?categorie=nuisances_chantier"/);
    assert.doesNotMatch(one.text_, /name="description"/);
    const two = await c.get('/signaler?categorie=stationnement');
    assert.equal(two.status, 200);
    for (const re of [/name="description"/, /name="coords"/, /name="address"/, /name="sector_id"/, /name="email"/,
      /name="notify"/, /name="attr_vehicule"/, /<input id="photo" name="photo" type="file" accept="image\/jpeg,image\/png,image\/webp" multiple/,
      /enctype="multipart\/form-data"/, /Ne pas remplir ce champ/, /id="site_web" name="site_web" type="text" tabindex="-1" autocomplete="off"/,
      /effacé au plus tard 90 jours/, /data-sectors="\/projets\/mosson\/secteurs.geojson \/projets\/cevennes\/secteurs.geojson"/,
      /Utiliser ma position/, /<script src="\/static\/intake.js" defer>/]) assert.match(two.text_, re);
    // the public header links to it
    assert.match((await c.get('/')).text_, /<a href="\/signaler">Signaler un problème<\/a>/);
  });

  test('errors: 422, each field marked with its French message, typed values kept, nothing written', async () => {
    const before_ = sql(s.db, 'SELECT count(*) FROM report');
    const res = await submit(anon(), { category: 'stationnement', description: 'court', coords: '91,3', email: 'pas-un-courriel', notify: '1', address: 'Près du <b>tram</b>' });
    assert.equal(res.status, 422);
    assert.match(res.text_, /id="description"[^>]*aria-invalid="true" aria-describedby="description-error"/);
    assert.match(res.text_, /<p class="field-error" id="description-error">[^<]*10 caract/);
    assert.match(res.text_, /aria-describedby="coords-error"/);
    assert.match(res.text_, /aria-describedby="email-error"/);
    assert.match(res.text_, /<p class="field-error" id="attr_vehicule-error">Répondez à la question/);
    assert.match(res.text_, /<textarea id="description"[^>]*>court<\/textarea>/);
    assert.match(res.text_, /value="Près du &lt;b&gt;tram&lt;\/b&gt;"/);
    assert.equal(sql(s.db, 'SELECT count(*) FROM report'), before_);
    // no place at all
    const nowhere = await submit(anon(), { category: 'proprete', description: 'Un problème sans lieu indiqué' });
    assert.equal(nowhere.status, 422);
    assert.match(nowhere.text_, /id="address-error">Indiquez le lieu/);
  });

  test('success: 303 to the private follow-up page, flash with the reference', async () => {
    const c = anon();
    const res = await submit(c, { ...GOOD, coords: '43.6205,3.8190', email: 'habitante@exemple.fr', notify: '1' });
    assert.equal(res.status, 303, res.text_.slice(0, 500));
    const loc = res.headers.get('location');
    assert.match(loc, /^\/suivi\/[A-Za-z0-9_-]{43}$/);
    const page = await c.get(loc);
    assert.equal(page.status, 200);
    const ref = sql(s.db, 'SELECT ref FROM report ORDER BY id DESC LIMIT 1');
    assert.match(page.text_, new RegExp(`enregistré sous la référence ${ref}`));
    assert.match(page.text_, /Gardez l&#39;adresse de cette page/);
    assert.equal(sql(s.db, `SELECT source || '|' || notify || '|' || reporter_email FROM report WHERE ref = '${ref}'`), 'web|1|habitante@exemple.fr');
  });

  test('honeypot filled: refused with a French message, nothing written', async () => {
    const n = sql(s.db, 'SELECT count(*) FROM report');
    const res = await submit(anon(), { ...GOOD, site_web: 'http://spam.example' });
    assert.equal(res.status, 422);
    assert.match(res.text_, /le champ « Ne pas remplir ce champ » a été rempli/);
    assert.equal(sql(s.db, 'SELECT count(*) FROM report'), n);
  });

  test('a write that fails answers 500, writes nothing and leaks nothing (checked when the server stops)', async () => {
    const n = sql(s.db, 'SELECT count(*) FROM report');
    sql(s.db, "CREATE TRIGGER test_fail_event BEFORE INSERT ON report_event BEGIN SELECT RAISE(ABORT, 'test'); END");
    try {
      const res = await submit(anon(), GOOD);
      assert.equal(res.status, 500);
    } finally {
      sql(s.db, 'DROP TRIGGER test_fail_event');
    }
    assert.equal(sql(s.db, 'SELECT count(*) FROM report'), n);
  });
});

describe('photos', () => {
  test('JPEG with EXIF GPS: stored and served without GPS, Orientation kept', async () => {
    const c = anon();
    const res = await submit(c, GOOD, [photo('gps.jpg')]);
    assert.equal(res.status, 303, res.text_.slice(0, 400));
    const id = sql(s.db, 'SELECT max(upload_id) FROM report_photo');
    const stored = Buffer.from(sql(s.db, `SELECT hex(data) FROM upload WHERE id = ${id}`), 'hex');
    const original = fixture('gps.jpg');
    assert.ok(has(original, 'QUARTIER-SECRET-CAMERA') && has(original, '\x25\x88'), 'the fixture has its metadata');
    for (const b of [stored]) {
      assert.ok(!has(b, 'QUARTIER-SECRET'), 'no Exif text, XMP or comment');
      assert.ok(!has(b, '\x25\x88') && !has(b, '\x88\x25'), 'no GPS IFD');
      assert.ok(has(b, 'Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06'), 'Orientation 6 kept');
    }
    const served = await fetch(`${s.base}/photos/${id}`);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/jpeg');
    const body = Buffer.from(await served.arrayBuffer());
    assert.deepEqual(body, stored);
    const sha = sql(s.db, `SELECT sha256 FROM upload WHERE id = ${id}`);
    assert.equal(served.headers.get('etag'), `"${sha}"`);
    // cached, but checked again each time (304): a photo hidden later must stop being shown
    assert.equal(served.headers.get('cache-control'), 'public, no-cache');
    const again = await fetch(`${s.base}/photos/${id}`, { headers: { 'If-None-Match': `"${sha}"` } });
    assert.equal(again.status, 304);
    assert.equal(sql(s.db, `SELECT content_type || ' ' || width || 'x' || height || ' ' || size FROM upload WHERE id = ${id}`), `image/jpeg 1x1 ${stored.length}`);
  });

  test('PNG and WebP accepted, text and EXIF chunks stripped', async () => {
    const res = await submit(anon(), GOOD, [photo('text.png'), photo('exif.webp')]);
    assert.equal(res.status, 303, res.text_.slice(0, 400));
    const rows = sql(s.db, 'SELECT u.content_type || \'|\' || hex(u.data) FROM report_photo p JOIN upload u ON u.id = p.upload_id WHERE p.report_id = (SELECT max(id) FROM report) ORDER BY p.position').split('\n');
    assert.equal(rows.length, 2);
    const [png, webp] = rows.map((r) => { const [t, h] = r.split('|'); return { t, b: Buffer.from(h, 'hex') }; });
    assert.equal(png.t, 'image/png');
    assert.ok(!has(png.b, 'tEXt') && !has(png.b, 'QUARTIER-SECRET') && !has(png.b, 'eXIf') && !has(png.b, 'tIME'));
    assert.equal(webp.t, 'image/webp');
    assert.ok(!has(webp.b, 'EXIF') && !has(webp.b, 'XMP ') && !has(webp.b, 'QUARTIER-SECRET'));
    assert.equal(webp.b.readUInt32LE(4), webp.b.length - 8);
  });

  test('a text file named photo.jpg is refused, the report is not written', async () => {
    const n = sql(s.db, 'SELECT count(*) FROM report');
    const res = await submit(anon(), GOOD, [{ name: 'photo.jpg', data: fixture('fake.jpg'), type: 'image/jpeg' }]);
    assert.equal(res.status, 422);
    assert.match(res.text_, /<p class="field-error" id="photo-error">Photo n° 1 : Ce fichier n&#39;est pas une photo au format JPEG, PNG ou WebP.<\/p>/);
    assert.equal(sql(s.db, 'SELECT count(*) FROM report'), n);
    // typed values kept
    assert.match(res.text_, /value="Devant le 12 rue de Saturne"/);
  });

  test('a truncated JPEG is refused', async () => {
    const jpg = fixture('plain.jpg');
    const res = await submit(anon(), GOOD, [photo('cut.jpg', jpg.subarray(0, jpg.length - 4))]);
    assert.equal(res.status, 422);
    assert.match(res.text_, /id="photo-error">Photo n° 1 : Cette image est incomplète ou endommagée/);
  });

  test('too big, too many', async () => {
    const small = await startServer({ demoReports: false, args: ['--photo-max-bytes', '10000', '--photos-max', '2'] });
    try {
      const c = new Client(small.base);
      const jpg = fixture('plain.jpg');
      const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0x2e, 0xe2]), Buffer.alloc(12000 - 2, 0x41)]);
      const big = Buffer.concat([jpg.subarray(0, 2), com, jpg.subarray(2)]);
      let res = await submit(c, GOOD, [photo('grande.jpg', big)]);
      assert.equal(res.status, 422);
      assert.match(res.text_, /id="photo-error">La photo n° 1 est trop lourde : 9 Ko au plus par photo/);
      res = await submit(c, GOOD, [photo('plain.jpg'), photo('plain.png'), photo('plain.webp')]);
      assert.equal(res.status, 422);
      assert.match(res.text_, /id="photo-error">Vous pouvez joindre au plus 2 photos à un signalement/);
      assert.equal(sql(small.db, 'SELECT count(*) FROM report') + sql(small.db, 'SELECT count(*) FROM upload'), '00');
      res = await submit(c, GOOD, [photo('plain.jpg'), photo('plain.png')]);
      assert.equal(res.status, 303);
    } finally {
      await stopClean(small);
    }
  });
});

describe('rate limit', () => {
  test('past --intake-limit an hour: 429 with a French message and Retry-After; the address is not stored', async () => {
    const t = await startServer({ demoReports: false, args: ['--intake-limit', '2'] });
    try {
      const c = new Client(t.base);
      for (let i = 0; i < 2; i++) assert.equal((await submit(c, GOOD)).status, 303);
      const res = await submit(c, GOOD);
      assert.equal(res.status, 429);
      assert.match(res.text_, /Trop de signalements ont été envoyés depuis votre connexion en une heure. Réessayez dans (60|59) minutes/);
      const retry = Number(res.headers.get('retry-after'));
      assert.ok(retry > 3500 && retry <= 3600, `Retry-After ${retry}`);
      assert.equal(sql(t.db, 'SELECT count(*) FROM report'), '2');
      const key = sql(t.db, 'SELECT key FROM rate_limit');
      assert.match(key, /^[0-9a-f]{64}$/);
      assert.ok(!sql(t.db, 'SELECT key || window_start || count FROM rate_limit').includes('127.0.0.1'));
      // an hour later the window is over
      sql(t.db, "UPDATE rate_limit SET window_start = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-61 minutes')");
      assert.equal((await submit(c, GOOD)).status, 303);
    } finally {
      await stopClean(t);
    }
  });
});

describe('follow-up page', () => {
  let token, ref, id;
  before(async () => {
    const res = await submit(anon(), { ...GOOD, email: 'suivi@exemple.fr', name: 'Mme Secrète', notify: '1' }, [photo('plain.png')]);
    assert.equal(res.status, 303);
    token = res.headers.get('location').split('/').pop();
    ref = sql(s.db, 'SELECT ref FROM report ORDER BY id DESC LIMIT 1');
    id = sql(s.db, `SELECT id FROM report WHERE ref = '${ref}'`);
    // staff write a public and an internal comment, then resolve it
    const staff = new Client(s.base);
    await staff.login(ROLES.staff);
    sql(s.db, `INSERT INTO report_event (report_id, at, actor_label, kind, public_comment, internal_comment, is_public) VALUES
      (${id}, strftime('%Y-%m-%dT%H:%M:%SZ','now'), 'Équipe', 'comment', '', 'NOTE-INTERNE-SECRETE', 0),
      (${id}, strftime('%Y-%m-%dT%H:%M:%SZ','now'), 'Équipe', 'comment', 'Intervention prévue jeudi', 'AUTRE-NOTE-INTERNE', 1)`);
  });

  test('shows the public view, photos and events; never internal comments or the reporter; noindex, not cached', async () => {
    const res = await anon().get(`/suivi/${token}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-robots-tag'), 'noindex, nofollow');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.match(res.text_, new RegExp(`Suivi du signalement ${ref}`));
    assert.match(res.text_, /Intervention prévue jeudi/);
    assert.match(res.text_, /<img src="\/photos\/\d+"/);
    for (const secret of ['NOTE-INTERNE', 'AUTRE-NOTE', 'suivi@exemple.fr', 'Mme Secrète']) assert.ok(!res.text_.includes(secret), secret);
    const j = await anon().get(`/suivi/${token}`, { headers: { Accept: 'application/json' } });
    for (const secret of ['NOTE-INTERNE', 'suivi@exemple.fr', 'Secrète', 'reporter']) assert.ok(!j.text_.includes(secret), secret);
    assert.doesNotMatch(res.text_, /Le problème n&#39;est pas résolu<\/button>/, 'no reopening before it is resolved');
  });

  test('the access log never holds the follow-up token (a private link)', async () => {
    assert.equal((await anon().get(`/suivi/${token}`)).status, 200);
    await new Promise((done) => setTimeout(done, 700)); // the access log is flushed every 200 ms
    const log = s.stderr();
    assert.match(log, / GET \/signaler 200 /, 'the access log is on');
    assert.match(log, / GET \/suivi\/… 200 /);
    assert.ok(!log.includes(token), 'token in the access log');
  });

  test('unknown token: 404 in French', async () => {
    const res = await anon().get('/suivi/' + 'x'.repeat(43));
    assert.equal(res.status, 404);
    assert.match(res.text_, /Ce lien de suivi ne correspond à aucun signalement/);
  });

  test('reopening: refused until resolved, then allowed with a comment', async () => {
    const c = anon();
    let res = await c.post(`/suivi/${token}/rouvrir`, { comment: 'Toujours là' }, { from: `/suivi/${token}` });
    assert.equal(res.status, 422);
    assert.equal(sql(s.db, `SELECT count(*) FROM report_event WHERE report_id = ${id} AND kind = 'reopened'`), '0');
    sql(s.db, `UPDATE report SET status = 'resolved', resolved_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ${id}`);
    const page = await c.get(`/suivi/${token}`);
    assert.match(page.text_, new RegExp(`action="/suivi/${token}/rouvrir"`));
    res = await c.post(`/suivi/${token}/rouvrir`, { comment: '' }, { from: `/suivi/${token}` });
    assert.equal(res.status, 422);
    assert.match(res.text_, /id="comment-error"/);
    res = await c.post(`/suivi/${token}/rouvrir`, { comment: 'Les sacs sont revenus' }, { from: `/suivi/${token}` });
    assert.equal(res.status, 303);
    assert.notEqual(sql(s.db, `SELECT status FROM report WHERE id = ${id}`), 'resolved');
    assert.equal(sql(s.db, `SELECT count(*) FROM report_event WHERE report_id = ${id} AND public_comment = 'Les sacs sont revenus'`), '1');
  });

  test('unsubscribe sets notify to 0 and hides the button', async () => {
    const c = anon();
    assert.match((await c.get(`/suivi/${token}`)).text_, /Ne plus recevoir de courriels/);
    const res = await c.post(`/suivi/${token}/desabonner`, {}, { from: `/suivi/${token}` });
    assert.equal(res.status, 303);
    assert.equal(sql(s.db, `SELECT notify FROM report WHERE id = ${id}`), '0');
    const page = await c.get(`/suivi/${token}`);
    assert.match(page.text_, /vous ne recevrez plus de courriel/);
    assert.doesNotMatch(page.text_, /Ne plus recevoir de courriels<\/button>/);
    assert.ok(!sql(s.db, `SELECT group_concat(summary) FROM audit WHERE entity = 'report' AND entity_id = ${id}`).includes('suivi@exemple.fr'));
  });

  test('public page and list show the report, never the reporter', async () => {
    const page = await anon().get(`/signalements/${ref}`);
    assert.equal(page.status, 200);
    assert.match(page.text_, /Sacs poubelles éventrés/);
    assert.ok(!page.text_.includes('suivi@exemple.fr') && !page.text_.includes('NOTE-INTERNE'));
    assert.equal((await anon().get('/signalements/S-1999-99999')).status, 404);
    const list = await anon().get('/signalements');
    assert.equal(list.status, 200);
    assert.match(list.text_, new RegExp(`href="/signalements/${ref}"`));
    assert.match(list.text_, /data-reports="\/signalements.geojson"/);
    assert.ok(!list.text_.includes('suivi@exemple.fr'));
  });
});

describe('public list filters', () => {
  test('categorie, volet, etat, secteur and the map URL with the same filters', async () => {
    const c = anon();
    assert.equal((await submit(c, { category: 'tags', description: 'Tag sur la façade du gymnase', address: 'Gymnase', sector_id: sql(s.db, "SELECT id FROM sector WHERE slug = 'grand-mail'") })).status, 303);
    const tagRef = sql(s.db, 'SELECT ref FROM report ORDER BY id DESC LIMIT 1');
    let l = await c.get('/signalements?categorie=tags');
    assert.match(l.text_, new RegExp(tagRef));
    assert.doesNotMatch(l.text_, /Sacs poubelles/);
    assert.match(l.text_, /data-reports="\/signalements.geojson\?categorie&#61;tags"/);
    l = await c.get('/signalements?volet=works');
    assert.doesNotMatch(l.text_, new RegExp(`href="/signalements/${tagRef}"`));
    l = await c.get('/signalements?secteur=grand-mail&etat=ouverts');
    assert.match(l.text_, new RegExp(tagRef));
    assert.match(l.text_, /data-reports="\/signalements.geojson\?secteur&#61;grand-mail&amp;etat&#61;ouverts"/);
    l = await c.get('/signalements?etat=fermes&categorie=tags');
    assert.doesNotMatch(l.text_, new RegExp(`href="/signalements/${tagRef}"`));
  });
});

describe('public list pages', () => {
  test('25 a page, newest first, with links to the next page', async () => {
    sql(s.db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
      INSERT INTO report (ref, category_id, description, address, status, source, created_at, updated_at)
      SELECT 'S-2020-' || printf('%05d', i), (SELECT id FROM report_category WHERE code = 'risque'), 'Ancien signalement ' || i,
        'Quelque part', 'closed', 'staff', '2020-01-01T00:00:' || printf('%02d', i) || 'Z', '2020-01-01T00:00:00Z' FROM n`);
    const one = await anon().get('/signalements?categorie=risque');
    assert.match(one.text_, /30 signalement\(s\)/);
    assert.match(one.text_, /Page 1 sur 2/);
    assert.match(one.text_, /href="\/signalements\/S-2020-00030"/);
    assert.doesNotMatch(one.text_, /href="\/signalements\/S-2020-00005"/);
    assert.match(one.text_, /rel="next"/);
    const two = await anon().get('/signalements?categorie=risque&page=2');
    assert.match(two.text_, /href="\/signalements\/S-2020-00001"/);
    assert.doesNotMatch(two.text_, /href="\/signalements\/S-2020-00030"/);
    // an unknown category or sector matches nothing (never everything)
    assert.match((await anon().get('/signalements?categorie=inconnue')).text_, /Aucun signalement ne correspond/);
    assert.match((await anon().get('/signalements?secteur=nulle-part')).text_, /Aucun signalement ne correspond/);
  });
});

describe('back office quick entry', () => {
  test('staff enter several in a row: category and sector kept, link to the new report', async () => {
    const c = new Client(s.base);
    await c.login(ROLES.staff);
    const form = await c.get('/gestion/signalements/nouveau');
    assert.equal(form.status, 200);
    assert.match(form.text_, /<select id="category" name="category"/);
    assert.match(form.text_, /name="name"/);
    const sector = sql(s.db, "SELECT id FROM sector WHERE slug = 'saint-paul'");
    const refs = [];
    for (const d of ['Lampadaire éteint rue A', 'Lampadaire éteint rue B']) {
      const res = await submit(c, { category: 'eclairage', description: d, address: 'Rue A', sector_id: sector, name: 'M. Téléphone', email: 'tel@exemple.fr' }, [], { path: '/gestion/signalements/nouveau', from: '/gestion/signalements/nouveau' });
      assert.equal(res.status, 303, res.text_.slice(0, 300));
      const loc = res.headers.get('location');
      assert.match(loc, /^\/gestion\/signalements\/nouveau\?enregistre=S-\d{4}-\d{5}&categorie=eclairage&secteur=\d+$/);
      const again = await c.get(loc);
      const ref = new URL(loc, s.base).searchParams.get('enregistre');
      refs.push(ref);
      const rid = sql(s.db, `SELECT id FROM report WHERE ref = '${ref}'`);
      assert.match(again.text_, new RegExp(`Signalement <a href="/gestion/signalements/${rid}">${ref}</a> enregistré`));
      assert.match(again.text_, /<option value="eclairage" selected>/);
      assert.match(again.text_, new RegExp(`<option value="${sector}" selected>`));
      assert.match(again.text_, /<textarea id="description"[^>]*><\/textarea>/);
    }
    assert.equal(sql(s.db, `SELECT group_concat(source || ':' || reporter_name, ',') FROM report WHERE ref IN ('${refs.join("','")}')`), 'staff:M. Téléphone,staff:M. Téléphone');
  });

  test('walk mode: source walk, walk_id set, phone-friendly form', async () => {
    sql(s.db, "INSERT INTO walk (title, starts_at, created_at, updated_at) VALUES ('Diagnostic Grand Mail', '2026-12-01T09:00:00Z', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')");
    const walk = sql(s.db, 'SELECT max(id) FROM walk');
    const c = new Client(s.base);
    await c.login(ROLES.partner);
    const path = `/gestion/signalements/nouveau?diagnostic=${walk}`;
    // a partner agent records findings only for a walk its organisation was invited to
    const refused = await c.get(path);
    assert.equal(refused.status, 403);
    assert.match(refused.text_, /Votre organisation n(&#39;|')est pas invitée à ce diagnostic en marchant/);
    sql(s.db, `INSERT INTO walk_organization (walk_id, organization_id) SELECT ${walk}, id FROM organization WHERE name = 'ACM Habitat'`);
    const form = await c.get(path);
    assert.equal(form.status, 200);
    assert.match(form.text_, /<h1>Constat : Diagnostic Grand Mail<\/h1>/);
    assert.match(form.text_, /capture="environment"/);
    assert.match(form.text_, /Enregistrer et saisir le constat suivant/);
    assert.match(form.text_, /intake-walk/);
    const res = await submit(c, { category: 'mobilier', description: 'Banc cassé près du city stade', coords: '43.6150,3.8200' }, [photo('plain.jpg')], { path, from: path });
    assert.equal(res.status, 303, res.text_.slice(0, 300));
    assert.match(res.headers.get('location'), new RegExp(`&diagnostic=${walk}`));
    assert.equal(sql(s.db, 'SELECT source || \':\' || walk_id FROM report ORDER BY id DESC LIMIT 1'), `walk:${walk}`);
    assert.equal((await c.get('/gestion/signalements/nouveau?diagnostic=999999')).status, 404);
  });

  test('members and visitors may not use it', async () => {
    const m = new Client(s.base);
    await m.login(ROLES.member);
    assert.equal((await m.get('/gestion/signalements/nouveau')).status, 403);
    assert.equal((await anon().get('/gestion/signalements/nouveau')).status, 302);
  });
});

describe('photos of hidden (moderated) pictures', () => {
  test('only staff and the handler see them', async () => {
    const id = sql(s.db, 'SELECT max(upload_id) FROM report_photo');
    const shown = await fetch(`${s.base}/photos/${id}`);
    assert.equal(shown.status, 200);
    assert.doesNotMatch(shown.headers.get('cache-control'), /immutable|max-age=[1-9]/, 'no reuse without asking again');
    sql(s.db, `UPDATE report_photo SET hidden = 1 WHERE upload_id = ${id}`);
    assert.equal((await fetch(`${s.base}/photos/${id}`)).status, 404);
    const revalidated = await fetch(`${s.base}/photos/${id}`, { headers: { 'If-None-Match': shown.headers.get('etag') } });
    assert.equal(revalidated.status, 404, 'a cache asking again is told it is gone');
    const staff = new Client(s.base);
    await staff.login(ROLES.staff);
    const res = await staff.get(`/photos/${id}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('cache-control'), /private/);
    const m = new Client(s.base);
    await m.login(ROLES.member);
    assert.equal((await m.get(`/photos/${id}`)).status, 404);
    assert.equal((await fetch(`${s.base}/photos/abc`)).status, 404);
  });
});

describe('page cache', () => {
  test('the public list and page are the same bytes for every visitor, and never stale', async () => {
    const a = await (await fetch(`${s.base}/signalements`)).text();
    const b = await (await fetch(`${s.base}/signalements`)).text();
    assert.equal(a, b);
    assert.ok(!a.includes('name="csrf"'), 'no per-visitor token on a cached page');
    const res = await submit(anon(), { ...GOOD, description: 'Nouveau : vitre brisée de l’abribus' }, [photo('plain.webp')]);
    assert.equal(res.status, 303);
    const ref = sql(s.db, 'SELECT ref FROM report ORDER BY id DESC LIMIT 1');
    assert.match(await (await fetch(`${s.base}/signalements`)).text(), new RegExp(ref));
    const upload = sql(s.db, 'SELECT max(upload_id) FROM report_photo');
    assert.match(await (await fetch(`${s.base}/signalements/${ref}`)).text(), new RegExp(`/photos/${upload}"`));
    sql(s.db, `UPDATE report_photo SET hidden = 1 WHERE upload_id = ${upload}`);
    assert.doesNotMatch(await (await fetch(`${s.base}/signalements/${ref}`)).text(), new RegExp(`/photos/${upload}"`));
  });
});

describe('JSON', () => {
  test('a refused report answers the API error format, with the fields', async () => {
    const c = anon();
    const csrf = await c.csrf('/signaler?categorie=proprete');
    const res = await c.request('/signaler', { method: 'POST', headers: { Accept: 'application/json' }, json: { csrf, category: 'proprete', description: 'court' } });
    assert.equal(res.status, 422);
    const body = JSON.parse(res.text_);
    assert.equal(body.error.code, 'invalid_input');
    assert.match(body.error.fields.description, /10 caract/);
    assert.match(body.error.fields.address, /Indiquez le lieu/);
  });
});
