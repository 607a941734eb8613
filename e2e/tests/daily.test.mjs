// An officer's working day in the browser: the site named as the county's own, a
// letter registered with its scan and answered with a file the citizen downloads, and
// next year's calendar pasted from the State Council's notice. axe-core on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo, launch, login, logout, seriousViolations } from '../lib/harness.mjs';

let demo, browser;
const dir = mkdtempSync(join(tmpdir(), 'gongkai-daily-'));
before(async () => { demo = await startDemo(); browser = await launch(); });
after(async () => { await browser?.close(); await demo?.stop(); });

async function noSerious(page) {
  const v = await seriousViolations(page);
  assert.deepEqual(v, [], `${page.url()}: ${JSON.stringify(v, null, 1)}`);
}

// A 1×1 PNG and a small PDF, written as the files a user would pick.
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc00000030101001 8dd8db00000000049454e44ae426082'.replace(/ /g, ''), 'hex');
const pdf = Buffer.from('%PDF-1.4\n% 分配表\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

test('the platform administrator names the site; every page shows it', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await login(page, demo.base, 'admin', demo.accounts.admin);
  await Promise.all([page.waitForNavigation(), page.click('.staffbar a:has-text("网站信息")')]);
  await noSerious(page);
  await page.fill('#s-name', '云溪县人民政府门户网站（测试）');
  await page.fill('#s-icp', '闽ICP备１２３４５６７８号');
  await Promise.all([page.waitForURL(/done=saved/), page.click('form[action="/admin/site"] button[type=submit]')]);
  const emblem = join(dir, 'emblem.png');
  writeFileSync(emblem, png);
  await page.setInputFiles('#s-emblem', emblem);
  await Promise.all([page.waitForURL(/done=image_saved/), page.click('form[action^="/admin/site/emblem"] button[type=submit]')]);
  await logout(page);

  await page.goto(`${demo.base}/yunxi/xxgk/zn`);
  assert.match(await page.title(), / - 云溪县人民政府门户网站（测试）$/);
  const footer = await page.locator('footer').textContent();
  assert.ok(footer.includes('闽ICP备12345678号') && footer.includes('主办单位：云溪县人民政府办公室'), footer);
  const loaded = await page.locator('header .brand img').evaluate((img) => img.complete && img.naturalWidth === 1);
  assert.ok(loaded, 'the emblem is served');
  await Promise.all([page.waitForNavigation(), page.click('footer a:has-text("网站地图")')]);
  await noSerious(page);
  await context.close();
});

