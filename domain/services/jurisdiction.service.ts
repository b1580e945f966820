/**
 * 辖区 (jurisdiction): a unit covers itself and every unit below it (county →
 * township → village). Rights over a household's personal data, and the right
 * to register a case for it, come from the user's unit covering the
 * household's village, never from a case the user opened.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { Unit } from '../entities/unit.entity.js';

/** The unit and its ancestors, nearest first (at most six levels). */
export async function unitChain(db: DataSource | EntityManager, unitCode: string): Promise<Unit[]> {
  const units = db.getRepository(Unit);
  const chain: Unit[] = [];
  let u = await units.findOneBy({ code: unitCode });
  while (u && chain.length < 6) {
    chain.push(u);
    u = u.parentCode ? await units.findOneBy({ code: u.parentCode }) : null;
  }
  return chain;
}

/** True when `unitCode` is `targetUnit` or one of its ancestors. */
export async function unitCovers(db: DataSource | EntityManager, unitCode: string, targetUnit: string): Promise<boolean> {
  return (await unitChain(db, targetUnit)).some((u) => u.code === unitCode);
}
