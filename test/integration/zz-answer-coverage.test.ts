import { expect } from 'chai';
import { OPERATIONS } from '../../server/openapi.js';
import { answersChecked } from '../../server/operation.js';

/**
 * Runs after the other browser and integration files (mocha takes them in path order): every
 * operation that declares its answer met a real answer in this run, checked against the schema by
 * the server in test mode (server/operation.ts), so no declared answer is a guess nobody tested.
 * Run alone, or with a subset of the files, it names the operations those files did not reach.
 */
describe('接口答复契约覆盖：每个声明了答复的接口，本次测试中至少有一次真实答复经服务端按契约检查', () => {
  it('every declared answer was checked against a real one', () => {
    const declared = OPERATIONS.filter((o) => o.response).map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(declared.length).to.be.greaterThan(130);
    expect(
      declared.filter((k) => !answersChecked.has(k)),
      'operations whose declared answer no test met',
    ).to.deep.equal([]);
  });
});
