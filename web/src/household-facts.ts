/** 家庭情况 choices as the window records them (the server's codes: domain/household-facts.ts). */
export const NO_FACTS = { disabilityLevel: null, schoolingStage: 'none', seriousIllness: false, employment: 'not_applicable', povertyStatus: 'none' };
export const DISABILITY_OPTIONS = [
  { v: null, l: '无残疾人证' },
  { v: 1, l: '残疾一级' },
  { v: 2, l: '残疾二级' },
  { v: 3, l: '残疾三级' },
  { v: 4, l: '残疾四级' },
];
export const SCHOOLING_OPTIONS = [
  ['none', '不在学'],
  ['preschool', '学前教育'],
  ['primary', '小学'],
  ['junior', '初中'],
  ['senior', '高中'],
  ['vocational', '中职'],
  ['college', '高等教育'],
];
export const EMPLOYMENT_OPTIONS = [
  ['not_applicable', '非劳动年龄'],
  ['employed', '就业'],
  ['unemployed', '失业（劳动年龄内）'],
  ['unable', '丧失劳动能力'],
];
export const POVERTY_OPTIONS = [
  ['none', '非建档立卡/监测'],
  ['registered', '建档立卡脱贫人口'],
  ['monitored', '防返贫监测对象'],
];
export const DISASTER_OPTIONS = [
  ['none', '未受灾'],
  ['property_loss', '财产损失'],
  ['house_damaged', '房屋受损'],
  ['house_destroyed', '房屋倒塌'],
];
