/**
 * The express application: JSON API under /api, the web UI from web/dist,
 * helmet-like headers, session auth, audit, one error formatter.
 */
import { campaignAdminRoutes, campaignRoutes } from './routes/campaign.routes.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import type { DataSource } from 'typeorm';
import { REPO_ROOT, type Config } from '../domain/config.js';
import type { EngineClient } from '../domain/engine/engine-client.js';
import type { Logger } from '../domain/logger.js';
import { createServices, type Services } from '../domain/composition.js';
import { accountabilityRoutes, alertRoutes } from './routes/alert.routes.js';
import { adminRoutes } from './routes/admin.routes.js';
import { installationRoutes } from './routes/installation.routes.js';
import { directoryRoutes } from './routes/directory.routes.js';
import { worklistRoutes } from './routes/worklist.routes.js';
import { monitorRoutes } from './routes/monitor.routes.js';
import { incidentRoutes } from './routes/incident.routes.js';
import { migrationRoutes } from './routes/migration.routes.js';
import { decisionRoutes } from './routes/decision.routes.js';
import { auditMiddleware } from './middleware/audit.middleware.js';
import { passwordChangeGate, sessionMiddleware } from './middleware/auth.middleware.js';
import { errorMiddleware, notFound } from './middleware/error.middleware.js';
import { checkOrigin } from './middleware/origin.middleware.js';
import { rejectControlCharacters } from './middleware/input.middleware.js';
import { openApiDocument } from './openapi.js';
import type { BindOptions, MountedRoutes } from './operation.js';
import { authRoutes } from './routes/auth.routes.js';
import { caseRoutes } from './routes/case.routes.js';
import { conferenceRoutes } from './routes/conference.routes.js';
import { metaRoutes } from './routes/meta.routes.js';
import { taskRoutes } from './routes/task.routes.js';
import { publicRoutes } from './routes/public.routes.js';
import { statisticsRoutes } from './routes/statistics.routes.js';
import { payrollRoutes, publicPaymentRoutes, recipientRoutes, standardsAdminRoutes, standardsRoutes } from './routes/money.routes.js';
import { priceRoutes } from './routes/price.routes.js';
import { adminPolicySheetRoutes, publicPolicySheetRoutes } from './routes/policy-sheet.routes.js';
import { standardAdjustmentRoutes } from './routes/standard-adjustment.routes.js';
import { reviewRoutes } from './routes/review.routes.js';

/** What the routes use: the services of the composition root, and the server's logger. */
export interface AppDeps extends Services {
  log: Logger;
  /** How routes are bound to their declarations (server/operation.ts): answers checked against their schemas in test mode. */
  bindOptions: BindOptions;
}

/** Wires the domain services for the server (domain/composition.ts builds them). */
export function createDeps(cfg: Config, ds: DataSource, engine: EngineClient, log: Logger): AppDeps {
  return { ...createServices(cfg, ds, engine, { deadlineVariables: true }), log, bindOptions: { checkAnswers: cfg.mode === 'test' } };
}

/** Responses smaller than this (bytes) are not worth compressing and go as they are. */
export const COMPRESSION_THRESHOLD = 1024;

/**
 * Trusts X-Forwarded-For only from the given peers (TRUST_PROXY). A value express cannot read
 * stops the start with a message naming the setting, rather than trusting nothing or everything.
 */
export function setTrustProxy(app: Express, value: string): void {
  const parts = value
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (!parts.length || parts.some((p) => p === 'true' || p === '*')) throw new Error(`TRUST_PROXY 不能为空或信任所有来源（当前为“${value}”）`);
  try {
    app.set('trust proxy', parts);
  } catch (err) {
    throw new Error(`TRUST_PROXY 无法识别（“${value}”）：${(err as Error).message}`);
  }
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  setTrustProxy(app, deps.cfg.trustProxy);
  app.use((req, res, next) => {
    req.requestId = crypto.randomUUID();
    res.setHeader('X-Request-Id', req.requestId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; font-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
    );
    next();
  });

  // gzip for JSON, CSV and the web assets (already-compressed types such as XLSX pass as they are).
  // socket.io answers on the http server before express sees the request, so it is untouched.
  app.use(compression({ threshold: COMPRESSION_THRESHOLD }));

  app.get('/api/health', async (_req, res, next) => {
    try {
      const h = await deps.health.check();
      res.status(h.status === 'ok' ? 200 : 503).json(h);
    } catch (err) {
      next(err);
    }
  });

  const api = express.Router();
  api.use(express.json({ limit: '256kb' }));
  api.use(cookieParser());
  api.use(sessionMiddleware(deps.auth));
  api.use(auditMiddleware(deps.audit, deps.log));
  api.use(checkOrigin);
  api.use(rejectControlCharacters);
  api.get('/openapi.json', (_req, res) => void res.json(openApiDocument()));
  api.use(passwordChangeGate());
  const mount = (m: MountedRoutes) => api.use(m.mount || '/', m.router);
  mount(authRoutes(deps));
  mount(caseRoutes(deps));
  mount(taskRoutes(deps));
  mount(conferenceRoutes(deps));
  mount(publicRoutes(deps));
  mount(publicPaymentRoutes(deps));
  mount(publicPolicySheetRoutes(deps));
  mount(alertRoutes(deps));
  mount(accountabilityRoutes(deps));
  mount(installationRoutes(deps));
  mount(adminRoutes(deps));
  mount(directoryRoutes(deps));
  mount(standardsAdminRoutes(deps));
  mount(adminPolicySheetRoutes(deps));
  mount(standardsRoutes(deps));
  mount(recipientRoutes(deps));
  mount(payrollRoutes(deps));
  mount(campaignRoutes(deps));
  mount(campaignAdminRoutes(deps));
  mount(priceRoutes(deps));
  mount(standardAdjustmentRoutes(deps));
  mount(reviewRoutes(deps));
  mount(worklistRoutes(deps));
  mount(statisticsRoutes(deps));
  mount(monitorRoutes(deps));
  mount(decisionRoutes(deps));
  mount(incidentRoutes(deps));
  mount(migrationRoutes(deps));
  mount(metaRoutes(deps));
  api.use(notFound);
  app.use('/api', api);

  const webDist = path.join(REPO_ROOT, 'web', 'dist');
  if (fs.existsSync(path.join(webDist, 'index.html'))) {
    app.use(express.static(webDist, { index: false, maxAge: '1h' }));
    // The engine's REST API is never served here (not even the web UI's fallback page): /engine-rest answers 404.
    app.get(/^\/(?!api\/|socket\.io\/|engine-rest(?:\/|$)).*/, (_req, res) => res.sendFile(path.join(webDist, 'index.html')));
  } else {
    app.get('/', (_req, res) => {
      res.type('html').send('<!doctype html><meta charset="utf-8"><title>兜底</title><p>兜底平台已启动。网页界面尚未构建：请运行 <code>npm run build:web</code>。</p><p><a href="/api/health">系统健康状态</a></p>');
    });
  }
  app.use(errorMiddleware(deps.log));
  return app;
}
