import { App, Form, Input } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../components/FormDialog';
import { type GroupResource, useSaveGroup } from './groups-api';

interface GroupValues {
  name: string;
  note: string;
}

/** The API's limits (src/api/manage/user-groups.ts and device-groups.ts). */
const NAME_MAX = 100;
const NOTE_MAX: Record<GroupResource, number> = { 'user-groups': 1000, 'device-groups': 1024 };

/** Create a group (no `group`) or change its name and note. */
export function GroupFormDialog({
  resource,
  open,
  group,
  title,
  onClose,
}: {
  resource: GroupResource;
  open: boolean;
  group: { guid: string; name: string; note: string } | null;
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<GroupValues>();
  const save = useSaveGroup(resource);
  const { reset } = save;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);

  return (
    <FormDialog<GroupValues>
      open={open}
      title={title}
      form={form}
      submitText={group ? t('common.save') : t('groups.create')}
      pending={save.isPending}
      error={save.error}
      onClose={onClose}
      onSubmit={(values) => {
        const name = values.name.trim();
        save.mutate(
          { guid: group?.guid, body: { name, note: values.note ?? '' } },
          {
            onSuccess: () => {
              void message.success(group ? t('common.saved') : t('groups.createdMessage', { name }));
              onClose();
            },
          },
        );
      }}
    >
      <Form.Item
        name="name"
        label={t('groups.name')}
        initialValue={group?.name ?? ''}
        rules={[{ required: true, whitespace: true, message: t('groups.nameRequired') }]}
      >
        <Input maxLength={NAME_MAX} autoComplete="off" />
      </Form.Item>
      <Form.Item name="note" label={t('groups.note')} initialValue={group?.note ?? ''}>
        <Input.TextArea maxLength={NOTE_MAX[resource]} autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
    </FormDialog>
  );
}
