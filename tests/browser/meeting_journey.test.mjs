// Journey (issue 6): a resident registers for a workshop on a phone (375 px)
// and lands on their registration page; on the day, staff take attendance on
// a phone-size screen (the resident ticked, a walk-in added, people counted,
// the meeting marked held), then write and publish the minutes; the
// resident reads them on the meeting's public page. axe-core at 1280 and
// 375 px on every page visited (visit()).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD, sql } from '../http/lib.mjs';
import { setup, newPage, visit, navigate } from './helpers.mjs';

const PHONE = { width: 375, height: 740 };
let env, resident, officer;
before(async () => { env = await setup(); resident = await newPage(env.browser); officer = await newPage(env.browser); });
after(async () => { await env?.close(); });

test('une habitante s’inscrit à un atelier ; l’équipe fait l’émargement et publie le compte rendu ; l’habitante le lit', async () => {
  const base = env.server.base;
  const db = env.server.db;
  sql(db, `INSERT INTO meeting (project_id, kind, title, place, starts_at, ends_at, is_public, status, capacity, reserved_places, created_at, updated_at)
           VALUES (1, 'workshop', 'Atelier : les jardins partagés', 'Maison du projet, place du Marché',
           strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+3 hours'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+5 hours'), 1, 'scheduled', 12, 2,
           strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))`);
  const id = Number(sql(db, 'SELECT max(id) FROM meeting'));

  // The resident, on a phone: the agenda, the workshop, the form.
  const v = resident.page;
  await v.setViewportSize(PHONE);
  await v.goto(`${base}/agenda`);
  await navigate(v, () => v.getByRole('link', { name: 'Atelier : les jardins partagés' }).click(), `**/agenda/${id}`);
  await visit(resident, 'rencontre', 'atelier');
  await v.setViewportSize(PHONE);
  assert.match(await v.locator('.registration-places').innerText(), /10 place\(s\) disponible\(s\) sur 10/);
  // A first try without the consent box.
  await v.getByLabel('Nom et prénom').fill('Samira Benali');
  await v.getByLabel(/^Courriel/).fill('samira@exemple.fr');
  await navigate(v, () => v.getByRole('button', { name: "M'inscrire" }).click(), `**/agenda/${id}/inscription`);
  assert.match(await v.locator('#consent-error').innerText(), /Cochez la case/);
  await visit(resident, 'rencontre', 'inscription-erreur', { status: 422 });
  await v.setViewportSize(PHONE);
  await v.getByLabel(/J'accepte que mon nom/).check();
  await navigate(v, () => v.getByRole('button', { name: "M'inscrire" }).click(), /\/agenda\/inscription\/[A-Za-z0-9_-]{43}$/);
  await assert.doesNotReject(v.getByRole('status').filter({ hasText: 'Votre inscription est enregistrée' }).waitFor());
  assert.match(await v.locator('main').innerText(), /Une place vous est réservée/);
  await visit(resident, 'rencontre', 'mon-inscription');
  assert.equal(sql(db, `SELECT count(*) FROM outbox WHERE to_addr = 'samira@exemple.fr'`), '1');

  // The day comes: the workshop has begun.
  sql(db, `UPDATE meeting SET starts_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-30 minutes'), ends_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+90 minutes') WHERE id = ${id}`);

  // Staff, on a phone-size screen: attendance.
  const p = officer.page;
  await p.setViewportSize(PHONE);
  await p.goto(`${base}/connexion`);
  await p.getByLabel('Adresse électronique').fill(ROLES.staff);
  await p.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await navigate(p, () => p.getByRole('button', { name: 'Se connecter' }).click(), '**/equipe');
  await p.goto(`${base}/equipe/reunions/${id}`);
  await navigate(p, () => p.getByRole('navigation', { name: 'Pages de la réunion' }).getByRole('link', { name: 'Présences' }).click(), `**/equipe/reunions/${id}/presences`);
  await visit(officer, 'rencontre', 'presences');
  await p.setViewportSize(PHONE);
  const box = p.getByRole('checkbox', { name: /Samira Benali/ });
  const size = await box.boundingBox();
  assert.ok(size.width >= 24 && size.height >= 24, `case à cocher trop petite : ${size.width}×${size.height}`);
  await box.check();
  // The tick is saved at once (static/attendance.js), the total redrawn.
  await assert.doesNotReject(p.locator('.attendance-total').filter({ hasText: '1 présent(s) : 1 inscrit(s)' }).waitFor());
  assert.equal(sql(db, `SELECT count(*) FROM attendance WHERE meeting_id = ${id} AND registration_id IS NOT NULL`), '1');
  await p.getByLabel(/^Ajouter des personnes/).fill('Rachid Amrani');
  await p.getByLabel(/^Personnes comptées sans nom/).fill('6');
  assert.ok(await p.getByLabel(/La réunion a eu lieu/).isChecked());
  await navigate(p, () => p.getByRole('button', { name: 'Enregistrer les présences' }).click(), `**/equipe/reunions/${id}/presences`);
  await assert.doesNotReject(p.getByRole('status').filter({ hasText: 'Présences enregistrées : 8 personne(s) présente(s).' }).waitFor());
  assert.match(await p.locator('.attendance-total').innerText(), /8 présent\(s\) : 1 inscrit\(s\), 1 sans inscription/);
  await visit(officer, 'rencontre', 'presences-enregistrees');
  assert.equal(sql(db, `SELECT status FROM meeting WHERE id = ${id}`), 'held');

  // The list of registrations (the resident, ticked present).
  await navigate(p, () => p.getByRole('navigation', { name: 'Pages de la réunion' }).getByRole('link', { name: 'Inscriptions' }).click(), `**/equipe/reunions/${id}/inscriptions`);
  assert.match(await p.locator('main').innerText(), /Samira Benali \(présent\)/);
  await visit(officer, 'rencontre', 'inscriptions');

  // The minutes: saved, then published.
  await p.setViewportSize(PHONE);
  await navigate(p, () => p.getByRole('navigation', { name: 'Pages de la réunion' }).getByRole('link', { name: 'Compte rendu' }).click(), `**/equipe/reunions/${id}/compte-rendu`);
  await visit(officer, 'rencontre', 'compte-rendu');
  await p.getByLabel(/^Compte rendu/).fill('## Les idées retenues\n\n- Des **bacs surélevés** près de l’école\n- Un composteur partagé');
  await navigate(p, () => p.getByRole('button', { name: 'Enregistrer', exact: true }).click(), `**/equipe/reunions/${id}/compte-rendu`);
  assert.match(await p.locator('.minutes-preview').innerHTML(), /<strong>bacs surélevés<\/strong>/);
  assert.equal(sql(db, `SELECT published_at IS NULL FROM minutes WHERE meeting_id = ${id}`), '1');
  await navigate(p, () => p.getByRole('button', { name: 'Enregistrer et publier' }).click(), `**/equipe/reunions/${id}/compte-rendu`);
  await assert.doesNotReject(p.getByRole('status').filter({ hasText: 'publié sur la page publique' }).first().waitFor());
  await visit(officer, 'rencontre', 'compte-rendu-publie');

  // The resident reads the minutes on the public page, on her phone.
  await v.setViewportSize(PHONE);
  await v.goto(`${base}/agenda/${id}`);
  await visit(resident, 'rencontre', 'atelier-compte-rendu');
  const minutes = v.locator('section.minutes');
  assert.match(await minutes.innerText(), /Les idées retenues/);
  assert.match(await minutes.innerHTML(), /<strong>bacs surélevés<\/strong>/);
  assert.match(await v.locator('main').innerText(), /8 personne\(s\) présente\(s\)/);
  assert.doesNotMatch(await v.locator('main').innerText(), /Rachid Amrani|samira@exemple\.fr/);
});
