/** /api/health: database, engine and workers, each with its own status. */
import type { DataSource } from 'typeorm';
import { IsNull, MoreThan } from 'typeorm';
import { WorkerHeartbeat } from '../entities/worker-heartbeat.entity.js';
import type { EngineClient } from '../engine/engine-client.js';

export interface Health {
  status: 'ok' | 'degraded';
  database: { ok: boolean; latencyMs?: number; error?: string };
  engine: { ok: boolean; version?: string; latencyMs?: number; error?: string };
  workers: { ok: boolean; count: number; topics: string[]; items: { workerId: string; lastSeenAt: string; topics: string[] }[] };
  /** Engine outbox rows an operator should know of: waiting for the reconciler, and given up (see `last_error`). Informational. */
  outbox?: { pending: number; failed: number };
}

export class HealthService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
    private readonly heartbeatMs: number,
    private readonly requiredTopics: string[],
  ) {}

  async check(): Promise<Health> {
    const database: Health['database'] = { ok: false };
    const t0 = Date.now();
    try {
      await this.ds.query('SELECT 1');
      database.ok = true;
      database.latencyMs = Date.now() - t0;
    } catch {
      database.error = '数据库不可用';
    }
    const engine: Health['engine'] = { ok: false };
    const t1 = Date.now();
    try {
      engine.version = (await this.engine.version()).version;
      engine.ok = true;
      engine.latencyMs = Date.now() - t1;
    } catch {
      engine.error = '流程引擎不可用';
    }
    const workers: Health['workers'] = { ok: false, count: 0, topics: [], items: [] };
    let outbox: Health['outbox'];
    if (database.ok) {
      const [o] = (await this.ds.query(`SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending, count(*) FILTER (WHERE state = 'failed')::int AS failed FROM engine_outbox WHERE state IN ('pending', 'failed')`)) as {
        pending: number;
        failed: number;
      }[];
      outbox = { pending: o?.pending ?? 0, failed: o?.failed ?? 0 };
      const alive = await this.ds.getRepository(WorkerHeartbeat).findBy({
        stoppedAt: IsNull(),
        lastSeenAt: MoreThan(new Date(Date.now() - 3 * this.heartbeatMs)),
      });
      workers.items = alive.map((w) => ({ workerId: w.workerId, lastSeenAt: w.lastSeenAt.toISOString(), topics: w.topics }));
      workers.count = alive.length;
      workers.topics = [...new Set(alive.flatMap((w) => w.topics))].sort();
      workers.ok = this.requiredTopics.every((t) => workers.topics.includes(t));
    }
    return { status: database.ok && engine.ok && workers.ok ? 'ok' : 'degraded', database, engine, workers, ...(outbox ? { outbox } : {}) };
  }
}