test('a letter with its scan, a reply with a file, the citizen downloads it', async () => {
  const context = await browser.newContext({ bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  await login(page, demo.base, 'officer', demo.accounts.officer);
  await page.goto(`${demo.base}/admin/applications/new`);
  await page.selectOption('#f-org', 'yunxi');
  await page.check('input[name=channel][value=in_person]');
  await page.selectOption('#f-kind', 'natural_person');
  await page.fill('#f-name', '陈晓东');
  await page.selectOption('#f-id_kind', 'resident_card');
  await page.fill('#f-id_number', '11010519491231002X');
  await page.fill('#f-phone', '13700000000');
  await page.fill('#f-title', '2025年本县农村危房改造补助资金分配表');
  await page.selectOption('#f-delivery_form', 'electronic');
  await page.selectOption('#f-delivery_way', 'online');
  const scan = join(dir, '来信.pdf');
  writeFileSync(scan, pdf);
  await page.setInputFiles('#f-scan', scan);
  await Promise.all([page.waitForNavigation(), page.click('form.stack button[type=submit]')]);
  assert.equal((await page.locator('h1').textContent()).trim(), '登记回执');
  await noSerious(page);
  const number = (await page.locator('dt:has-text("申请编号") + dd').textContent()).trim();
  const code = (await page.locator('dt:has-text("查询码") + dd').textContent()).trim();
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("办理该申请")')]);
  assert.ok((await page.content()).includes('来信.pdf'));

  // The released file, then acceptance and the reply, one action at a time.
  const released = join(dir, '补助资金分配表.pdf');
  writeFileSync(released, pdf);
  await page.selectOption('#cf-kind', 'released');
  await page.setInputFiles('#cf-file', released);
  await Promise.all([page.waitForURL(/done=file_added/), page.click('form[aria-label="上传材料"] button[type=submit]')]);
  await noSerious(page);
  await Promise.all([page.waitForNavigation(), page.click('#main a.button:has-text("受理")')]);
  await Promise.all([page.waitForURL(/done=acted/), page.click('form:has(input[value=accept]) button[type=submit]')]);
  await Promise.all([page.waitForNavigation(), page.click('#main a.button:has-text("作出答复")')]);
  await page.selectOption('#f-outcome', 'disclosed');
  await page.fill('#f-basis', '《中华人民共和国政府信息公开条例》第三十六条第（二）项');
  await Promise.all([page.waitForURL(/done=acted/), page.click('form:has(input[value=reply]) button[type=submit]')]);
  await logout(page);

  await page.goto(`${demo.base}/yunxi/xxgk/ysq/cx`);
  await page.fill('#f-number', number);
  await page.fill('#f-code', code);
  await Promise.all([page.waitForNavigation(), page.click('form.stack button[type=submit]')]);
  const html = await page.content();
  assert.ok(html.includes('补助资金分配表.pdf') && !html.includes('来信.pdf'), 'only the released file');
  await noSerious(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("下载")')]);
  const saved = join(dir, 'got.pdf');
  await download.saveAs(saved);
  assert.deepEqual(readFileSync(saved), pdf);
  await context.close();
});

test('next year from the State Council notice, pasted and confirmed', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await login(page, demo.base, 'admin', demo.accounts.admin);
  await page.goto(`${demo.base}/admin/calendar`);
  const year = new Date().getFullYear() + 1;
  // Test data in the published form (not a real notice), for a year not built in.
  const notice = [
    `国务院办公厅关于${year}年部分节假日安排的通知`,
    `国办发明电〔${year - 1}〕99号`,
    '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
    `经国务院批准，现将${year}年元旦放假调休日期的具体安排通知如下。`,
    '一、元旦：1月1日放假，共1天。',
    '国务院办公厅',
    `${year - 1}年11月10日`,
  ].join('\n');
  await page.fill('#n-text', notice);
  await Promise.all([page.waitForNavigation(), page.click('button[value=preview]')]);
  assert.ok((await page.content()).includes(`${year}年安排（尚未载入）`));
  await noSerious(page);
  await Promise.all([page.waitForURL(/done=loaded/), page.click('button[value=load]')]);
  assert.ok((await page.locator('table').first().textContent()).includes(`国办发明电〔${year - 1}〕99号`));
  await context.close();
});

test('a registered letter reaches the head of the office as a notification', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await login(page, demo.base, 'officer', demo.accounts.officer);
  await page.goto(`${demo.base}/admin/applications/new`);
  await page.selectOption('#f-org', 'yunxi');
  await page.check('input[name=channel][value=in_person]');
  await page.selectOption('#f-kind', 'natural_person');
  await page.fill('#f-name', '周小川');
  await page.selectOption('#f-id_kind', 'resident_card');
  await page.fill('#f-id_number', '11010519491231002X');
  await page.fill('#f-address', '云溪县城关镇和平路8号');
  await page.fill('#f-title', '2025年县级财政专项资金清单');
  await page.selectOption('#f-delivery_form', 'paper');
  await page.selectOption('#f-delivery_way', 'post');
  await Promise.all([page.waitForNavigation(), page.click('form.stack button[type=submit]')]);
  const number = (await page.locator('dt:has-text("申请编号") + dd').textContent()).trim();
  await logout(page);

  await login(page, demo.base, 'head', demo.accounts.head);
  const badge = page.locator('.staffbar a[href="/admin/notifications"] .badge');
  assert.ok(Number(await badge.textContent()) >= 1, 'an unread count');
  await Promise.all([page.waitForNavigation(), page.click('.staffbar a[href="/admin/notifications"]')]);
  await noSerious(page);
  await Promise.all([page.waitForNavigation(), page.click(`a:has-text("${number}")`)]);
  assert.ok(page.url().endsWith(`/admin/applications/${number}`), page.url());
  await context.close();
});
