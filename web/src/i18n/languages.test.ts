import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../../src/http/error-catalogue';
import { matchLanguage } from './languages';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

function keysOf(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'object' && child !== null ? keysOf(child, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] ?? '').sort();
}

describe('the console languages', () => {
  it('Chinese has every English text, none empty, with the same {{placeholders}}', () => {
    const english = keysOf(en);
    expect(keysOf(zhCN)).toEqual(english);
    const lookup = (messages: object, key: string) =>
      key
        .split('.')
        .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages) as string;
    for (const key of english) {
      expect(lookup(zhCN, key).trim(), key).not.toBe('');
      expect(placeholders(lookup(zhCN, key)), key).toEqual(placeholders(lookup(en, key)));
    }
  });

  it("has every server error code in both languages, with the server template's parameters", () => {
    const serverParameters = (template: string) =>
      [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
    for (const [code, template] of Object.entries(ERROR_MESSAGES)) {
      for (const messages of [en, zhCN]) {
        const text = (messages.serverErrors as Record<string, string | undefined>)[code];
        expect(text, code).toBeTypeOf('string');
        expect(placeholders(text ?? ''), code).toEqual(serverParameters(template));
      }
    }
    expect(Object.keys(zhCN.serverErrors).sort()).toEqual(Object.keys(ERROR_MESSAGES).sort());
  });

  it('follows the browser: any Chinese variant is Simplified Chinese, anything unknown is English', () => {
    expect(matchLanguage(['zh-CN', 'en'])).toBe('zh-CN');
    expect(matchLanguage(['zh-TW'])).toBe('zh-CN');
    expect(matchLanguage(['de-DE', 'en-GB'])).toBe('en');
    expect(matchLanguage(['fr'])).toBe('en');
    expect(matchLanguage([])).toBe('en');
  });
});
