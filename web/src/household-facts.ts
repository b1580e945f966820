/** 家庭情况 choices as the window's selects offer them, built from the codes and names in contracts/household-facts.ts. */
import { DISABILITY_LEVEL_NAMES, DISABILITY_LEVELS, DISASTER_IMPACTS, EMPLOYMENT_STATUSES, NO_MEMBER_FACTS, POVERTY_STATUSES, SCHOOLING_STAGES } from '../../contracts/household-facts';

export const NO_FACTS = NO_MEMBER_FACTS;
export const DISABILITY_OPTIONS = [{ v: null, l: '无残疾人证' }, ...DISABILITY_LEVELS.map((v) => ({ v, l: `残疾${DISABILITY_LEVEL_NAMES[v]}` }))];
export const SCHOOLING_OPTIONS = Object.entries(SCHOOLING_STAGES).map(([code, s]) => [code, s.name]);
export const EMPLOYMENT_OPTIONS = Object.entries(EMPLOYMENT_STATUSES);
export const POVERTY_OPTIONS = Object.entries(POVERTY_STATUSES);
export const DISASTER_OPTIONS = Object.entries(DISASTER_IMPACTS);
