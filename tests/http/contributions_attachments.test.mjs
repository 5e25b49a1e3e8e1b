// Attachments of a contribution (« pièces jointes »): staff add files (PDF
// or images, by their bytes; images without their metadata), download them,
// delete them with a confirmation; limits and refusals with the French
// message at the field; never public (pages, JSON, partners), audited.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { Client, ROLES, sql, startServer, stopClean, json } from './lib.mjs';

const FIX = new URL('../fixtures/', import.meta.url).pathname;
const fixture = (name) => readFileSync(FIX + name);
const has = (buf, str) => buf.includes(Buffer.from(str, 'latin1'));
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

let s, staff, partner, id;
const q = (query) => sql(s.db, query);

/** POSTs the files (multipart, field "file") with the page's CSRF token. */
async function attach(c, contribution, files, extra = {}) {
  const csrf = await c.csrf(`/equipe/contributions/${contribution}`);
  const fd = new FormData();
  fd.append('csrf', csrf);
  for (const [k, v] of Object.entries(extra)) fd.append(k, v);
  for (const f of files) fd.append('file', new Blob([f.data], { type: f.type ?? 'application/octet-stream' }), f.name);
  return c.request(`/equipe/contributions/${contribution}/pieces-jointes`, { method: 'POST', body: fd });
}

before(async () => {
  s = await startServer({ demoReports: false });
  staff = new Client(s.base);
  assert.equal((await staff.login(ROLES.staff)).status, 303);
  partner = new Client(s.base);
  assert.equal((await partner.login(ROLES.partner)).status, 303);
  id = Number(q("SELECT min(id) FROM contribution WHERE moderation = 'published'"));
});
after(async () => { await stopClean(s); });

