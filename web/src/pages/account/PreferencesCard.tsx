import { Card, Form, Segmented, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../i18n/languages';
import { usePreferences } from '../../preferences/PreferencesProvider';

/** Theme and language, applied at once and remembered in this browser for this user. */
export function PreferencesCard() {
  const { t } = useTranslation();
  const preferences = usePreferences();
  return (
    <Card title={t('account.preferences')} extra={null}>
      <Form layout="vertical">
        <Form.Item label={t('account.theme')}>
          <Segmented
            // antd names the group "segmented control", in English.
            aria-label={t('account.theme')}
            value={preferences.theme}
            onChange={(value) => preferences.setTheme(value === 'dark' ? 'dark' : 'light')}
            options={[
              { value: 'light', label: t('account.themeLight') },
              { value: 'dark', label: t('account.themeDark') },
            ]}
          />
        </Form.Item>
        <Form.Item
          label={t('account.language')}
          extra={t('account.preferencesHelp')}
          style={{ marginBottom: 0 }}
        >
          <Select
            value={preferences.language}
            onChange={preferences.setLanguage}
            style={{ maxWidth: 240 }}
            options={LANGUAGES.map((l) => ({ value: l.code, label: <span lang={l.code}>{l.endonym}</span> }))}
          />
        </Form.Item>
      </Form>
    </Card>
  );
}
