/**
 * The optional webhook channel of alerts: every alert row is also posted to a
 * DingTalk/WeCom group robot (`{"msgtype":"text","text":{"content":…}}`, the
 * format both accept). The alert table is the outbox: each worker process
 * claims due rows with SKIP LOCKED, so several workers never send one twice;
 * failures retry with doubling backoff until the attempts run out.
 */
import type { DataSource } from 'typeorm';
import type { Logger } from '../logger.js';

export interface WebhookOptions {
  url: string;
  attempts: number;
  backoffMs: number;
  /** Rows per round. */
  batch?: number;
}

/** The robot message for an alert. */
export function robotMessage(a: { message: string; level: string }): { msgtype: 'text'; text: { content: string } } {
  return { msgtype: 'text', text: { content: `【兜底平台】${a.message}` } };
}

export class WebhookSender {
  constructor(
    private readonly ds: DataSource,
    private readonly opts: WebhookOptions,
    private readonly log: Logger,
  ) {}

  /** Sends what is due once; returns how many were sent. */
  async round(): Promise<number> {
    let sent = 0;
    await this.ds.transaction(async (em) => {
      const rows = (await em.query(
        `SELECT id, level, message, webhook_attempts FROM alert
          WHERE webhook_sent_at IS NULL AND webhook_attempts < $1 AND webhook_next_at <= now()
            AND created_at > now() - interval '1 day'
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [this.opts.attempts, this.opts.batch ?? 20],
      )) as { id: string; level: string; message: string; webhook_attempts: number }[];
      for (const r of rows) {
        try {
          const res = await fetch(this.opts.url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(robotMessage(r)),
            signal: AbortSignal.timeout(5_000),
          });
          // Robots answer 200 with {errcode: 0} on success.
          const body = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
          if (!res.ok || (body.errcode !== undefined && body.errcode !== 0)) throw new Error(`HTTP ${res.status} ${body.errmsg ?? ''}`.trim());
          await em.query(`UPDATE alert SET webhook_sent_at = now(), webhook_attempts = webhook_attempts + 1, webhook_error = NULL WHERE id = $1`, [r.id]);
          sent++;
        } catch (err) {
          const delay = this.opts.backoffMs * 2 ** r.webhook_attempts;
          await em.query(`UPDATE alert SET webhook_attempts = webhook_attempts + 1, webhook_error = $2, webhook_next_at = now() + ($3 || ' milliseconds')::interval WHERE id = $1`, [
            r.id,
            String((err as Error).message).slice(0, 500),
            String(delay),
          ]);
          this.log.warn({ alertId: r.id, attempt: r.webhook_attempts + 1, delay }, '预警推送到群机器人失败，稍后重试');
        }
      }
    });
    return sent;
  }
}
