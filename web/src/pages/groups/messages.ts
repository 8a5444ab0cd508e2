import type { Widen } from '../../i18n/messages';

/** The groups pages' strings in English, the reference: zh-CN below must have exactly these keys. */
export const groupsEn = {} as const;

/** 简体中文. */
export const groupsZhCN: Widen<typeof groupsEn> = {};
