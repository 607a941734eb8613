// The annual report and the letters in the browser: last year's published report on
// the portal and in the back office, letter pages and templates — axe-core on each —
// and the exported .xlsx and PDF read back by independent readers (openpyxl, pypdf).
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

const lastYear = new Date().getFullYear() - 1;

async function noSerious(page, path) {
  const r = await page.goto(`${demo.base}${path}`);
  assert.equal(r.status(), 200, path);
  const v = await seriousViolations(page);
  assert.deepEqual(v, [], `${path}: ${JSON.stringify(v, null, 1)}`);
}

test('the report and the letters: pages, accessibility, and files other programs read', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  // Public: the 年报 column lists the generated report; its page has the official tables.
  await noSerious(page, '/yunxi/xxgk/nb');
  await Promise.all([page.waitForNavigation(), page.click(`a:has-text("${lastYear}年政府信息公开工作年度报告")`)]);
  assert.ok((await page.content()).includes('一、本年新收政府信息公开申请数量'));
  await noSerious(page, `/yunxi/xxgk/nb/${lastYear}`);
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-exports-'));
  const report = join(dir, 'report.xlsx');
  const x = await page.request.get(`${demo.base}/yunxi/xxgk/nb/${lastYear}/report.xlsx`);
  assert.equal(x.status(), 200);
  writeFileSync(report, await x.body());

  // Back office: the report page, the templates, a letter and its PDF.
  await login(page, demo.base, 'officer', demo.accounts.officer);
  await noSerious(page, '/admin/reports');
  const reportLink = await page.locator(`table a[href$="/${lastYear}"]`).first().getAttribute('href');
  await noSerious(page, reportLink);
  await noSerious(page, '/admin/letters');
  await page.goto(`${demo.base}/admin/applications?all=1`);
  let letter = null;
  for (const href of await page.locator('table a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    await page.goto(`${demo.base}${href}`);
    const l = page.locator('a[href$="/letters/reply"]');
    if (await l.count()) { letter = await l.first().getAttribute('href'); break; }
  }
  assert.ok(letter, 'a replied case has its reply letter');
  await noSerious(page, letter);
  const pdf = join(dir, 'letter.pdf');
  const p = await page.request.get(`${demo.base}${letter}/pdf`);
  assert.equal(p.status(), 200);
  assert.equal(p.headers()['content-type'], 'application/pdf');
  writeFileSync(pdf, await p.body());
  const register = join(dir, 'register.xlsx');
  const g = await page.request.get(`${demo.base}/admin/applications/register.xlsx`);
  writeFileSync(register, await g.body());

  const python = process.env.GONGKAI_PYTHON || 'python3';
  const out = execFileSync(python, [resolve(import.meta.dirname, '../check_exports.py'), report, register, pdf], { encoding: 'utf8' });
  assert.match(out, /merged ranges/);
  assert.match(out, /font \/GKAAAA\+\S*Serif/);

  // The report's printable form: the browser prints it on the 公文 版心.
  await page.goto(`${demo.base}/yunxi/xxgk/nb/${lastYear}`);
  await page.emulateMedia({ media: 'print' });
  const size = await page.evaluate(() => getComputedStyle(document.querySelector('.gongwen p')).fontSize);
  assert.ok(Math.abs(parseFloat(size) - (16 * 96) / 72) < 0.01, `3号 body text, not ${size}`);
  const printed = join(dir, 'printed.pdf');
  writeFileSync(printed, await page.pdf({ preferCSSPageSize: true }));
  const out2 = execFileSync(python, [resolve(import.meta.dirname, '../check_exports.py'), '--printed', printed], { encoding: 'utf8' });
  assert.match(out2, /page\(s\)/);
  await context.close();
});
