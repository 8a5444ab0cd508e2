import { describe, expect, it } from 'vitest';
import { OPTION_CATALOGUE } from '../../../../src/domain/strategies/catalogue';
import { optionDescriptionsZhCN } from './option-descriptions.zh-CN';
import { type CatalogueOption, describeIn, matchesSearch } from './options';

describe('the Chinese option descriptions', () => {
  it('describe exactly the options of the server catalogue', () => {
    const catalogueKeys = OPTION_CATALOGUE.map((option) => option.key).sort();
    expect(Object.keys(optionDescriptionsZhCN).sort()).toEqual(catalogueKeys);
  });

  it('leave no option without a description', () => {
    const empty = Object.entries(optionDescriptionsZhCN).filter(([, text]) => text.trim() === '');
    expect(empty).toEqual([]);
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
    const described = describeIn(served, optionDescriptionsZhCN);
    expect(described.map((option) => option.description)).toEqual([
      '允许传输文件',
      'An option of a newer server',
    ]);
    expect(described[0]).toMatchObject({ key: 'enable-file-transfer', kind: 'bool', default: 'Y' });
    expect(described[1]).toBe(served[1]);
    expect(served[0]?.description).toBe('Allow file transfer');
  });

  it('keeps the server text without translations, and searches the shown text', () => {
    expect(describeIn(served, {})).toEqual(served);
    const [fileTransfer] = describeIn(served, optionDescriptionsZhCN);
    if (!fileTransfer) throw new Error('the catalogue lacks enable-file-transfer');
    expect(matchesSearch(fileTransfer, '传输')).toBe(true);
    expect(matchesSearch(fileTransfer, 'file-transfer')).toBe(true);
  });
});
