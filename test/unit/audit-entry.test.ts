import { expect } from 'chai';
import type { Request, Response } from 'express';
import { auditEntryOf } from '../../server/middleware/audit.middleware.js';

describe('审计日志行 / 路由自己给出的值同样清理', () => {
  const req = { params: { id: '\u0000' }, method: 'GET', originalUrl: '/api/cases/%00/attachments/0', ip: '127.0.0.1', body: {} } as unknown as Request;
  const res = { locals: {}, statusCode: 404 } as unknown as Response;

  it('given a NUL in the target or detail a route passes (a case number looked up from the path), then it is replaced (PostgreSQL refuses NUL and the line would be lost)', () => {
    const line = auditEntryOf(req, res, { status: 404, target: 'SA\u0000-1', detail: `{"attachmentId":"\u0000"}` });
    expect(line.target).to.equal('SA?-1');
    expect(line.detail).to.equal('{"attachmentId":"?"}');
  });

  it('given a route passes no target, then the path parameters are used, clipped the same way', () => {
    expect(auditEntryOf(req, res).target).to.equal('?');
  });

  it('given a target longer than the column, then it is cut to 200 characters', () => {
    expect(auditEntryOf(req, res, { target: 'x'.repeat(300) }).target).to.have.length(200);
  });
});
