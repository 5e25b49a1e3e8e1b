// Personal data (RGPD): export of everything held about a person, erasure
// leaving no trace of them in any table (FTS shadow tables included) while
// the organisation's counts stay, and the list of contacts to review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, ROLES, stopClean, json, sql } from './lib.mjs';

let s, staff, partner, member, contactId, orgId, staffId;

// The person: every form in which their details could be stored.
const TRACES = ['Zébulon', 'zébulon', 'zebulon', 'ZEBULON', 'Quintessence', 'quintessence',
  'zebulon.quintessence@exemple.test', '06 98 76 54 32', '0698765432', 'note sur Zébulon'];

before(async () => {
  s = await startServer();
  staff = new Client(s.base);
  partner = new Client(s.base);
  member = new Client(s.base);
  assert.equal((await staff.login(ROLES.staff)).status, 303);
  assert.equal((await partner.login(ROLES.partner)).status, 303);
  assert.equal((await member.login(ROLES.member)).status, 303);
  orgId = Number(sql(s.db, "SELECT id FROM organization WHERE name = 'ACM Habitat'"));
  staffId = Number(sql(s.db, "SELECT id FROM account WHERE email = 'staff@demo.test'"));
  // the person comes in through the CSV import, as in real life
  const fd = new FormData();
  fd.set('csrf', await staff.csrf('/partenaires/import'));
  fd.set('kind', 'contacts');
  fd.set('fichier', new Blob(['prénom,nom,fonction,courriel,téléphone,organisation,poste,étiquettes\n' +
    'Zébulon,Quintessence,gardien,zebulon.quintessence@exemple.test,06 98 76 54 32,ACM Habitat,gardien de la tour,"locataires, vigilance"\n']), 'p.csv');
  const v = json(await staff.request('/partenaires/import', { method: 'POST', body: fd, headers: { Accept: 'application/json' } }));
  const res = await staff.request(`/partenaires/import/${v.batch_id}/confirmer`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({ csrf: await staff.csrf('/partenaires/import') }).toString(),
  });
  assert.equal(res.status, 200, res.text_);
  contactId = Number(sql(s.db, "SELECT id FROM contact WHERE last_name = 'Quintessence'"));
  // interactions (two with the organisation, one with the person only) and audit entries about them
  sql(s.db, `INSERT INTO interaction (organization_id, contact_id, happened_on, kind, note, author_id, created_at) VALUES
    (${orgId}, ${contactId}, '2026-10-01', 'meeting', 'note sur Zébulon Quintessence', ${staffId}, '2026-10-01T10:00:00Z'),
    (${orgId}, ${contactId}, '2026-10-15', 'call', 'rappeler au 06 98 76 54 32', ${staffId}, '2026-10-15T10:00:00Z'),
    (NULL, ${contactId}, '2026-11-02', 'visit', 'visite chez Zébulon', ${staffId}, '2026-11-02T10:00:00Z'),
    (${orgId}, NULL, '2026-11-03', 'email', 'courriel au bailleur', ${staffId}, '2026-11-03T10:00:00Z')`);
  sql(s.db, `INSERT INTO audit (at, actor_id, actor, action, entity, entity_id, summary) VALUES
    ('2026-10-01T10:00:00Z', ${staffId}, 'staff@demo.test', 'contact.update', 'contact', ${contactId}, 'téléphone 06 98 76 54 32 (Zébulon)')`);
  // an invitation to a walking diagnostic
  sql(s.db, `INSERT INTO walk (title, starts_at, created_at, updated_at) VALUES ('Marche du Grand Mail', '2026-10-20T15:00:00Z', '2026-10-01T10:00:00Z', '2026-10-01T10:00:00Z')`);
  sql(s.db, `INSERT INTO walk_contact (walk_id, contact_id) SELECT max(id), ${contactId} FROM walk`);
  // an interaction noted through the contact's page (the directory's own route)
  const noted = await staff.post(`/contacts/${contactId}/echanges`,
    { happened_on: '2026-11-10', kind: 'meeting', note: 'note sur Zébulon, au 06 98 76 54 32', organization_id: String(orgId) },
    { from: `/contacts/${contactId}` });
  assert.ok([200, 303].includes(noted.status), noted.text_.slice(0, 300));
  // an unconfirmed upload still holding the person
  const fd2 = new FormData();
  fd2.set('csrf', await staff.csrf('/partenaires/import'));
  fd2.set('kind', 'contacts');
  fd2.set('fichier', new Blob(['nom,courriel\nQuintessence,zebulon.quintessence@exemple.test\n']), 'q.csv');
  assert.equal((await staff.request('/partenaires/import', { method: 'POST', body: fd2 })).status, 200);
});
after(async () => { await stopClean(s); });

/** Every (table, column, trace) of the database file that holds one of TRACES.
 * Two sqlite3 runs in all (the columns, then one script over all of them):
 * one run per column made the scan slower than the server's idle timeout. */
