// Journey: an administrator edits a report category (after one invalid
// attempt) and its routing by sector; a staff member opens the points noirs
// and marks the demo's one as handled. axe-core at zero violations on every
// page, at 1280 and 375 px.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD } from '../http/lib.mjs';
import { setup, newPage, visit, navigate } from './helpers.mjs';

let env, tab;
before(async () => { env = await setup(); tab = await newPage(env.browser); });
after(async () => { await env?.close(); });

async function login(page, base, email, home) {
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), `**${home}`);
}

test('un administrateur modifie une catégorie et son aiguillage ; l’équipe suit un point noir', async () => {
  const { page } = tab;
  const base = env.server.base;
  await login(page, base, ROLES.admin, '/admin');

  await page.goto(`${base}/admin/categories`);
  assert.equal(await page.locator('h1').innerText(), 'Catégories de signalement');
  await visit(tab, 'categories', 'liste');

  await navigate(page, () => page.getByRole('link', { name: 'Encombrants et dépôts sauvages' }).click(), '**/admin/categories/*');
  await visit(tab, 'categories', 'categorie');

  // Invalid first: no name → 422, the field marked and described.
  await page.getByLabel('Nom', { exact: true }).fill('');
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer', exact: true }).click(), '**/admin/categories/*');
  assert.equal(await page.locator('#name').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#name-error').innerText(), /obligatoire/);
  await visit(tab, 'categories', 'categorie-erreur', { status: 422 });

  await page.getByLabel('Nom', { exact: true }).fill('Encombrants et dépôts sauvages');
  await page.getByLabel('Durée').fill('4');
  await page.getByLabel('Unité').selectOption('days');
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer', exact: true }).click(), '**/admin/categories/*');
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Catégorie enregistrée.' }).waitFor({ timeout: 2000 }));
  assert.equal(await page.getByLabel('Durée').inputValue(), '4');

  // Routing: Saint-Paul to ACM Habitat instead of the default.
  const saintPaul = page.getByLabel('Saint-Paul');
  assert.match(await saintPaul.locator('option:checked').innerText(), /^par défaut \(/);
  await saintPaul.selectOption({ label: 'ACM Habitat' });
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer l\'aiguillage' }).click(), '**/admin/categories/*');
  assert.equal(await page.getByLabel('Saint-Paul').locator('option:checked').innerText(), 'ACM Habitat');
  await visit(tab, 'categories', 'aiguillage-enregistre');

  // The staff member's points noirs.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForLoadState('load');
  await login(page, base, ROLES.staff, '/equipe');
  await page.goto(`${base}/equipe/points-noirs`);
  assert.equal(await page.locator('h1').innerText(), 'Points noirs');
  // The map (static/hotspots_map.js) draws the demo's point noir from the list's JSON.
  await page.locator('#carte-points-noirs.map-ready').waitFor({ timeout: 5000 });
  assert.ok(await page.locator('#carte-points-noirs path.leaflet-interactive').count() >= 1, 'no point noir drawn on the map');
  await visit(tab, 'points-noirs', 'liste');
  await navigate(page, () => page.getByRole('link', { name: 'Encombrants et dépôts sauvages' }).first().click(), '**/equipe/points-noirs/*');
  const rows = await page.locator('tbody tr').count();
  assert.ok(rows >= 4, `${rows} signalements listés`);
  await visit(tab, 'points-noirs', 'point-noir');
  await page.getByLabel('Suivi', { exact: true }).selectOption('handled');
  await page.getByLabel(/^Note/).fill('Conteneur supplémentaire installé, passage renforcé le lundi.');
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer' }).click(), '**/equipe/points-noirs/*');
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Suivi du point noir enregistré.' }).waitFor({ timeout: 2000 }));
  await visit(tab, 'points-noirs', 'point-noir-traite');
});
