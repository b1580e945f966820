import { expect } from 'chai';
import { createLogger } from '../../domain/logger.js';
import { DEPLOYMENT_NAME, deployProcesses } from '../../runtime/deploy.js';
import { thePlatform } from '../support/global-fixture.js';

describe('流程模型部署', () => {
  it('redeploying unchanged models creates no new version', async () => {
    const { engine } = thePlatform();
    const before = await engine.listDeployments(DEPLOYMENT_NAME);
    const deployed = await deployProcesses(engine, createLogger('test', 'warn'));
    expect(deployed).to.deep.equal([]);
    expect((await engine.listDeployments(DEPLOYMENT_NAME)).length).to.equal(before.length);
  });
});
