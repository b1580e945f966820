/**
 * The one place that reads process.env. Every setting has a name, a default and
 * a one-line comment; the rest of the code receives a typed Config object.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, resolved from this file (works from both source and dist/). */
export const REPO_ROOT = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // domain/ (source) or dist/domain/ (compiled)
  return here.includes(`${path.sep}dist${path.sep}`) || here.endsWith(`${path.sep}dist${path.sep}domain`) ? path.resolve(here, '..', '..') : path.resolve(here, '..');
})();

export interface Config {
  /** Port of the express + socket.io server and the web UI. */
  port: number;
  /** Address the server listens on. */
  host: string;
  /** 'development' | 'production' | 'test'. Production refuses insecure defaults. */
  mode: 'development' | 'production' | 'test';
  /** Log level for pino. */
  logLevel: string;

  /** External PostgreSQL for the app schema; when unset an embedded PostgreSQL is started. */
  databaseUrl?: string;
  /** With an external database: the password of the app's restricted role (doudi_app), which the server creates and then connects as; DATABASE_URL stays the owner's (migrations). */
  databaseAppPassword?: string;
  /** Where the embedded PostgreSQL keeps its data between runs. */
  dataDir: string;
  /** Port of the embedded PostgreSQL. */
  embeddedPgPort: number;

  /** External Operaton REST base (…/engine-rest); when unset the engine jar is started as a child process. */
  engineUrl?: string;
  /** Basic-auth user for the engine REST API. */
  engineUser: string;
  /** Basic-auth password for the engine REST API (generated and kept in dataDir for the embedded engine). */
  enginePassword?: string;
  /** Port of the engine child process. */
  enginePort: number;
  /** JDBC URL of the engine's own database; derived from the app database when unset. */
  engineJdbcUrl?: string;
  /** JVM options for the engine child process. */
  engineJavaOpts: string;
  /** Seconds to wait for the engine to become healthy. */
  engineStartTimeoutSec: number;

  /** How long a worker holds an external-task lock (ms). */
  workerLockDurationMs: number;
  /** Long-polling timeout of fetchAndLock (ms). */
  workerAsyncResponseTimeoutMs: number;
  /** Maximum tasks fetched per poll. */
  workerMaxTasks: number;
  /** Retries for a failing external task before it becomes an incident. */
  workerRetries: number;
  /** Test-only fault injection: every task of this topic fails (a fault, not a business outcome), until an incident. */
  workerFaultFail?: string;
  /** Roles that approve a proposed decision-table version (DECISION_APPROVER_ROLES, comma-separated: admin, leader). */
  decisionApproverRoles: ('admin' | 'leader')[];
  /** How often the workers look for new incidents to announce to the admins (ms). */
  incidentSweepMs: number;
  /** Base backoff between retries (ms); doubles with each failure. */
  workerRetryBackoffMs: number;
  /** Fault injection for tests only: "topic:ms" pauses after the side effect, before completing. */
  workerFaultPause?: string;
  /** Fault injection for tests only (DOUDI_MODE=test): the server kills itself (-9) at this point of an engine call, e.g. "task.after-engine" (domain/faults.ts). */
  faultCrashAt?: string;
  /** Heartbeat interval of a worker process (ms); health treats 3 missed beats as down. */
  workerHeartbeatMs: number;
  /** Whether `npm start` launches the worker process. */
  startWorkers: boolean;

  /** Session lifetime in hours. */
  sessionTtlHours: number;
  /**
   * Which peers may tell the client's address in X-Forwarded-For (express `trust proxy`):
   * `loopback` (default), or comma-separated addresses, CIDRs and the names `linklocal`,
   * `uniquelocal`. The audit log records the address this yields.
   */
  trustProxy: string;
  /** Largest upload (scan or photo) in bytes, 10 MB by default. */
  uploadMaxBytes: number;
  /** Virus scanner run on every upload, the file on stdin; exit 0 clean, 1 infected (domain/storage/virus-scan.ts). Unset: no scan. */
  uploadScanCommand?: string;
  /**
   * Where uploads are stored (domain/storage/object-store.ts): `file` (default, `<data dir>/uploads`)
   * or `s3`, an S3-compatible object store (MinIO in docker/compose.yml) shared by every server node.
   */
  objectStore: 'file' | 's3';
  /** The S3 store (OBJECT_STORE=s3): endpoint URL, region, bucket, credentials, path-style addressing (MinIO). */
  s3: { endpoint?: string; region: string; bucket: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean };
  /** Send cookies with the Secure flag (set when served over HTTPS). */
  cookieSecure: boolean;
  /** Seed the demo county on first start. */
  seedDemo: boolean;
  /**
   * Keys encrypting personal data at rest (AES-256-GCM): "id:base64,id:base64", the first
   * encrypts, all decrypt (rotation: docs/security.md). Generated into dataDir/secrets.json when
   * unset outside production.
   */
  piiKeys?: string;
  /** Key of the blind index (HMAC-SHA-256, base64 of 32 bytes) used for equality lookups of ID numbers. */
  piiIndexKey?: string;

