import { expect } from 'chai';
import { BPMN_ERROR, PROCESS, TOPIC } from '../../domain/engine/contract.js';
import { modelFiles } from '../../runtime/deploy.js';
import { TOPICS } from '../../workers/topics/index.js';

const models = modelFiles();
const all = (re: RegExp) => models.flatMap((m) => [...m.content.matchAll(re)].map((x) => x[1]!));

describe('流程模型与工作进程的约定', () => {
  it('every external-task topic in processes/ is served by a worker, and every worker topic is used', () => {
    const inModels = new Set(all(/operaton:topic="([^"]+)"/g));
    const served = new Set(TOPICS.map((t) => t.topic));
    expect([...inModels].filter((t) => !served.has(t)), 'topics no worker serves').to.deep.equal([]);
    expect([...served].filter((t) => !inModels.has(t)), 'worker topics no model uses').to.deep.equal([]);
    expect([...served].sort()).to.deep.equal(Object.values(TOPIC).sort());
  });

  it('every BPMN error code in the models is declared once in the contract', () => {
    const codes = all(/errorCode="([^"]+)"/g);
    expect(codes.filter((c) => !(c in BPMN_ERROR))).to.deep.equal([]);
    expect(Object.keys(BPMN_ERROR).every((c) => codes.includes(c))).to.equal(true);
  });

  it('every process in the contract has a model, executable, with a Chinese name and a history time to live', () => {
    for (const key of Object.values(PROCESS)) {
      const m = models.find((x) => x.content.includes(`<bpmn:process id="${key}"`));
      expect(m, key).to.not.equal(undefined);
      const tag = m!.content.match(new RegExp(`<bpmn:process id="${key}"[^>]*>`))![0];
      expect(tag).to.match(/isExecutable="true"/);
      expect(tag).to.match(/name="[\u4e00-\u9fa5]/u);
      expect(tag).to.match(/historyTimeToLive="\d+"/);
    }
  });

  it('every task and event in the models has a Chinese name', () => {
    const unnamed = all(/<bpmn:(?:userTask|serviceTask|startEvent|endEvent|boundaryEvent|exclusiveGateway)\s+id="([^"]+)"(?![^>]*name="[^"]*[\u4e00-\u9fa5])[^>]*>/gu);
    expect(unnamed).to.deep.equal([]);
  });
});
