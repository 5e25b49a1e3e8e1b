// Journey: a staff member plans a walking diagnostic (a first try with
// mistakes, then the right values), opens its page; findings recorded during
// the walk appear in the table and on the map (static/walk_map.js under the
// real CSP); axe-core at 1280 and 375 px on every page; printed (print media
// emulation), the page shows no navigation and no forms, but the findings
// table with status, handler and due date, and the date it was printed.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD, cli, sql } from '../http/lib.mjs';
import { setup, newPage, visit, navigate } from './helpers.mjs';

let env, tab;
before(async () => { env = await setup(); tab = await newPage(env.browser); });
after(async () => { await env?.close(); });

/** A report through the API with a staff token, linked to the walk. */
async function finding(token, walkId, category, description, coords) {
  const res = await fetch(env.server.base + '/api/v1/reports', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ category, description, coords }),
  });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  const { ref } = JSON.parse(text);
  sql(env.server.db, `UPDATE report SET walk_id = ${walkId}, source = 'walk' WHERE ref = '${ref}'`);
  return ref;
}

test('l’équipe planifie un diagnostic en marchant, voit ses constats sur la carte et l’imprime', async () => {
  const { page } = tab;
  const base = env.server.base;
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse électronique').fill(ROLES.staff);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Se connecter' }).click(), '**/equipe');

  await page.goto(`${base}/equipe/diagnostics`);
  await visit(tab, 'diagnostics', 'liste-vide');
  await navigate(page, () => page.getByRole('link', { name: 'Planifier un diagnostic' }).click(), '**/equipe/diagnostics/nouveau');
  await visit(tab, 'diagnostics', 'nouveau');

  // A first try: a sector of the other project, no title.
  await page.getByLabel('Projet').selectOption({ label: 'Mosson' });
  await page.getByLabel(/^Date/).fill('2027-01-14');
  await page.getByLabel(/^Heure/).fill('18:30');
  await page.getByRole('group', { name: 'Cévennes' }).getByLabel('Square et parc').check();
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer' }).click(), '**/equipe/diagnostics');
  await assert.doesNotReject(page.getByRole('alert').waitFor());
  assert.match(await page.locator('#title-error').innerText(), /obligatoire/);
  assert.match(await page.locator('#sectors-error').innerText(), /n'appartient pas au projet choisi/);
  await visit(tab, 'diagnostics', 'nouveau-erreurs', { status: 422 });

  await page.getByLabel('Intitulé').fill('Diagnostic du Grand Mail');
  await page.getByRole('group', { name: 'Cévennes' }).getByLabel('Square et parc').uncheck();
  await page.getByRole('group', { name: 'Mosson' }).getByLabel('Grand Mail').check();
  await page.getByLabel('Lieu de rendez-vous').fill('Devant la Maison du Projet');
  await page.getByLabel(/^Parcours/).fill('Avenue de Heidelberg, le Grand Mail, retour par le tram');
  await page.getByRole('group', { name: 'Partenaires invités' }).getByLabel('ACM Habitat', { exact: true }).check();
  await page.locator('input[name="contacts"]').first().check();
  await navigate(page, () => page.getByRole('button', { name: 'Enregistrer' }).click(), /\/equipe\/diagnostics\/\d+$/);
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Diagnostic en marchant créé.' }).waitFor());
  const walkId = Number(page.url().match(/(\d+)$/)[1]);
  assert.match(await page.locator('.walk-facts').innerText(), /14\/01\/2027 à 18 h 30/);
  await visit(tab, 'diagnostics', 'diagnostic-sans-constat');

  // Findings recorded during the walk (the entry form is another page's).
  const t = cli(['token', 'create', ROLES.staff, '--name', 'navigateur', '--db', env.server.db]);
  assert.equal(t.status, 0, t.stderr);
  const token = t.stdout.trim();
  const a = await finding(token, walkId, 'eclairage', 'Lampadaire éteint devant le 12', '43.6175,3.8215');
  const b = await finding(token, walkId, 'encombrants', 'Matelas abandonné au pied de la tour', '43.6180,3.8230');
  sql(env.server.db, `UPDATE report SET status = 'resolved' WHERE ref = '${a}'`);

  await page.reload();
  await visit(tab, 'diagnostics', 'diagnostic-avec-constats');
  const table = page.locator('table.walk-table');
  assert.match(await table.locator('tr', { hasText: a }).innerText(), /Résolu/);
  assert.ok(await table.locator('tr', { hasText: b }).count() === 1);
  assert.equal(await page.getByRole('link', { name: 'Saisir un constat' }).getAttribute('href'),
    `/gestion/signalements/nouveau?diagnostic=${walkId}`);
  // the map: Leaflet ran and drew one circle per finding
  await assert.doesNotReject(page.locator('#carte-constats.leaflet-container').waitFor());
  await assert.doesNotReject(page.locator('#carte-constats path.leaflet-interactive').nth(1).waitFor());
  assert.equal(await page.locator('#carte-constats path.leaflet-interactive').count(), 2);

  // Printed for the follow-up meeting.
  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['.site-nav', '.site-header', '.walk-actions', '.breadcrumb', '#carte-constats']) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} visible à l'impression`);
  }
  const forms = await page.locator('form').evaluateAll((fs) => fs.filter((f) => getComputedStyle(f).display !== 'none').length);
  assert.equal(forms, 0, 'un formulaire reste visible à l’impression');
  assert.ok(await table.isVisible());
  const head = await table.locator('thead').innerText();
  for (const col of ['État', 'Gestionnaire', 'Délai']) assert.match(head, new RegExp(col));
  assert.match(await page.locator('.walk-printed').innerText(), /Document imprimé le \d\d\/\d\d\/\d{4} à/);
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.locator('.walk-printed').isVisible(), false);
  assert.ok(await page.locator('.walk-actions').isVisible());

  // Back to the list: the walk is upcoming.
  await navigate(page, () => page.getByRole('link', { name: 'Diagnostics en marchant' }).click(), '**/equipe/diagnostics');
  assert.match(await page.getByRole('region', { name: 'À venir', exact: true }).innerText(), /Diagnostic du Grand Mail/);
  await visit(tab, 'diagnostics', 'liste');
  await page.goto(`${base}/equipe/diagnostics/${walkId}/modifier`);
  await visit(tab, 'diagnostics', 'modifier');
});
