// 1 node against 3 behind nginx: cached public pages and search under wrk at 16 and 64
// connections, loopback only, 10 s each. Starts the cluster of e2e/cluster (three nodes
// on one fresh PostgreSQL database), adds a second nginx in front of node 1 alone, and
// prints the figures as a Markdown table (and JSON to $OUT/cluster.json).
//
//   cd e2e && GONGKAI_BIN=/path/to/release/gongkai node ../bench/cluster.mjs
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, nginxConf } from '../e2e/cluster/cluster.mjs';
import { freePort, waitFor } from '../e2e/lib/harness.mjs';

const seconds = Number(process.env.SECONDS_EACH || 10);

function wrk(url, conns) {
  const out = execFileSync('wrk', ['-t2', `-c${conns}`, `-d${seconds}s`, '--latency', url], { encoding: 'utf8' });
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)[1]);
  const p99 = out.match(/99%\s+([\d.]+)(us|ms|s)/);
  const ms = Number(p99[1]) * ({ us: 0.001, ms: 1, s: 1000 })[p99[2]];
  const errors = Number((out.match(/Non-2xx or 3xx responses:\s+(\d+)/) || [0, 0])[1])
    + Number((out.match(/Socket errors:.*?timeout (\d+)/) || [0, 0])[1]);
  return { rps, p99_ms: ms, errors };
}

const c = await startCluster(3);
const dir = mkdtempSync(join(tmpdir(), 'gongkai-one-'));
for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, d), { recursive: true });
const onePort = await freePort();
writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, onePort, [c.nodes[0]]));
const one = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
try {
  await waitFor(`http://127.0.0.1:${onePort}/healthz`, 10_000);
  const paths = { page: '/yunxi/', search: `/api/v1/search?q=${encodeURIComponent('通知')}` };
  const rows = [];
  for (const [what, path] of Object.entries(paths)) {
    for (const conns of [16, 64]) {
      for (const [label, base] of [['1 node', `http://127.0.0.1:${onePort}`], ['3 nodes', c.base]]) {
        await fetch(`${base}${path}`); // warm the page cache of the node(s)
        const r = wrk(`${base}${path}`, conns);
        rows.push({ what, conns, nodes: label, ...r });
        console.error(`${what} ${conns} ${label}: ${r.rps} req/s, p99 ${r.p99_ms} ms, errors ${r.errors}`);
      }
    }
  }
  console.log('| request | connections | nodes | req/s | p99 |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.what} | ${r.conns} | ${r.nodes} | ${Math.round(r.rps)} | ${r.p99_ms.toFixed(1)} ms |`);
  if (process.env.OUT) writeFileSync(join(process.env.OUT, 'cluster.json'), JSON.stringify(rows, null, 1));
} finally {
  one.kill('SIGTERM');
  await c.stop();
}
