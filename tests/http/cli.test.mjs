// The command line: help, version, migrate, demo, user, backup, and the
// errors of each, in French. User management runs against the database of
// a live server, so that its effects are checked through HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cli, tempDb, startServer, Client, ROLES, SANITIZER, stopWithoutSanitizerLines } from './lib.mjs';

/** cli() that also asserts the process printed no sanitizer report. */
function run(args, opts) {
  const r = cli(args, opts);
  assert.doesNotMatch(r.stderr ?? '', SANITIZER, `quartier ${args.join(' ')}:\n${r.stderr}`);
  return r;
}

/** The same, without blocking the event loop (for work done while it runs). */
function runAsync(args) {
  return new Promise((resolve, reject) => {
    const p = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('error', reject);
    p.on('close', (status) => {
      assert.doesNotMatch(stderr, SANITIZER, `quartier ${args.join(' ')}:\n${stderr}`);
      resolve({ status, stdout, stderr });
    });
  });
}

/** A French error line of the CLI: "quartier : ..." on stderr. */
function assertFails(r, pattern, what) {
  assert.notEqual(r.status, 0, `${what}: exit 0\n${r.stdout}`);
  assert.ok(r.status !== null, `${what}: killed by a signal`);
  assert.match(r.stderr, pattern, `${what}: stderr was\n${r.stderr}`);
}

const NEW_EMAIL = 'claire.dupont@exemple.test';
const NEW_NAME = 'Claire Dupont';
const PASSWORD_1 = 'un-mot-de-passe-initial';
const PASSWORD_2 = 'un-tout-nouveau-mot-de-passe';

let tmp; // scratch directory for the databases of the tests without a server
let s; // the server whose database the user commands change
let newId = 0;

async function login(email, password) {
  const c = new Client(s.base);
  const res = await c.login(email, password);
  return { c, res };
}

before(async () => {
  tmp = tempDb();
  s = await startServer();
});

after(async () => {
  tmp?.cleanup();
  await stopWithoutSanitizerLines(s);
});

// ---- help, version, unknown commands, flags ----

test('help lists every command and exits 0', () => {
  const r = run(['help']);
  assert.equal(r.status, 0, r.stderr);
  for (const cmd of ['serve', 'migrate', 'demo', 'user', 'backup', 'maintain', 'version', 'routes']) {
    assert.match(r.stdout, new RegExp(`^\\s+${cmd}\\b`, 'm'), `help does not list ${cmd}`);
  }
  assert.match(r.stdout, /usage : quartier COMMANDE/);
});

test('without a command, the usage goes to stderr with a non-zero exit', () => {
  const r = run([]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /usage : quartier COMMANDE/);
  assert.equal(r.stdout, '');
});

test('version exits 0 and names quartier, SQLite and the schema', () => {
  const r = run(['version']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^quartier \S+ \(SQLite [\d.]+, schéma \d+\)\n$/);
});

test('an unknown command fails with a French message', () => {
  const r = run(['frobnicate']);
  assertFails(r, /^quartier : commande inconnue : frobnicate \(voir « quartier help »\)$/m, 'unknown command');
  assert.equal(r.stdout, '');
});

test('an unknown option fails with a French message', () => {
  const r = run(['migrate', '--nope', 'x', '--db', join(tmp.dir, 'never.db')]);
  assertFails(r, /option inconnue : --nope/, 'unknown option');
  assert.equal(existsSync(join(tmp.dir, 'never.db')), false, 'a rejected command must not create the database');
});