  /** Verification data sources queried for every application (codes; all known ones by default). */
  verificationSources: string[];
  /**
   * Demo verification adapters: which discrepancies they find, as `kind:prefix` pairs — a member
   * whose ID-number sequence code (digits 15–17) starts with the prefix has it (income: 2 000 yuan a
   * month more than declared, vehicle, property, deposits). `off` finds nothing beyond the declaration.
   */
  demoVerificationFindings: string;
  /** Length of the public notice (公示期) in seconds: 7 days by default. */
  publicNoticeSeconds: number;
  /** 临时救助: amounts up to this (fen) are approved by the township (乡级审批), larger ones by the county; the default of the admin setting. */
  temporaryTownshipLimitFen: number;
  /** Failed logins one source address may make in 15 minutes before it is refused (per server node). */
  loginAddressMaxFailures: number;
  /** Demo time scale: one working day lasts this many seconds (calendar ignored); unset = real time. */
  demoSecondsPerWorkday?: number;
  /** 月度发放: the day of the month (1–28) from which the daily timer starts the month's payroll. */
  payrollDay: number;
  /** REVIEW_DAY: the day of the month from which the month's 定期核查 starts (1). */
  reviewDay: number;
  /** 延压: working days after the bank was instructed by which the bank's return must be in. */
  payrollDelayWorkdays: number;
  /** DingTalk/WeCom group-robot URL that also receives every alert (optional). */
  alertWebhookUrl?: string;
  /** Attempts per alert before the webhook gives up on it. */
  alertWebhookAttempts: number;
  /** First retry delay (ms); doubles with each failure. */
  alertWebhookBackoffMs: number;
}

function int(name: string, def: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`配置项 ${name} 必须是整数，当前为 "${raw}"`);
  return n;
}

function bool(name: string, def: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  return ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase());
}

function str(name: string): string | undefined {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? undefined : raw;
}

/** Default data dir: root runs PostgreSQL as the `postgres` user, which cannot enter /root or a root-owned checkout. */
function defaultDataDir(): string {
  if (process.getuid?.() === 0) return '/var/lib/doudi';
  return path.join(REPO_ROOT, '.data');
}

