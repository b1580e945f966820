import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createLogger } from '../../domain/logger.js';
import { AlertService } from '../../domain/services/alert.service.js';
import { WebhookSender } from '../../domain/services/webhook.service.js';
import { User } from '../../domain/entities/user.entity.js';
import { thePlatform } from '../support/global-fixture.js';

describe('预警推送到钉钉/企业微信群机器人', () => {
  it('posts robot JSON, retries with backoff after a failure, and sends each alert once', async () => {
    const received: any[] = [];
    let failFirst = true;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const msg = JSON.parse(body);
        if (failFirst && msg.text.content.includes('网络演练')) {
          failFirst = false;
          res.writeHead(500).end('{"errcode":500,"errmsg":"busy"}');
          return;
        }
        received.push(msg);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const { ds } = thePlatform();
      const sender = new WebhookSender(ds, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot/send`, attempts: 5, backoffMs: 50 }, createLogger('test', 'error'));
      // The platform's own workers have no webhook: alerts raised by earlier tests are still pending and would
      // fill the sender's batch of 20 before the drill alert. This sender is about the drill alone.
      await ds.query('UPDATE alert SET webhook_sent_at = now() WHERE webhook_sent_at IS NULL');
      const leader = await ds.getRepository(User).findOneByOrFail({ username: 'leader' });
      const alert = await new AlertService(ds).urge(leader, { id: 'webhook-drill-task', name: '网络演练', processInstanceId: 'none', assignee: null, businessKey: null, candidateGroups: ['dept:civil'] }, '网络演练，请忽略');
      await sender.round(); // fails for the drill alert
      const after1 = await ds.query('SELECT webhook_attempts, webhook_sent_at, webhook_error FROM alert WHERE id = $1', [alert.id]);
      expect(after1[0].webhook_attempts).to.equal(1);
      expect(after1[0].webhook_sent_at).to.equal(null);
      expect(after1[0].webhook_error).to.contain('500');
      await new Promise((r) => setTimeout(r, 120));
      await sender.round(); // retried after the backoff
      await sender.round(); // nothing left to send
      const drills = received.filter((m) => m.text.content.includes('网络演练'));
      expect(drills).to.have.length(1);
      expect(drills[0]).to.deep.include({ msgtype: 'text' });
      expect(drills[0].text.content).to.match(/^【兜底平台】【督办催办】/);
      const after2 = await ds.query('SELECT webhook_sent_at FROM alert WHERE id = $1', [alert.id]);
      expect(after2[0].webhook_sent_at).to.not.equal(null);
    } finally {
      server.close();
    }
  });
});