function tracesLeft() {
  const cols = execFileSync('sqlite3', ['-cmd', '.timeout 10000', '-json', s.db,
    "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid"],
  { encoding: 'utf8' }).trim();
  const parts = [];
  for (const { t, c } of cols ? JSON.parse(cols) : []) {
    for (const trace of TRACES) {
      const hex = Buffer.from(trace, 'utf8').toString('hex');
      const label = `${t}.${c}: ${trace}`.replaceAll("'", "''");
      parts.push(`SELECT '${label}' AS f WHERE EXISTS (SELECT 1 FROM "${t}" WHERE instr(CAST("${c}" AS BLOB), X'${hex}') > 0)`);
    }
  }
  const out = execFileSync('sqlite3', ['-cmd', '.timeout 10000', s.db], { input: parts.join(';\n') + ';\n', encoding: 'utf8', maxBuffer: 1 << 24 });
  return out.split('\n').filter(Boolean);
}

test('partners and committee members are denied personal data', async () => {
  for (const c of [partner, member]) {
    for (const p of [`/contacts/${contactId}/donnees`, `/contacts/${contactId}/export.json`, `/contacts/${contactId}/effacer`, '/contacts/a-revoir'])
      assert.equal((await c.get(p)).status, 403, p);
    const res = await c.post(`/contacts/${contactId}/effacer`, { confirmer: '1' }, { from: '/compte' });
    assert.equal(res.status, 403);
  }
  assert.equal(Number(sql(s.db, `SELECT count(*) FROM contact WHERE id = ${contactId}`)), 1);
});