/** Reads the configuration from the environment. */
export function loadConfig(): Config {
  const modeRaw = str('DOUDI_MODE') ?? (process.env.NODE_ENV === 'production' ? 'production' : 'development');
  const mode = (['development', 'production', 'test'].includes(modeRaw) ? modeRaw : 'development') as Config['mode'];
  const cfg: Config = {
    port: int('PORT', 3000),
    host: str('HOST') ?? '127.0.0.1',
    mode,
    logLevel: str('LOG_LEVEL') ?? (mode === 'test' ? 'warn' : 'info'),
    databaseUrl: str('DATABASE_URL'),
    databaseAppPassword: str('DATABASE_APP_PASSWORD'),
    dataDir: path.resolve(str('DOUDI_DATA_DIR') ?? defaultDataDir()),
    embeddedPgPort: int('EMBEDDED_PG_PORT', 54329),
    engineUrl: str('ENGINE_URL')?.replace(/\/+$/, ''),
    engineUser: str('ENGINE_USER') ?? 'doudi',
    enginePassword: str('ENGINE_PASSWORD'),
    enginePort: int('ENGINE_PORT', 8089),
    engineJdbcUrl: str('ENGINE_JDBC_URL'),
    engineJavaOpts: str('ENGINE_JAVA_OPTS') ?? '-Xms128m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1',
    engineStartTimeoutSec: int('ENGINE_START_TIMEOUT_SEC', 180),
    workerLockDurationMs: int('WORKER_LOCK_DURATION_MS', 30_000),
    workerAsyncResponseTimeoutMs: int('WORKER_ASYNC_RESPONSE_TIMEOUT_MS', 10_000),
    workerMaxTasks: int('WORKER_MAX_TASKS', 10),
    workerRetries: int('WORKER_RETRIES', 3),
    workerRetryBackoffMs: int('WORKER_RETRY_BACKOFF_MS', 2_000),
    workerFaultPause: str('WORKER_FAULT_PAUSE'),
    workerFaultFail: mode === 'test' ? str('WORKER_FAULT_FAIL') : undefined,
    incidentSweepMs: int('INCIDENT_SWEEP_MS', 5_000),
    decisionApproverRoles: (str('DECISION_APPROVER_ROLES') ?? 'admin')
      .split(',')
      .map((x) => x.trim())
      .filter((x): x is 'admin' | 'leader' => x === 'admin' || x === 'leader'),
    faultCrashAt: mode === 'test' ? str('DOUDI_FAULT_CRASH') : undefined,
    workerHeartbeatMs: int('WORKER_HEARTBEAT_MS', 5_000),
    startWorkers: bool('START_WORKERS', true),
    sessionTtlHours: int('SESSION_TTL_HOURS', 12),
    trustProxy: str('TRUST_PROXY') ?? 'loopback',
    cookieSecure: bool('COOKIE_SECURE', false),
    uploadMaxBytes: int('UPLOAD_MAX_BYTES', 10 * 1024 * 1024),
    uploadScanCommand: str('UPLOAD_SCAN_COMMAND'),
    objectStore: (str('OBJECT_STORE') ?? 'file') as 'file' | 's3',
    s3: {
      endpoint: str('S3_ENDPOINT'),
      region: str('S3_REGION') ?? 'us-east-1',
      bucket: str('S3_BUCKET') ?? 'doudi-uploads',
      accessKeyId: str('S3_ACCESS_KEY_ID'),
      secretAccessKey: str('S3_SECRET_ACCESS_KEY'),
      forcePathStyle: bool('S3_FORCE_PATH_STYLE', true),
    },
    seedDemo: bool('SEED_DEMO', true),
    piiKeys: str('PII_KEYS'),
    piiIndexKey: str('PII_INDEX_KEY'),
    verificationSources: (str('VERIFICATION_SOURCES') ?? 'hrss,housing,market,police,bank')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
    demoVerificationFindings: str('DEMO_VERIFICATION_FINDINGS') ?? 'income:97,vehicle:99,property:98,deposits:96',
    publicNoticeSeconds: int('PUBLIC_NOTICE_SECONDS', 7 * 24 * 3600),
    temporaryTownshipLimitFen: int('TEMPORARY_TOWNSHIP_LIMIT_YUAN', 1000) * 100,
    loginAddressMaxFailures: int('LOGIN_ADDRESS_MAX_FAILURES', 100),
    demoSecondsPerWorkday: str('DEMO_SECONDS_PER_WORKDAY') ? int('DEMO_SECONDS_PER_WORKDAY', 0) : undefined,
    payrollDay: Math.min(28, Math.max(1, int('PAYROLL_DAY', 5))),
    reviewDay: Math.min(28, Math.max(1, int('REVIEW_DAY', 1))),
    payrollDelayWorkdays: Math.max(1, int('PAYROLL_DELAY_WORKDAYS', 5)),
    alertWebhookUrl: str('ALERT_WEBHOOK_URL'),
    alertWebhookAttempts: int('ALERT_WEBHOOK_ATTEMPTS', 6),
    alertWebhookBackoffMs: int('ALERT_WEBHOOK_BACKOFF_MS', 2_000),
  };
  if (cfg.mode === 'production') {
    if (cfg.engineUrl && !cfg.enginePassword) {
      throw new Error('生产模式下必须通过 ENGINE_PASSWORD 配置引擎口令');
    }
    if (!cfg.piiKeys || !cfg.piiIndexKey) {
      throw new Error('生产模式下必须通过 PII_KEYS 和 PII_INDEX_KEY 配置个人信息加密密钥（见 docs/security.md）');
    }
  }
  if (cfg.engineUrl && !cfg.enginePassword) {
    throw new Error('使用外部引擎（ENGINE_URL）时必须同时配置 ENGINE_USER 和 ENGINE_PASSWORD');
  }
  if (cfg.objectStore !== 'file' && cfg.objectStore !== 's3') {
    throw new Error(`OBJECT_STORE 只能是 file 或 s3，现为“${cfg.objectStore as string}”`);
  }
  if (cfg.objectStore === 's3' && (!cfg.s3.accessKeyId || !cfg.s3.secretAccessKey)) {
    throw new Error('附件存储使用 S3（OBJECT_STORE=s3）时必须配置 S3_ACCESS_KEY_ID 和 S3_SECRET_ACCESS_KEY');
  }
  return cfg;
}

/** A unique id for this OS process, used as the external-task worker id. */
export function processInstanceTag(prefix: string): string {
  return `${prefix}-${os.hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
