// Journey: an administrator finds the outbox from the administration home,
// filters it, reads a mail in full and asks for a new attempt; axe-core at
// 1280 and 375 px on each page.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, sql, ROLES, DEMO_PASSWORD } from '../http/lib.mjs';
import { setup, newPage, visit, navigate } from './helpers.mjs';

let env, tab;
before(async () => { env = await setup(); tab = await newPage(env.browser); });
after(async () => { await env?.close(); });

test('un administrateur consulte la file des courriels, lit un message et le renvoie', async () => {
  const { page } = tab;
  const base = env.server.base;
  // A report entered through the API: two mails wait (no SMTP in this server).
  const token = cli(['token', 'create', 'staff@demo.test', '--name', 'parcours', '--db', env.server.db]).stdout.trim();
  const res = await fetch(`${base}/api/v1/reports`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ category: 'encombrants', description: 'Un matelas abandonné au pied de l’immeuble.', coords: '43.6210, 3.8170', email: 'riverain@exemple.fr', notify: true }),
  });
  assert.equal(res.status, 201);
  const { ref } = await res.json();
  // One of them was given up after 8 attempts.
  sql(env.server.db, "UPDATE outbox SET attempts = 8, last_error = 'Couldn''t connect to server' WHERE to_addr = 'riverain@exemple.fr'");

  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse électronique').fill(ROLES.admin);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), '**/admin');
  await navigate(page, () => page.getByRole('link', { name: 'Courriels' }).click(), '**/admin/courriels');
  const main = page.locator('main');
  assert.match(await main.innerText(), /Aucun serveur SMTP n'est configuré/);
  assert.match(await main.innerText(), new RegExp(`Signalement ${ref} à traiter`));
  await visit(tab, 'courriels', 'file');

  await page.getByLabel('État').selectOption('echec');
  await navigate(page, () => page.getByRole('button', { name: 'Filtrer' }).click(), '**/admin/courriels?etat=echec');
  const rows = page.locator('tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /Échec définitif/);
  await visit(tab, 'courriels', 'echecs');

  await navigate(page, () => rows.first().getByRole('link').click(), /\/admin\/courriels\/\d+$/);
  assert.match(await main.innerText(), new RegExp(`Votre signalement ${ref} est enregistré`));
  assert.match(await page.locator('pre').innerText(), /\/suivi\/[A-Za-z0-9_-]{43}/);
  await visit(tab, 'courriels', 'message');

  await navigate(page, () => page.getByRole('button', { name: "Réessayer l'envoi" }).click(), /\/admin\/courriels\/\d+$/);
  assert.match(await main.innerText(), /remis en file/);
  assert.match(await main.innerText(), /En attente/);
  await visit(tab, 'courriels', 'renvoye');
});
