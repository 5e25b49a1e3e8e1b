// Shared helpers for the HTTP tests: start the real quartier binary on a free
// port with a temporary database, and talk HTTP to it with fetch.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const BIN = process.env.QUARTIER_BIN || resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../../build/asan/quartier');
export const DEMO_PASSWORD = 'quartier-demo';

/** Runs a quartier CLI command synchronously; returns {status, stdout, stderr}. */
export function cli(args, { input, env } = {}) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A new temporary directory and database path; call cleanup() at the end. */
export function tempDb() {
  const dir = mkdtempSync(join(tmpdir(), 'quartier-test-'));
  return { dir, db: join(dir, 'test.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts `quartier serve` on 127.0.0.1 with an ephemeral port, on a fresh
 * database holding the demo data (unless demo: false). With db: FILE it serves
 * that existing database instead: no demo data loaded, nothing removed at stop.
 * With demoReports: false, the demo's reports, walks and points noirs are
 * removed before the server starts (tests that count every report).
 * Resolves to a server object: { base, port, db, proc, stderr(), stop() }.
 */
export async function startServer({ demo = true, demoReports = true, args = [], env = {}, db } = {}) {
  const t = db ? { dir: dirname(db), db, cleanup: () => {} } : tempDb();
  if (demo && !db) {
    const r = cli(['demo', '--db', t.db]);
    if (r.status !== 0) throw new Error(`quartier demo failed: ${r.stderr}`);
    if (!demoReports) {
      execFileSync('sqlite3', [t.db, 'DELETE FROM report; DELETE FROM hotspot; DELETE FROM walk; DELETE FROM report_counter;']);
    }
  }
  const proc = spawn(BIN, ['serve', '--db', t.db, '--listen', '127.0.0.1:0', '--threads', '2', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  proc.stdout.on('data', (d) => { err += d; });
  const exited = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  const port = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start:\n${err}`)), 15000);
    const check = () => {
      const m = err.match(/\(port (\d+)\)/);
      if (m) { clearTimeout(timer); res(Number(m[1])); }
    };
    proc.stderr.on('data', check);
    proc.on('exit', () => { clearTimeout(timer); rej(new Error(`server exited:\n${err}`)); });
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base, port, db: t.db, dir: t.dir, proc, exited,
    stderr: () => err,
    /** SIGTERM, wait for exit; asserts nothing itself. Returns {code, signal}. */
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const r = await exited;
      t.cleanup();
      return r;
    },
  };
}

/** A cookie jar for fetch: keeps Set-Cookie values between requests. */
export class Client {
  constructor(base) { this.base = base; this.cookies = new Map(); }

  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }

  store(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const maxAge = attrs.map((a) => a.trim().toLowerCase()).find((a) => a.startsWith('max-age='));
      if (value === '' || maxAge === 'max-age=0') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** fetch with the jar; never follows redirects. */
  async request(path, { method = 'GET', headers = {}, body, json } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.Cookie = this.cookieHeader();
    if (json !== undefined) { h['Content-Type'] = 'application/json'; body = JSON.stringify(json); }
    const res = await fetch(this.base + path, { method, headers: h, body, redirect: 'manual' });
    this.store(res);
    res.text_ = await res.text();
    return res;
  }

  get(path, opts = {}) { return this.request(path, opts); }

  /** The CSRF token of a page's first form. */
  async csrf(path = '/connexion') {
    const res = await this.get(path);
    const m = res.text_.match(/name="csrf" value="([^"]+)"/);
    if (!m) throw new Error(`no csrf token on ${path} (status ${res.status})`);
    return m[1];
  }

  /** POSTs a urlencoded form — a fields object, or [name, value] pairs where
   *  names repeat (checkboxes) — adding the CSRF token of `from` unless csrf: false. */
  async post(path, fields = {}, { from, csrf = true, headers = {} } = {}) {
    const pairs = Array.isArray(fields) ? [...fields] : Object.entries(fields);
    if (csrf && !pairs.some(([k]) => k === 'csrf')) pairs.unshift(['csrf', await this.csrf(from ?? path)]);
    return this.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(pairs).toString(),
    });
  }

  /** Logs in; returns the POST response (303 on success). */
  async login(email, password = DEMO_PASSWORD) {
    return this.post('/connexion', { email, password }, { from: '/connexion' });
  }
}

export const ROLES = {
  admin: 'admin@demo.test',
  staff: 'staff@demo.test',
  partner: 'partner@demo.test',
  member: 'member@demo.test',
};

export const HOMES = { admin: '/admin', staff: '/equipe', partner: '/partenaire', member: '/membre' };

/** What a sanitizer (ASan, UBSan, LSan) prints when it reports something. */
export const SANITIZER = /runtime error|AddressSanitizer|LeakSanitizer/;

/** Asserts a server's output holds no sanitizer report (`pattern`: what counts as one). */
export function assertNoSanitizer(s, pattern = SANITIZER) {
  assert.doesNotMatch(s.stderr(), pattern, s.stderr());
}

/** Asserts a server stopped cleanly and its sanitizers stayed silent. */
export async function stopClean(s) {
  if (!s) return;
  const { code, signal } = await s.stop();
  const err = s.stderr();
  assert.doesNotMatch(err, SANITIZER, err);
  assert.equal(signal, null);
  assert.equal(code, 0, err);
}

/**
 * Stops a server (if any) and asserts that no line of its output matches
 * `pattern`, listing those that do, and that it exited with code 0.
 */
export async function stopWithoutSanitizerLines(s, pattern = SANITIZER) {
  if (!s) return;
  const { code, signal } = await s.stop();
  const bad = s.stderr().split('\n').filter((l) => pattern.test(l));
  assert.deepEqual(bad, [], `sanitizer reports in the server's output:\n${s.stderr()}`);
  assert.equal(code, 0, `server exit code ${code} (signal ${signal})`);
}

/** The Set-Cookie header that sets `name`, or undefined. */
export function setCookie(res, name) {
  return res.headers.getSetCookie().find((c) => c.startsWith(name + '='));
}

/** The JSON body of a Client response. */
export const json = (res) => JSON.parse(res.text_);

/** Runs SQL through the sqlite3 command-line shell; returns its output,
 * trimmed. It waits up to 10 s for a lock, as the server does: the server's
 * own writers (e.g. the outbox's retention purge at start-up) may hold one. */
export function sql(db, query) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', db, query], { encoding: 'utf8' }).trim();
}

/**
 * Asserts a fetch response is a JSON error of that status and error.code,
 * with a non-empty error.message; resolves to the parsed body.
 */
export async function assertJsonError(res, status, code) {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const body = await res.json();
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0);
  return body;
}
