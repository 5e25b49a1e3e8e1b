// Journey 4: a keyboard-only user logs in with Tab, typing and Enter only; at
// every Tab stop the focused element is visible and has a visible focus
// indicator. The first Tab reaches the « Aller au contenu » skip link.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, DEMO_PASSWORD } from '../http/lib.mjs';
import { setup, newPage, visit } from './helpers.mjs';

let env, tab;
before(async () => { env = await setup(); tab = await newPage(env.browser); });
after(async () => { await env?.close(); });

/**
 * Records, for every element of the page, its outline and box-shadow while
 * nothing is focused: the focused state is compared with it afterwards.
 */
function snapshotUnfocused(page) {
  return page.evaluate(() => {
    const look = (cs) => `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} | ${cs.boxShadow}`;
    window.__unfocused = new WeakMap();
    for (const el of document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')) {
      window.__unfocused.set(el, look(getComputedStyle(el)));
    }
  });
}

/** What the focused element looks like, and whether it shows its focus. */
function focusState(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { none: true };
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const shadow = cs.boxShadow !== 'none';
    const before = window.__unfocused?.get(el);
    const now = `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} | ${cs.boxShadow}`;
    const label = (el.getAttribute('aria-label') || el.innerText || el.value || el.id || '').trim().slice(0, 60);
    return {
      tag: el.tagName.toLowerCase(), id: el.id, label, href: el.getAttribute('href'),
      focusVisible: el.matches(':focus-visible'),
      indicator: (outline || shadow) && before !== undefined && before !== now,
      style: `sans focus : ${before ?? 'inconnu'} ; avec focus : ${now}`,
      visible: cs.visibility !== 'hidden' && cs.display !== 'none' && Number(cs.opacity) > 0 && r.width > 0 && r.height > 0,
      inViewport: r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight,
    };
  });
}

/** Presses Tab and checks that the new focus is visible and indicated. */
async function tab_(page, steps) {
  await page.keyboard.press('Tab');
  const f = await focusState(page);
  steps.push(f);
  const where = `étape Tab n° ${steps.length} (${f.tag ?? 'rien'}${f.id ? '#' + f.id : ''} « ${f.label ?? ''} »)`;
  assert.ok(!f.none, `${where} : aucun élément n'a le focus`);
  assert.ok(f.visible, `${where} : l'élément qui a le focus est invisible`);
  assert.ok(f.inViewport, `${where} : l'élément qui a le focus est hors de l'écran`);
  assert.ok(f.focusVisible, `${where} : :focus-visible ne s'applique pas`);
  assert.ok(f.indicator, `${where} : aucun indicateur de focus visible (${f.style})`);
  return f;
}

test('un utilisateur au clavier seul se connecte (Tab, saisie, Entrée) avec un focus toujours visible', async (t) => {
  const { page } = tab;
  const base = env.server.base;
  const steps = [];
  await page.goto(`${base}/connexion`);
  await visit(tab, 'clavier', 'connexion');
  await snapshotUnfocused(page);

  // The skip link is off screen until focused, then visible on screen.
  const hidden = await page.locator('.skip-link').evaluate((a) => a.getBoundingClientRect().right <= 0);
  assert.ok(hidden, 'le lien « Aller au contenu » devrait être hors de l’écran tant qu’il n’a pas le focus');
  const skip = await tab_(page, steps);
  assert.equal(skip.label, 'Aller au contenu');
  assert.equal(skip.href, '#contenu');

  // Enter on the skip link moves focus to <main>; the next Tab is the first field.
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'contenu', 'le lien d’évitement ne mène pas au contenu');
  const email = await tab_(page, steps);
  assert.equal(email.id, 'email');
  await page.keyboard.type(ROLES.member);
  const password = await tab_(page, steps);
  assert.equal(password.id, 'password');
  await page.keyboard.type(DEMO_PASSWORD);
  const submit = await tab_(page, steps);
  assert.equal(submit.tag, 'button');
  assert.equal(submit.label, 'Se connecter');

  await Promise.all([page.waitForURL('**/membre', { waitUntil: 'load' }), page.keyboard.press('Enter')]);
  assert.match(await page.locator('h1').innerText(), /membres d'instance/);
  await visit(tab, 'clavier', 'espace-membre');
  await snapshotUnfocused(page);

  // The whole member home page, with Tab only: every stop shows its focus,
  // the skip link comes first, and the log-out button is reachable.
  const cycle = [];
  const first = await tab_(page, cycle);
  assert.equal(first.label, 'Aller au contenu');
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const f = await focusState(page);
    if (f.none || (f.label === 'Aller au contenu' && f.href === '#contenu')) break;
    cycle.push(f);
    const where = `page /membre, étape Tab n° ${cycle.length} (${f.tag}${f.id ? '#' + f.id : ''} « ${f.label} »)`;
    assert.ok(f.visible && f.inViewport, `${where} : l'élément qui a le focus n'est pas visible à l'écran`);
    assert.ok(f.focusVisible && f.indicator, `${where} : aucun indicateur de focus visible (${f.style})`);
  }
  assert.ok(cycle.some((f) => f.tag === 'button' && f.label === 'Se déconnecter'), 'le bouton « Se déconnecter » n’est pas atteignable au clavier');
  t.diagnostic(`ordre de tabulation sur /membre : ${cycle.map((f) => `${f.tag}${f.id ? '#' + f.id : ''} « ${f.label.replace(/\s+/g, ' ')} »`).join(' → ')}`);
  assert.ok(cycle.length >= 4, `trop peu d'arrêts de tabulation : ${cycle.map((f) => f.label).join(', ')}`);
});
