// 办事服务 and 村务公开 in the browser. A citizen finds a service by a life event, reads
// its guide and flow chart, downloads the form and the county's 办事一本通 (read back
// by pypdf). A township officer imports a messy 低保 list from .xlsx (a malformed
// version first, reported row by row), confirms the personal data, publishes the list
// and prints the notice board (read back by pypdf: paper, title, 公示 end, telephone,
// page numbers, no unmasked identity number). axe-core on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemo, launch, login, seriousViolations } from '../lib/harness.mjs';

let demo, browser;
const dir = mkdtempSync(join(tmpdir(), 'gongkai-services-'));
const python = process.env.GONGKAI_PYTHON || 'python3';
const checker = resolve(import.meta.dirname, '../check_exports.py');
before(async () => { demo = await startDemo(); browser = await launch(); });
after(async () => { await browser?.close(); await demo?.stop(); });

async function noSerious(page) {
  const v = await seriousViolations(page);
  assert.deepEqual(v, [], `${page.url()}: ${JSON.stringify(v, null, 1)}`);
}

async function save(page, href, name) {
  const r = await page.request.get(`${demo.base}${href}`);
  assert.equal(r.status(), 200, `${href}: ${r.status()}`);
  const file = join(dir, name);
  writeFileSync(file, await r.body());
  return { file, type: r.headers()['content-type'] };
}

// A 低保 list as a township keeps it: a merged title row, a heading broken over two
// lines, names padded with full-width spaces, amounts with thousands separators, a
// 合计 row and a note under the table. `broken` adds three malformed rows.
function makeList(path, broken) {
  const script = `
import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "低保名单"
ws.append(["东岭村低保对象公示名单（浏览器测试）", "", "", "", ""])
ws.merge_cells("A1:E1")
ws.append(["序号", "户主\\n姓名", "身份证号码", "家庭人口", "保障金额（元/月）"])
rows = [
  ["1", "林　海生", "350721195503070037", "2", "1,240.00"],
  ["2", "欧阳春燕", "35072119620817102X", "3", "1,860"],
  ["3", "陈建国", "350721194812300016", "1", "620"],
]
if sys.argv[2] == "broken":
  rows += [["4", "", "", "1", "620"], ["5", "周德明", "3507211948", "1", "620"], ["6", "吴小红", "", "2", "六百元"]]
for r in rows: ws.append(r)
ws.append(["合计", "", "", "", ""])
ws.append(["监督电话：0591-22340000", "", "", "", ""])
wb.save(sys.argv[1])
`;
  execFileSync(python, ['-c', script, path, broken ? 'broken' : 'good']);
}

