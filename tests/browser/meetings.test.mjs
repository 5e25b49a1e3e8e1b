// Journey: a staff member programmes a meeting (a first try with mistakes,
// then the right values), adds two agenda items; a visitor reads the public
// agenda and the meeting's page; axe-core at 1280 and 375 px on every page
// (visit() checks both widths and the absence of horizontal scroll).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD } from '../http/lib.mjs';
import { setup, newPage, visit, navigate } from './helpers.mjs';

let env, tab, visitor;
before(async () => { env = await setup(); tab = await newPage(env.browser); visitor = await newPage(env.browser); });
after(async () => { await env?.close(); });

test('l’équipe programme une réunion avec son ordre du jour ; un visiteur la lit dans l’agenda', async () => {
  const { page } = tab;
  const base = env.server.base;
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse électronique').fill(ROLES.staff);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), '**/equipe');

  await page.goto(`${base}/equipe/reunions`);
  await visit(tab, 'reunions', 'liste');
  await navigate(page, () => page.getByRole('link', { name: 'Programmer une réunion' }).click(), '**/equipe/reunions/nouvelle');
  await visit(tab, 'reunions', 'nouvelle');

  // A first try: no title, an end before the start.
  await page.getByLabel('Projet').selectOption({ label: 'Mosson' });
  await page.getByLabel(/^Date \(/).fill('2029-06-12');
  await page.getByLabel(/^Début/).fill('18:00');
  await page.getByLabel(/^Fin/).fill('17:00');
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer' }).click(), '**/equipe/reunions');
  await assert.doesNotReject(page.getByRole('alert').waitFor());
  assert.match(await page.locator('#title-error').innerText(), /obligatoire/);
  assert.match(await page.locator('#end_time-error').innerText(), /après le début/);
  await visit(tab, 'reunions', 'nouvelle-erreurs', { status: 422 });

  await page.getByLabel('Intitulé').fill('Atelier : la place du Marché de demain');
  await page.getByLabel('Type').selectOption({ label: 'Atelier' });
  await page.getByLabel(/^Fin/).fill('20:00');
  await page.getByLabel(/^Lieu/).fill('Maison du projet, place du Marché');
  await page.getByLabel('Description').fill('Un atelier pour **imaginer** la future place.');
  await page.getByRole('group', { name: 'Mosson' }).getByLabel('Cœur de quartier').check();
  await page.getByRole('group', { name: 'Partenaires associés' }).getByLabel('ACM Habitat', { exact: true }).check();
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer' }).click(), /\/equipe\/reunions\/\d+$/);
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Réunion créée.' }).waitFor());
  const id = Number(page.url().match(/(\d+)$/)[1]);

  for (const [title, minutes] of [['Présentation du projet', '20'], ['Travail en groupes', '60']]) {
    await page.getByLabel('Nouveau point').fill(title);
    await page.getByLabel(/^Durée/).fill(minutes);
    await navigate(page, () => page.getByRole('button', { name: 'Ajouter le point' }).click(), /\/equipe\/reunions\/\d+/);
  }
  await page.goto(`${base}/equipe/reunions/${id}`); // without the #ordre-du-jour fragment, for visit()
  const items = page.locator('#ordre-du-jour ol.agenda-items li');
  assert.equal(await items.count(), 2);
  assert.match(await items.nth(1).innerText(), /Travail en groupes \(60 min\)/);
  await visit(tab, 'reunions', 'reunion-ordre-du-jour');

  // A visitor, on a phone.
  const v = visitor.page;
  await v.setViewportSize({ width: 375, height: 740 });
  await v.goto(`${base}/`);
  await navigate(v, () => v.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Agenda' }).click(), '**/agenda');
  await visit(visitor, 'agenda', 'agenda');
  await navigate(v, () => v.getByRole('link', { name: 'Atelier : la place du Marché de demain' }).click(), `**/agenda/${id}`);
  await visit(visitor, 'agenda', 'reunion');
  assert.match(await v.locator('.meeting-facts').innerText(), /le 12\/06\/2029 de 18 h 00 à 20 h 00/);
  assert.match(await v.locator('.meeting-description').innerHTML(), /<strong>imaginer<\/strong>/);
  assert.match(await v.locator('ol.agenda-items').innerText(), /Présentation du projet \(20 min\)[\s\S]*Travail en groupes \(60 min\)/);
  assert.match(await v.locator('main').innerText(), /ACM Habitat/);
  assert.equal(await v.getByRole('link', { name: 'Ajouter à mon calendrier' }).getAttribute('href'), `/agenda/${id}.ics`);
});
