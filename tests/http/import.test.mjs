// CSV import of the partner network (/partenaires/import): preview with each
// line accepted or rejected (column and reason), duplicates against the
// database and within the file, all-or-nothing confirmation, Windows-1252
// files with semicolons, unknown encodings, roles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ROLES, stopClean, json, sql } from './lib.mjs';

let s, staff, partner, member;

before(async () => {
  s = await startServer();
  staff = new Client(s.base);
  partner = new Client(s.base);
  member = new Client(s.base);
  assert.equal((await staff.login(ROLES.staff)).status, 303);
  assert.equal((await partner.login(ROLES.partner)).status, 303);
  assert.equal((await member.login(ROLES.member)).status, 303);
});
after(async () => { await stopClean(s); });

/** Uploads a CSV (string or bytes) as `kind`; JSON view unless html. */
export async function upload(client, kind, content, { html = false, csrfFrom = '/partenaires/import' } = {}) {
  const fd = new FormData();
  fd.set('csrf', await client.csrf(csrfFrom));
  fd.set('kind', kind);
  fd.set('fichier', new Blob([content], { type: 'text/csv' }), 'annuaire.csv');
  return client.request('/partenaires/import', {
    method: 'POST', body: fd, headers: html ? {} : { Accept: 'application/json' },
  });
}

/** Confirms a kept batch. */
async function confirm(client, id, { html = false } = {}) {
  return client.request(`/partenaires/import/${id}/confirmer`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(html ? {} : { Accept: 'application/json' }) },
    body: new URLSearchParams({ csrf: await client.csrf('/partenaires/import') }).toString(),
  });
}

const count = (table, where = '1') => Number(sql(s.db, `SELECT count(*) FROM ${table} WHERE ${where}`));

test('partners and committee members are denied the import', async () => {
  for (const c of [partner, member]) {
    assert.equal((await c.get('/partenaires/import')).status, 403);
    const res = await upload(c, 'organizations', 'nom,type\nA,Association\n', { csrfFrom: '/compte' });
    assert.equal(res.status, 403);
  }
  assert.equal((await new Client(s.base).get('/partenaires/import')).status, 302);
});

test('the form documents the expected columns in French', async () => {
  const res = await staff.get('/partenaires/import');
  assert.equal(res.status, 200);
  for (const h of ['code postal', 'site web', 'téléphone', 'étiquettes', 'prénom', 'base légale', 'date du consentement', 'Bailleur social'])
    assert.ok(res.text_.includes(h), h);
  assert.match(res.text_, /enctype="multipart\/form-data"/);
});

