import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { en } from '../i18n/locales/en';
import { zhCN } from '../i18n/locales/zh-CN';
import { errorText } from './error-text';

describe('errorText', () => {
  let english: TFunction;
  let chinese: TFunction;
  beforeAll(async () => {
    const i18n = i18next.createInstance();
    const resources = { en: { translation: en }, 'zh-CN': { translation: zhCN } };
    await i18n.init({ resources, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
    english = i18n.getFixedT('en');
    chinese = i18n.getFixedT('zh-CN');
  });

  const exists = new ApiError(409, "User 'alice' already exists", 'user_exists', { name: 'alice' });

  it('writes the message of the code in the language shown, with its parameters', () => {
    expect(errorText(exists, english)).toBe("User 'alice' already exists");
    expect(errorText(exists, chinese)).toBe("用户 'alice' 已存在");
    const wrong = new ApiError(403, 'current password is wrong', 'current_password_wrong');
    expect(errorText(wrong, chinese)).toBe('当前密码错误');
  });

  it('takes `count` as a value, not as a plural', () => {
    const members = new ApiError(400, '…', 'user_group_has_members', { name: 'Sales', count: 3 });
    expect(errorText(members, english)).toBe(
      "User group 'Sales' still has 3 users; move them to another group first",
    );
    expect(errorText(members, chinese)).toBe("用户组 'Sales' 中还有 3 个用户；请先将他们移到其他组");
  });

  it('lists names as the language does, shortening past 20', () => {
    const ids = Array.from({ length: 22 }, (_, i) => `d${i + 1}`);
    const shortList = new ApiError(404, '…', 'devices_not_found', { ids: ['d1', 'd2'] });
    expect(errorText(shortList, english)).toBe('Devices not found: d1, d2');
    expect(errorText(shortList, chinese)).toBe('找不到这些设备：d1、d2');
    const longList = new ApiError(404, '…', 'devices_not_found', { ids });
    expect(errorText(longList, english)).toBe(`Devices not found: ${ids.slice(0, 20).join(', ')} and 2 more`);
    expect(errorText(longList, chinese)).toBe(`找不到这些设备：${ids.slice(0, 20).join('、')} 及另外 2 项`);
  });

  it('translates each of several errors', () => {
    const several = new ApiError(404, "User 'ghost' not found; Strategy 'Nope' not found", 'several_errors', {
      errors: [
        { error: "User 'ghost' not found", code: 'user_not_found', name: 'ghost' },
        { error: "Strategy 'Nope' not found", code: 'strategy_not_found', name: 'Nope' },
        { error: 'Something newer', code: 'from_a_newer_server' },
      ],
    });
    expect(errorText(several, english)).toBe(
      "User 'ghost' not found; Strategy 'Nope' not found; Something newer",
    );
    expect(errorText(several, chinese)).toBe("找不到用户 'ghost'；找不到策略 'Nope'；Something newer");
  });

  it("shows the server's message for a code it does not know, and the status for no message", () => {
    expect(errorText(new ApiError(400, 'A newer refusal', 'from_a_newer_server'), chinese)).toBe(
      'A newer refusal',
    );
    expect(errorText(new ApiError(502, ''), chinese)).toBe('服务器返回 502。');
    expect(errorText(new ApiError(0, 'Failed to fetch'), chinese)).toBe('无法连接服务器，请检查网络后重试。');
  });
});
