import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/languages';
import { usePreferences } from '../preferences/PreferencesProvider';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const { language, setLanguage } = usePreferences();
  const current = LANGUAGES.find((l) => l.code === language) ?? LANGUAGES[0];
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [language],
        items: LANGUAGES.map((l) => ({ key: l.code, label: <span lang={l.code}>{l.endonym}</span> })),
        onClick: ({ key }) => setLanguage(LANGUAGES.find((l) => l.code === key)?.code ?? language),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('header.language')}>
        <span lang={current.code}>{current.endonym}</span>
      </Button>
    </Dropdown>
  );
}