test('a non-numeric --threads is refused before anything runs', () => {
  const db = join(tmp.dir, 'threads.db');
  const r = run(['serve', '--threads', 'abc', '--db', db, '--listen', '127.0.0.1:0']);
  assertFails(r, /valeur invalide pour --threads : abc/, '--threads abc');
  assert.equal(existsSync(db), false);
  assertFails(run(['serve', '--threads', '-3', '--db', db]), /valeur invalide pour --threads : -3/, '--threads -3');
  assertFails(run(['serve', '--db']), /l'option --db attend une valeur/, '--db without value');
});

test('a bad value in an environment variable is refused, not ignored', () => {
  const db = join(tmp.dir, 'env-bad.db');
  assertFails(run(['serve', '--db', db], { env: { QUARTIER_THREADS: 'beaucoup' } }),
    /valeur invalide pour QUARTIER_THREADS : beaucoup/, 'QUARTIER_THREADS=beaucoup');
  assertFails(run(['serve', '--db', db], { env: { QUARTIER_MAX_BODY: '0' } }),
    /valeur invalide pour QUARTIER_MAX_BODY : 0/, 'QUARTIER_MAX_BODY=0');
  assert.equal(existsSync(db), false);
  // the flag wins over the variable
  const ok = run(['version'], { env: { QUARTIER_TIMEOUT: '5' } });
  assert.equal(ok.status, 0, ok.stderr);
});

test('serve --listen nonsense exits non-zero with a French message', () => {
  const db = join(tmp.dir, 'listen.db');
  const r = spawnSync(BIN, ['serve', '--listen', 'nonsense', '--db', db], { encoding: 'utf8', timeout: 15000 });
  assert.equal(r.signal, null, 'serve kept running with an invalid address');
  assert.notEqual(r.status, 0);
  assert.doesNotMatch(r.stderr, SANITIZER, r.stderr);
  assert.match(r.stderr, /adresse d'écoute invalide : nonsense \(attendu ADRESSE:PORT/);
  assert.equal(existsSync(db), false, 'the database was created before the address was checked');
});

// ---- migrate and demo ----

test('migrate creates a new database, and running it again changes nothing', () => {
  const db = join(tmp.dir, 'migrate.db');
  const schema = run(['version']).stdout.match(/schéma (\d+)/)[1];
  const first = run(['migrate', '--db', db]);
  assert.equal(first.status, 0, first.stderr);
  assert.ok(existsSync(db), 'the database file was not created');
  assert.equal(first.stdout, `schéma à jour (version ${schema}) : ${db}\n`);
  assert.match(first.stderr, /migration \S+\.sql appliquée/);
  const again = run(['migrate', '--db', db]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stdout, first.stdout);
  assert.doesNotMatch(again.stderr, /appliquée/, 'a migration ran twice');
  // The migrated, empty database is usable.
  const list = run(['user', 'list', '--db', db]);
  assert.equal(list.status, 0, list.stderr);
  assert.equal(list.stdout.trim().split('\n').length, 1, `expected only the header:\n${list.stdout}`);
});

test('QUARTIER_DB names the database when --db is not given', () => {
  const db = join(tmp.dir, 'from-env.db');
  const r = run(['migrate'], { env: { QUARTIER_DB: db } });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(db));
  assert.match(r.stdout, new RegExp(`: ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n$`));
  // --db wins over the environment.
  const other = join(tmp.dir, 'from-flag.db');
  const r2 = run(['migrate', '--db', other], { env: { QUARTIER_DB: db } });
  assert.equal(r2.status, 0, r2.stderr);
  assert.ok(existsSync(other));
});

test('demo loads the demo data into a fresh database, and only into a fresh one', () => {
  const db = join(tmp.dir, 'demo.db');
  const r = run(['demo', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  for (const email of Object.values(ROLES)) assert.match(r.stdout, new RegExp(`^\\s+${email}\\s+\\w+$`, 'm'));
  assert.match(r.stdout, /« quartier-demo »/);
  const list = run(['user', 'list', '--db', db]);
  assert.equal(list.status, 0, list.stderr);
  for (const [role, email] of Object.entries(ROLES)) {
    assert.match(list.stdout, new RegExp(`^\\d+\\s+${email}\\s+${role}\\s+actif\\b`, 'm'));
  }
  const again = run(['demo', '--db', db]);
  assertFails(again, /n'est pas vide/, 'demo on a loaded database');
  assert.equal(run(['user', 'list', '--db', db]).stdout, list.stdout, 'the second demo changed the accounts');
});

test('user commands on a database that was never migrated say to run migrate', () => {
  const db = join(tmp.dir, 'not-migrated.db');
  const r = run(['user', 'list', '--db', db]);
  assertFails(r, /n'existe pas : créez-la avec « quartier migrate --db [^»]*not-migrated\.db »/, 'user list on a missing file');
  assert.equal(r.stdout, '');
  assert.equal(existsSync(db), false, 'user list created the missing database');
  // An existing file that is not a migrated quartier database.
  const empty = join(tmp.dir, 'empty.db');
  writeFileSync(empty, '');
  assertFails(run(['user', 'list', '--db', empty]), /n'est pas à jour : lancez « quartier migrate --db [^»]*empty\.db »/,
    'user list on an empty file');
});

// ---- user management, against the live server's database ----

test('user add creates a staff account from the password on stdin', () => {
  const r = run(['user', 'add', NEW_EMAIL, '--role', 'staff', '--name', NEW_NAME, '--db', s.db], { input: `${PASSWORD_1}\n` });
  assert.equal(r.status, 0, r.stderr);
  const m = r.stdout.match(/^compte (\d+) créé : (\S+) \(staff\)$/m);
  assert.ok(m, r.stdout);
  assert.equal(m[2], NEW_EMAIL);
  newId = Number(m[1]);
  assert.doesNotMatch(r.stdout + r.stderr, new RegExp(PASSWORD_1), 'the password was echoed');
});

test('user add refuses bad input, each with a French message, and creates nothing', () => {
  const before_ = run(['user', 'list', '--db', s.db]).stdout;
  const add = (email, flags, input) => run(['user', 'add', email, ...flags, '--db', s.db], { input });
  assertFails(add('court@exemple.test', ['--role', 'staff', '--name', 'Court'], 'trop-court\n'),
    /mot de passe trop court : 12 caractères au moins/, 'short password');
  assertFails(add('role@exemple.test', ['--role', 'chef', '--name', 'Chef'], `${PASSWORD_1}\n`),
    /--role attendu : admin, staff, partner ou member/, 'bad role');
  assertFails(add('sansrole@exemple.test', ['--name', 'Sans rôle'], `${PASSWORD_1}\n`),
    /--role attendu/, 'missing role');
  assertFails(add('partenaire@exemple.test', ['--role', 'partner', '--name', 'Partenaire'], `${PASSWORD_1}\n`),
    /Un compte partenaire doit être rattaché à une organisation/, 'partner without organization');
  assertFails(add('partenaire@exemple.test', ['--role', 'partner', '--organization', '999999', '--name', 'P'], `${PASSWORD_1}\n`),
    /Cette organisation n'existe pas/, 'partner with an unknown organization');
  assertFails(add(NEW_EMAIL, ['--role', 'member', '--name', 'Doublon'], `${PASSWORD_1}\n`),
    /Un compte existe déjà avec cette adresse électronique/, 'duplicate e-mail');
  assertFails(add('vide@exemple.test', ['--role', 'staff', '--name', 'Vide'], ''),
    /mot de passe attendu sur l'entrée standard/, 'no password at all');
  assertFails(run(['user', 'add', '--role', 'staff', '--db', s.db]), /user add attend une adresse électronique/, 'no e-mail');
  assert.equal(run(['user', 'list', '--db', s.db]).stdout, before_, 'a refused user add changed the accounts');
});

test('user list shows the new account, active, with its role and name', () => {
  assert.ok(newId, 'user add did not run');
  const r = run(['user', 'list', '--db', s.db]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^id\s+courriel\s+rôle\s+état\s+nom \(organisation\)$/);
  assert.equal(lines.length, 1 + 4 + 1, r.stdout);
  assert.match(r.stdout, new RegExp(`^${newId}\\s+${NEW_EMAIL}\\s+staff\\s+actif\\s+${NEW_NAME}$`, 'm'));
  assert.match(r.stdout, /^\d+\s+partner@demo\.test\s+partner\s+actif\s+Sophie Martin \(ACM Habitat\)$/m);
});

test('the account created by the CLI logs in, and the audit log shows it created by « système »', async () => {
  assert.ok(newId, 'user add did not run');
  const { res } = await login(NEW_EMAIL, PASSWORD_1);
  assert.equal(res.status, 303, res.text_);
  assert.equal(res.headers.get('location'), '/equipe');

  const { c: admin, res: ares } = await login(ROLES.admin, 'quartier-demo');
  assert.equal(ares.status, 303);
  const j = await admin.get('/admin/journal?action=account.create', { headers: { Accept: 'application/json' } });
  assert.equal(j.status, 200, j.text_);
  assert.match(j.headers.get('content-type'), /^application\/json/);
  const { entries, total } = JSON.parse(j.text_);
  assert.ok(Array.isArray(entries));
  assert.equal(total, entries.length);
  assert.ok(entries.every((e) => e.action === 'account.create'), 'the action filter was ignored');
  const mine = entries.filter((e) => e.entity === 'account' && e.entity_id === newId);
  assert.equal(mine.length, 1, `no single account.create entry for ${newId}: ${j.text_}`);
  assert.equal(mine[0].actor, 'système');
  assert.ok(mine[0].summary.includes(NEW_EMAIL), `summary: ${mine[0].summary}`);
  assert.equal(mine[0].request_id ?? null, null, 'a CLI action has no request id');
});

test('user passwd sets the password from stdin and closes the open sessions', async () => {
  const { c: open } = await login(NEW_EMAIL, PASSWORD_1);
  assert.equal((await open.get('/compte')).status, 200);

  const r = run(['user', 'passwd', NEW_EMAIL, '--db', s.db], { input: `${PASSWORD_2}\n` });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`fait : passwd ${NEW_EMAIL}`));

  const stale = await open.get('/compte');
  assert.equal(stale.status, 302, 'a session opened before the new password is still valid');
  assert.equal(stale.headers.get('location'), '/connexion?suite=/compte');
  assert.equal((await login(NEW_EMAIL, PASSWORD_1)).res.status, 401, 'the old password still works');
  const { res } = await login(NEW_EMAIL, PASSWORD_2);
  assert.equal(res.status, 303, res.text_);

  assertFails(run(['user', 'passwd', NEW_EMAIL, '--db', s.db], { input: 'court\n' }),
    /mot de passe trop court/, 'passwd with a short password');
  assert.equal((await login(NEW_EMAIL, PASSWORD_2)).res.status, 303, 'a refused passwd changed the password');
});

test('user disable stops logins and closes sessions; user enable lets the account back in', async () => {
  const { c: open } = await login(NEW_EMAIL, PASSWORD_2);
  assert.equal((await open.get('/compte')).status, 200);

  const d = run(['user', 'disable', NEW_EMAIL, '--db', s.db]);
  assert.equal(d.status, 0, d.stderr);
  assert.match(d.stdout, new RegExp(`fait : disable ${NEW_EMAIL}`));
  assert.match(run(['user', 'list', '--db', s.db]).stdout, new RegExp(`^${newId}\\s+${NEW_EMAIL}\\s+staff\\s+désactivé\\s+${NEW_NAME}$`, 'm'));
  assert.equal((await open.get('/compte')).status, 302, 'the open session survived user disable');
  const refused = await login(NEW_EMAIL, PASSWORD_2);
  assert.equal(refused.res.status, 401, 'a disabled account logged in');
  assert.match(refused.res.text_, /Adresse électronique ou mot de passe incorrect/);

  const e = run(['user', 'enable', NEW_EMAIL, '--db', s.db]);
  assert.equal(e.status, 0, e.stderr);
  assert.match(e.stdout, new RegExp(`fait : enable ${NEW_EMAIL}`));
  assert.match(run(['user', 'list', '--db', s.db]).stdout, new RegExp(`^${newId}\\s+${NEW_EMAIL}\\s+staff\\s+actif\\s+${NEW_NAME}$`, 'm'));
  const { res } = await login(NEW_EMAIL, PASSWORD_2);
  assert.equal(res.status, 303, res.text_);
});

test('user commands on an unknown e-mail fail without changing anything', () => {
  const before_ = run(['user', 'list', '--db', s.db]).stdout;
  for (const sub of ['passwd', 'disable', 'enable']) {
    const r = run(['user', sub, 'personne@exemple.test', '--db', s.db], { input: `${PASSWORD_1}\n` });
    assertFails(r, /aucun compte pour personne@exemple\.test/, `user ${sub} unknown`);
  }
  assert.equal(run(['user', 'list', '--db', s.db]).stdout, before_);
});

test('an unknown user subcommand is named as such, whatever the e-mail', () => {
  assertFails(run(['user', '--db', s.db]), /user attend add, passwd, disable, enable ou list/, 'user alone');
  assertFails(run(['user', 'frob', ROLES.admin, '--db', s.db]), /sous-commande inconnue : user frob/, 'user frob existing');
  assertFails(run(['user', 'frob', 'personne@exemple.test', '--db', s.db]), /sous-commande inconnue : user frob/, 'user frob unknown e-mail');
});

// ---- backup ----

test('backup copies the live database while the server writes to it', async () => {
  const dest = join(tmp.dir, 'backup.db');
  const logins = Array.from({ length: 3 }, (_, i) =>
    login(Object.values(ROLES)[i], 'quartier-demo').then(({ res }) => res.status));
  const [r, ...statuses] = await Promise.all([runAsync(['backup', dest, '--db', s.db]), ...logins]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `sauvegarde écrite : ${dest}\n`);
  assert.deepEqual(statuses, [303, 303, 303], 'logins failed during the backup');
  assert.ok(statSync(dest).size > 0);

  const list = run(['user', 'list', '--db', dest]);
  assert.equal(list.status, 0, list.stderr);
  for (const email of [...Object.values(ROLES), NEW_EMAIL]) assert.match(list.stdout, new RegExp(`\\s${email}\\s`));
  assert.equal(list.stdout, run(['user', 'list', '--db', s.db]).stdout, 'the backup differs from the live accounts');
  const m = run(['migrate', '--db', dest]);
  assert.equal(m.status, 0, m.stderr);
  assert.doesNotMatch(m.stderr, /appliquée/, 'the backup lacked part of the schema');
});

test('backup never overwrites an existing file', () => {
  const dest = join(tmp.dir, 'existing.db');
  writeFileSync(dest, 'précieux');
  const r = run(['backup', dest, '--db', s.db]);
  assertFails(r, /existe déjà : choisissez un nouveau fichier/, 'backup onto an existing file');
  assert.equal(statSync(dest).size, Buffer.byteLength('précieux'));
  assertFails(run(['backup', '--db', s.db]), /backup attend le fichier de destination/, 'backup without a file');
});

test('backup of a database that does not exist fails and creates nothing', () => {
  const src = join(tmp.dir, 'typo.db');
  const dest = join(tmp.dir, 'typo-backup.db');
  const r = run(['backup', dest, '--db', src]);
  assertFails(r, /n'existe pas/, 'backup of a missing database');
  assert.equal(existsSync(dest), false, 'an empty backup was written');
  assert.equal(existsSync(src), false, 'the missing source database was created');
});

test('demo --scale N adds invented organisations, accounts and reports; a bad scale is refused', () => {
  const count = (db, sql) => {
    const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return Number(r.stdout.trim());
  };
  const plain = join(tmp.dir, 'scale-1.db');
  // Scale 2 (not more: each step adds 52,632 reports, slow under the sanitizers).
  const scaled = join(tmp.dir, 'scale-2.db');
  const p = run(['demo', '--db', plain]);
  assert.equal(p.status, 0);
  assert.match(p.stdout, /^300 signalements de démonstration$/m);
  const r = run(['demo', '--scale', '2', '--db', scaled]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^échelle 2 : \d+ organisations, \d+ comptes.* ; 52932 signalements$/m);
  // The reports: 300 + 52,632, over five years, each with its 'created' event and one for its state.
  assert.equal(count(scaled, 'SELECT count(*) FROM report'), 52932);
  assert.ok(count(scaled, "SELECT count(*) FROM report WHERE created_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-4 years')") > 5000);
  assert.equal(count(scaled, "SELECT count(*) FROM report r WHERE NOT EXISTS (SELECT 1 FROM report_event e WHERE e.report_id = r.id AND e.kind = 'created')"), 0);
  assert.equal(count(scaled, 'SELECT count(*) FROM report r WHERE r.status <> (SELECT to_status FROM report_event e WHERE e.report_id = r.id AND e.to_status IS NOT NULL ORDER BY e.at DESC, e.id DESC LIMIT 1)'), 0);
  assert.ok(count(scaled, "SELECT count(*) FROM report WHERE status = 'closed'") > 40000, 'older reports mostly closed');
  const overdue = count(scaled, "SELECT count(*) FROM report WHERE status IN ('new','routed','acknowledged','scheduled','in_progress') AND due_at < strftime('%Y-%m-%dT%H:%M:%SZ','now')");
  assert.ok(overdue >= 50 && overdue <= 1000, `${overdue} overdue`);
  // Search, map and counters are filled for the generated reports too.
  assert.equal(count(scaled, 'SELECT count(*) FROM report_geo'), 52932);
  assert.ok(count(scaled, "SELECT count(*) FROM report_fts WHERE report_fts MATCH 'ascenseur'") > 100);
  assert.equal(count(scaled, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN ('report_fts_ins', 'report_geo_ins', 'report_gen_ins', 'report_event_gen_ins')"), 4);
  assert.equal(count(scaled, 'SELECT count(DISTINCT ref) FROM report'), 52932);
  for (const table of ['account', 'organization', 'audit']) {
    const a = count(plain, `SELECT count(*) FROM ${table}`);
    const b = count(scaled, `SELECT count(*) FROM ${table}`);
    assert.ok(b > a, `${table}: ${b} rows with --scale 2, ${a} without`);
  }
  assert.equal(count(scaled, 'SELECT count(*) FROM project'), 2, 'the projects stay the two real ones');
  // The invented accounts log in with the demo password, like the real ones.
  const list = run(['user', 'list', '--db', scaled]);
  assert.match(list.stdout, /^\d+\s+partenaire\.1\.1@demo\.test\s+partner\s+actif\b/m);
  for (const bad of ['0', 'abc', '1001', '-2', '3x']) {
    const db = join(tmp.dir, `scale-bad-${bad}.db`);
    assertFails(run(['demo', '--scale', bad, '--db', db]), /valeur invalide pour --scale/, `demo --scale ${bad}`);
    assert.equal(existsSync(db), false, `demo --scale ${bad} created a database`);
  }
});
