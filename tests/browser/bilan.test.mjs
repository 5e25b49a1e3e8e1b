// Journey: a staff member opens the demo's draft bilan of Mosson, writes
// and signs its conclusions, adopts it after moderating what was pending;
// a visitor reads the adopted bilan on its public page. axe-core at 1280
// and 375 px on every page (visit()); a screenshot of the bilan in print
// media emulation, checked: no navigation, the charts in grey.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROLES, DEMO_PASSWORD, sql } from '../http/lib.mjs';
import { setup, newPage, visit, navigate, SCREENSHOTS } from './helpers.mjs';

let env, tab, visitor;
before(async () => { env = await setup(); tab = await newPage(env.browser); visitor = await newPage(env.browser); });
after(async () => { await env?.close(); });

test('l’équipe ouvre le bilan, signe ses conclusions et l’adopte ; un visiteur le lit, imprimable', async () => {
  const { page } = tab;
  const base = env.server.base;
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse électronique').fill(ROLES.staff);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), '**/equipe');

  await page.goto(`${base}/equipe/bilans`);
  await visit(tab, 'bilan', 'liste');
  await navigate(page, () => page.getByRole('link', { name: /Bilan de la concertation — Mosson/ }).click(), /\/equipe\/bilans\/\d+$/);
  const url = page.url();
  const id = Number(url.match(/(\d+)$/)[1]);
  assert.equal(await page.locator('svg.chart[role="img"]').count(), 4);
  assert.match(await page.locator('h1').innerText(), /Mosson/);
  await visit(tab, 'bilan', 'brouillon');

  // The printed page: A4, no navigation, the bars in grey.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header').isVisible(), false);
  assert.equal(await page.locator('.bilan-actions').isVisible(), false);
  const fill = await page.locator('svg.chart rect.bar').first().evaluate((e) => getComputedStyle(e).fill);
  assert.equal(fill, 'rgb(119, 119, 119)');
  await page.screenshot({ path: join(SCREENSHOTS, 'bilan-impression-1280.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10000);
  await page.emulateMedia({ media: 'screen' });

  // Conclusions, signature, then adoption (the pending contributions first).
  await navigate(page, () => page.getByRole('link', { name: 'Modifier, signer ou adopter' }).click(), '**/modifier');
  await visit(tab, 'bilan', 'modifier');
  await page.getByLabel(/^Conclusions/).fill('Les habitants ont surtout parlé du **relogement** et des espaces publics.');
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer les textes' }).click(), '**/modifier');
  await page.getByLabel(/^Signataire/).fill('Marie Durand, vice-présidente déléguée au renouvellement urbain');
  await navigate(page, () => page.getByRole('button', { name: 'Signer les conclusions' }).click(), '**/modifier');
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Conclusions signées.' }).waitFor());
  await visit(tab, 'bilan', 'signe');
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
  await page.getByLabel(/^Date d'adoption/).fill(today);
  await navigate(page, () => page.getByRole('button', { name: 'Adopter le bilan' }).click(), '**/adopter');
  assert.match(await page.locator('#adopted_on-error').innerText(), /attendent la modération|Cochez/);
  await visit(tab, 'bilan', 'adoption-refusee', { status: 422 });
  sql(env.server.db, `UPDATE contribution SET moderation = 'published' WHERE moderation = 'pending'`);
  await page.getByLabel(/^Date d'adoption/).fill(today);
  await page.getByLabel(/Je confirme l'adoption/).check();
  await navigate(page, () => page.getByRole('button', { name: 'Adopter le bilan' }).click(), url);
  assert.match(await page.locator('.bilan-meta').innerText(), /Adopté le/);
  await visit(tab, 'bilan', 'adopte');

  // A visitor, on the public page.
  await visitor.page.goto(`${base}/projets/mosson`);
  await navigate(visitor.page, () => visitor.page.getByRole('link', { name: /Bilan de la concertation — Mosson/ }).click(), `**/projets/mosson/bilans/${id}`);
  assert.match(await visitor.page.locator('.bilan-signature').first().innerText(), /Marie Durand/);
  await visit(visitor, 'bilan', 'public');
});
