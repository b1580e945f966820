/**
 * 系统参数: settings changed at run time without a restart. Today: the township
 * approval limit of 临时救助 (乡镇审批限额), which also caps 先行救助 (pay first).
 * Each county decides its own: a county's value (key `<name>.<county>`, like
 * the other per-county settings) overrides the installation default (key
 * `<name>`, set by the 系统管理员（全省）), which in turn overrides the
 * configuration (TEMPORARY_TOWNSHIP_LIMIT_YUAN).
 */
import type { DataSource } from 'typeorm';
import type { SettingView } from '../../contracts/responses.js';
import { AppSetting } from '../entities/app-setting.entity.js';

/** The key of the township approval limit (fen): the installation default; a county's own is `<key>.<county>`. */
export const TOWNSHIP_LIMIT_KEY = 'temporary.townshipLimitFen';
const countyKey = (countyCode: string) => `${TOWNSHIP_LIMIT_KEY}.${countyCode}`;

export class SettingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly cfg: { temporaryTownshipLimitFen: number },
  ) {}

  /** 乡镇审批限额 in fen in a county: its own value, else the installation default, else the configuration. */
  async townshipLimitFen(countyCode: string | null): Promise<number> {
    const own = countyCode ? await this.row(countyKey(countyCode)) : null;
    if (typeof own?.value === 'number') return own.value;
    return this.defaultFen(await this.row(TOWNSHIP_LIMIT_KEY));
  }

  /** The settings page of a county (countyCode) or of the installation defaults (null). */
  async list(countyCode: string | null): Promise<{ items: SettingView[] }> {
    const def = await this.row(TOWNSHIP_LIMIT_KEY);
    const own = countyCode ? await this.row(countyKey(countyCode)) : null;
    const shown = countyCode ? own : def;
    return {
      items: [
        {
          key: TOWNSHIP_LIMIT_KEY,
          name: '临时救助乡镇审批限额（元）：不超过此金额由乡镇审批，也是先行救助的上限',
          valueYuan: (await this.townshipLimitFen(countyCode)) / 100,
          defaultYuan: this.defaultFen(def) / 100,
          countyCode,
          own: !!own,
          updatedBy: shown?.updatedBy ?? null,
          updatedAt: shown?.updatedAt.toISOString() ?? null,
        },
      ],
    };
  }

  /** Sets the limit of a county (countyCode) or the installation default (null); applies to cases registered afterwards. */
  async setTownshipLimit(countyCode: string | null, valueYuan: number, by: string): Promise<void> {
    await this.ds.getRepository(AppSetting).upsert({ key: countyCode ? countyKey(countyCode) : TOWNSHIP_LIMIT_KEY, value: valueYuan * 100, updatedBy: by, updatedAt: new Date() }, ['key']);
  }

  /** 恢复默认: the county's own limit is removed; the installation default applies again. True when there was one. */
  async resetTownshipLimit(countyCode: string): Promise<boolean> {
    return !!(await this.ds.getRepository(AppSetting).delete({ key: countyKey(countyCode) })).affected;
  }

  private row(key: string): Promise<AppSetting | null> {
    return this.ds.getRepository(AppSetting).findOneBy({ key });
  }

  private defaultFen(row: AppSetting | null): number {
    return typeof row?.value === 'number' ? row.value : this.cfg.temporaryTownshipLimitFen;
  }
}
