/**
 * Other test files set a county's time limit or township limit and put the old value back
 * with PUT, which leaves the county with a value of its own equal to the default. The
 * per-county settings tests start from counties that follow the installation defaults.
 */
import { TOWNSHIP_LIMIT_KEY } from '../../domain/services/settings.service.js';
import { thePlatform } from './global-fixture.js';

export async function restoreCountyDefaults(): Promise<void> {
  const { ds } = thePlatform();
  await ds.query(`DELETE FROM time_limit_rule WHERE county_code <> ''`);
  await ds.query(`DELETE FROM app_setting WHERE key LIKE $1`, [`${TOWNSHIP_LIMIT_KEY}.%`]);
}
