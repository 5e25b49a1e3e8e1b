// Journey: a committee member creates a personal API token on their account
// page (after one attempt without a name), sees it once, and revokes it.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD } from '../http/lib.mjs';
import { setup, newPage, visit, navigate } from './helpers.mjs';

let env, tab;
before(async () => { env = await setup(); tab = await newPage(env.browser); });
after(async () => { await env?.close(); });

test('un membre crée un jeton d’accès à l’API, le voit une seule fois, puis le révoque', async () => {
  const { page } = tab;
  const base = env.server.base;

  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse électronique').fill(ROLES.member);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), '**/membre');
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await navigate(page, () => nav.locator('a[href="/compte"]').click(), '**/compte');
  await assert.doesNotReject(page.getByRole('heading', { name: "Jetons d'accès à l'API" }).waitFor());
  assert.match(await page.locator('main').innerText(), /Aucun jeton pour l'instant/);
  await visit(tab, 'jetons', 'compte-sans-jeton');

  // No name: the form comes back with the error next to the field.
  await navigate(page, () => page.getByRole('button', { name: 'Créer le jeton' }).click(), '**/compte/jetons');
  const field = page.getByLabel('Nom du jeton');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.equal(await field.getAttribute('aria-describedby'), 'token-name-error');
  await visit(tab, 'jetons', 'nom-manquant', { status: 422 });

  await field.fill('Tableur du conseil citoyen');
  await navigate(page, () => page.getByRole('button', { name: 'Créer le jeton' }).click(), '**/compte/jetons');
  const token = await page.getByLabel('Votre nouveau jeton').inputValue();
  assert.match(token, /^qrt_[A-Za-z0-9_-]{43}$/);
  assert.match(await page.getByRole('status').innerText(), /Copiez-le maintenant/);
  await visit(tab, 'jetons', 'jeton-cree', { status: 201 });

  // The token works, and is not shown again.
  const api = await fetch(`${base}/compte`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  assert.equal(api.status, 200);
  await navigate(page, () => nav.locator('a[href="/compte"]').click(), '**/compte');
  assert.ok(!(await page.content()).includes(token));
  const row = page.getByRole('row').filter({ hasText: 'Tableur du conseil citoyen' });
  assert.doesNotMatch(await row.innerText(), /jamais/);
  await visit(tab, 'jetons', 'jeton-utilise');

  await navigate(page, () => row.getByRole('button', { name: /Révoquer/ }).click(), '**/compte');
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Jeton révoqué' }).waitFor());
  assert.match(await page.getByRole('row').filter({ hasText: 'Tableur du conseil citoyen' }).innerText(), /Révoqué le/);
  await visit(tab, 'jetons', 'jeton-revoque');
  const after = await fetch(`${base}/compte`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  assert.equal(after.status, 401);
});
