/**
 * 系统参数: settings an admin changes at run time without a restart, each with
 * a default from the configuration. Today: the township approval limit of
 * 临时救助 (乡镇审批限额), which also caps 先行救助 (pay first).
 */
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { AppSetting } from '../entities/app-setting.entity.js';

/** The key of the township approval limit (fen). */
export const TOWNSHIP_LIMIT_KEY = 'temporary.townshipLimitFen';

export const townshipLimitSchema = z.strictObject({
  valueYuan: z.number({ error: '限额必须是数字' }).int({ error: '限额须为整数元' }).min(0, { error: '限额不能为负数' }).max(100_000, { error: '限额不能超过临时救助上限 100000 元' }),
});

/** One admin-editable setting as the admin page shows it. */
export interface SettingView {
  key: string;
  name: string;
  valueYuan: number;
  defaultYuan: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export class SettingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly cfg: { temporaryTownshipLimitFen: number },
  ) {}

  /** 乡镇审批限额 in fen: the admin's value, else TEMPORARY_TOWNSHIP_LIMIT_YUAN. */
  async townshipLimitFen(): Promise<number> {
    const row = await this.ds.getRepository(AppSetting).findOneBy({ key: TOWNSHIP_LIMIT_KEY });
    return typeof row?.value === 'number' ? row.value : this.cfg.temporaryTownshipLimitFen;
  }

  /** The settings page: each setting with its value, default and last change. */
  async list(): Promise<{ items: SettingView[] }> {
    const row = await this.ds.getRepository(AppSetting).findOneBy({ key: TOWNSHIP_LIMIT_KEY });
    return {
      items: [
        {
          key: TOWNSHIP_LIMIT_KEY,
          name: '临时救助乡镇审批限额（元）：不超过此金额由乡镇审批，也是先行救助的上限',
          valueYuan: (await this.townshipLimitFen()) / 100,
          defaultYuan: this.cfg.temporaryTownshipLimitFen / 100,
          updatedBy: row?.updatedBy ?? null,
          updatedAt: row?.updatedAt.toISOString() ?? null,
        },
      ],
    };
  }

  /** Sets the township approval limit; applies to cases registered afterwards. */
  async setTownshipLimit(valueYuan: number, by: string): Promise<void> {
    await this.ds.getRepository(AppSetting).upsert({ key: TOWNSHIP_LIMIT_KEY, value: valueYuan * 100, updatedBy: by, updatedAt: new Date() }, ['key']);
  }
}
