// Journey: on a phone (375 px) a resident contributes to the concertation of
// the Mosson project (a first try with details but without consent, then
// right); staff find the contribution waiting for moderation in the
// register, publish it and write the answer; the resident reads it on the
// public list, without any name or e-mail. axe-core at 1280 and 375 px on
// every page; the administrator's themes editor too.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD } from '../http/lib.mjs';
import { setup, newPage, visit, navigate } from './helpers.mjs';

let env, resident, staff;
const PHONE = { width: 375, height: 812 };
const TEXT = 'Il faudrait un passage piéton éclairé devant la nouvelle école du Grand Mail.';
const ANSWER = 'Le passage piéton sera éclairé et surélevé : les travaux sont prévus au printemps.';

before(async () => {
  env = await setup();
  resident = await newPage(env.browser);
  staff = await newPage(env.browser);
});
after(async () => { await env?.close(); });

/** Logs a tab in as email. */
async function login({ page }, email, home) {
  await page.goto(`${env.server.base}/connexion`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), `**${home}`);
}

test('une habitante contribue sur son téléphone, l’équipe publie et répond, la réponse est publique', async () => {
  const base = env.server.base;
  const { page } = resident;
  await page.setViewportSize(PHONE);
  await page.goto(`${base}/projets/mosson/contribuer`);
  await visit(resident, 'contributions', 'formulaire');

  // details without consent: refused, the form again
  await page.getByLabel(/^Votre contribution/).fill(TEXT);
  await page.getByLabel('École').check();
  await page.getByLabel(/^Secteur concerné/).selectOption({ label: 'Grand Mail' });
  await page.getByLabel('Votre nom').fill('Samira Habitante');
  await page.getByLabel('Votre courriel').fill('samira@exemple.fr');
  await navigate(page, () => page.getByRole('button', { name: 'Envoyer ma contribution' }).click(), '**/projets/mosson/contribuer');
  assert.match(await page.locator('#consent-error').innerText(), /J'accepte que mes coordonnées soient conservées/);
  await page.setViewportSize(PHONE);
  await visit(resident, 'contributions', 'formulaire-erreurs', { status: 422 });

  await page.setViewportSize(PHONE);
  await page.getByLabel(/J'accepte que mes coordonnées soient conservées/).check();
  await navigate(page, () => page.getByRole('button', { name: 'Envoyer ma contribution' }).click(), '**/projets/mosson/contribuer');
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Merci pour votre contribution/);
  assert.match(await page.locator('main, body').first().innerText(), /relue par l'équipe du projet/);
  await page.setViewportSize(PHONE);
  await visit(resident, 'contributions', 'merci');

  // staff: the register, filtered on what waits for moderation
  await login(staff, ROLES.staff, '/equipe');
  const s = staff.page;
  await s.goto(`${base}/equipe/contributions`);
  await visit(staff, 'contributions', 'registre');
  await s.getByLabel('Publication').selectOption({ label: 'En attente de modération' });
  await navigate(s, () => s.getByRole('button', { name: 'Filtrer' }).click(), '**/equipe/contributions?**');
  const row = s.getByRole('row').filter({ hasText: 'passage piéton éclairé' });
  await navigate(s, () => row.getByRole('link').click(), '**/equipe/contributions/*');
  await visit(staff, 'contributions', 'contribution');
  assert.match(await s.locator('.contribution-moderation').innerText(), /En attente de modération/);
  assert.match(await s.locator('dl').innerText(), /Samira Habitante/);
  await navigate(s, () => s.getByRole('button', { name: 'Publier' }).click(), '**/equipe/contributions/*');
  assert.match(await s.locator('.contribution-moderation').innerText(), /Publiée/);
  await s.locator('#status').selectOption({ label: 'Prise en compte' });
  await s.locator('#answer').fill(ANSWER);
  await navigate(s, () => s.getByRole('button', { name: 'Enregistrer la réponse' }).click(), '**/equipe/contributions/*');
  assert.match(await s.locator('.contribution-status').innerText(), /Prise en compte/);
  await visit(staff, 'contributions', 'contribution-repondue');

  // the resident reads the answer on the public list
  await page.setViewportSize(PHONE);
  await navigate(page, () => page.getByRole('link', { name: 'Voir les contributions publiées' }).click(), '**/projets/mosson/contributions');
  const card = page.locator('.contribution-card').filter({ hasText: 'passage piéton éclairé' });
  assert.match(await card.innerText(), /Le passage piéton sera éclairé et surélevé/);
  assert.match(await card.innerText(), /Prise en compte/);
  const html = await page.content();
  assert.doesNotMatch(html, /Samira|samira@exemple\.fr/);
  await page.setViewportSize(PHONE);
  await visit(resident, 'contributions', 'liste-publique');
});

test('l’administrateur gère les thèmes', async () => {
  const admin = await newPage(env.browser);
  await login(admin, ROLES.admin, '/admin');
  const { page } = admin;
  await page.goto(`${env.server.base}/admin/themes`);
  await visit(admin, 'contributions', 'themes');
  await page.locator('#name').fill('Culture');
  await navigate(page, () => page.getByRole('button', { name: 'Ajouter' }).click(), '**/admin/themes');
  assert.ok(await page.locator('input[value="Culture"]').count() > 0);
  await visit(admin, 'contributions', 'themes-ajout');
});

test('l’équipe saisit une contribution recueillie lors d’une réunion et la retrouve depuis la réunion', async () => {
  const base = env.server.base;
  const s = staff.page;
  // from the meeting's page: « Contributions recueillies », then the form prefilled
  const meeting = await (await fetch(`${base}/api/v1/meetings?per_page=100`)).json();
  const held = meeting.items.find((m) => m.title === 'Réunion de lancement du relogement');
  assert.ok(held, 'the demo meeting held');
  await s.goto(`${base}/equipe/reunions/${held.id}`);
  assert.match(await s.locator('.meeting-contributions').innerText(), /Contributions recueillies : \d+ contribution/);
  await visit(staff, 'contributions', 'reunion-contributions');
  await navigate(s, () => s.getByRole('link', { name: 'saisir une contribution' }).click(), '**/equipe/contributions/nouvelle?reunion=*');
  assert.match(await s.locator('#meeting_id option:checked').innerText(), /Réunion de lancement du relogement/);
  await s.getByLabel(/^Contribution/).fill('Les locataires veulent un calendrier des relogements affiché dans les halls.');
  await visit(staff, 'contributions', 'saisie-reunion');
  await navigate(s, () => s.getByRole('button', { name: 'Enregistrer la contribution' }).click(), '**/equipe/contributions/*');
  assert.match(await s.locator('.contribution-meeting').innerText(), /Réunion de lancement du relogement/);
  await visit(staff, 'contributions', 'contribution-reunion');
  // the register filtered on that meeting
  await navigate(s, () => s.getByRole('link', { name: 'les contributions de cette réunion' }).click(), '**/equipe/contributions?reunion=*');
  assert.ok(await s.getByRole('row').filter({ hasText: 'calendrier des relogements' }).count() === 1);
  await visit(staff, 'contributions', 'registre-reunion');
});
