/**
 * HTTP fuzzing of every listener, each as its own real process: the hub (apps/hub/src/main.ts) with its staff and
 * its public listener (visitors' phones), and the kiosk device agent (apps/kiosk/agent/main.ts --simulate). Requests go over bare TCP sockets, so malformed paths,
 * broken %-escapes, odd methods and absurd headers reach the servers unnormalised. Checks: every request is
 * answered with a 2xx, 3xx or 4xx (or, for a protocol switch nobody asked for, closed), never a 5xx; neither
 * process exits; both still serve `/healthz` afterwards. One of these requests (`GET /%`) used to end the hub.
 *
 * A fixed list of known-bad requests, then HALLQ_HTTP_FUZZ_REQUESTS random ones (default 400 per listener).
 * The seed is printed; HALLQ_CHAOS_SEED replays a run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { testHall } from '@hallq/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaosSeed, countFromEnv, type SeededRandom, seededRandom } from '../chaos/support/seeded-random.ts';
import { REPO_ROOT } from '../support/browser.ts';
import { type HubProcess, prepareHallDir, startHubProcess } from '../support/hub-process.ts';
import { type RawAnswer, rawExchange } from './support/raw-http.ts';

const RANDOM_REQUESTS = countFromEnv('HALLQ_HTTP_FUZZ_REQUESTS', 400);

/** Request targets that broke, or could break, a parser: the reported ones first. */
const NASTY_TARGETS = [
  '/%',
  '//[',
  '/kiosk/%E4%B8%AD%',
  '/%E4%B8',
  '/%ZZ',
  '/%00',
  '/kiosk/%00index.html',
  '/%C0%AF',
  '/..%2f..%2f..%2fetc%2fpasswd',
  '/kiosk/../../../../etc/passwd',
  '/kiosk/%2e%2e/%2e%2e/package.json',
  '*',
  'http://evil.example/kiosk/',
  'kiosk',
  '//',
  '///[::1]',
  '/?%',
  '/healthz?%',
  '/healthz#%',
  '/healthz/%',
  '/kiosk/?%E4%B8%AD%#%',
  '/simulator/%',
  '/simulator/card/%E4%B8%AD%',
  '/socket.io/%',
  '/socket.io/?EIO=%',
  '/socket.io/?EIO=4&transport=polling&sid=%',
  '/socket.io/?EIO=4&transport=%E4%B8%AD%',
  '/socket.io/?EIO=999&transport=polling',
  '/kiosk/\u4e2d\u6587',
  `/${'a'.repeat(4000)}`,
  `/${'%'.repeat(3000)}`,
  `/kiosk/${'%E4%B8%AD'.repeat(600)}%`,
  // the open API: its own router, its own JSON errors
  '/api/v1/%',
  '/api/v1/tickets/%E4%B8',
  '/api/v1/tickets/2026-11-28%2F%00',
  '/api/v1/webhooks/%ZZ/replay',
  '/api/v1/ratings?from=%&to=%E4',
  '/api/v1?%',
  '/api/v1//[',
  `/api/v1/${'%'.repeat(3000)}`,
  // the public listener: ticket pages, their data, the booking pages, the visitor app's files
  '/t/%',
  '/t/%E4%B8',
  '/t/AAAAAAAAAAAAAAAAAAAAAAAA/events?%',
  '/t/AAAAAAAAAAAAAAAAAAAAAAAA/view#%',
  '/t/AAAAAAAAAAAAAAAAAAAAAAAA/rating',
  '/t/..%2f..%2fetc%2fpasswd',
  '/t/%00/events',
  '/book/%',
  '/book/%E4%B8%AD%',
  '/book/appointments',
  '/book/cancel',
  '/book/lookup?%',
  '/book/days/%E4%B8',
  '/book/slots/svc-1/%00',
  `/book/slots/${'A'.repeat(2000)}/2026-11-30`,
  '/assets/..%2f..%2fpackage.json',
  '/assets/%5c..%5cindex.html',
  `/t/${'A'.repeat(3000)}`,
];

const METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'PATCH',
  'PROPFIND',
  'M-SEARCH',
  'BREW',
  'get',
  'GE T',
  'G\u0000T',
  '',
  'X'.repeat(300),
];

