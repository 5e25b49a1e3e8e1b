// Journey: on a phone-sized screen (375 px) a resident chooses a category,
// puts a point on the map, types a landmark, attaches a photo, sends the
// report and lands on the private follow-up page with its reference; the
// public pages show it. Then a staff member enters reports from the back
// office, and a walk's finding with the geolocation button. axe-core runs on
// every page (visit()).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD, sql } from '../http/lib.mjs';
import { setup, newPage, visit, navigate } from './helpers.mjs';

const PHONE = { width: 375, height: 812 };
const FIX = new URL('../fixtures/', import.meta.url).pathname;

let env, tab;
before(async () => { env = await setup(); tab = await newPage(env.browser); });
after(async () => { await env?.close(); });

test('une habitante signale un problème depuis son téléphone et arrive sur la page de suivi', async () => {
  const { page } = tab;
  const base = env.server.base;
  await page.setViewportSize(PHONE);
  await page.goto(`${base}/`);
  await navigate(page, () => page.getByRole('link', { name: 'Signaler un problème' }).first().click(), '**/signaler');
  assert.equal(await page.locator('h1').innerText(), 'Signaler un problème');
  await visit(tab, 'signaler', 'categories');

  await page.setViewportSize(PHONE);
  await navigate(page, () => page.getByRole('link', { name: /^Propreté/ }).click(), '**/signaler?categorie=proprete');
  await visit(tab, 'signaler', 'formulaire');

  // Sent empty: the form comes back with the fields in error, still accessible.
  await page.setViewportSize(PHONE);
  await navigate(page, () => page.getByRole('button', { name: 'Envoyer le signalement' }).click(), '**/signaler');
  await assert.doesNotReject(page.getByRole('alert').waitFor());
  assert.equal(await page.locator('#description').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#description-error').innerText(), /Description du problème/);
  await visit(tab, 'signaler', 'formulaire-erreurs', { status: 422 });

  await page.setViewportSize(PHONE);
  await page.getByLabel(/Description du problème/).fill('Dépôt de gravats sur le trottoir, au pied de l’arbre');
  const map = page.locator('#carte-signaler');
  await map.waitFor({ state: 'visible' });
  await map.click();
  assert.match(await page.locator('#coords').inputValue(), /^-?\d+\.\d{6},-?\d+\.\d{6}$/);
  assert.match(await page.locator('#position-etat').innerText(), /Point placé sur la carte/);
  await page.getByLabel(/Adresse ou repère/).fill('Au pied du grand platane, place du marché');
  await page.locator('#photo').setInputFiles(FIX + 'gps.jpg');
  await navigate(page, () => page.getByRole('button', { name: 'Envoyer le signalement' }).click(), /\/suivi\/[A-Za-z0-9_-]{43}$/);
  const ref = sql(env.server.db, 'SELECT ref FROM report ORDER BY id DESC LIMIT 1');
  assert.equal(await page.locator('h1').innerText(), `Suivi du signalement ${ref}`);
  assert.match(await page.getByRole('status').first().innerText(), new RegExp(`référence ${ref}`));
  // the photo, stripped of its metadata, still decodes
  const img = page.locator('.report-photos img').first();
  await img.waitFor();
  assert.equal(await img.evaluate((el) => el.complete && el.naturalWidth), 1);
  await visit(tab, 'signaler', 'suivi');

  await page.goto(`${base}/signalements/${ref}`);
  assert.match(await page.locator('main').innerText(), /Dépôt de gravats/);
  await visit(tab, 'signaler', 'page-publique');

  await page.goto(`${base}/signalements`);
  assert.equal(await page.getByRole('link', { name: new RegExp(ref) }).count(), 1);
  await page.waitForTimeout(300);
  await visit(tab, 'signaler', 'liste');
});

test('un membre de l’équipe saisit des signalements, puis un constat de diagnostic en marchant', async () => {
  const { page, context } = tab;
  const base = env.server.base;
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse électronique').fill(ROLES.staff);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), '**/equipe');

  await page.goto(`${base}/gestion/signalements/nouveau`);
  await visit(tab, 'saisie', 'formulaire');
  await page.getByLabel('Catégorie').selectOption('eclairage');
  await page.getByLabel(/Description du problème/).fill('Lampadaire éteint devant l’école');
  await page.getByLabel(/Adresse ou repère/).fill('École Heidelberg');
  await page.getByLabel(/Secteur/).selectOption({ label: 'Mosson — Saint-Paul' });
  await page.getByLabel('Nom').fill('Appel au standard');
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer et saisir le suivant' }).click(), /enregistre=S-/);
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: /Signalement S-\d{4}-\d{5} enregistré/ }).waitFor());
  assert.equal(await page.getByLabel('Catégorie').inputValue(), 'eclairage');
  assert.equal(await page.getByLabel(/Description du problème/).inputValue(), '');
  await visit(tab, 'saisie', 'enregistre');

  sql(env.server.db, "INSERT INTO walk (title, starts_at, created_at, updated_at) VALUES ('Diagnostic Saint-Paul', '2026-12-01T09:00:00Z', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')");
  const walk = sql(env.server.db, 'SELECT max(id) FROM walk');
  await context.grantPermissions(['geolocation'], { origin: base });
  await context.setGeolocation({ latitude: 43.6172, longitude: 3.8215 });
  await page.setViewportSize(PHONE);
  await page.goto(`${base}/gestion/signalements/nouveau?diagnostic=${walk}`);
  assert.equal(await page.locator('h1').innerText(), 'Constat : Diagnostic Saint-Paul');
  await page.getByLabel('Catégorie').selectOption('mobilier');
  await page.getByLabel(/Description du problème/).fill('Banc arraché près de l’aire de jeux');
  await page.getByRole('button', { name: 'Utiliser ma position' }).click();
  await assert.doesNotReject(page.locator('#position-etat').filter({ hasText: 'Votre position a été trouvée' }).waitFor());
  assert.equal(await page.locator('#coords').inputValue(), '43.617200,3.821500');
  await page.locator('#photo').setInputFiles(FIX + 'plain.png');
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer et saisir le constat suivant' }).click(), /diagnostic=/);
  assert.equal(sql(env.server.db, 'SELECT source || \':\' || walk_id || \':\' || lat FROM report ORDER BY id DESC LIMIT 1'), `walk:${walk}:43.6172`);
  await visit(tab, 'saisie', 'constat-enregistre');
});
