// A cluster on this machine: three `gongkai` nodes on one PostgreSQL database behind
// Debian's nginx (an upstream with retries and passive failure marking), everything on
// 127.0.0.1, started by one call and stopped by another. Node 1 loads the demo county
// into the fresh database; nodes 2 and 3 serve it. Used by tests/cluster.test.mjs and
// by bench/cluster.sh; `node cluster/cluster.mjs` starts one by hand until Ctrl-C.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryPath, freePort, waitFor } from '../lib/harness.mjs';

const ADMIN_URL = process.env.GONGKAI_CLUSTER_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

function psql(sql) {
  execFileSync('psql', [ADMIN_URL, '-qAt', '-c', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** One node: its process, port and data directory; kill -9 and start again. */
class Node {
  constructor(n, url, port, data) {
    Object.assign(this, { n, url, port, data, base: `http://127.0.0.1:${port}`, output: '' });
  }
  start(command = 'serve') {
    this.child = spawn(binaryPath(), [command, '--data', this.data, '--database', this.url,
      '--listen', `127.0.0.1:${this.port}`, '--node', `node-${this.n}`, '--trusted-proxy', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GONGKAI_LOG: 'warn' },
    });
    this.child.stdout.on('data', (d) => { this.output += d; });
    this.child.stderr.on('data', (d) => { this.output += d; });
    this.exited = new Promise((r) => this.child.once('exit', r));
    return waitFor(`${this.base}/readyz`, 120_000);
  }
  async kill() {
    this.child.kill('SIGKILL');
    await this.exited;
  }
  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(t);
  }
}

export function nginxConf(dir, port, nodes) {
  const asRoot = process.getuid && process.getuid() === 0;
  return `${asRoot ? 'user root;\n' : ''}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 60m;
  upstream gongkai {
${nodes.map((n) => `    server 127.0.0.1:${n.port} max_fails=1 fail_timeout=10s;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://gongkai;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_connect_timeout 1s;
      proxy_read_timeout 30s;
      # A node that refuses or resets is skipped; requests that may write are retried
      # only when they never reached a node.
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
    }
  }
}
`;
}

/** Starts the cluster; returns { base, nodes, tokens, accounts, url, stop() }. */
export async function startCluster(count = 3) {
  const name = `gk_cluster_${Math.random().toString(16).slice(2, 10)}`;
  psql(`CREATE DATABASE ${name}`);
  const url = ADMIN_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-cluster-'));
  const nodes = [];
  for (let n = 1; n <= count; n++) {
    nodes.push(new Node(n, url, await freePort(), join(dir, `node-${n}`)));
  }
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.child && n.stop()));
    if (nginx) { nginx.kill('SIGTERM'); await new Promise((r) => nginx.once('exit', r)); }
    try { psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); } catch { /* left for the next run's cleanup */ }
    rmSync(dir, { recursive: true, force: true });
  };
  let nginx;
  try {
    await nodes[0].start('demo');
    await Promise.all(nodes.slice(1).map((n) => n.start('serve')));
    const port = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, port, nodes));
    nginx = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let nginxOut = '';
    nginx.stderr.on('data', (d) => { nginxOut += d; });
    await waitFor(`http://127.0.0.1:${port}/healthz`, 10_000).catch((e) => { throw new Error(`${e.message}\n${nginxOut}`); });
    const accounts = {};
    for (const line of readFileSync(join(nodes[0].data, 'demo-accounts.txt'), 'utf8').split('\n').slice(1)) {
      const [user, password] = line.split('\t');
      if (user && password) accounts[user] = password;
    }
    const tokens = {};
    for (const user of ['drafter', 'reviewer', 'secrecy', 'approver', 'officer']) {
      tokens[user] = execFileSync(binaryPath(), ['user', 'token', user, '--data', nodes[0].data, '--database', url],
        { encoding: 'utf8', env: { ...process.env, GONGKAI_LOG: 'error' } }).trim().split('\n').pop();
    }
    return { base: `http://127.0.0.1:${port}`, nodes, tokens, accounts, url, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const c = await startCluster();
  console.log(`cluster: ${c.base} (nodes ${c.nodes.map((n) => n.base).join(', ')})`);
  process.on('SIGINT', async () => { await c.stop(); process.exit(0); });
}