const HEADER_SETS: ((host: string) => string[])[] = [
  (host) => [`Host: ${host}`],
  () => [],
  () => ['Host: ['],
  () => ['Host: evil.example'],
  (host) => [`Host: ${host}`, `Host: ${host}`],
  (host) => [`Host: ${host}`, `X-Huge: ${'x'.repeat(70_000)}`],
  (host) => [`Host: ${host}`, ...Array.from({ length: 3000 }, (_, i) => `X-${i}: ${i}`)],
  (host) => [`Host: ${host}`, 'No colon here'],
  (host) => [`Host: ${host}`, 'X-Nul: a\u0000b'],
  (host) => [`Host: ${host}`, 'Content-Length: -1'],
  (host) => [`Host: ${host}`, 'Content-Length: abc'],
  (host) => [`Host: ${host}`, 'Content-Length: 5', 'Transfer-Encoding: chunked'],
  (host) => [`Host: ${host}`, 'Transfer-Encoding: chunked'],
  (host) => [`Host: ${host}`, 'Origin: null'],
  (host) => [`Host: ${host}`, 'Origin: http://evil.example', 'Cookie: io=%'],
  (host) => [`Host: ${host}`, 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13'],
  (host) => [`Host: ${host}`, 'Expect: 100-continue', 'Content-Length: 0'],
  (host) => [`Host: ${host}`, 'Accept-Language: %', 'If-None-Match: %', 'Range: bytes=%'],
  (host) => [`Host: ${host}`, ' Folded: header'],
];

const BODIES = ['', 'x', '0\r\n\r\n', 'zz\r\nnot hex\r\n0\r\n\r\n', '{"a":'];

interface FuzzRequest {
  readonly label: string;
  readonly bytes: Buffer;
  /**
   * The server may close it without an answer: a protocol switch nobody listens for (Upgrade), or bytes that are
   * not an HTTP/1 request at all.
   */
  readonly mayClose: boolean;
  /** Not a complete HTTP/1 request: sent with a half-close so the server ends it at once. */
  readonly notHttp: boolean;
}

function requestOf(method: string, target: string, headers: string[], body: string): FuzzRequest {
  const head = [`${method} ${target} HTTP/1.1`, ...headers, 'Connection: close'].join('\r\n');
  const bytes = Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), Buffer.from(body, 'latin1')]);
  const label = JSON.stringify(`${method} ${target.slice(0, 60)} [${headers.length} headers]`).slice(0, 140);
  return {
    label,
    bytes,
    mayClose: headers.some((h) => h.startsWith('Upgrade:')),
    notHttp: false,
  };
}

