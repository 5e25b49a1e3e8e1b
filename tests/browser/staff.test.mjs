// Journey 2: a staff member logs in, reaches their home page, logs out.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD } from '../http/lib.mjs';
import { setup, newPage, visit, navigate } from './helpers.mjs';

let env, tab;
before(async () => { env = await setup(); tab = await newPage(env.browser); });
after(async () => { await env?.close(); });

test('un membre de l’équipe projet se connecte, arrive sur son espace et se déconnecte', async () => {
  const { page } = tab;
  const base = env.server.base;
  await page.goto(`${base}/`);
  await visit(tab, 'equipe', 'accueil-anonyme');

  await navigate(page, () => page.getByRole('link', { name: 'Se connecter' }).click(), '**/connexion');
  assert.equal(await page.locator('h1').innerText(), 'Connexion');
  await visit(tab, 'equipe', 'connexion');

  // A wrong password first: the form comes back with an error, still accessible.
  await page.getByLabel('Adresse électronique').fill(ROLES.staff);
  await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), '**/connexion');
  await assert.doesNotReject(page.getByRole('alert').waitFor());
  await visit(tab, 'equipe', 'connexion-erreur', { status: 401 });

  await page.getByLabel('Adresse électronique').fill(ROLES.staff);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), '**/equipe');
  assert.match(await page.locator('main').innerText(), /Nadia Benali/);
  assert.match(await page.locator('h1').innerText(), /équipe projet/);
  await visit(tab, 'equipe', 'espace-equipe');

  await navigate(page, () => page.getByRole('button', { name: 'Se déconnecter' }).click(), (u) => u.pathname === '/');
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Vous êtes déconnecté.' }).waitFor());
  await assert.doesNotReject(page.getByRole('link', { name: 'Se connecter' }).waitFor());
  assert.equal(await page.getByRole('button', { name: 'Se déconnecter' }).count(), 0);
  await visit(tab, 'equipe', 'accueil-deconnecte');
});
