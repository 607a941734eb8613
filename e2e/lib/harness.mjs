// Starts the real `gongkai demo` on a free local port with a fresh data directory,
// and opens Debian's Chromium through playwright-core (never a downloaded browser).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const here = new URL('.', import.meta.url).pathname;

export function binaryPath() {
  if (process.env.GONGKAI_BIN) return process.env.GONGKAI_BIN;
  const target = process.env.CARGO_TARGET_DIR || resolve(here, '../../target');
  return join(target, 'debug', 'gongkai');
}

export async function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

export async function waitFor(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not come up within ${ms} ms`);
}

/** Starts the demo; returns { base, accounts: {username: password}, stop() }. */
export async function startDemo() {
  const data = mkdtempSync(join(tmpdir(), 'gongkai-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(binaryPath(), ['demo', '--data', data, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GONGKAI_LOG: 'warn' },
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    await Promise.race([
      waitFor(`${base}/healthz`, 60_000),
      exited.then((code) => { throw new Error(`gongkai demo exited with ${code}:\n${output}`); }),
    ]);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  const accounts = {};
  for (const line of readFileSync(join(data, 'demo-accounts.txt'), 'utf8').split('\n').slice(1)) {
    const [user, password] = line.split('\t');
    if (user && password) accounts[user] = password;
  }
  return {
    base,
    accounts,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function login(page, base, username, password) {
  await page.goto(`${base}/admin/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${base}/admin/`), page.click('form.stack button[type=submit]')]);
}

export async function logout(page) {
  await Promise.all([page.waitForNavigation(), page.click('.staffbar form button')]);
}

const axeSource = readFileSync(resolve(here, '../node_modules/axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page; returns violations of serious or critical impact. */
export async function seriousViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
