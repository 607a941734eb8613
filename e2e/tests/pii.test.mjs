// Issue 12: no valid identity, card or mobile number appears unmasked on any public page
// or file the demo serves. check_pii_public.py crawls the demo as a reader would (pages,
// PDFs, spreadsheets, CSV) with detectors of its own, written from the standards rather
// than shared with the Rust code. No browser: plain HTTP is what a crawler sees.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { startDemo } from '../lib/harness.mjs';

const script = resolve(import.meta.dirname, '../check_pii_public.py');
const python = process.env.GONGKAI_PYTHON || 'python3';

// Asynchronous, so that the demo's output pipes keep draining while the crawl runs.
async function run(args, timeout) {
  try {
    const { stdout, stderr } = await promisify(execFile)(python, [script, ...args], {
      encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (typeof e.code !== 'number') throw e; // not started, or killed by the timeout
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let demo;
before(async () => { demo = await startDemo(); });
after(async () => { await demo?.stop(); });

test('no public page or file shows an unmasked identity, card or mobile number', { timeout: 420_000 }, async () => {
  const self = await run(['--self-test'], 60_000);
  assert.equal(self.code, 0, `self-test failed:\n${self.stdout}${self.stderr}`);

  const r = await run([demo.base, '--time-limit', '300'], 360_000);
  const output = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.code, 0, `unmasked personal numbers on public pages:\n${output}`);
  const summary = r.stdout.match(/checked (\d+) pages, (\d+) files: (\d+) unmasked/);
  assert.ok(summary, `no summary line:\n${output}`);
  assert.ok(Number(summary[1]) >= 100, `only ${summary[1]} pages crawled:\n${output}`);
  const pdfs = r.stdout.match(/files by type: .*\bpdf=(\d+)/);
  assert.ok(pdfs && Number(pdfs[1]) >= 1, `no PDF read:\n${output}`);
});