test('export.json holds everything quartier keeps about the person, as an attachment', async () => {
  const res = await staff.get(`/contacts/${contactId}/export.json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.match(res.headers.get('content-disposition'), new RegExp(`^attachment; filename="contact-${contactId}\\.json"`));
  const d = json(res);
  assert.equal(d.contact.first_name, 'Zébulon');
  assert.equal(d.contact.email, 'zebulon.quintessence@exemple.test');
  assert.equal(d.contact.phone, '06 98 76 54 32');
  assert.deepEqual(d.memberships, [{ organization_id: orgId, organization_name: 'ACM Habitat', position: 'gardien de la tour' }]);
  assert.deepEqual(d.tags.map((t) => t.name), ['locataires', 'vigilance']);
  assert.equal(d.interactions.length, 4);
  assert.deepEqual(d.interactions.map((i) => [i.date, i.kind, i.author]),
    [['2026-10-01', 'meeting', 'Nadia Benali'], ['2026-10-15', 'call', 'Nadia Benali'], ['2026-11-02', 'visit', 'Nadia Benali'], ['2026-11-10', 'meeting', 'Nadia Benali']]);
  assert.equal(d.interactions[0].note, 'note sur Zébulon Quintessence');
  assert.ok(d.audit.some((a) => a.action === 'contact.update' && a.actor === 'staff@demo.test' && a.date));
  assert.deepEqual(d.walks.map((w) => [w.title, w.starts_at]), [['Marche du Grand Mail', '2026-10-20T15:00:00Z']]);
  const page = await staff.get(`/contacts/${contactId}/donnees`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /Marche du Grand Mail<\/a>, 20\/10\/2026 à 17 h 00/);
  assert.match(page.text_, /Exporter les données/);
  assert.match(page.text_, /Effacer la personne/);
  assert.match(page.text_, /gardien de la tour/);
  assert.equal((await staff.get('/contacts/999999/export.json')).status, 404);
});

test('erasing a person leaves no trace in any table and keeps the counts', async () => {
  const before = tracesLeft();
  assert.ok(before.some((f) => f.startsWith('contact.')), 'the scan sees the contact');
  assert.ok(before.some((f) => f.startsWith('import_batch.')), 'the scan sees the unconfirmed upload');
  if (Number(sql(s.db, "SELECT count(*) FROM sqlite_master WHERE name = 'contact_fts_data'")))
    assert.ok(before.some((f) => f.startsWith('contact_fts')), 'the scan sees the full-text index');
  const orgInteractions = Number(sql(s.db, `SELECT count(*) FROM interaction WHERE organization_id = ${orgId}`));
  const confirm = await staff.get(`/contacts/${contactId}/effacer`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.text_, /Effacer définitivement/);
  const unconfirmed = await staff.post(`/contacts/${contactId}/effacer`, {}, { from: `/contacts/${contactId}/effacer` });
  assert.equal(unconfirmed.status, 422);
  assert.match(unconfirmed.text_, /Cochez la case/);
  assert.equal(Number(sql(s.db, `SELECT count(*) FROM contact WHERE id = ${contactId}`)), 1);
  const res = await staff.post(`/contacts/${contactId}/effacer`, { confirmer: '1' }, { from: `/contacts/${contactId}/effacer` });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/contacts/a-revoir');
  assert.deepEqual(tracesLeft(), [], 'no trace of the person anywhere');
  assert.equal(Number(sql(s.db, `SELECT count(*) FROM interaction WHERE organization_id = ${orgId}`)), orgInteractions);
  assert.equal(sql(s.db, `SELECT group_concat(note, '|') FROM interaction WHERE organization_id = ${orgId} AND happened_on IN ('2026-10-01', '2026-10-15')`),
    '[contenu effacé]|[contenu effacé]');
  assert.equal(sql(s.db, "SELECT note FROM interaction WHERE happened_on = '2026-11-03'"), 'courriel au bailleur');
  assert.equal(Number(sql(s.db, `SELECT count(*) FROM interaction WHERE contact_id = ${contactId}`)), 0);
  assert.equal(Number(sql(s.db, `SELECT count(*) FROM membership WHERE contact_id = ${contactId}`)), 0);
  assert.equal(Number(sql(s.db, `SELECT count(*) FROM contact_tag WHERE contact_id = ${contactId}`)), 0);
  assert.equal(sql(s.db, `SELECT action || ' ' || summary FROM audit WHERE entity = 'contact' AND entity_id = ${contactId} AND action = 'contact.update'`),
    'contact.update [effacé]');
  assert.equal(sql(s.db, `SELECT summary FROM audit WHERE action = 'contact.erase' AND entity_id = ${contactId}`),
    'contact effacé ; 3 interaction(s) anonymisée(s), 1 interaction(s) sans organisation supprimée(s)');
  assert.equal((await staff.get(`/contacts/${contactId}/donnees`)).status, 404);
  assert.equal((await staff.post(`/contacts/${contactId}/effacer`, { confirmer: '1' }, { from: '/contacts/a-revoir' })).status, 404);
});

test('contacts with no interaction for 24 months are listed for review', async () => {
  sql(s.db, `INSERT INTO contact (first_name, last_name, created_at, updated_at) VALUES
    ('Ancien', 'Sans-Échange', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'),
    ('Ancien', 'Échange-Récent', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'),
    ('Ancien', 'Échange-Vieux', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'),
    ('Nouveau', 'Sans-Échange', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))`);
  const id = (n) => Number(sql(s.db, `SELECT id FROM contact WHERE last_name = '${n}' AND first_name = 'Ancien'`));
  sql(s.db, `INSERT INTO interaction (contact_id, happened_on, kind, created_at) VALUES
    (${id('Échange-Récent')}, date('now', '-1 month'), 'call', '2026-01-01T00:00:00Z'),
    (${id('Échange-Vieux')}, '2021-05-04', 'call', '2021-05-04T00:00:00Z')`);
  const res = await staff.get('/contacts/a-revoir', { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200);
  const v = json(res);
  assert.equal(v.months, 24);
  const names = v.contacts.map((c) => `${c.first_name} ${c.last_name} ${c.last_interaction ?? '-'}`);
  assert.ok(names.includes('Ancien Sans-Échange -'));
  assert.ok(names.includes('Ancien Échange-Vieux 2021-05-04'));
  assert.ok(!names.some((n) => n.includes('Échange-Récent')));
  assert.ok(!names.some((n) => n.startsWith('Nouveau')));
  const page = await staff.get('/contacts/a-revoir');
  assert.equal(page.status, 200);
  assert.match(page.text_, new RegExp(`href="/contacts/${id('Échange-Vieux')}"`));
  assert.match(page.text_, new RegExp(`href="/contacts/${id('Échange-Vieux')}/effacer"`));
  assert.match(page.text_, /24 mois/);
});

test('the review period comes from --review-months', async () => {
  const s2 = await startServer({ args: ['--review-months', '1'] });
  try {
    sql(s2.db, `INSERT INTO contact (first_name, last_name, created_at, updated_at) VALUES
      ('Deux', 'Mois', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-2 months'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))`);
    const c = new Client(s2.base);
    assert.equal((await c.login(ROLES.staff)).status, 303);
    const v = json(await c.get('/contacts/a-revoir', { headers: { Accept: 'application/json' } }));
    assert.equal(v.months, 1);
    assert.ok(v.contacts.some((x) => x.last_name === 'Mois'));
  } finally {
    await stopClean(s2);
  }
});

test('why erasure optimises the full-text indexes: a plain DELETE leaves the terms in the shadow tables', () => {
  const db = `${s.dir}/fts-proof.db`;
  const count = () => Number(sql(db, "SELECT count(*) FROM f_data WHERE instr(block, CAST('quintessence' AS BLOB)) > 0"));
  sql(db, "CREATE VIRTUAL TABLE f USING fts5(name, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'); " +
    "INSERT INTO f (rowid, name) VALUES (1, 'Zébulon Quintessence'), (2, 'autre personne'); DELETE FROM f WHERE rowid = 1");
  assert.ok(count() > 0, 'the deleted term is still in f_data');
  sql(db, "INSERT INTO f (f) VALUES ('optimize')");
  assert.equal(count(), 0);
});
