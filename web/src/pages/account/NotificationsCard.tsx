import { App, Card, Flex, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUpdateAccount } from '../../api/account';
import type { CurrentUser } from '../../api/types';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';

/** Account → Notifications: "Enable alarm event email notification" (features.md §3.3). */
export function NotificationsCard({ user }: { user: CurrentUser }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateAccount(user.guid);
  const on = user.info.email_alarm_notification === true;
  // Switching off stays possible without an address; switching on needs one to mail to.
  const noAddress = user.email === '' && !on;

  return (
    <Card title={t('account.notifications')}>
      <ServerErrorAlert error={update.error} />
      <Flex gap={12} align="flex-start">
        <Switch
          id="alarm-mail"
          checked={on}
          disabled={noAddress}
          loading={update.isPending}
          onChange={(checked) =>
            update.mutate(
              { email_alarm_notification: checked },
              {
                onSuccess: () =>
                  void message.success(checked ? t('account.alarmMailOn') : t('account.alarmMailOff')),
              },
            )
          }
        />
        <Flex vertical>
          <label htmlFor="alarm-mail">{t('account.alarmMail')}</label>
          <Typography.Text type="secondary">
            {noAddress ? t('account.alarmMailNeedsEmail') : t('account.alarmMailHelp')}
          </Typography.Text>
        </Flex>
      </Flex>
    </Card>
  );
}
