import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../testing/test-central.ts';

/** The centre serves the city's web app at `/`, and tells a signed-in user who they are (GET /v1/me). */
describe("the centre's web app and /v1/me", () => {
  let centre: TestCentral;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hallq-city-app-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>city</title>');
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)');
    writeFileSync(join(dir, '..', 'secret-next-to-the-app.txt'), 'not for the web');
    centre = await startTestCentral('city-app', { webAppDir: dir });
  });
  afterAll(async () => {
    await centre.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(dir, '..', 'secret-next-to-the-app.txt'), { force: true });
  });

  const get = async (path: string, token?: string) => {
    const response = await fetch(`${centre.url}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  it('serves the app, its assets for a year, index.html for its own paths, and nothing outside its folder', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.text).toContain('<title>city</title>');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const asset = await get('/assets/app-1.js');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await get('/reports')).text).toContain('<title>city</title>');
    const outside = await get('/%2e%2e/secret-next-to-the-app.txt');
    expect(outside.text).not.toContain('not for the web');
    // The API's own paths stay the API's: an unknown one is a 404 in JSON, not the app.
    const unknown = await get('/v1/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/json/);
  });

  it('answers 400 to a target it cannot parse, and goes on serving', async () => {
    const { hostname, port } = new URL(centre.url);
    /** One raw request line (fetch would normalise it) and the status line that comes back. */
    const raw = (target: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect({ host: hostname, port: Number(port) }, () =>
          socket.write(`GET ${target} HTTP/1.1\r\nHost: centre\r\nConnection: close\r\n\r\n`),
        );
        let answer = '';
        socket.on('data', (chunk: Buffer) => {
          answer += chunk.toString('latin1');
        });
        socket.on('end', () => resolve(answer.split('\r\n')[0] ?? ''));
        socket.on('error', reject);
      });
    expect(await raw('//[')).toBe('HTTP/1.1 400 Bad Request');
    for (const target of ['/%', '/%E4%B8%AD%', '/assets/%ZZ'])
      expect(await raw(target)).toMatch(/^HTTP\/1\.1 (400|404)/);
    expect((await get('/')).status).toBe(200);
  });

  it('says who a token belongs to, and refuses one it does not know', async () => {
    const token = await centre.central.users.add({
      username: 'zhao',
      role: 'city-supervisor',
      region: '西城区',
    });
    const me = await get('/v1/me', token);
    expect(me.status).toBe(200);
    expect(JSON.parse(me.text)).toEqual({ username: 'zhao', role: 'city-supervisor', region: '西城区' });
    expect((await get('/v1/me', 'nope')).status).toBe(401);
    expect((await get('/v1/me')).status).toBe(401);
  });

  it('gives the cross-hall report as an Excel workbook', async () => {
    const token = await centre.central.users.add({ username: 'qian', role: 'city-admin', region: null });
    const response = await fetch(`${centre.url}/v1/reports?from=2026-11-01&to=2026-11-30&format=xlsx`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toContain('hallq-report-2026-11-01-2026-11-30.xlsx');
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets[0]!.getRow(1).getCell(1).value).toBe('大厅 hall');
  });
});
