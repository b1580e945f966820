/**
 * 公示 for the public (no login): open notices with masked data, and
 * objections, which reach the waiting process instance as a message.
 */
import type { DataSource } from 'typeorm';
import { MESSAGE, PROCESS } from '../engine/contract.js';
import type { EngineClient } from '../engine/engine-client.js';
import { engineCall } from '../engine/engine-calls.js';
import { ConflictError } from '../errors.js';
import { ApplicationStepsService } from './application-steps.service.js';

export class PublicNoticeService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: EngineClient,
  ) {}

  /** Notices open now, newest first. */
  async list() {
    const notices = await new ApplicationStepsService(this.ds).openNotices();
    return notices.map((n) => ({ noticeNo: n.noticeNo, content: n.content, publishedAt: n.publishedAt, objectionDeadline: n.endsAt }));
  }

  /**
   * Records an objection and tells the instance. The row and the message go
   * together: if the engine refuses the message, the objection is not kept.
   */
  async object(noticeNo: string, content: string, contact: string | null): Promise<{ received: true }> {
    const steps = new ApplicationStepsService(this.ds);
    return this.ds.transaction(async (em) => {
      const { caseNo } = await steps.recordObjection(em, noticeNo, content, contact);
      await engineCall(() => this.engine.correlate(MESSAGE.noticeObjection, caseNo, {}, { processKey: PROCESS.socialAssistanceApplication, activityId: 'Boundary_Objection' }), {
        refused: () => new ConflictError('NOTICE_CLOSED', '该公示已结束，不再受理异议'),
        unavailable: '系统暂时无法受理异议，请稍后重试',
      });
      return { received: true as const };
    });
  }
}
