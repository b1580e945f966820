/** Decision-editing helpers: put a decision table back as shipped after a test changed it. */
import { expect } from 'chai';
import { thePlatform } from './global-fixture.js';
import type { Browser } from './http.js';

/** What a decision looked like before a test: its deployed XML and test cases. */
export async function snapshotDecision(coordinator: Browser, key: string): Promise<{ xml: string; testCases: unknown[] }> {
  const xml = (await thePlatform().engine.decisionXml(key)).dmnXml;
  return { xml, testCases: (await coordinator.get(`/api/decisions/${key}/edits`)).body.testCases };
}

/** Deploys the snapshot again (proposed by the coordinator, approved by the admin) when the table changed. */
export async function restoreDecision(coordinator: Browser, admin: Browser, key: string, snap: { xml: string; testCases: unknown[] }): Promise<void> {
  const current = (await thePlatform().engine.decisionXml(key)).dmnXml;
  if (current.trim() === snap.xml.trim()) return;
  const back = await coordinator.post(`/api/decisions/${key}/proposals`, { xml: snap.xml, note: '测试结束，恢复原决策表', testCases: snap.testCases });
  expect(back.status, JSON.stringify(back.body)).to.equal(201);
  expect((await admin.post(`/api/decisions/proposals/${back.body.id}/approve`, {})).status).to.equal(200);
}
