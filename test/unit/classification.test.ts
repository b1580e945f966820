import { expect } from 'chai';
import { classify } from '../../domain/services/classification.service.js';

describe('分类派单', () => {
  it('civil affairs leads when a basic-living type is requested, other departments follow', () => {
    expect(classify(['medical', 'dibao', 'education'])).to.deep.equal({ leadDepartment: 'civil', departments: ['civil', 'health', 'edu'] });
  });

  it('the department of the first type leads otherwise', () => {
    expect(classify(['housing', 'employment']).leadDepartment).to.equal('housing');
    expect(classify(['disability']).departments).to.deep.equal(['dpf']);
  });
});
