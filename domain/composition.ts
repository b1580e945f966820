/**
 * The composition root: the DataSource-bound services, built once from the configuration for
 * the server (server/app.ts `createDeps`) and for the workers (workers/main.ts, whose topic
 * factories take the services they use). Nothing else decides how a service is wired.
 */
import type { DataSource } from 'typeorm';
import type { Config } from './config.js';
import { DeadlineService } from './deadlines/deadline.service.js';
import { engineWithDeadlines } from './deadlines/engine-with-deadlines.js';
import { TOPIC } from './engine/contract.js';
import type { EngineClient } from './engine/engine-client.js';
import { ApplicationStepsService } from './services/application-steps.service.js';
import { AlertService } from './services/alert.service.js';
import { AttachmentService } from './services/attachment.service.js';
import { AuthService } from './services/auth.service.js';
import { CampaignService } from './services/campaign.service.js';
import { CaseFileService } from './services/case-file.service.js';
import { CaseService } from './services/case.service.js';
import { ConferenceService } from './services/conference.service.js';
import { HealthService } from './services/health.service.js';
import { IncidentService } from './services/incident.service.js';
import { MonitorService } from './services/monitor.service.js';
import { PaymentService } from './services/payment.service.js';
import { PayrollService } from './services/payroll.service.js';
import { PriceService } from './services/price.service.js';
import { PublicNoticeService } from './services/public-notice.service.js';
import { ReconciliationService } from './services/reconciliation.service.js';
import { ReviewService } from './services/review.service.js';
import { StandardAdjustmentService } from './services/standard-adjustment.service.js';
import { TaskActionsService } from './services/task-actions.service.js';
import { TaskService } from './services/task.service.js';
import { TemporaryService } from './services/temporary.service.js';
import { StandardService } from './services/standard.service.js';
import { PolicySheetService } from './services/policy-sheet.service.js';
import { DirectoryService } from './services/directory.service.js';
import { WorklistService } from './services/worklist.service.js';
import { TimeLimitService } from './services/time-limit.service.js';
import { StatisticsService } from './services/statistics.service.js';
import { YearStatisticsService } from './services/year-statistics.service.js';
import { SettingsService } from './services/settings.service.js';
import { RosterService } from './services/roster.service.js';
import { RevealService } from './services/reveal.service.js';
import { RecipientService } from './services/recipient.service.js';
import { RecipientImportService } from './services/recipient-import.service.js';
import { PriceGroupsService } from './services/price-groups.service.js';
import { PaymentNoticeService } from './services/payment-notice.service.js';
import { BankFileService } from './services/bank-file.service.js';
import { MigrationService } from './services/migration.service.js';
import { HouseholdFactsService } from './services/household-facts.service.js';
import { DecisionEditService } from './services/decision-edit.service.js';
import { CountyService } from './services/county.service.js';
import { ConferenceTaskService } from './services/conference-task.service.js';
import { ConferenceFileService } from './services/conference-file.service.js';
import { AuditService } from './services/audit.service.js';
import { ApplicantLookupService } from './services/applicant-lookup.service.js';
import { AccountabilityService } from './services/accountability.service.js';
import { HouseholdSearchService } from './services/household-search.service.js';
import { configuredObjectStore } from './storage/configured-store.js';

export interface Services {
  cfg: Config;
  ds: DataSource;
  /** The engine as the services call it (on the server: with the deadlines, see engine-with-deadlines.ts). */
  engine: EngineClient;
  /** One per process: the admin's calendar edits reach every deadline computed afterwards. */
  deadlines: DeadlineService;
  auth: AuthService;
  cases: CaseService;
  caseFiles: CaseFileService;
  applicationSteps: ApplicationStepsService;
  payments: PaymentService;
  tasks: TaskService;
  taskActions: TaskActionsService;
  health: HealthService;
  incidents: IncidentService;
  notices: PublicNoticeService;
  temporary: TemporaryService;
  monitor: MonitorService;
  attachments: AttachmentService;
  /** 预警: raised by the escalation ladder's timers. */
  alerts: AlertService;
  /** 月度发放 (低保/特困 payroll): schedule, build, bank instruction, close. */
  payroll: PayrollService;
  /** 对账 of a payroll against the bank's return, and the 延压 warning. */
  reconciliation: ReconciliationService;
  /** 冬春救助 campaigns. */
  campaigns: CampaignService;
  /** 价格临时补贴 (price linkage). */
  price: PriceService;
  /** 救助标准年度调整. */
  standardAdjustments: StandardAdjustmentService;
  /** 定期核查 rounds. */
  reviews: ReviewService;
  /** 联席会议 matters. */
  conferences: ConferenceService;
  /** 救助标准 per county, kind and month. */
  standards: StandardService;
  /** 明白纸. */
  policySheets: PolicySheetService;
  /** Households to choose from, household facts and search, the 村级名册 and 乡镇台账. */
  directory: DirectoryService;
  /** 已办 and 我发起的. */
  worklist: WorklistService;
  /** 办理时限 rules per county and their application to running tasks. */
  timeLimits: TimeLimitService;
  /** 考核统计. */
  statistics: StatisticsService;
  /** 年度保障统计. */
  yearStatistics: YearStatisticsService;
  /** System settings (the township approval limit). */
  settings: SettingsService;
  /** 村级名册 and 乡镇台账 exports. */
  roster: RosterService;
  /** 查看完整个人信息 (audited). */
  reveals: RevealService;
  /** 在保对象 and their changes. */
  recipients: RecipientService;
  /** 批量导入在保对象. */
  recipientImport: RecipientImportService;
  /** 物价联动: the rosters of other groups. */
  priceGroups: PriceGroupsService;
  /** 发放结果公示. */
  paymentNotices: PaymentNoticeService;
  /** 代发文件 and the bank's returns. */
  bankFiles: BankFileService;
  /** 版本与迁移. */
  migrations: MigrationService;
  /** 家庭情况变更. */
  householdFacts: HouseholdFactsService;
  /** 决策表修订. */
  decisionEdits: DecisionEditService;
  /** 县（区） of the installation. */
  counties: CountyService;
  /** 联席会议 tasks. */
  conferenceTasks: ConferenceTaskService;
  /** 联席会议 files (议题). */
  conferenceFiles: ConferenceFileService;
  /** 审计日志. */
  audit: AuditService;
  /** 求助有门: the applicant's lookup code. */
  applicantLookup: ApplicantLookupService;
  /** 问责台账. */
  accountability: AccountabilityService;
  /** 按身份证号查找家庭 (rate-limited, audited). */
  householdSearch: HouseholdSearchService;
}

