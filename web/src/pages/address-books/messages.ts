import type { Widen } from '../../i18n/messages';

/** The address-books pages' strings in English, the reference: zh-CN below must have exactly these keys. */
export const addressBooksEn = {} as const;

/** 简体中文. */
export const addressBooksZhCN: Widen<typeof addressBooksEn> = {};
