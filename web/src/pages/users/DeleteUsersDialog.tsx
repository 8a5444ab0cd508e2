import { Alert, Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ManagedUser } from './users-api';

/**
 * Deleting is for disabled users (Server Pro's rule): with enabled users among those chosen, the
 * dialog says why and which, and deletes nothing until they are disabled.
 */
export function DeleteUsersDialog({
  users,
  who,
  open,
  pending,
  onDelete,
  onDisable,
  onClose,
}: {
  users: ManagedUser[];
  /** Users in words: a name, or how many. */
  who: (users: ManagedUser[]) => string;
  open: boolean;
  pending: boolean;
  onDelete: (users: ManagedUser[]) => void;
  /** Disables the enabled ones, so that they can then be deleted. */
  onDisable: (users: ManagedUser[]) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const enabled = users.filter((user) => user.status !== 0);

  return (
    <Modal
      open={open}
      title={t('users.confirmDelete', { who: who(users) })}
      okText={t('users.delete')}
      okButtonProps={{ danger: true, disabled: enabled.length > 0 }}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      onCancel={onClose}
      onOk={() => onDelete(users)}
    >
      {users.length > 1 && (
        <Typography.Paragraph>
          {users.map((user) => (
            <Typography.Text code key={user.guid}>
              {user.name}
            </Typography.Text>
          ))}
        </Typography.Paragraph>
      )}
      {enabled.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          message={t('users.deleteEnabledWarning', { names: enabled.map((user) => user.name).join(', ') })}
          description={
            <>
              <Typography.Paragraph>{t('users.deleteEnabledWhy')}</Typography.Paragraph>
              <Button loading={pending} onClick={() => onDisable(enabled)}>
                {t('users.disableThem', { who: who(enabled) })}
              </Button>
            </>
          }
        />
      ) : (
        <Typography.Paragraph>{t('users.confirmDeleteText')}</Typography.Paragraph>
      )}
    </Modal>
  );
}
