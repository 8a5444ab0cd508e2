import type { Widen } from '../../i18n/messages';

/** The logs pages' strings in English, the reference: zh-CN below must have exactly these keys. */
export const logsEn = {} as const;

/** 简体中文. */
export const logsZhCN: Widen<typeof logsEn> = {};
