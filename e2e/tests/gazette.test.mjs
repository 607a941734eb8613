// 政府公报 and 政策解读 in the browser. A reader finds a gazette issue by a word of its
// text, opens its contents and downloads its e-edition (read back by pypdf: the
// watermark and the log position on every page); reads how to verify it. A reader
// follows a policy to its interpretation and back, and sees the banner on an
// interpretation whose policy was amended. Staff see both dashboard lists and the
// publishing form. axe-core on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemo, launch, login, seriousViolations } from '../lib/harness.mjs';

let demo, browser;
before(async () => { demo = await startDemo(); browser = await launch(); });
after(async () => { await browser?.close(); await demo?.stop(); });

async function noSerious(page) {
  const v = await seriousViolations(page);
  assert.deepEqual(v, [], `${page.url()}: ${JSON.stringify(v, null, 1)}`);
}

test('a reader finds a gazette issue, its contents and its e-edition', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${demo.base}/yunxi/`);
  await Promise.all([page.waitForURL(/\/yunxi\/gb\/$/), page.click('a.col:has-text("云溪县人民政府公报")')]);
  await noSerious(page);
  const lastYear = new Date().getFullYear() - 1;
  assert.match(await page.locator('main').textContent(), new RegExp(`${lastYear}年第4期`));
  // A word of an article's text, not of its title.
  await page.fill('#gq', '耕地地力保护补贴');
  await Promise.all([page.waitForNavigation(), page.press('#gq', 'Enter')]);
  await noSerious(page);
  const hit = page.locator('#main ul.docs li').first();
  assert.match(await hit.textContent(), /耕地地力保护补贴/, 'the passage shows where the word is');
  await Promise.all([page.waitForNavigation(), hit.locator('a').click()]);
  await noSerious(page);
  assert.match(await page.locator('h2#toc-h').textContent(), /目录/);
  assert.match(await page.locator('table').textContent(), /春耕生产工作的通知/);
  const leaf = (await page.locator('dt:has-text("日志序号") + dd').textContent()).trim();
  const href = await page.locator('a.button:has-text("下载电子版")').getAttribute('href');
  const pdf = await page.request.get(`${demo.base}${href}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  const dir = mkdtempSync(join(tmpdir(), 'gk-gazette-'));
  const file = join(dir, 'edition.pdf');
  writeFileSync(file, await pdf.body());
  const python = process.env.GONGKAI_PYTHON || 'python3';
  const out = execFileSync(python, [resolve(import.meta.dirname, '../check_exports.py'), '--gazette', file, '云溪县人民政府', leaf], { encoding: 'utf8' });
  assert.match(out, /watermark and log position/);

  // How to verify, with the current tree head, no script needed.
  await Promise.all([page.waitForURL(/\/gb\/hy$/), page.click('a:has-text("如何离线核验")')]);
  await noSerious(page);
  assert.match(await page.locator('main').textContent(), /根散列/);
  await context.close();
});

test('a reader follows a policy to its interpretation and back', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${demo.base}/yunxi/`);
  await Promise.all([page.waitForURL(/\/xxgk\/zcjd$/), page.click('a.col:has-text("政策解读")')]);
  await noSerious(page);
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("《云溪县城乡居民最低生活保障审核确认实施办法》政策解读")')]);
  await noSerious(page);
  assert.match(await page.locator('dl.qa').textContent(), /哪些家庭可以申请低保/);
  await Promise.all([page.waitForNavigation(), page.click('nav.pair a')]);
  await noSerious(page);
  assert.equal((await page.locator('h1').textContent()).trim(), '云溪县城乡居民最低生活保障审核确认实施办法');
  assert.match(await page.locator('nav.pair').textContent(), /政策解读/);
  const back = page.locator('nav.pair a').first();
  assert.match(await back.textContent(), /政策解读/);

  // The amended policy: its interpretations carry the banner; the chart has its words.
  await page.goto(`${demo.base}/yunxi/search?q=${encodeURIComponent('一图读懂')}`);
  await noSerious(page);
  assert.match(await page.locator('p.pair').first().textContent(), /解读的政策文件：.*危房改造补助办法/);
  await Promise.all([page.waitForNavigation(), page.click('#main ol a:has-text("一图读懂")')]);
  await noSerious(page);
  assert.match(await page.locator('.banner').last().textContent(), /已修改/);
  const alt = await page.locator('figure.chart img').getAttribute('alt');
  assert.ok(alt && alt.length > 4, alt);
  assert.match(await page.locator('h2#transcript-h').textContent(), /文字说明/);
  await context.close();
});

test('staff see the interpretation lists and the gazette form', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, demo.base, 'officer', demo.accounts.officer);
  await page.goto(`${demo.base}/admin/`);
  await noSerious(page);
  const board = await page.locator('#main').textContent();
  assert.match(board, /解读待复核/);
  assert.match(board, /云溪县高龄津贴发放管理办法/);
  // The interpretation on the staff side: its form, Q&A and the drafting form.
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("一图读懂")')]);
  await noSerious(page);
  assert.match(await page.locator('#interp-h + .notice, section[aria-labelledby=interp-h]').first().textContent(), /复核/);
  await page.goto(`${demo.base}/admin/docs?q=${encodeURIComponent('高龄津贴')}`);
  await Promise.all([page.waitForNavigation(), page.click('#main a:has-text("云溪县高龄津贴发放管理办法")')]);
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("起草政策解读")')]);
  await noSerious(page);
  assert.match(await page.locator('h1').textContent(), /起草政策解读/);
  await page.goto(`${demo.base}/admin/gazette`);
  await noSerious(page);
  assert.match(await page.locator('main').textContent(), /由系统依据目录所列文件生成/);
  await context.close();
});
