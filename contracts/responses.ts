/**
 * Shapes of the server's JSON answers that the web reads. Each is inferred from the zod schema the
 * answer is checked with (contracts/answers/*), so the web's type and the checked contract are one;
 * the row shapes the services declare themselves are in views.ts, the statistics in statistics.ts,
 * the realtime messages in realtime.ts.
 */
import type { z } from 'zod';
import type { MemberFacts } from './household-facts.js';
import type * as admin from './answers/admin.js';
import type * as cases from './answers/cases.js';
import type * as conference from './answers/conference.js';
import type * as meta from './answers/meta.js';
import type * as tasks from './answers/tasks.js';

export type { MemberFacts };
export type { CaseListItem, InboxItem } from './lists.schema.js';

export type Profile = z.infer<typeof meta.profileSchema>;

export interface Page<T> {
  total: number;
  items: T[];
}

export type TaskDetail = z.infer<typeof tasks.taskDetailSchema>;
export type TimelineEvent = z.infer<typeof cases.timelineEventSchema>;
/** One activity of an instance's history; a case's names the engine task of a user task. */
export type HistoryActivity = z.infer<typeof cases.historyActivitySchema> & { taskId?: string | null };
/** The tracking diagram's data, computed by the server (ProcessGraph.takenFlows). */
export type CaseTracking = z.infer<typeof cases.caseTrackingSchema>;
export type CaseFile = z.infer<typeof cases.caseFileSchema>;
/** 家庭经济状况核对报告 (one per round). */
export type VerificationReport = z.infer<typeof cases.verificationReportSchema>;
/** A notice on the public 公示 page (already masked by the server). */
export type PublicNotice = z.infer<typeof meta.publicNoticeSchema>;
export type Meta = z.infer<typeof meta.metaSchema>;
export type HouseholdOption = z.infer<typeof cases.householdOptionSchema>;
export type RegisterResult = z.infer<typeof cases.registerResultSchema>;
export type AlertItem = z.infer<typeof tasks.alertItemSchema>;

export type AccountabilityDecision = '免责' | '约谈' | '通报批评' | '问责';
/** One record of the 问责台账, opened by a 红牌 escalation. */
export type AccountabilityRecord = z.infer<typeof tasks.accountabilityRecordSchema>;
export type AccountabilityEvent = z.infer<typeof tasks.accountabilityEventSchema>;
export type AccountabilityDetail = z.infer<typeof tasks.accountabilityDetailSchema>;

export type TimeUnit = 'workday' | 'hour';
/** 办理时限规则 of one step. */
export type TimeLimitRule = z.infer<typeof admin.timeLimitRuleSchema>;
/** 工作日历 of one year: days off and make-up working weekend days. */
export type CalendarYearData = z.infer<typeof admin.calendarYearSchema>;

/** An open step offered in the 督办催办 dialog. */
export interface UrgeTarget {
  /** null: the step is open but its task could not be identified (it cannot be urged from here). */
  taskId: string | null;
  name: string;
  due?: string | null;
  /** Who handles it now, e.g. “待签收”. */
  holder?: string | null;
}

/** GET /api/conferences: one matter (联席会议议题). */
export type ConferenceListItem = z.infer<typeof conference.conferenceListItemSchema>;
export type ConferenceItem = z.infer<typeof conference.conferenceItemSchema>;
export type ConferenceTask = z.infer<typeof conference.conferenceTaskSchema>;
/** GET /api/conferences/:id: the matter file (议题卷宗). */
export type ConferenceFile = z.infer<typeof conference.conferenceFileSchema>;

/** GET /api/admin/departments */
export type AdminDepartment = z.infer<typeof admin.adminDepartmentSchema>;
/** GET /api/admin/processes */
export type ProcessVersion = z.infer<typeof admin.processVersionSchema>;

/** 求助有门: what the public lookup shows (no personal data beyond the masked name). */
export type LookupResult = z.infer<typeof cases.lookupResultSchema>;
/** 附件: a scan of a material or a home-visit photo. */
export type Attachment = z.infer<typeof cases.attachmentSchema>;
/** 系统参数: one setting as the admin page shows it (GET /api/admin/settings). */
export type SettingView = z.infer<typeof admin.settingViewSchema>;
