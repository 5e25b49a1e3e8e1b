// Journey: a staff member imports a small CSV of organisations then of
// contacts through the form (preview, then confirmation), sees a file with a
// bad line refused, and goes through a person's data, the erase confirmation
// and the list of contacts to review. axe-core on every page.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD, sql } from '../http/lib.mjs';
import { setup, newPage, visit, navigate } from './helpers.mjs';

let env, tab;
before(async () => { env = await setup(); tab = await newPage(env.browser); });
after(async () => { await env?.close(); });

/** Fills the import form with a file and submits it; waits for the page. */
async function submitFile(page, kindLabel, name, text) {
  await page.getByLabel(kindLabel).check();
  await page.getByLabel(/Fichier CSV/).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Voir l’aperçu' }).or(page.getByRole('button', { name: "Voir l'aperçu" })).click()]);
}

test('un membre de l’équipe importe un fichier CSV : aperçu, confirmation, puis données personnelles', async () => {
  const { page } = tab;
  const base = env.server.base;
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse électronique').fill(ROLES.staff);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), '**/equipe');

  await page.goto(`${base}/partenaires/import`);
  assert.equal(await page.locator('h1').innerText(), 'Importer un fichier CSV');
  await visit(tab, 'import', 'formulaire');

  // A file with a bad line: every line is shown, nothing can be imported.
  await submitFile(page, 'des organisations', 'mauvais.csv', 'nom;type\nAssociation Delta;Association\nAssociation Epsilon;Fusée\n');
  assert.match(await page.locator('main').innerText(), /Rejetée/);
  assert.match(await page.locator('main').innerText(), /« type » : Type inconnu/);
  assert.equal(await page.getByRole('button', { name: 'Confirmer l’import' }).or(page.getByRole('button', { name: "Confirmer l'import" })).count(), 0);
  await visit(tab, 'import', 'apercu-refuse');

  // An unknown encoding: the form again, with the error next to the file field.
  await page.goto(`${base}/partenaires/import`);
  await page.getByLabel('des organisations').check();
  await page.getByLabel(/Fichier CSV/).setInputFiles({ name: 'illisible.csv', mimeType: 'text/csv', buffer: Buffer.from([0x6e, 0x6f, 0x6d, 0x0a, 0x41, 0x81, 0x0a]) });
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: /aperçu/ }).click()]);
  assert.match(await page.locator('main').innerText(), /Encodage du fichier inconnu/);
  await visit(tab, 'import', 'encodage-inconnu', { status: 422 });

  // A good file: preview, then confirmation.
  await page.goto(`${base}/partenaires/import`);
  await submitFile(page, 'des organisations', 'bon.csv',
    'nom,type,ville,étiquettes\nAssociation Delta,Association,Montpellier,"quartier, jeunesse"\nACM Habitat,Bailleur social,Montpellier,\n');
  assert.match(await page.locator('main').innerText(), /1 acceptée\(s\), 0 rejetée\(s\), 1 doublon\(s\)/);
  await visit(tab, 'import', 'apercu');
  await navigate(page, () => page.getByRole('button', { name: /Confirmer/ }).click(), '**/confirmer');
  assert.equal(await page.locator('h1').innerText(), 'Import terminé');
  await visit(tab, 'import', 'termine');

  // Contacts, then the person's data pages.
  await page.goto(`${base}/partenaires/import`);
  await submitFile(page, 'des contacts (personnes)', 'contacts.csv',
    'prénom,nom,courriel,organisation,poste\nYannick,Démonstration,yannick@exemple.test,Association Delta,président\n');
  await navigate(page, () => page.getByRole('button', { name: /Confirmer/ }).click(), '**/confirmer');
  const id = Number(sql(env.server.db, "SELECT id FROM contact WHERE email = 'yannick@exemple.test'"));
  assert.ok(id > 0);
  await page.goto(`${base}/contacts/${id}/donnees`);
  assert.match(await page.locator('main').innerText(), /président/);
  await visit(tab, 'import', 'donnees-personnelles');
  await navigate(page, () => page.getByRole('link', { name: 'Effacer la personne' }).click(), `**/contacts/${id}/effacer`);
  await visit(tab, 'import', 'effacer-confirmation');
  await navigate(page, () => page.getByRole('button', { name: 'Effacer définitivement' }).click(), `**/contacts/${id}/effacer`);
  await visit(tab, 'import', 'effacer-sans-case', { status: 422 });
  await page.getByLabel(/Je confirme/).check();
  await navigate(page, () => page.getByRole('button', { name: 'Effacer définitivement' }).click(), '**/contacts/a-revoir');
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'effacée' }).first().waitFor());
  assert.equal(Number(sql(env.server.db, `SELECT count(*) FROM contact WHERE id = ${id}`)), 0);
  await visit(tab, 'import', 'contacts-a-revoir');
});
