import { expect } from 'chai';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { REPO_ROOT } from '../../domain/config.js';
import { COMPRESSION_THRESHOLD } from '../../server/app.js';
import { XLSX_SHEET } from '../../domain/statistics/xlsx.js';
import { thePlatform } from '../support/global-fixture.js';
import { loginAs } from '../support/http.js';

/** One raw GET (node:http does not decode), so the test sees the bytes on the wire. */
function rawGet(pathname: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const url = new URL(pathname, thePlatform().url);
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('传输压缩（gzip）', function () {
  this.timeout(60_000);

  it('gzips the web assets for browsers that accept it, and sends them plain to those that do not', async function () {
    const assets = path.join(REPO_ROOT, 'web', 'dist', 'assets');
    if (!fs.existsSync(assets)) this.skip();
    const name = fs
      .readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .sort((a, b) => fs.statSync(path.join(assets, b)).size - fs.statSync(path.join(assets, a)).size)[0]!;
    const original = fs.readFileSync(path.join(assets, name));

    const gz = await rawGet(`/assets/${name}`, { 'Accept-Encoding': 'gzip, deflate' });
    expect(gz.status).to.equal(200);
    expect(gz.headers['content-encoding']).to.equal('gzip');
    expect(gz.headers.vary).to.match(/Accept-Encoding/i);
    expect(gz.body.length).to.be.lessThan(original.length / 2);
    expect(zlib.gunzipSync(gz.body).equals(original)).to.equal(true);

    const plain = await rawGet(`/assets/${name}`, { 'Accept-Encoding': 'identity' });
    expect(plain.headers['content-encoding']).to.equal(undefined);
    expect(plain.body.equals(original)).to.equal(true);
  });

  it('gzips API answers and the CSV export (above the threshold) byte for byte, BOM kept; leaves the already-compressed XLSX alone', async () => {
    const leader = await loginAs('leader');
    const headers = { 'Accept-Encoding': 'gzip', Cookie: leader.sessionCookie };

    const json = await rawGet('/api/statistics', headers);
    expect(json.status).to.equal(200);
    expect(json.headers['content-encoding']).to.equal('gzip');
    expect(JSON.parse(zlib.gunzipSync(json.body).toString('utf8')).range.days).to.equal(30);

    const csv = await rawGet('/api/statistics/export?format=csv', headers);
    expect(csv.status).to.equal(200);
    expect(csv.headers['content-disposition']).to.match(/^attachment;/);
    // Small files (a fresh database has few rows) go as they are; larger ones gzipped.
    const text = csv.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(csv.body) : csv.body;
    expect(csv.headers['content-encoding']).to.equal(text.length >= COMPRESSION_THRESHOLD ? 'gzip' : undefined);
    expect([...text.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(text.toString('utf8'))
      .to.match(/^\ufeff统计口径,部门,/)
      .and.to.contain('\r\n合计,');

    const xlsx = await rawGet('/api/statistics/export?format=xlsx', headers);
    expect(xlsx.status).to.equal(200);
    expect(xlsx.headers['content-encoding']).to.equal(undefined);
    expect(Number(xlsx.headers['content-length'])).to.equal(xlsx.body.length);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as any);
    expect(wb.getWorksheet(XLSX_SHEET)).to.not.equal(undefined);
  });
});
