import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { LdapTab } from './LdapTab';
import { OidcTab } from './OidcTab';
import { OthersTab } from './OthersTab';
import { RelayServersTab } from './RelayServersTab';
import { ServerKeyTab } from './ServerKeyTab';
import { SmtpTab } from './SmtpTab';
import { TokensTab } from './TokensTab';

const TABS = ['relay', 'smtp', 'ldap', 'key', 'tokens', 'oidc', 'others'] as const;
type Tab = (typeof TABS)[number];

function isTab(value: string | null): value is Tab {
  return (TABS as readonly (string | null)[]).includes(value);
}

/** Settings (administrators): Relay, SMTP, LDAP, Key, Tokens, OIDC and Others, as in Server Pro. The tab is in the address. */
export default function SettingsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab: Tab = isTab(requested) ? requested : 'relay';

  return (
    <>
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'relay', label: t('settings.relayTab'), children: <RelayServersTab /> },
          { key: 'smtp', label: t('settings.smtpTab'), children: <SmtpTab /> },
          { key: 'ldap', label: t('settings.ldapTab'), children: <LdapTab /> },
          { key: 'key', label: t('settings.keyTab'), children: <ServerKeyTab /> },
          { key: 'tokens', label: t('settings.tokensTab'), children: <TokensTab /> },
          { key: 'oidc', label: t('oidc.tab'), children: <OidcTab /> },
          { key: 'others', label: t('settings.othersTab'), children: <OthersTab /> },
        ]}
      />
    </>
  );
}