test('staff attach a PDF and a photo (metadata stripped), see them listed, download them', async () => {
  const res = await attach(staff, id, [
    { name: 'C:\\Scans\\registre-page-3.pdf', data: PDF, type: 'application/pdf' },
    { name: 'photo.jpg', data: fixture('gps.jpg'), type: 'image/jpeg' },
  ]);
  assert.equal(res.status, 303, res.text_.slice(0, 300));
  assert.equal(res.headers.get('location'), `/equipe/contributions/${id}#pieces-jointes`);
  const rows = q(`SELECT filename || '|' || content_type FROM contribution_attachment WHERE contribution_id = ${id} ORDER BY id`).split('\n');
  assert.deepEqual(rows, ['registre-page-3.pdf|application/pdf', 'photo.jpg|image/jpeg']);
  const page = await staff.get(`/equipe/contributions/${id}`);
  assert.match(page.text_, /<h2 id="pieces-jointes">Pièces jointes<\/h2>/);
  assert.match(page.text_, />registre-page-3\.pdf<\/a> <span class="hint">\(PDF, /);
  const [pdfId, jpgId] = q(`SELECT id FROM contribution_attachment WHERE contribution_id = ${id} ORDER BY id`).split('\n');
  const pdf = await fetch(`${s.base}/equipe/contributions/${id}/pieces-jointes/${pdfId}`, { headers: { Cookie: staff.cookieHeader() } });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal(pdf.headers.get('content-disposition'), `attachment; filename="piece-jointe-${pdfId}.pdf"`);
  assert.match(pdf.headers.get('cache-control'), /no-store/);
  assert.deepEqual(Buffer.from(await pdf.arrayBuffer()), PDF);
  const jpg = Buffer.from(await (await fetch(`${s.base}/equipe/contributions/${id}/pieces-jointes/${jpgId}`, { headers: { Cookie: staff.cookieHeader() } })).arrayBuffer());
  assert.ok(has(fixture('gps.jpg'), 'QUARTIER-SECRET-CAMERA'), 'the fixture has its metadata');
  assert.ok(!has(jpg, 'QUARTIER-SECRET') && !has(jpg, '\x25\x88'), 'stored without Exif text or GPS');
  assert.equal(Number(q(`SELECT count(*) FROM audit WHERE action = 'contribution.attach' AND entity_id = ${id}`)), 1);
  // another contribution's path does not reach it
  const other = Number(q(`SELECT max(id) FROM contribution WHERE id <> ${id}`));
  assert.equal((await staff.get(`/equipe/contributions/${other}/pieces-jointes/${pdfId}`)).status, 404);
});

test('refused files: the page again with the message at the field, nothing stored', async () => {
  const before = Number(q('SELECT count(*) FROM contribution_attachment'));
  const cases = [
    [[{ name: 'notes.txt', data: Buffer.from('bonjour'), type: 'text/plain' }], /ni un PDF ni une image JPEG, PNG ou WebP/],
    [[{ name: 'faux.jpg', data: fixture('fake.jpg'), type: 'image/jpeg' }], /« faux\.jpg » :/],
    [[], /Choisissez un fichier à joindre/],
    [[{ name: 'lourd.pdf', data: Buffer.concat([PDF, Buffer.alloc(8 * 1024 * 1024)]), type: 'application/pdf' }], /trop lourd : 8 Mo au plus par fichier/],
    // a good file with a bad one: all or nothing
    [[{ name: 'ok.pdf', data: PDF, type: 'application/pdf' }, { name: 'mauvais.txt', data: Buffer.from('x'), type: 'text/plain' }], /mauvais\.txt/],
  ];
  for (const [files, message] of cases) {
    const res = await attach(staff, id, files);
    assert.equal(res.status, 422, `${files.map((f) => f.name)}: ${res.status}`);
    assert.match(res.text_, /id="file-error"/);
    assert.match(res.text_.replace(/&#39;/g, "'").replace(/&quot;/g, '"'), message);
  }
  assert.equal(Number(q('SELECT count(*) FROM contribution_attachment')), before);
  // JSON clients get the field
  const csrf = await staff.csrf(`/equipe/contributions/${id}`);
  const fd = new FormData();
  fd.append('csrf', csrf);
  fd.append('file', new Blob([Buffer.from('x')], { type: 'text/plain' }), 'x.txt');
  const j = await staff.request(`/equipe/contributions/${id}/pieces-jointes`, { method: 'POST', body: fd, headers: { Accept: 'application/json' } });
  assert.equal(j.status, 422);
  assert.match(json(j).error.fields.file, /ni un PDF/);
});

test('at most 10 per contribution', async () => {
  const c = Number(q(`SELECT max(id) FROM contribution`));
  const ten = Array.from({ length: 10 }, (_, i) => ({ name: `p${i}.pdf`, data: PDF, type: 'application/pdf' }));
  assert.equal((await attach(staff, c, ten)).status, 303);
  const more = await attach(staff, c, [{ name: 'onze.pdf', data: PDF, type: 'application/pdf' }]);
  assert.equal(more.status, 422);
  assert.match(more.text_, /au plus 10 pièces jointes/);
  assert.equal(Number(q(`SELECT count(*) FROM contribution_attachment WHERE contribution_id = ${c}`)), 10);
});

test('never public: anonymous, partner, public pages and JSON; deletion needs a confirmation and is audited', async () => {
  const aid = Number(q(`SELECT min(id) FROM contribution_attachment WHERE contribution_id = ${id}`));
  const anon = new Client(s.base);
  const path = `/equipe/contributions/${id}/pieces-jointes/${aid}`;
  assert.equal((await anon.get(path)).status, 302);
  assert.equal((await partner.get(path)).status, 403);
  const slug = q(`SELECT p.slug FROM project p JOIN contribution c ON c.project_id = p.id WHERE c.id = ${id}`);
  assert.doesNotMatch((await anon.get(`/projets/${slug}/contributions`)).text_, /pieces-jointes|registre-page-3/);
  assert.doesNotMatch((await anon.get(`/api/v1/contributions/${id}`)).text_, /pieces-jointes|registre-page-3/);
  // delete: refused without the box, done with it
  const no = await staff.post(`${path}/supprimer`, {}, { from: `/equipe/contributions/${id}` });
  assert.equal(no.status, 422);
  assert.match(no.text_, /Cochez la case pour confirmer la suppression de « registre-page-3\.pdf »/);
  assert.equal(Number(q(`SELECT count(*) FROM contribution_attachment WHERE id = ${aid}`)), 1);
  const yes = await staff.post(`${path}/supprimer`, { confirm: '1' }, { from: `/equipe/contributions/${id}` });
  assert.equal(yes.status, 303);
  assert.equal(Number(q(`SELECT count(*) FROM contribution_attachment WHERE id = ${aid}`)), 0);
  assert.equal((await staff.get(path)).status, 404);
  assert.equal(Number(q(`SELECT count(*) FROM audit WHERE action = 'contribution.detach' AND entity_id = ${id}`)), 1);
  // deleting the contribution's project takes its attachments (ON DELETE CASCADE)
  assert.equal(q("SELECT sql LIKE '%ON DELETE CASCADE%' FROM sqlite_schema WHERE name = 'contribution_attachment'"), '1');
});
