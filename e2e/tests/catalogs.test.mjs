// Standard catalogs in the browser: a township's derived catalog goes up for review,
// the supervising office approves it, it is published and filed; the portal column
// shows it; axe-core on the catalog pages; the exported .xlsx read back by openpyxl.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemo, launch, login, logout, seriousViolations } from '../lib/harness.mjs';

let demo, browser;
before(async () => { demo = await startDemo(); browser = await launch(); });
after(async () => { await browser?.close(); await demo?.stop(); });

async function noSerious(page) {
  const v = await seriousViolations(page);
  assert.deepEqual(v, [], `${page.url()}: ${JSON.stringify(v, null, 1)}`);
}

async function step(page, label) {
  const form = page.locator(`form:has(input[name=action]) :text-is("${label}")`).locator('xpath=ancestor::form');
  await Promise.all([page.waitForURL(/done=acted/), form.locator('button[type=submit]').click()]);
}

test('submit, review, publish and file a catalog; the portal column shows it', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${demo.base}/yunxi/xxgk/bzml`);
  assert.ok((await page.content()).includes('最低生活保障'));
  await noSerious(page);
  await page.goto(`${demo.base}/liuwan/xxgk/bzml`);
  assert.ok((await page.content()).includes('暂无已发布的标准目录'));

  await login(page, demo.base, 'orgadmin', demo.accounts.orgadmin);
  await page.goto(`${demo.base}/admin/catalogs`);
  await noSerious(page);
  const row = page.locator('table tr', { hasText: '柳湾乡' }).first();
  await Promise.all([page.waitForNavigation(), row.locator('a').first().click()]);
  const catalog = page.url().split('?')[0];
  await noSerious(page);
  await page.goto(`${catalog}/item`);
  await noSerious(page);
  await page.goto(catalog);
  await step(page, '报送上级审核');
  assert.ok((await page.locator('p .tag').first().textContent()).includes('已报送审核'));
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-catalog-'));
  const xlsx = join(dir, 'catalog.xlsx');
  writeFileSync(xlsx, await (await page.request.get(`${catalog}/export.xlsx`)).body());
  await logout(page);

  await login(page, demo.base, 'supervisor', demo.accounts.supervisor);
  await page.goto(catalog);
  await page.fill('form:has(input[value=approve]) textarea', '同意发布');
  await step(page, '审核通过');
  await logout(page);

  await login(page, demo.base, 'orgadmin', demo.accounts.orgadmin);
  await page.goto(catalog);
  await step(page, '发布');
  await step(page, '报政务公开办备案');
  assert.ok((await page.locator('p .tag').first().textContent()).includes('已备案'));
  await logout(page);

  await page.goto(`${demo.base}/liuwan/xxgk/bzml`);
  const html = await page.content();
  assert.ok(html.includes('征地补偿领域') && html.includes('补偿款发放'), 'published in the column');
  await noSerious(page);

  const python = process.env.GONGKAI_PYTHON || 'python3';
  const out = execFileSync(python, [resolve(import.meta.dirname, '../check_exports.py'), '--catalog', xlsx], { encoding: 'utf8' });
  assert.match(out, /items/);
  await context.close();
});

test('a township table with an area the platform lacks: preview, map the area, import', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const python = process.env.GONGKAI_PYTHON || 'python3';
  const xlsx = join(mkdtempSync(join(tmpdir(), 'gongkai-import-')), '柳湾乡目录.xlsx');
  execFileSync(python, [resolve(import.meta.dirname, '../make_table.py'), xlsx]);

  await login(page, demo.base, 'orgadmin', demo.accounts.orgadmin);
  await page.goto(`${demo.base}/admin/catalogs`);
  const org = await page.locator('#i-org option', { hasText: '柳湾乡' }).first().getAttribute('value');
  await page.selectOption('#i-org', org);
  await page.setInputFiles('#i-file', xlsx);
  await Promise.all([page.waitForNavigation(), page.click('form:has(#i-file) button[type=submit]')]);
  await noSerious(page);
  let html = await page.content();
  assert.ok(html.includes('导入目录：预览'), 'the upload shows a preview first');
  assert.ok(html.includes('共读到 <strong>4</strong> 个事项'), 'four items, the repeated 二级事项 kept apart');
  assert.equal(await page.locator('button:has-text("确认导入")').count(), 0, 'an unmapped area blocks the import');
  const area = page.locator('tr', { has: page.locator('th', { hasText: /^就业$/ }) });
  assert.ok((await area.textContent()).includes('2'), '就业 holds two items');

  await area.locator('select').selectOption('map:就业创业');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("按所选重新预览")')]);
  await noSerious(page);
  html = await page.content();
  assert.ok(html.includes('就业创业'));
  await Promise.all([page.waitForURL(/done=imported/), page.click('button:has-text("确认导入")')]);

  const coverage = page.locator('table tr', { hasText: '柳湾乡' });
  const text = (await coverage.allTextContents()).join('\n');
  assert.ok(text.includes('就业创业') && text.includes('社会救助'), `imported into both areas: ${text}`);
  await context.close();
});