/** Each known-bad target with GET and with headers naming the listener, then each method and header set alone. */
function knownBadRequests(host: string): FuzzRequest[] {
  const list: FuzzRequest[] = [];
  for (const target of NASTY_TARGETS) list.push(requestOf('GET', target, [`Host: ${host}`], ''));
  for (const method of METHODS) list.push(requestOf(method, '/healthz', [`Host: ${host}`], ''));
  for (const headers of HEADER_SETS) list.push(requestOf('GET', '/kiosk/', headers(host), ''));
  list.push(requestOf('CONNECT', `${host}`, [`Host: ${host}`], ''));
  list.push(requestOf('POST', '/simulator/card/resident', [`Host: ${host}`, 'Content-Length: 0'], ''));
  list.push(
    requestOf(
      'POST',
      '/t/AAAAAAAAAAAAAAAAAAAAAAAA/rating',
      [`Host: ${host}`, 'Content-Type: application/json', 'Content-Length: 5'],
      '{"a":',
    ),
  );
  // Not HTTP/1 at all: answered with a 400 or closed, never left hanging, never a crash.
  const notHttp = (label: string, bytes: Buffer): FuzzRequest => ({
    label,
    bytes,
    mayClose: true,
    notHttp: true,
  });
  list.push(notHttp('binary', Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x0d, 0x0a])));
  list.push(notHttp('HTTP/2 preface', Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')));
  list.push(notHttp('HTTP/0.9', Buffer.from('GET /\r\n')));
  list.push(notHttp('bad version', Buffer.from('GET / HTTP/9.9\r\nHost: x\r\n\r\n')));
  list.push(notHttp('headers never ended', Buffer.from('GET /healthz HTTP/1.1\r\nHost: x\r\n')));
  return list;
}

/** A random request: a mangled target from the list, a method, a header set and a body. */
function randomRequest(rng: SeededRandom, host: string): FuzzRequest {
  const base = rng.pick(NASTY_TARGETS.filter((t) => t.length < 500));
  const cut = rng.int(0, base.length);
  const insert = rng.pick(['%', '%E4', '%u', '\u00ff', '[', ']', '..', '//', '?', '#', '%2F', '\\', '']);
  const target = rng.next() < 0.7 ? `${base.slice(0, cut)}${insert}${base.slice(cut)}` : base;
  const method = rng.next() < 0.6 ? rng.pick(['GET', 'HEAD']) : rng.pick(METHODS);
  const headers = rng.next() < 0.6 ? [`Host: ${host}`] : rng.pick(HEADER_SETS)(host);
  return requestOf(method, target, headers, rng.pick(BODIES));
}

function acceptable(request: FuzzRequest, answer: RawAnswer): boolean {
  if (answer.timedOut) return false;
  if (answer.status === null) return request.mayClose;
  return answer.status >= 200 && answer.status < 500;
}

/** Sends every request, a few at a time; returns the ones answered badly. */
async function fuzz(port: number, requests: readonly FuzzRequest[]): Promise<string[]> {
  const bad: string[] = [];
  for (let i = 0; i < requests.length; i += 8) {
    const batch = requests.slice(i, i + 8);
    const answers = await Promise.all(batch.map((r) => rawExchange(port, r.bytes, { halfClose: r.notHttp })));
    answers.forEach((answer, at) => {
      const request = batch[at]!;
      if (!acceptable(request, answer)) bad.push(`${request.label} → ${JSON.stringify(answer)}`);
    });
  }
  return bad;
}

/** Still serving: the staff listener's /healthz; the public listener (which has none) its booking page. */
const healthz = async (url: string) =>
  (await fetch(url === publicUrl ? `${url}/book/` : `${url}/healthz`)).status;

interface AgentProcess {
  readonly child: ChildProcess;
  readonly url: string;
}

function startAgentProcess(): Promise<AgentProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(REPO_ROOT, 'apps/kiosk/agent/main.ts'),
      '--simulate',
      '--port',
      '0',
      '--printer-port',
      '0',
      '--hub',
      'http://127.0.0.1:9',
    ],
    { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /HallQ kiosk device agent: (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`agent exited (${code}) before listening:\n${output}`)));
  });
}

let hub: HubProcess;
let publicUrl: string;
let hubDir: string;
let agent: AgentProcess;
const seed = chaosSeed();

beforeAll(async () => {
  const prepared = prepareHallDir(testHall());
  hubDir = prepared.dir;
  [hub, agent] = await Promise.all([
    startHubProcess(prepared.dir, prepared.hallFile, 0, undefined, ['--public-port', '0']),
    startAgentProcess(),
  ]);
  publicUrl = /Public listener[^:]*: (\S+)/.exec(hub.output())?.[1] ?? '';
  expect(publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  process.stdout.write(`http fuzz: seed ${seed} (replay with HALLQ_CHAOS_SEED=${seed})\n`);
});

afterAll(async () => {
  for (const child of [hub?.child, agent?.child]) {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }
  if (hubDir) rmSync(hubDir, { recursive: true, force: true });
});

describe.each([
  { name: 'hub', target: () => ({ url: hub.url, child: hub.child }) },
  { name: 'hub public listener', target: () => ({ url: publicUrl, child: hub.child }) },
  { name: 'kiosk device agent', target: () => ({ url: agent.url, child: agent.child }) },
])('HTTP fuzz: $name', ({ name, target }) => {
  it('answers every known-bad request with a 2xx–4xx and keeps serving', async () => {
    const { url, child } = target();
    const port = Number(new URL(url).port);
    const bad = await fuzz(port, knownBadRequests(`127.0.0.1:${port}`));
    expect(bad, `${name}: badly answered`).toEqual([]);
    expect(child.exitCode, `${name} exited`).toBeNull();
    expect(await healthz(url)).toBe(200);
  });

  it(`answers ${RANDOM_REQUESTS} random malformed requests with a 2xx–4xx and keeps serving`, async () => {
    const { url, child } = target();
    const port = Number(new URL(url).port);
    const rng = seededRandom(seed + (name === 'hub' ? 0 : name === 'kiosk device agent' ? 1 : 2));
    const requests = Array.from({ length: RANDOM_REQUESTS }, () => randomRequest(rng, `127.0.0.1:${port}`));
    const bad = await fuzz(port, requests);
    expect(bad, `${name}: badly answered (seed ${seed})`).toEqual([]);
    expect(child.exitCode, `${name} exited`).toBeNull();
    expect(await healthz(url)).toBe(200);
  });
});
