import { describe, expect, it } from 'vitest';
import { OPTION_CATALOGUE } from '../../../../src/domain/strategies/catalogue';
import { optionDescriptionsZhCN } from './option-descriptions.zh-CN';
import { optionValuesZhCN } from './option-values.zh-CN';
import { type CatalogueOption, describeIn, matchesSearch, valueLabel } from './options';

const CHINESE = { descriptions: optionDescriptionsZhCN, values: optionValuesZhCN };

describe('the Chinese option descriptions', () => {
  it('describe exactly the options of the server catalogue', () => {
    const catalogueKeys = OPTION_CATALOGUE.map((option) => option.key).sort();
    expect(Object.keys(optionDescriptionsZhCN).sort()).toEqual(catalogueKeys);
  });

  it('leave no option without a description', () => {
    const empty = Object.entries(optionDescriptionsZhCN).filter(([, text]) => text.trim() === '');
    expect(empty).toEqual([]);
  });

  it('name every value of every enum option, as the server does in English', () => {
    const enums = OPTION_CATALOGUE.flatMap((option) => (option.kind === 'enum' ? [option] : []));
    expect(Object.keys(optionValuesZhCN).sort()).toEqual(enums.map((option) => option.key).sort());
    for (const option of enums) {
      expect(Object.keys(option.labels), option.key).toEqual(option.values);
      expect(Object.keys(optionValuesZhCN[option.key] ?? {}).sort(), option.key).toEqual(
        [...option.values].sort(),
      );
      for (const text of [
        ...Object.values(option.labels),
        ...Object.values(optionValuesZhCN[option.key] ?? {}),
      ]) {
        expect(text.trim(), option.key).not.toBe('');
      }
    }
  });
});

describe('describing the catalogue in the console language', () => {
  const served: CatalogueOption[] = [
    ...OPTION_CATALOGUE.filter((option) => option.key === 'enable-file-transfer'),
    {
      key: 'newer-option',
      section: 'other',
      store: 'settings',
      kind: 'bool',
      description: 'An option of a newer server',
      default: 'N',
    },
  ];

  it('uses the translation for a key it has and the server text for one it lacks', () => {
    const described = describeIn(served, CHINESE);
    expect(described.map((option) => option.description)).toEqual([
      '允许传输文件',
      'An option of a newer server',
    ]);
    expect(described[0]).toMatchObject({ key: 'enable-file-transfer', kind: 'bool', default: 'Y' });
    expect(described[1]).toBe(served[1]);
    expect(served[0]?.description).toBe('Allow file transfer');
  });

  it('keeps the server text without translations, and searches the shown text', () => {
    expect(describeIn(served, { descriptions: {}, values: {} })).toEqual(served);
    const [fileTransfer] = describeIn(served, CHINESE);
    if (!fileTransfer) throw new Error('the catalogue lacks enable-file-transfer');
    expect(matchesSearch(fileTransfer, '传输')).toBe(true);
    expect(matchesSearch(fileTransfer, 'file-transfer')).toBe(true);
  });
});

describe('naming the values of an enum option', () => {
  const [approveMode] = OPTION_CATALOGUE.filter((option) => option.key === 'approve-mode');
  if (!approveMode) throw new Error('the catalogue lacks approve-mode');
  const newer: CatalogueOption = {
    key: 'newer-choice',
    section: 'other',
    store: 'settings',
    kind: 'enum',
    description: 'A choice of a newer server',
    default: 'a',
    values: ['a', 'b'],
  };

  it("shows the server's English name, the translation, or the value itself", () => {
    expect(valueLabel(approveMode, 'password-click')).toBe('By password or a click');
    const [chinese, unnamed] = describeIn([approveMode, newer], CHINESE);
    if (!chinese || !unnamed) throw new Error('described fewer options');
    expect(valueLabel(chinese, 'password-click')).toBe('通过密码或点击');
    expect(valueLabel(chinese, 'click')).toBe('通过点击');
    expect(valueLabel(unnamed, 'b')).toBe('b');
    expect(valueLabel(chinese, 'unknown')).toBe('unknown');
  });
});
