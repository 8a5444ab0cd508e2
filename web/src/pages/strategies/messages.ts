import type { Widen } from '../../i18n/messages';

/** The strategies pages' strings in English, the reference: zh-CN below must have exactly these keys. */
export const strategiesEn = {} as const;

/** 简体中文. */
export const strategiesZhCN: Widen<typeof strategiesEn> = {};
