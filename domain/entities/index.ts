/** All entities, in one list for the DataSource. */
import { AssistanceCase } from './assistance-case.entity.js';
import { AuditEntry } from './audit-entry.entity.js';
import { CaseEvent } from './case-event.entity.js';
import { Department } from './department.entity.js';
import { HouseholdMember } from './household-member.entity.js';
import { Household } from './household.entity.js';
import { PaymentInstruction } from './payment-instruction.entity.js';
import { Session } from './session.entity.js';
import { Unit } from './unit.entity.js';
import { User } from './user.entity.js';
import { WorkerHeartbeat } from './worker-heartbeat.entity.js';
import { DecisionProposal, DecisionTestCase } from './decision.entity.js';
import { VerificationReport, VerificationResult } from './verification.entity.js';
import { DemocraticReview, HomeVisit, LedgerEntry, NoticeObjection, PublicNotice, Referral } from './case-step.entity.js';
import { ConferenceEvent } from './conference-event.entity.js';
import { ConferenceItem } from './conference-item.entity.js';
import { ConferenceMatter } from './conference-matter.entity.js';
import { ConferenceOpinion } from './conference-opinion.entity.js';
import { TemporaryPayment, TemporaryRequest } from './temporary.entity.js';
import { ReliefCampaign, ReliefCampaignEvent, ReliefItem } from './campaign.entity.js';
import { TaskCopy } from './task-copy.entity.js';
import { TaskFactRow } from './task-fact.entity.js';
import { AppSetting } from './app-setting.entity.js';
import { AssistanceStandard, PaymentAnomaly, PaymentLine, PayrollRun, PayrollTownship, Recipient, RecipientEvent } from './money.entity.js';
import { CaseAttachment } from './case-attachment.entity.js';
import { AccountabilityEvent, AccountabilityRecord, Alert, AlertAck, AlertSeen, CalendarYearRow, TimeLimitRuleRow } from './escalation.entity.js';
import { ProcessMigration } from './process-migration.entity.js';
import { RecipientReview, ReviewFrequency, ReviewPlan, ReviewRound } from './review.entity.js';

export { AssistanceCase, AuditEntry, CaseEvent, Department, Household, HouseholdMember, PaymentInstruction, Session, Unit, User, WorkerHeartbeat };
export { VerificationReport, VerificationResult, DemocraticReview, HomeVisit, LedgerEntry, NoticeObjection, PublicNotice, Referral };
export { ConferenceEvent, ConferenceItem, ConferenceMatter, ConferenceOpinion };

export { TemporaryPayment, TemporaryRequest, TaskCopy, TaskFactRow, AppSetting, CaseAttachment };
export { AccountabilityEvent, AccountabilityRecord, Alert, AlertAck, AlertSeen, CalendarYearRow, TimeLimitRuleRow };

export { ReliefCampaign, ReliefCampaignEvent, ReliefItem };
export { AssistanceStandard, PaymentAnomaly, PaymentLine, PayrollRun, PayrollTownship, Recipient, RecipientEvent };

export { RecipientReview, ReviewFrequency, ReviewPlan, ReviewRound };
export { ProcessMigration };

export const ENTITIES = [
  RecipientReview,
  ReviewFrequency,
  ReviewPlan,
  ReviewRound,
  AssistanceStandard,
  PaymentAnomaly,
  PaymentLine,
  PayrollRun,
  PayrollTownship,
  Recipient,
  RecipientEvent,
  TemporaryPayment,
  TemporaryRequest,
  TaskCopy,
  TaskFactRow,
  AppSetting,
  CaseAttachment,
  AccountabilityEvent,
  AccountabilityRecord,
  Alert,
  AlertAck,
  AlertSeen,
  CalendarYearRow,
  TimeLimitRuleRow,
  AssistanceCase,
  AuditEntry,
  CaseEvent,
  Department,
  Household,
  HouseholdMember,
  PaymentInstruction,
  Session,
  Unit,
  User,
  WorkerHeartbeat,
  VerificationReport,
  VerificationResult,
  DemocraticReview,
  HomeVisit,
  LedgerEntry,
  NoticeObjection,
  PublicNotice,
  Referral,
  ConferenceMatter,
  ConferenceOpinion,
  ConferenceItem,
  ConferenceEvent,
  ReliefCampaign,
  ReliefItem,
  ReliefCampaignEvent,
  DecisionTestCase,
  DecisionProposal,
  ProcessMigration,
];
