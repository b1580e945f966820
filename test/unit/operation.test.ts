import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { z } from 'zod';
import type { User } from '../../domain/entities/user.entity.js';
import { createLogger } from '../../domain/logger.js';
import { errorMiddleware } from '../../server/middleware/error.middleware.js';
import { bind, operations } from '../../server/operation.js';

/** One declared group, bound to handlers, served on a free port; the caller's role comes from a header. */
const group = operations('/things', {
  list: { method: 'get', path: '/', summary: '列表', access: 'user', query: z.strictObject({ page: z.string().optional() }), response: z.strictObject({ items: z.array(z.string()) }) },
  create: { method: 'post', path: '/', summary: '新建', access: ['clerk'], body: z.strictObject({ name: z.string().min(2, '名称至少 2 个字') }), bodyName: '物品信息', status: 201 },
  bad: { method: 'get', path: '/bad', summary: '答复与说明不符', access: 'public', response: z.strictObject({ when: z.string(), n: z.number() }) },
  hello: { method: 'get', path: '/:id/hello', summary: '公开', access: 'public' },
});

async function serve(checkAnswers: boolean): Promise<{ url: string; close: () => void }> {
  const app = express();
  app.use(express.json());
  app.use((req, _res, next) => {
    const role = req.header('x-role');
    if (role) req.user = { id: 'u1', role } as unknown as User;
    next();
  });
  const m = bind(
    group,
    {
      list: async (_req, _res, input) => ({ items: [input.query().page ?? '1'] }),
      create: async (_req, _res, input) => ({ name: input.body().name }),
      // a Date becomes a string on the wire: the check reads the answer as the client gets it
      bad: async (req) => ({ when: new Date(0), n: req.query.wrong ? 'x' : 1 }),
      hello: async (_req, _res, input) => ({ id: input.param('id') }),
    },
    { checkAnswers },
  );
  app.use(m.mount, m.router);
  app.use(errorMiddleware(createLogger('test', 'silent')));
  const srv = app.listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, close: () => srv.close() };
}

const call = async (url: string, method: string, headers: Record<string, string> = {}, body?: unknown) => {
  const res = await fetch(url, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('接口声明一次（server/operation.ts）：路由、权限、请求与答复的结构都来自同一声明', () => {
  it('the full paths relative to /api, the default status and what changes state', () => {
    expect(group.operations.map((o) => `${o.method} ${o.path} ${o.status} ${o.changes}`)).to.deep.equal(['get /things 200 false', 'post /things 201 true', 'get /things/bad 200 false', 'get /things/:id/hello 200 false']);
    expect(operations('', { m: { method: 'get', path: '/meta', summary: 'x', access: 'user' } }).operations[0]!.path).to.equal('/meta');
  });

  it('the declared access is the route’s: 401 without a user, 403 for another role, the handler for the declared one', async () => {
    const s = await serve(true);
    try {
      expect((await call(`${s.url}/things`, 'GET')).status).to.equal(401);
      expect((await call(`${s.url}/things`, 'POST', { 'x-role': 'village' }, { name: '桌子' })).body.code).to.equal('ROLE_FORBIDDEN');
      const ok = await call(`${s.url}/things`, 'POST', { 'x-role': 'clerk' }, { name: '桌子' });
      expect(ok.status, 'the declared 201').to.equal(201);
      expect(ok.body).to.deep.equal({ name: '桌子' });
      expect((await call(`${s.url}/things/a1/hello`, 'GET')).body).to.deep.equal({ id: 'a1' });
    } finally {
      s.close();
    }
  });

  it('the body and query are parsed with the declared schemas and names: refusals in Chinese with the field', async () => {
    const s = await serve(true);
    try {
      const short = await call(`${s.url}/things`, 'POST', { 'x-role': 'clerk' }, { name: '桌' });
      expect(short).to.deep.include({ status: 400 });
      expect(short.body).to.deep.include({ code: 'NAME_INVALID', message: '名称至少 2 个字', field: 'name' });
      const extra = await call(`${s.url}/things`, 'POST', { 'x-role': 'clerk' }, { name: '桌子', price: 1 });
      expect(extra.body.message).to.equal('物品信息包含未知字段：price');
      const q = await call(`${s.url}/things?size=3`, 'GET', { 'x-role': 'clerk' });
      expect(q.body.message).to.equal('查询条件包含未知字段：size');
    } finally {
      s.close();
    }
  });

  it('in test mode an answer that does not fit its declared schema is a 500 (a bug of ours), and one that fits goes out', async () => {
    const s = await serve(true);
    try {
      expect(await call(`${s.url}/things/bad`, 'GET')).to.deep.equal({ status: 200, body: { when: '1970-01-01T00:00:00.000Z', n: 1 } });
      const wrong = await call(`${s.url}/things/bad?wrong=1`, 'GET');
      expect(wrong.status).to.equal(500);
      expect(wrong.body.code).to.equal('INTERNAL_ERROR');
    } finally {
      s.close();
    }
    const prod = await serve(false);
    try {
      expect((await call(`${prod.url}/things/bad?wrong=1`, 'GET')).status, 'not checked outside test mode').to.equal(200);
    } finally {
      prod.close();
    }
  });
});
