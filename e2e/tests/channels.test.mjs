// Issue 14, channels: the demo's sitemap and feeds read by tools that share nothing with
// the Rust code (check_feeds.py: Python's XML parser and feedparser). No browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { startDemo } from '../lib/harness.mjs';

const script = resolve(import.meta.dirname, '../check_feeds.py');
const python = process.env.GONGKAI_PYTHON || 'python3';

let demo;
before(async () => { demo = await startDemo(); });
after(async () => { await demo?.stop(); });

test('every sitemap address answers and every feed parses', { timeout: 300_000 }, async () => {
  let out;
  try {
    out = await promisify(execFile)(python, [script, demo.base], { encoding: 'utf8', timeout: 240_000 });
  } catch (e) {
    assert.fail(`check_feeds.py failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
  const m = out.stdout.match(/checked (\d+) sitemap files, (\d+) pages, (\d+) feeds, (\d+) entries: 0 problems/);
  assert.ok(m, out.stdout + out.stderr);
  assert.ok(Number(m[2]) >= 30 && Number(m[3]) >= 5 && Number(m[4]) >= 10, out.stdout);
});
