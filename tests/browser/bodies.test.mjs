// Journey: a staff member creates a body (a first try with a bad identifier),
// adds two members in two colleges, programmes a session from the body's
// page (the body preselected), takes the attendance per college and sees the
// quorum; a visitor reads the public page of the body and of the session.
// axe-core at 1280 and 375 px on every page (visit()).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD, sql } from '../http/lib.mjs';
import { setup, newPage, visit, navigate } from './helpers.mjs';

let env, tab, visitor, memberTab;
before(async () => { env = await setup(); tab = await newPage(env.browser); visitor = await newPage(env.browser); memberTab = await newPage(env.browser); });
after(async () => { await env?.close(); });

test('l’équipe crée une instance, ses membres, une séance et son émargement ; un visiteur lit la page publique', async () => {
  const { page } = tab;
  const base = env.server.base;
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse électronique').fill(ROLES.staff);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), '**/equipe');

  await page.goto(`${base}/equipe/instances`);
  await visit(tab, 'instances', 'liste');
  await navigate(page, () => page.getByRole('link', { name: 'Créer une instance' }).click(), '**/equipe/instances/nouvelle');
  await visit(tab, 'instances', 'nouvelle');

  await page.getByLabel('Nom', { exact: true }).fill('Conseil citoyen de la Paillade');
  await page.getByLabel(/^Identifiant dans l'adresse/).fill('Conseil Paillade');
  await page.getByLabel("Type d'instance").selectOption({ label: 'Conseil citoyen' });
  await page.getByLabel('Projet').selectOption({ label: 'Mosson' });
  await page.getByLabel(/^Part des titulaires/).fill('50');
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer' }).click(), '**/equipe/instances');
  assert.match(await page.locator('#slug-error').innerText(), /lettres minuscules/);
  await visit(tab, 'instances', 'nouvelle-erreurs', { status: 422 });
  await page.getByLabel(/^Identifiant dans l'adresse/).fill('conseil-paillade');
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer' }).click(), /\/equipe\/instances\/\d+$/);
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Instance créée.' }).waitFor());
  const bodyUrl = page.url();

  // Two members, in two colleges.
  for (const [index, college, seat, position] of [[3, 'Élus', 'Titulaire', 'adjointe au maire'], [5, 'Société civile', 'Titulaire', 'habitante']]) {
    await page.getByLabel(/^Contact/).selectOption({ index });
    await page.getByLabel('Collège', { exact: true }).selectOption({ label: college });
    await page.getByLabel('Siège', { exact: true }).selectOption({ label: seat });
    await page.getByLabel(/^Qualité/).fill(position);
    await page.getByLabel(/^Début du mandat/).fill('2026-01-01');
    await navigate(page, () => page.getByRole('button', { name: 'Ajouter le membre' }).click(), /\/equipe\/instances\/\d+/);
    await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Membre ajouté.' }).waitFor());
  }
  await page.goto(bodyUrl);
  assert.match(await page.getByRole('table', { name: 'Collège Élus' }).innerText(), /adjointe au maire/);
  assert.match(await page.getByRole('table', { name: 'Collège Société civile' }).innerText(), /habitante/);
  await visit(tab, 'instances', 'instance');

  // A session, from the body's page.
  await navigate(page, () => page.getByRole('link', { name: 'Nouvelle séance' }).click(), /\/equipe\/reunions\/nouvelle\?body_id=\d+/);
  assert.equal(await page.getByLabel('Type').inputValue(), 'committee_session');
  assert.match(await page.getByLabel(/^Instance/).locator('option:checked').innerText(), /Conseil citoyen de la Paillade/);
  await page.getByLabel('Intitulé').fill('Séance de rentrée du conseil citoyen');
  await page.getByLabel(/^Date \(/).fill('2030-09-15');
  await page.getByLabel(/^Début/).fill('18:00');
  await page.getByLabel(/^Fin/).fill('20:00');
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer' }).click(), /\/equipe\/reunions\/\d+$/);
  const id = Number(page.url().match(/(\d+)$/)[1]);
  await visit(tab, 'instances', 'seance');

  // Attendance: the elected member present, the other excused.
  await navigate(page, () => page.getByRole('link', { name: 'Émargement par collège' }).click(), `**/equipe/reunions/${id}/emargement`);
  await visit(tab, 'instances', 'emargement-vide');
  const groups = page.locator('fieldset.attendance-member');
  assert.equal(await groups.count(), 2);
  await groups.nth(0).getByLabel('Présent', { exact: true }).check();
  await groups.nth(1).getByLabel('Excusé', { exact: true }).check();
  await navigate(page, () => page.getByRole('button', { name: "Enregistrer l'émargement" }).click(), `**/equipe/reunions/${id}/emargement`);
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Émargement enregistré.' }).waitFor());
  assert.match(await page.locator('.body-quorum').innerText(), /Quorum atteint\s+quorum atteint : 1 présent sur 2 titulaires, 50 % requis/);
  assert.equal(await groups.nth(0).getByLabel('Présent', { exact: true }).isChecked(), true);
  await visit(tab, 'instances', 'emargement');

  // A visitor, on a phone: the body's page and the session's.
  const v = visitor.page;
  await v.setViewportSize({ width: 375, height: 740 });
  await v.goto(`${base}/instances`);
  await visit(visitor, 'instances', 'public-liste');
  await navigate(v, () => v.getByRole('link', { name: 'Conseil citoyen de la Paillade' }).click(), '**/instances/conseil-paillade');
  await visit(visitor, 'instances', 'public-instance');
  assert.match(await v.locator('main').innerText(), /Collège Élus[\s\S]*adjointe au maire/);
  await navigate(v, () => v.getByRole('link', { name: 'Séance de rentrée du conseil citoyen' }).click(), `**/agenda/${id}`);
  assert.match(await v.locator('main').innerText(), /quorum atteint : 1 présent sur 2 titulaires/);
  await visit(visitor, 'instances', 'public-seance');
});

test('les pages de l’instance de démonstration : décisions, suite donnée, convocation, membre ; accessibles', async () => {
  const { page } = tab; // still logged in as staff
  const base = env.server.base;
  const q = (query) => sql(env.server.db, query);
  const body = q("SELECT id FROM body WHERE slug = 'comite-de-suivi-mosson'");
  const autumn = q("SELECT id FROM meeting WHERE title LIKE '%séance d''automne'");
  const upcoming = q("SELECT id FROM meeting WHERE title LIKE '%séance d''hiver'");
  const decision = q(`SELECT min(id) FROM decision WHERE body_id = ${body}`);
  const memberId = q(`SELECT min(id) FROM body_member WHERE body_id = ${body}`);
  await page.goto(`${base}/equipe/instances/${body}`);
  assert.match(await page.locator('main').innerText(), /Décisions en cours[\s\S]*en retard/);
  await visit(tab, 'instances-demo', 'instance');
  await page.goto(`${base}/equipe/reunions/${autumn}/decisions`);
  assert.match(await page.locator('#suivi').locator('..').innerText(), /Suite donnée aux décisions des séances précédentes/);
  await visit(tab, 'instances-demo', 'decisions');
  await page.goto(`${base}/equipe/decisions/${decision}`);
  await visit(tab, 'instances-demo', 'decision');
  await page.goto(`${base}/equipe/instances/${body}/membres/${memberId}`);
  await visit(tab, 'instances-demo', 'membre');
  await page.goto(`${base}/equipe/reunions/${upcoming}/convocation`);
  assert.match(await page.locator('main').innerText(), /Ordre du jour :/);
  await visit(tab, 'instances-demo', 'convocation');
  await page.goto(`${base}/equipe/reunions/${autumn}`);
  assert.match(await page.locator('.body-quorum-line').innerText(), /Quorum non atteint/);
  await visit(tab, 'instances-demo', 'seance-equipe');

  const m = memberTab.page;
  await m.goto(`${base}/connexion`);
  await m.getByLabel('Adresse électronique').fill(ROLES.member);
  await m.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(m, () => m.getByRole('button', { name: 'Se connecter' }).click(), '**/membre');
  assert.match(await m.locator('main').innerText(), /Comité technique GUSP — point chantiers/);
  await visit(memberTab, 'instances-demo', 'membre-accueil');
  await navigate(m, () => m.getByRole('link', { name: 'Comité technique GUSP — point chantiers' }).click(), /\/agenda\/\d+$/);
  await visit(memberTab, 'instances-demo', 'membre-seance-privee');
});
