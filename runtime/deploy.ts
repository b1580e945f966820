/**
 * Deploys every model in processes/ (BPMN processes and the DMN decisions
 * their business rule tasks evaluate) in one deployment. The engine's own
 * duplicate filtering (deploy-changed-only) skips unchanged models, so a
 * restart does not create new process-definition versions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../domain/config.js';
import type { EngineClient } from '../domain/engine/engine-client.js';
import type { Logger } from '../domain/logger.js';

export const PROCESSES_DIR = path.join(REPO_ROOT, 'processes');
export const DEPLOYMENT_NAME = 'doudi-processes';

/** The model files with one of the given extensions (BPMN by default), sorted by name. */
export function modelFiles(dir = PROCESSES_DIR, extensions: readonly string[] = ['.bpmn']): { name: string; content: string }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => extensions.some((e) => f.endsWith(e)))
    .sort()
    .map((f) => ({ name: f, content: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/** The decision tables (DMN) deployed beside the processes. */
export function decisionFiles(dir = PROCESSES_DIR): { name: string; content: string }[] {
  return modelFiles(dir, ['.dmn']);
}

/** Deploys changed models; returns the process and decision definitions that got a new version. */
export async function deployProcesses(engine: EngineClient, log: Logger): Promise<{ key: string; version: number }[]> {
  const files = modelFiles(PROCESSES_DIR, ['.bpmn', '.dmn']);
  const d = await engine.deploy(DEPLOYMENT_NAME, files);
  const defs = [...Object.values(d.deployedProcessDefinitions ?? {}), ...Object.values(d.deployedDecisionDefinitions ?? {})].map((p) => ({ key: p.key, version: p.version }));
  if (defs.length) log.info({ deployed: defs }, '已部署流程模型');
  else log.info({ models: files.length }, '流程模型未变化，无需重新部署');
  return defs;
}
