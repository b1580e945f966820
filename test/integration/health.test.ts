import { expect } from 'chai';
import { Browser, waitFor } from '../support/http.js';

describe('系统健康检查 GET /api/health', () => {
  it('reports database, engine and workers healthy', async () => {
    const r = await waitFor('all healthy', async () => {
      const x = await new Browser().get('/api/health');
      return x.status === 200 ? x : undefined;
    });
    expect(r.body.status).to.equal('ok');
    expect(r.body.database.ok).to.equal(true);
    expect(r.body.engine.ok).to.equal(true);
    expect(r.body.engine.version).to.match(/^\d+\.\d+/);
    expect(r.body.workers.count).to.be.greaterThan(0);
    expect(r.body.workers.topics).to.include.members(['case.classify', 'payment.instruct', 'case.close']);
  });
});