test('the preview lists each line, names the column of each error, and writes nothing', async () => {
  const before = count('organization');
  const csv = 'Nom,Type,Ville,Courriel,Site web\r\n' +
    'Association Les Tilleuls,Association,Montpellier,contact@tilleuls.test,tilleuls.test\r\n' +
    'Collectif inconnu,Fusée,Montpellier,,\r\n' +
    'Amicale Saturne,Groupe d\'habitants,Montpellier,pas-une-adresse,\r\n' +
    ',Association,Montpellier,,\r\n';
  const res = await upload(staff, 'organizations', csv);
  assert.equal(res.status, 200, res.text_);
  const v = json(res);
  assert.deepEqual(v.counts, { total: 4, accepted: 1, rejected: 3, duplicates: 0 });
  assert.equal(v.can_import, false);
  assert.deepEqual(v.lines.map((l) => [l.line, l.status]), [[2, 'accepted'], [3, 'rejected'], [4, 'rejected'], [5, 'rejected']]);
  assert.equal(v.lines[1].errors[0].column, 'type');
  assert.match(v.lines[1].errors[0].message, /Type inconnu/);
  assert.equal(v.lines[2].errors[0].column, 'courriel');
  assert.equal(v.lines[3].errors[0].column, 'nom');
  assert.match(v.lines[3].errors[0].message, /obligatoire/);
  assert.equal(count('organization'), before, 'a preview writes nothing');
  // the HTML preview shows the same, with the column named
  const page = await upload(staff, 'organizations', csv, { html: true });
  assert.equal(page.status, 200);
  assert.match(page.text_, /Rejetée/);
  assert.match(page.text_, /« type » : Type inconnu/);
  assert.doesNotMatch(page.text_, /Confirmer l&#39;import|Confirmer l'import/);
});

test('a file with one bad line imports nothing, even when confirmed directly', async () => {
  const before = count('organization');
  const csv = 'nom;type\nAssociation Alpha;Association\nAssociation Beta;Pas un type\n';
  const v = json(await upload(staff, 'organizations', csv));
  assert.equal(v.counts.rejected, 1);
  const res = await confirm(staff, v.batch_id);
  assert.equal(res.status, 422);
  assert.equal(count('organization'), before);
  assert.equal(count('organization', "name = 'Association Alpha'"), 0);
  assert.equal(count('audit', "action = 'import.organizations'"), 0);
});

test('a good file is imported in one go, with tags and projects, and one audit entry', async () => {
  const csv = 'nom,type,adresse,code postal,ville,site web,courriel,téléphone,étiquettes,projets\n' +
    'Jardins partagés du Lez,Association,1 rue du Lez,34080,Montpellier,https://jardins.test,jardins@lez.test,04 67 00 00 01,"jardin, environnement",mosson\n' +
    'Régie de quartier Cévennes,Entreprise,,34070,Montpellier,,,,insertion,cevennes|mosson\n';
  const v = json(await upload(staff, 'organizations', csv));
  assert.equal(v.can_import, true, JSON.stringify(v.lines));
  const page = await confirm(staff, v.batch_id, { html: true });
  assert.equal(page.status, 200, page.text_);
  assert.match(page.text_, /Import terminé/);
  assert.equal(count('organization', "name = 'Jardins partagés du Lez' AND kind = 'association' AND postal_code = '34080'"), 1);
  assert.equal(count('organization', "name = 'Régie de quartier Cévennes' AND kind = 'contractor'"), 1);
  assert.equal(count('organization_tag ot JOIN tag t ON t.id = ot.tag_id', "t.name IN ('jardin', 'environnement', 'insertion')"), 3);
  assert.equal(count('organization_project op JOIN organization o ON o.id = op.organization_id', "o.name = 'Régie de quartier Cévennes'"), 2);
  assert.equal(sql(s.db, "SELECT summary FROM audit WHERE action = 'import.organizations'"),
    '2 ligne(s) importée(s), 0 doublon(s) ignoré(s), fichier de 2 ligne(s)');
  // the batch is used up
  assert.equal((await confirm(staff, v.batch_id)).status, 404);
});

test('duplicates, in the database or within the file, are reported and not created', async () => {
  const csv = 'nom,type,courriel\n' +
    'ACM Habitat,Bailleur social,\n' +                       // already in the demo data
    'Maison des Quatre Vents Imaginés,Association,mqv@imaginaire.test\n' +
    'MAISON DES QUATRE VENTS IMAGINES,Association,\n' +          // same name further up, accents and case aside
    'Autre maison,Association,mqv@imaginaire.test\n';               // same e-mail further up
  const v = json(await upload(staff, 'organizations', csv));
  assert.deepEqual(v.lines.map((l) => l.status), ['duplicate', 'accepted', 'duplicate', 'duplicate']);
  assert.equal(v.lines[0].errors[0].column, 'nom');
  assert.equal(v.lines[3].errors[0].column, 'courriel');
  assert.equal(v.can_import, true);
  const done = json(await confirm(staff, v.batch_id));
  assert.equal(done.created, 1);
  assert.equal(count('organization', "name = 'ACM Habitat'"), 1);
  assert.equal(count('organization', "name LIKE 'maison des quatre vents%'"), 1);
  assert.equal(count('organization', "name = 'Autre maison'"), 0);
});

test('a Windows-1252 file with semicolons is imported with its accents right', async () => {
  const text = 'Prénom;Nom;Fonction;Courriel;Téléphone;Organisation;Poste;Habitant;Base légale;Date du consentement\r\n' +
    'Hélène;Dupré;Trésorière (budget 500 €);helene.dupre@exemple.test;06 11 22 33 44;ACM Habitat;chargée de clientèle;non;;\r\n' +
    'Loïc;Œillet;;;;;;oui;consentement;14/03/2026\r\n';
  const bytes = Buffer.from(text.replace('€', '\x80').replace('Œ', '\x8C'), 'latin1');
  assert.equal(bytes.includes(0xC3), false, 'the file really is Windows-1252');
  const v = json(await upload(staff, 'contacts', bytes));
  assert.equal(v.encoding, 'Windows-1252');
  assert.equal(v.separator, 'point-virgule');
  assert.equal(v.can_import, true, JSON.stringify(v.lines));
  assert.equal(json(await confirm(staff, v.batch_id)).created, 2);
  assert.equal(sql(s.db, "SELECT first_name || ' ' || last_name || ' | ' || function FROM contact WHERE email = 'helene.dupre@exemple.test'"),
    'Hélène Dupré | Trésorière (budget 500 €)');
  assert.equal(sql(s.db, "SELECT m.position FROM membership m JOIN contact c ON c.id = m.contact_id WHERE c.last_name = 'Dupré'"), 'chargée de clientèle');
  assert.equal(sql(s.db, "SELECT is_resident || ' ' || consent_basis || ' ' || consent_at FROM contact WHERE last_name = 'Œillet'"),
    '1 consent 2026-03-14');
  assert.match(sql(s.db, "SELECT summary FROM audit WHERE action = 'import.contacts'"), /^2 ligne/);
  // the same person again, same name in the same organisation: a duplicate
  const again = json(await upload(staff, 'contacts', 'prénom,nom,organisation\nhélène,DUPRÉ,ACM Habitat\n'));
  assert.equal(again.lines[0].status, 'duplicate');
});

test('contacts: a resident without consent, an unknown organisation, a bad phone are rejected by column', async () => {
  const csv = 'prénom,nom,organisation,téléphone,habitant,base légale,date du consentement\n' +
    'Anne,Sans-Consentement,,,oui,,\n' +
    'Paul,Ailleurs,Organisation qui n\'existe pas,,non,,\n' +
    'Rita,Numéro,,abc,non,,\n' +
    'Marc,Date,,,oui,consentement,2026-02-30\n';
  const v = json(await upload(staff, 'contacts', csv));
  const cols = v.lines.map((l) => l.errors.map((e) => e.column).join('+'));
  assert.deepEqual(cols, ['base légale+date du consentement', 'organisation', 'téléphone', 'date du consentement']);
  assert.equal(v.counts.rejected, 4);
});

test('a file in an unknown encoding, without header or with unknown columns gets a clear French answer', async () => {
  let res = await upload(staff, 'organizations', Buffer.from([0x6e, 0x6f, 0x6d, 0x0a, 0x41, 0x81, 0x0a]), { html: true });
  assert.equal(res.status, 422);
  assert.match(res.text_, /Encodage du fichier inconnu/);
  assert.match(res.text_, /aria-invalid="true"/);
  res = await upload(staff, 'organizations', 'ACM,Bailleur social\nAutre,Association\n', { html: true });
  assert.equal(res.status, 422);
  assert.match(res.text_, /Colonne inconnue : « ACM »/);
  res = await upload(staff, 'contacts', 'prénom,courriel\nAna,ana@x.test\n', { html: true });
  assert.equal(res.status, 422);
  assert.match(res.text_, /Colonne obligatoire absente : « nom »/);
  res = await upload(staff, 'contacts', '', { html: true });
  assert.equal(res.status, 422);
  res = await upload(staff, 'contacts', 'nom\n"non fermé\n', { html: true });
  assert.equal(res.status, 422);
  assert.match(res.text_, /guillemet/);
  res = await upload(staff, 'autre', 'nom\nA\n', { html: true });
  assert.equal(res.status, 422);
});

test('a batch belongs to the staff member who uploaded it', async () => {
  const v = json(await upload(staff, 'organizations', 'nom,type\nAssociation Gamma,Association\n'));
  const admin = new Client(s.base);
  assert.equal((await admin.login(ROLES.admin)).status, 303);
  assert.equal((await confirm(admin, v.batch_id)).status, 404);
  assert.equal((await confirm(staff, 999999)).status, 404);
  assert.equal(count('organization', "name = 'Association Gamma'"), 0);
});

test('a batch expires after an hour', async () => {
  const v = json(await upload(staff, 'organizations', 'nom,type\nAssociation Zêta,Association\n'));
  sql(s.db, `UPDATE import_batch SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-61 minutes') WHERE id = ${v.batch_id}`);
  const res = await confirm(staff, v.batch_id, { html: true });
  assert.equal(res.status, 404);
  assert.match(res.text_, /expire au bout d(&#39;|')une heure/);
  assert.equal(count('organization', "name = 'Association Zêta'"), 0);
});

test('a line with too many or too few cells is rejected, naming the line', async () => {
  const v = json(await upload(staff, 'organizations', 'nom,type\nAssociation Êta,Association,en trop\nAssociation Thêta\n'));
  assert.deepEqual(v.lines.map((l) => l.status), ['rejected', 'rejected']);
  assert.equal(v.lines[0].errors[0].column, 'ligne');
  assert.match(v.lines[0].errors[0].message, /3 colonnes au lieu de 2/);
  assert.match(v.lines[1].errors[0].message, /1 colonnes au lieu de 2/);
});