test('a citizen finds a service by life event, reads its guide and downloads the form and the handbook', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${demo.base}/`);
  await Promise.all([page.waitForURL(/\/bsfw\/$/), page.click('header nav a:has-text("办事服务")')]);
  await noSerious(page);
  await Promise.all([page.waitForURL(/theme=assistance/), page.click('a:has-text("社会救助")')]);
  await noSerious(page);
  const results = await page.locator('#main table').textContent();
  assert.match(results, /最低生活保障对象认定/);
  assert.doesNotMatch(results, /企业投资项目备案/, 'a draft or another theme is not listed');
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("最低生活保障对象认定")')]);
  await noSerious(page);
  assert.match(await page.locator('svg.flow title').textContent(), /办理流程图：.*公示/);
  assert.equal(await page.locator('ol.flow-steps li').count(), 5, 'the steps as text beside the chart');
  assert.match(await page.locator('table.meta').textContent(), /办理依据.*社会救助暂行办法/s);
  const form = page.locator('a:has-text("最低生活保障申请表.xlsx")');
  const got = await save(page, await form.getAttribute('href'), 'form.xlsx');
  assert.match(got.type, /spreadsheetml/);
  const cells = execFileSync(python, ['-c', 'import sys,openpyxl; print([c.value for c in next(openpyxl.load_workbook(sys.argv[1]).active.rows)])', got.file], { encoding: 'utf8' });
  assert.match(cells, /申请人姓名/);

  await page.goto(`${demo.base}/bsfw/`);
  await Promise.all([page.waitForURL(/\/bsfw\/ybt$/), page.click('a:has-text("办事一本通")')]);
  await noSerious(page);
  const pdf = await save(page, await page.locator('a.button:has-text("下载PDF版")').getAttribute('href'), 'handbook.pdf');
  assert.equal(pdf.type, 'application/pdf');
  const out = execFileSync(python, [checker, '--handbook', pdf.file, '办事一本通'], { encoding: 'utf8' });
  assert.match(out, /pages with contents/);
  await context.close();
});

test('a township officer imports a 低保 list, confirms the personal data and prints the notice board', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, demo.base, 'qingshi-officer', demo.accounts['qingshi-officer']);
  assert.match(await page.locator('main').textContent(), /村务公开逾期/, 'the dashboard lists overdue columns');
  await Promise.all([page.waitForURL(/\/admin\/villages$/), page.click('.staffbar a:has-text("村务公开")')]);
  await noSerious(page);

  const fill = async () => {
    await page.selectOption('#f-village', 'dongling');
    await page.selectOption('#f-kind', 'dibao');
    await page.fill('#f-title', '东岭村低保对象公示（浏览器测试）');
    await page.fill('#f-period_from', '2026-11-01');
    await page.fill('#f-period_to', '2026-11-30');
    await page.fill('#f-committee', '东岭村村务监督委员会');
    await page.fill('#f-complaint_phone', '0591-22340000');
    await page.fill('#f-notice_days', '5');
  };
  const broken = join(dir, 'broken.xlsx');
  makeList(broken, true);
  await fill();
  await page.setInputFiles('#f-file', broken);
  await Promise.all([page.waitForNavigation(), page.click('form[action^="/admin/villages/lists"] button[type=submit]')]);
  const errors = await page.locator('.errors').textContent();
  assert.match(errors, /第6行.*为空/s);
  assert.match(errors, /第7行.*身份证/s);
  assert.match(errors, /第8行.*六百元/s);
  await noSerious(page);

  const good = join(dir, 'good.xlsx');
  makeList(good, false);
  await fill();
  await page.setInputFiles('#f-file', good);
  await Promise.all([page.waitForURL(/\/admin\/villages\/lists\/\d+/), page.click('form[action^="/admin/villages/lists"] button[type=submit]')]);
  await noSerious(page);
  assert.match(await page.locator('#pii-h + p').textContent(), /尚未确认/);
  // Publishing first is refused with the reason.
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/publish"] button')]);
  assert.match(await page.locator('main').textContent(), /尚未确认/);
  await page.goBack();
  // The names and numbers are found; the reviewer masks them all.
  const found = await page.locator('section[aria-labelledby="pii-h"] tbody tr').count();
  assert.equal(found, 6, 'three names and three identity numbers');
  await Promise.all([page.waitForURL(/done=pii/), page.click('section[aria-labelledby="pii-h"] button[type=submit]')]);
  assert.match(await page.locator('.flash').textContent(), /已确认/);
  await Promise.all([page.waitForURL(/done=published/), page.click('form[action$="/publish"] button')]);
  await noSerious(page);
  const href = await page.locator('a.button:has-text("打印公开栏（A4）")').getAttribute('href');

  // What the public reads: masked, the 合计 row, and the board to print.
  await page.goto(`${demo.base}${href.replace(/\/a4\.pdf$/, '')}`);
  await noSerious(page);
  const table = await page.locator('table.list').textContent();
  assert.ok(table.includes('林*') && table.includes('欧阳**'), table);
  assert.ok(!table.includes('350721195503070037') && table.includes('350721***********7'), table);
  const ends = (await page.locator('main').textContent()).match(/至(\d{4}-\d{2}-\d{2})（5个工作日）/)[1];
  const [y, m, d] = ends.split('-').map(Number);
  for (const size of ['a4', 'a3']) {
    const board = await save(page, href.replace('a4.pdf', `${size}.pdf`), `board-${size}.pdf`);
    assert.equal(board.type, 'application/pdf');
    const out = execFileSync(python, [checker, '--board', board.file, size, '东岭村低保对象公示（浏览器测试）', '0591-22340000', `${y}年${m}月${d}日`], { encoding: 'utf8' });
    assert.match(out, /masked/);
  }
  await page.goto(`${demo.base}/qingshi/cwgk/dongling/`);
  await noSerious(page);
  assert.match(await page.locator('main').textContent(), /东岭村低保对象公示（浏览器测试）/);
  await context.close();
});

test('staff pages: guides with completeness and late ones, a guide, the form, and a document\'s 个人信息核查', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // The supervising 政务公开办 sees every organisation's guides.
  await login(page, demo.base, 'supervisor', demo.accounts.supervisor);
  await Promise.all([page.waitForURL(/\/admin\/services$/), page.click('.staffbar a:has-text("办事指南")')]);
  await noSerious(page);
  const main = await page.locator('main').textContent();
  assert.match(main, /就业创业证申领/, 'the guide published late is listed');
  assert.match(main, /完整性/);
  await Promise.all([page.waitForNavigation(), page.click('section[aria-labelledby="all-h"] a:has-text("临时救助给付")')]);
  await noSerious(page);
  assert.match(await page.locator('main').textContent(), /缺少：示范文本及常见错误示例、办事地点、办理时间/);
  await page.goto(`${demo.base}/admin/services/new`);
  await noSerious(page);
  // A document's 个人信息核查 page, reached from the document.
  await page.goto(`${demo.base}/admin/docs`);
  await Promise.all([page.waitForNavigation(), page.locator('main table tbody a').first().click()]);
  await Promise.all([page.waitForURL(/\/pii$/), page.click('a:has-text("个人信息核查")')]);
  await noSerious(page);
  assert.match(await page.locator('h1').textContent(), /个人信息核查/);
  await context.close();
});
