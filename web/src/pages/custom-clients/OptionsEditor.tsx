import { DeleteOutlined } from '@ant-design/icons';
import { Button, Flex, Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_LANGUAGE, isLanguageCode } from '../../i18n/languages';
import { OptionRow } from '../strategies/OptionRow';
import { CATALOGUE_TEXTS } from '../strategies/OptionsDrawer';
import { describeIn } from '../strategies/options';
import { useCatalogue } from '../strategies/strategies-api';

/**
 * A package's default or override options: keys chosen from the strategy catalogue, each edited with
 * the strategy editor's row. A Form.Item gives `value` and `onChange`.
 */
export function OptionsEditor({
  id,
  value = {},
  onChange,
  label,
}: {
  id?: string;
  value?: Record<string, string>;
  onChange?: (value: Record<string, string>) => void;
  label: string;
}) {
  const { t, i18n } = useTranslation();
  const catalogue = useCatalogue();
  const language = isLanguageCode(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
  const described = useMemo(
    () => (catalogue.data ? describeIn(catalogue.data, CATALOGUE_TEXTS[language]) : []),
    [catalogue.data, language],
  );
  const byKey = new Map(described.map((option) => [option.key, option]));
  const set = (key: string, next: string | null) => {
    const copy = { ...value };
    if (next === null) delete copy[key];
    else copy[key] = next;
    onChange?.(copy);
  };

  return (
    <div id={id}>
      {Object.entries(value).map(([key, current]) => {
        const option = byKey.get(key);
        if (!option) return null;
        return (
          <Flex key={key} align="center" gap={8}>
            <div style={{ flex: 1 }}>
              <OptionRow option={option} value={current} changed={false} problem={null} onChange={set} />
            </div>
            <Button
              type="text"
              icon={<DeleteOutlined />}
              aria-label={`${t('customClients.removeOption')} ${key}`}
              onClick={() => set(key, null)}
            />
          </Flex>
        );
      })}
      <Select
        showSearch
        aria-label={`${label}: ${t('customClients.addOption')}`}
        placeholder={t('customClients.addOption')}
        value={null}
        loading={catalogue.isLoading}
        style={{ width: '100%', marginTop: 8 }}
        options={described
          .filter((option) => !Object.hasOwn(value, option.key))
          .map((option) => ({ value: option.key, label: `${option.key} — ${option.description}` }))}
        onChange={(key: string) => set(key, byKey.get(key)?.default ?? '')}
      />
    </div>
  );
}
