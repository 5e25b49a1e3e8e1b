// Journey: the back office of reports. A staff member filters the list of
// reports (overdue, a strand) and opens the map view (Leaflet under the real
// CSP, drawn from the private GeoJSON); the ACM Habitat agent opens its work
// list, the overdue report first and marked, and resolves it with a public
// comment. axe-core at 1280 and 375 px on every page (visit()).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD, cli, sql } from '../http/lib.mjs';
import { setup, newPage, visit, navigate } from './helpers.mjs';

let env;
const made = {};

/** Creates a report through the API as staff; returns its JSON. */
async function report(token, fields) {
  const res = await fetch(`${env.server.base}/api/v1/reports`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ category: 'encombrants', ...fields }),
  });
  assert.equal(res.status, 201);
  return res.json();
}

before(async () => {
  env = await setup({ demoReports: false });
  const t = cli(['token', 'create', ROLES.staff, '--name', 'parcours', '--db', env.server.db]);
  assert.equal(t.status, 0, t.stderr);
  const token = t.stdout.trim();
  made.late = await report(token, { coords: '43.6210,3.8175', description: 'Un canapé abandonné devant le hall du bâtiment B' });
  made.fresh = await report(token, { coords: '43.6220,3.8190', description: 'Des sacs de gravats près du local vélos' });
  made.street = await report(token, { coords: '43.6300,3.8000', description: 'Un matelas sur le trottoir de l’avenue' });
  sql(env.server.db, `UPDATE report SET due_at = '2026-01-05T08:00:00Z' WHERE id = ${made.late.id}`);
});
after(async () => { await env?.close(); });

async function login(tab, email, home) {
  const { page } = tab;
  await page.goto(`${env.server.base}/connexion`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), `**${home}`);
}

test('l’équipe filtre les signalements en retard et ouvre la carte', async () => {
  const tab = await newPage(env.browser);
  const { page } = tab;
  await login(tab, ROLES.staff, '/equipe');
  assert.match(await page.locator('main').innerText(), /1\s+en retard/);
  await visit(tab, 'signalements', 'equipe-accueil');

  await navigate(page, () => page.getByRole('link', { name: 'Suivre les signalements' }).click(), '**/gestion/signalements');
  assert.equal(await page.locator('table.reports tbody tr').count(), 3);
  await visit(tab, 'signalements', 'liste');

  await page.getByLabel('Volet').selectOption('corrective');
  await page.getByLabel('En retard seulement').check();
  await navigate(page, () => page.getByRole('button', { name: 'Filtrer' }).click(), /retard=1/);
  const rows = page.locator('table.reports tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), new RegExp(made.late.ref));
  assert.match(await rows.first().innerText(), /En retard/);
  assert.equal(await rows.first().getAttribute('class'), 'overdue');
  await visit(tab, 'signalements', 'liste-en-retard');

  await navigate(page, () => page.getByRole('link', { name: 'Voir sur la carte' }).click(), /vue=carte/);
  assert.match(page.url(), /volet=corrective/);
  await assert.doesNotReject(page.locator('#carte.leaflet-container').waitFor());
  await assert.doesNotReject(page.locator('#carte path.leaflet-interactive').first().waitFor());
  assert.equal(await page.locator('#carte path.leaflet-interactive').count(), 1, 'one point: the filtered list');
  assert.equal(await page.locator('#carte').getAttribute('data-count'), '1');
  await visit(tab, 'signalements', 'carte');
  await tab.context.close();
});

test('l’agent d’ACM Habitat ouvre sa liste de travail et résout un signalement', async () => {
  const tab = await newPage(env.browser);
  const { page } = tab;
  await login(tab, ROLES.partner, '/partenaire');
  const rows = page.locator('table.reports tbody tr');
  assert.equal(await rows.count(), 2, 'its organisation\'s two open reports, not the street one');
  assert.match(await rows.first().innerText(), new RegExp(`${made.late.ref}[\\s\\S]*En retard`));
  assert.ok(!(await page.locator('main').innerText()).includes(made.street.ref));
  await visit(tab, 'signalements', 'partenaire-accueil');

  await navigate(page, () => page.getByRole('link', { name: made.late.ref }).click(), `**/gestion/signalements/${made.late.id}`);
  await visit(tab, 'signalements', 'partenaire-fiche');
  await page.getByLabel('Nouvel état').selectOption('resolved');
  await page.getByLabel(/^Commentaire public/).first().fill('Le canapé a été enlevé ce matin.');
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer l’état' }).or(page.getByRole('button', { name: "Enregistrer l'état" })).click(),
    `**/gestion/signalements/${made.late.id}`);
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'État du signalement modifié.' }).waitFor());
  assert.match(await page.locator('.report-state').innerText(), /Résolu/);
  assert.match(await page.locator('.report-events').innerText(), /Le canapé a été enlevé ce matin\./);
  await visit(tab, 'signalements', 'partenaire-resolu');

  await page.goto(`${env.server.base}/partenaire`);
  assert.equal(await page.locator('table.reports tbody tr').count(), 1);
  await tab.context.close();
});
