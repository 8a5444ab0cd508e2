import { App, Modal, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { type GroupResource, useDeleteGroup } from './groups-api';

/**
 * Confirms deleting a group; the server's refusal (the built-in Default group, a user group that
 * still has users) stays in the dialog as it answered.
 */
export function DeleteGroupDialog({
  resource,
  group,
  text,
  onClose,
}: {
  resource: GroupResource;
  group: { guid: string; name: string } | null;
  text: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const remove = useDeleteGroup(resource);
  const { reset } = remove;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a refusal for another group is not this one's
  useEffect(() => reset(), [group?.guid, reset]);

  return (
    <Modal
      open={group !== null}
      title={group ? t('groups.confirmDelete', { name: group.name }) : ''}
      okText={t('groups.delete')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={remove.isPending}
      onCancel={onClose}
      onOk={() => {
        if (!group) return;
        remove.mutate(group.guid, {
          onSuccess: () => {
            void message.success(t('groups.deletedMessage', { name: group.name }));
            onClose();
          },
        });
      }}
      destroyOnHidden
    >
      <ServerErrorAlert error={remove.error} />
      <Typography.Paragraph>{text}</Typography.Paragraph>
    </Modal>
  );
}
