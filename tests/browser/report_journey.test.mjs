// The journey, end to end in one browser: a resident reports a
// problem with a photo on a phone-sized screen; the landlord's agent (ACM
// Habitat) finds it in their work list and resolves it; the resident opens
// the private follow-up link again and sees it resolved, with the agent's
// public comment and never the internal one. axe-core runs on every page.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD, sql } from '../http/lib.mjs';
import { setup, newPage, visit, navigate } from './helpers.mjs';

const PHONE = { width: 375, height: 812 };
const FIX = new URL('../fixtures/', import.meta.url).pathname;

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

test('une habitante signale, l’agent du bailleur résout, l’habitante voit le problème résolu', async () => {
  const base = env.server.base;

  // 1. The resident, anonymous, on a phone.
  const resident = await newPage(env.browser);
  const rp = resident.page;
  await rp.setViewportSize(PHONE);
  await rp.goto(`${base}/signaler`);
  await navigate(rp, () => rp.getByRole('link', { name: /^Parties communes/ }).click(), '**/signaler?categorie=parties_communes');
  await rp.getByLabel(/Description du problème/).fill('La porte du hall ne ferme plus depuis trois jours');
  await rp.getByLabel(/Bâtiment et entrée/).fill('Bâtiment B, entrée 3');
  await rp.getByLabel(/Adresse ou repère/).fill('Hall du bâtiment B, rue de Bologne');
  await rp.locator('#photo').setInputFiles(FIX + 'gps.jpg');
  await rp.getByLabel(/Votre courriel/).fill('habitante@exemple.fr');
  await rp.getByLabel('Me tenir informé par courriel').check();
  await navigate(rp, () => rp.getByRole('button', { name: 'Envoyer le signalement' }).click(), /\/suivi\/[A-Za-z0-9_-]{43}$/);
  const followUrl = rp.url();
  const row = JSON.parse(sql(env.server.db, "SELECT json_object('id', id, 'ref', ref, 'org', handler_org_id) FROM report ORDER BY id DESC LIMIT 1"));
  assert.equal(Number(sql(env.server.db, "SELECT id FROM organization WHERE name = 'ACM Habitat'")), row.org, 'routed to the landlord');
  assert.match(await rp.locator('main').innerText(), /Transmis au gestionnaire/);
  await visit(resident, 'parcours', 'habitante-suivi');
  await resident.context.close();

  // 2. The landlord's agent resolves it from the work list.
  const agent = await newPage(env.browser);
  const ap = agent.page;
  await ap.goto(`${base}/connexion`);
  await ap.getByLabel('Adresse électronique').fill(ROLES.partner);
  await ap.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(ap, () => ap.getByRole('button', { name: 'Se connecter' }).click(), '**/partenaire');
  await navigate(ap, () => ap.getByRole('link', { name: row.ref }).click(), `**/gestion/signalements/${row.id}`);
  // the photo the resident sent is there, stripped of its location
  await ap.locator('img[src^="/photos/"]').first().waitFor();
  await visit(agent, 'parcours', 'agent-fiche');
  await ap.getByLabel('Nouvel état').selectOption('resolved');
  await ap.getByLabel(/^Commentaire public/).first().fill('La serrure du hall a été remplacée ce matin.');
  await ap.getByLabel(/^Commentaire interne/).first().fill('Intervention de l’entreprise de serrurerie, bon n° 4512.');
  await navigate(ap, () => ap.getByRole('button', { name: /Enregistrer l.état/ }).click(), `**/gestion/signalements/${row.id}`);
  assert.match(await ap.locator('.report-state').innerText(), /Résolu/);
  await visit(agent, 'parcours', 'agent-resolu');
  await agent.context.close();

  // 3. The resident comes back through the private link.
  const back = await newPage(env.browser);
  const bp = back.page;
  await bp.setViewportSize(PHONE);
  await bp.goto(followUrl);
  const text = await bp.locator('main').innerText();
  assert.match(text, /Résolu/);
  assert.match(text, /La serrure du hall a été remplacée ce matin\./);
  assert.doesNotMatch(text, /serrurerie|4512/, 'no internal comment on the follow-up page');
  assert.doesNotMatch(text, /habitante@exemple\.fr/);
  // resolved: the resident may say it is not, on that page
  await bp.getByRole('button', { name: /pas résolu/i }).waitFor();
  await visit(back, 'parcours', 'habitante-resolu');
  await back.context.close();
});
