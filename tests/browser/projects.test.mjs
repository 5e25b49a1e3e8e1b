// Journey 5: a staff member adds an operation to the Cévennes project; a
// visitor then finds it on the project page, in the timeline and on the map
// (Leaflet, drawn by static/map.js under the page's real CSP), and filters
// the timeline without JavaScript's help (a plain GET form).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD } from '../http/lib.mjs';
import { setup, newPage, visit, navigate } from './helpers.mjs';

let env, tab;
before(async () => { env = await setup(); tab = await newPage(env.browser); });
after(async () => { await env?.close(); });

test('l’équipe ajoute une opération ; un visiteur la voit sur la page du projet et sur la carte', async () => {
  const { page } = tab;
  const base = env.server.base;
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse électronique').fill(ROLES.staff);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), '**/equipe');

  await navigate(page, () => page.getByRole('link', { name: /Gérer les projets/ }).click(), '**/equipe/projets');
  await visit(tab, 'projets', 'equipe-projets');
  await navigate(page, () => page.getByRole('link', { name: 'Cévennes', exact: true }).click(), '**/equipe/projets/cevennes');
  await visit(tab, 'projets', 'equipe-projet-cevennes');
  await navigate(page, () => page.getByRole('link', { name: 'Ajouter une opération' }).click(), '**/operations/nouvelle');
  await visit(tab, 'projets', 'nouvelle-operation');

  // A first try with a malformed date: the form comes back, accessible, with the message.
  await page.getByLabel('Intitulé').fill('Jardins partagés du square');
  await page.getByLabel("Type d'opération").selectOption('public_space');
  await page.getByLabel('Secteur').selectOption({ label: 'Square et parc' });
  await page.getByLabel("Maître d'ouvrage").selectOption({ label: 'Ville de Montpellier' });
  await page.getByLabel('Phase').selectOption('works');
  await page.getByLabel("État d'avancement").selectOption('in_progress');
  await page.getByLabel(/^Début/).fill('mars 2026');
  await page.getByLabel(/^Position sur la carte/).fill('43.6050, 3.8490');
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer' }).click(), '**/projets/cevennes/operations');
  await assert.doesNotReject(page.getByRole('alert').waitFor());
  assert.match(await page.locator('#start_date-error').innerText(), /AAAA-MM/);
  await visit(tab, 'projets', 'nouvelle-operation-erreur', { status: 422 });

  await page.getByLabel(/^Début/).fill('2026-03');
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer' }).click(), /\/equipe\/operations\/\d+$/);
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Opération créée.' }).waitFor());
  await visit(tab, 'projets', 'operation-creee');

  // The visitor, in a fresh context (no session): the page, the map, the filter.
  const visitor = await newPage(env.browser);
  const vpage = visitor.page;
  await vpage.goto(`${base}/projets/cevennes`);
  const item = vpage.locator('li.operation', { hasText: 'Jardins partagés du square' });
  await assert.doesNotReject(item.waitFor());
  assert.match(await item.innerText(), /Ville de Montpellier/);
  assert.match(await item.innerText(), /à partir de mars 2026/);
  assert.match(await vpage.locator('#annee-2026').innerText(), /2026/);
  // the map: Leaflet ran, drew the sectors and the operations as circles
  await assert.doesNotReject(vpage.locator('#carte.leaflet-container').waitFor());
  await assert.doesNotReject(vpage.locator('#carte path.leaflet-interactive').first().waitFor());
  const shapes = await vpage.locator('#carte path.leaflet-interactive').count();
  assert.ok(shapes >= 2 + 5, `${shapes} formes sur la carte`);
  await visit(visitor, 'projets', 'projet-cevennes-carte');

  await vpage.getByLabel("Type d'opération").selectOption('demolition');
  await navigate(vpage, () => vpage.getByRole('button', { name: 'Filtrer' }).click(), /type=demolition/);
  assert.equal(await vpage.locator('li.operation').count(), 0);
  await visit(visitor, 'projets', 'projet-cevennes-filtre-vide');
  await vpage.goto(`${base}/projets/mosson?type=demolition`);
  assert.equal(await vpage.locator('li.operation').count(), 2);
  await visit(visitor, 'projets', 'projet-mosson-demolitions');
  await visitor.page.context().close();

  // Back to the staff member: deleting needs the confirmation box.
  const edit = page.url();
  assert.match(edit, /\/equipe\/operations\/\d+$/);
  await navigate(page, () => page.getByRole('button', { name: "Supprimer l'opération" }).click(), /\/supprimer$/);
  assert.match(await page.locator('#confirm-error').innerText(), /Cochez la case/);
  await visit(tab, 'projets', 'suppression-sans-confirmation', { status: 422 });
  await page.getByLabel(/Je confirme la suppression/).check();
  await navigate(page, () => page.getByRole('button', { name: "Supprimer l'opération" }).click(), '**/equipe/projets/cevennes');
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Opération supprimée.' }).waitFor());
  assert.equal(await page.getByRole('link', { name: 'Jardins partagés du square' }).count(), 0);
  await visit(tab, 'projets', 'operation-supprimee');
});

test('sans JavaScript, la page du projet donne la même information en liste', async () => {
  const ctx = await env.browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(`${env.server.base}/projets/mosson`);
  assert.match(await page.locator('#carte').innerText(), /La liste des opérations ci-dessous/);
  assert.ok(await page.locator('li.operation').count() >= 5);
  await ctx.close();
});