/**
 * Builds the services over one database and one engine (no I/O: constructing a service connects
 * nothing). With `deadlineVariables` (the server) the services' starts, completions and messages
 * set the deadlines of the user tasks that follow; the workers' topics return theirs themselves.
 */
export function createServices(cfg: Config, ds: DataSource, client: EngineClient, opts: { deadlineVariables?: boolean } = {}): Services {
  const deadlines = new DeadlineService(ds, { demoSecondsPerWorkday: cfg.demoSecondsPerWorkday });
  const engine = opts.deadlineVariables ? engineWithDeadlines(client, deadlines) : client;
  const tasks = new TaskService(ds, engine);
  const caseFiles = new CaseFileService(ds, engine);
  const payroll = new PayrollService(ds, engine);
  const conferenceTasks = new ConferenceTaskService(ds, engine, tasks);
  const alerts = new AlertService(ds);
  return {
    cfg,
    ds,
    engine,
    deadlines,
    auth: new AuthService(ds, cfg.sessionTtlHours, { maxFailures: cfg.loginAddressMaxFailures, windowMinutes: 15 }),
    cases: new CaseService(ds),
    caseFiles,
    applicationSteps: new ApplicationStepsService(ds),
    payments: new PaymentService(ds),
    tasks,
    taskActions: new TaskActionsService(ds, engine, tasks, deadlines),
    // /api/health reports the workers ready when every topic of the models is served
    health: new HealthService(ds, engine, cfg.workerHeartbeatMs, Object.values(TOPIC)),
    incidents: new IncidentService(ds, engine),
    notices: new PublicNoticeService(ds, engine),
    temporary: new TemporaryService(ds, cfg),
    monitor: new MonitorService(ds, engine),
    attachments: new AttachmentService(ds, caseFiles, configuredObjectStore(cfg), { maxBytes: cfg.uploadMaxBytes, scanCommand: cfg.uploadScanCommand }),
    alerts,
    payroll,
    reconciliation: new ReconciliationService(ds, payroll),
    campaigns: new CampaignService(ds, engine),
    price: new PriceService(ds, engine),
    standardAdjustments: new StandardAdjustmentService(ds, engine),
    reviews: new ReviewService(ds, engine),
    conferences: new ConferenceService(ds),
    standards: new StandardService(ds),
    policySheets: new PolicySheetService(ds, cfg),
    directory: new DirectoryService(ds, engine),
    worklist: new WorklistService(ds, engine),
    timeLimits: new TimeLimitService(ds, engine, deadlines),
    statistics: new StatisticsService(ds, engine),
    yearStatistics: new YearStatisticsService(ds),
    settings: new SettingsService(ds, cfg),
    roster: new RosterService(ds),
    reveals: new RevealService(ds),
    recipients: new RecipientService(ds),
    recipientImport: new RecipientImportService(ds),
    priceGroups: new PriceGroupsService(ds),
    paymentNotices: new PaymentNoticeService(ds, payroll),
    bankFiles: new BankFileService(ds, payroll),
    migrations: new MigrationService(ds, engine),
    householdFacts: new HouseholdFactsService(ds),
    decisionEdits: new DecisionEditService(ds, engine, cfg.decisionApproverRoles),
    counties: new CountyService(ds),
    conferenceTasks,
    conferenceFiles: new ConferenceFileService(ds, engine, tasks, conferenceTasks),
    audit: new AuditService(ds),
    applicantLookup: new ApplicantLookupService(ds, engine),
    accountability: new AccountabilityService(ds),
    householdSearch: new HouseholdSearchService(ds, alerts),
  };
}
