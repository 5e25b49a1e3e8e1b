// Journey: the partner directory. A staff member searches as they type
// (static/search.js), finds an organisation, opens it, logs an interaction;
// then the contacts list, a contact page and a form with errors. axe-core
// checks every page (visit()) and the list redrawn by the script.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD } from '../http/lib.mjs';
import { setup, newPage, visit, navigate, checkAxe } from './helpers.mjs';

let env, tab;
before(async () => { env = await setup(); tab = await newPage(env.browser); });
after(async () => { await env?.close(); });

test('l’équipe cherche un partenaire en tapant, ouvre sa fiche et note un échange', async () => {
  const { page } = tab;
  const base = env.server.base;
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse électronique').fill(ROLES.staff);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), '**/equipe');

  await navigate(page, () => page.getByRole('link', { name: 'Partenaires', exact: true }).click(), '**/partenaires');
  assert.equal(await page.locator('h1').innerText(), 'Partenaires');
  await visit(tab, 'annuaire', 'partenaires');

  // Search as you type: no navigation, the list is redrawn from the JSON view.
  const navigations = tab.state.responses.length;
  await page.getByRole('searchbox').pressSequentially('mass', { delay: 40 });
  const row = page.locator('tbody[data-results] a', { hasText: 'Association des habitants des Hauts de Massane' });
  await row.waitFor();
  await page.waitForFunction(() => /^\d+ organisation/.test(document.querySelector('[data-count]').textContent)
    && !/^4\d /.test(document.querySelector('[data-count]').textContent));
  assert.equal(tab.state.responses.length, navigations, 'the search did not reload the page');
  assert.match(page.url(), /\/partenaires\?q=mass(&|$)/);
  const rows = await page.locator('tbody[data-results] tr').count();
  assert.ok(rows >= 1 && rows < 10, `${rows} rows for « mass »`);
  await checkAxe(page, 'annuaire / recherche « mass » (liste redessinée)');
  assert.equal(await page.getByRole('link', { name: 'CSV', exact: true }).getAttribute('href'), '/partenaires/export.csv?q=mass&tri=nom',
    'the export links follow the search');

  // Accents are ignored: « eleve » finds the parents' federation.
  await page.getByRole('searchbox').fill('eleve');
  await page.locator('tbody[data-results] a', { hasText: "Fédération des parents d'élèves de la Mosson" }).waitFor();

  await page.getByRole('searchbox').fill('mass');
  await row.waitFor();
  await navigate(page, () => row.click(), /\/partenaires\/\d+$/);
  assert.equal(await page.locator('h1').innerText(), 'Association des habitants des Hauts de Massane');
  await visit(tab, 'annuaire', 'fiche-organisation');

  // Log an interaction.
  await page.getByLabel('Type d’échange').or(page.getByLabel("Type d'échange")).selectOption('visit');
  await page.getByLabel('Note', { exact: true }).fill('Diagnostic en marchant avec le bureau de l’association.');
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer l’échange' }).or(page.getByRole('button', { name: "Enregistrer l'échange" })).click(), /\/partenaires\/\d+/);
  await page.getByRole('status').filter({ hasText: 'Échange enregistré.' }).waitFor();
  const history = await page.locator('ul.history').innerText();
  assert.match(history.split('\n')[0], /Visite/);
  assert.match(history, /Diagnostic en marchant avec le bureau/);
  assert.match(history, /noté par Nadia Benali/);
  await visit(tab, 'annuaire', 'echange-note');

  // A date in the future: the form comes back with the error next to the field.
  await page.getByLabel('Date', { exact: true }).fill('2999-01-01');
  await navigate(page, () => page.getByRole('button', { name: /Enregistrer l.échange/ }).click(), /\/partenaires\/\d+\/echanges$/);
  await page.getByRole('alert').waitFor();
  await visit(tab, 'annuaire', 'echange-erreur', { status: 422 });

  // Contacts: the list, a contact page.
  await page.goto(`${base}/contacts`);
  await visit(tab, 'annuaire', 'contacts');
  await navigate(page, () => page.locator('tbody[data-results] a').first().click(), /\/contacts\/\d+$/);
  await visit(tab, 'annuaire', 'fiche-contact');

  // New organisation with errors, then the contact form.
  await page.goto(`${base}/partenaires/nouveau`);
  await visit(tab, 'annuaire', 'nouvelle-organisation');
  await page.getByLabel('Nom', { exact: true }).fill('Collectif du test');
  await page.getByLabel(/Téléphone/).fill('12 34');
  await page.getByLabel(/Site web/).fill('javascript:alert(1)');
  await navigate(page, () => page.getByRole('button', { name: /Créer l.organisation/ }).click(), '**/partenaires');
  await page.getByRole('alert').waitFor();
  assert.match(await page.locator('#phone-error').innerText(), /numéro de téléphone/);
  await visit(tab, 'annuaire', 'nouvelle-organisation-erreurs', { status: 422 });
  await page.goto(`${base}/contacts/nouveau`);
  await visit(tab, 'annuaire', 'nouveau-contact');
});
