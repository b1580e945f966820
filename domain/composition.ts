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
    alerts: new AlertService(ds),
    payroll,
    reconciliation: new ReconciliationService(ds, payroll),
    campaigns: new CampaignService(ds, engine),
    price: new PriceService(ds, engine),
    standardAdjustments: new StandardAdjustmentService(ds, engine),
    reviews: new ReviewService(ds, engine),
    conferences: new ConferenceService(ds),
  };
}
