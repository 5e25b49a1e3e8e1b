// Journey 1: a visitor goes from the home page to the Mosson project page.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, visit, navigate } from './helpers.mjs';

let env, tab;
before(async () => { env = await setup(); tab = await newPage(env.browser); });
after(async () => { await env?.close(); });

test('un visiteur va de l’accueil à la page du projet Mosson', async () => {
  const { page } = tab;
  await page.goto(`${env.server.base}/`);
  assert.match(await page.locator('h1').innerText(), /Les projets de renouvellement urbain/);
  await visit(tab, 'visiteur', 'accueil');

  // The page runs under its real CSP: an inline script injected into it is blocked.
  const inline = await page.evaluate(() => new Promise((done) => {
    let blocked = false;
    document.addEventListener('securitypolicyviolation', () => { blocked = true; }, { once: true });
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true';
    document.head.append(s);
    setTimeout(() => done({ ran: window.__inline === true, blocked }), 50);
  }));
  assert.deepEqual(inline, { ran: false, blocked: true }, 'la CSP de la page n’est pas appliquée');
  tab.state.problems.length = 0; // the console error that violation logged

  await navigate(page, () => page.getByRole('link', { name: 'Mosson', exact: true }).click(), '**/projets/mosson');
  assert.equal(await page.locator('h1').innerText(), 'Projet Mosson');
  assert.equal(await page.locator('nav[aria-label="Fil d\'Ariane"] [aria-current="page"]').innerText(), 'Mosson');
  await visit(tab, 'visiteur', 'projet-mosson');

  // An unknown project: the 404 page is checked like any other.
  await page.goto(`${env.server.base}/projets/inconnu`);
  await visit(tab, 'visiteur', 'projet-inconnu-404', { status: 404 });
});
