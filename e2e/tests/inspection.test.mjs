// Issue 14, 网站检查 in the browser: the supervising office runs and saves an inspection,
// hands a township's finding over with a date, the township reports what it did, and
// the office checks it against today's records and closes it. axe-core on each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, launch, login, logout, seriousViolations } from '../lib/harness.mjs';

let demo, browser;
before(async () => { demo = await startDemo(); browser = await launch(); });
after(async () => { await browser?.close(); await demo?.stop(); });

async function noSerious(page) {
  const v = await seriousViolations(page);
  assert.deepEqual(v, [], `${page.url()}: ${JSON.stringify(v, null, 1)}`);
}

test('inspect, assign, respond, verify', { timeout: 180_000 }, async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await login(page, demo.base, 'supervisor', demo.accounts.supervisor);
  await Promise.all([page.waitForNavigation(), page.click('.staffbar a:has-text("网站检查")')]);
  await noSerious(page);
  const ranking = await page.locator('table').first().textContent();
  assert.ok(ranking.includes('青石镇人民政府') && ranking.includes('县财政局'), ranking);
  await Promise.all([page.waitForURL(/\/admin\/inspections\/\d+\?done=created/), page.click('button:has-text("保存本次检查结果")')]);
  await noSerious(page);
  const run = page.url().split('?')[0];

  // A finding of the township, handed over with a date two weeks on.
  const row = page.locator('table[aria-labelledby="find-h"] tbody tr', { hasText: '青石镇人民政府' }).first();
  await Promise.all([page.waitForNavigation(), row.locator('td:first-child a').click()]);
  await noSerious(page);
  const finding = page.url();
  const due = new Date(Date.now() + 14 * 86400_000).toISOString().slice(0, 10);
  await page.check('input[name=step][value=assign]');
  await page.fill('#r-due_on', due);
  await page.fill('#r-note', '请在期限内整改并报告');
  await Promise.all([page.waitForURL(/done=acted/), page.click('form.stack button[type=submit]')]);
  assert.ok((await page.locator('main').textContent()).includes('整改中'));
  await logout(page);

  // The township finds it among its work and reports.
  await login(page, demo.base, 'qingshi-officer', demo.accounts['qingshi-officer']);
  const task = page.locator(`a[href="${new URL(finding).pathname}"]`).first();
  await Promise.all([page.waitForNavigation(), task.click()]);
  await noSerious(page);
  await page.check('input[name=step][value=respond]');
  await page.fill('#r-note', '已安排专人核实并更新');
  await Promise.all([page.waitForURL(/done=acted/), page.click('form.stack button[type=submit]')]);
  assert.ok((await page.locator('main').textContent()).includes('待核查'));
  await logout(page);

  // The office sees the rule run again today beside the report, and closes it.
  await login(page, demo.base, 'supervisor', demo.accounts.supervisor);
  await page.goto(finding);
  const text = await page.locator('main').textContent();
  assert.ok(text.includes('复查：按今天的数据'), text);
  assert.ok(text.includes('已安排专人核实并更新'));
  await page.check('input[name=step][value=verify]');
  await Promise.all([page.waitForURL(/done=acted/), page.click('form.stack button[type=submit]')]);
  assert.ok((await page.locator('main').textContent()).includes('已销号'));
  await page.goto(run);
  assert.ok((await page.locator('main').textContent()).includes('已销号'));
  await noSerious(page);
  await context.close();
});
