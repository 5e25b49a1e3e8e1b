// Journey 3: an administrator creates an account (after one invalid attempt)
// and finds the creation in the audit log.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD } from '../http/lib.mjs';
import { setup, newPage, visit, navigate } from './helpers.mjs';

const NEW = { email: 'ines.morel@exemple.fr', name: 'Inès Morel', role: 'member', password: 'une phrase de passe solide' };

let env, tab;
before(async () => { env = await setup(); tab = await newPage(env.browser); });
after(async () => { await env?.close(); });

test('un administrateur crée un compte et le retrouve dans le journal', async () => {
  const { page } = tab;
  const base = env.server.base;

  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse électronique').fill(ROLES.admin);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), '**/admin');
  await visit(tab, 'admin', 'espace-admin');

  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await navigate(page, () => nav.getByRole('link', { name: 'Comptes' }).click(), '**/admin/comptes');
  assert.equal(await page.locator('h1').innerText(), 'Comptes');
  await visit(tab, 'admin', 'comptes');

  await navigate(page, () => page.getByRole('link', { name: 'Créer un compte' }).click(), '**/admin/comptes/nouveau');
  assert.equal(await page.locator('h1').innerText(), 'Nouveau compte');
  await visit(tab, 'admin', 'nouveau-compte');

  // Invalid first: bad address, no name, short password → 422 with field errors.
  await page.getByLabel('Adresse électronique').fill('pas-une-adresse');
  await page.getByLabel('Mot de passe initial').fill('court');
  await navigate(page, () => page.getByRole('button', { name: 'Créer le compte' }).click(), '**/admin/comptes');
  for (const id of ['email', 'name', 'password']) {
    const field = page.locator(`#${id}`);
    assert.equal(await field.getAttribute('aria-invalid'), 'true', `champ ${id} non signalé comme invalide`);
    const described = await field.getAttribute('aria-describedby');
    assert.ok(described, `champ ${id} sans aria-describedby`);
    assert.ok((await page.locator(`#${described}`).innerText()).length > 0, `message d'erreur vide pour ${id}`);
  }
  await assert.doesNotReject(page.getByRole('alert').filter({ hasText: 'Le formulaire contient des erreurs' }).waitFor());
  await visit(tab, 'admin', 'nouveau-compte-erreurs', { status: 422 });

  // A valid address but no name: the error summary (role="alert") must still
  // be there — it is what announces the failure to a screen reader.
  await page.getByLabel('Adresse électronique').fill(NEW.email);
  await page.getByLabel('Mot de passe initial').fill(NEW.password);
  await navigate(page, () => page.getByRole('button', { name: 'Créer le compte' }).click(), '**/admin/comptes');
  assert.equal(await page.locator('#name').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#email').getAttribute('aria-invalid'), null);
  await assert.doesNotReject(page.getByRole('alert').filter({ hasText: 'Le formulaire contient des erreurs' }).waitFor({ timeout: 2000 }),
    'pas de résumé d’erreurs (role="alert") quand seul le nom manque');
  await visit(tab, 'admin', 'nouveau-compte-nom-manquant', { status: 422 });

  await page.getByLabel('Adresse électronique').fill(NEW.email);
  await page.getByLabel('Nom', { exact: true }).fill(NEW.name);
  await page.getByLabel('Rôle').selectOption(NEW.role);
  await page.getByLabel('Mot de passe initial').fill(NEW.password);
  await navigate(page, () => page.getByRole('button', { name: 'Créer le compte' }).click(), /\/admin\/comptes\/\d+$/);
  assert.equal(await page.locator('h1').innerText(), NEW.name);
  assert.match(await page.locator('dl.facts').innerText(), new RegExp(NEW.email.replace(/\./g, '\\.')));
  await visit(tab, 'admin', 'compte-cree');

  await navigate(page, () => nav.getByRole('link', { name: 'Journal' }).click(), '**/admin/journal');
  assert.match(await page.locator('h1').innerText(), /Journal/);
  const row = page.locator('tbody tr').filter({ hasText: 'Création de compte' }).filter({ hasText: NEW.email });
  assert.equal(await row.count(), 1, 'la création du compte est absente du journal');
  const cells = await row.locator('td').allInnerTexts();
  assert.equal(cells[1], ROLES.admin, `auteur inattendu : ${cells[1]}`);
  assert.equal(cells[2], 'Création de compte');
  assert.match(cells[4], new RegExp(NEW.email.replace(/\./g, '\\.')));
  await visit(tab, 'admin', 'journal');
});
