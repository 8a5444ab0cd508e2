import type { Widen } from '../../i18n/messages';

/** The users pages' strings in English, the reference: zh-CN below must have exactly these keys. */
export const usersEn = {} as const;

/** 简体中文. */
export const usersZhCN: Widen<typeof usersEn> = {};
