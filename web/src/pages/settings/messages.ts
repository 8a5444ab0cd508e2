import type { Widen } from '../../i18n/messages';

/** The settings pages' strings in English, the reference: zh-CN below must have exactly these keys. */
export const settingsEn = {} as const;

/** 简体中文. */
export const settingsZhCN: Widen<typeof settingsEn> = {};
