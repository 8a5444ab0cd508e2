import { App, Checkbox, Flex, Form, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../components/FormDialog';
import { NamePicker } from '../../components/NamePicker';
import { ASSIGN_FIELDS, type AssignValues, assignmentOf } from './assignment';
import { useBulkDevices } from './devices-api';

/** Bulk Assign: the selected devices to a user, a device group and/or a strategy, picked by name. */
export function AssignDialog({
  guids,
  open,
  onClose,
  onDone,
}: {
  guids: string[];
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AssignValues>();
  const bulk = useBulkDevices();
  const [nothing, setNothing] = useState(false);
  const { reset } = bulk;
  useEffect(() => {
    if (open) {
      reset();
      setNothing(false);
    }
  }, [open, reset]);

  return (
    <FormDialog<AssignValues>
      open={open}
      title={t('devices.assignTitle', { count: guids.length })}
      form={form}
      submitText={t('devices.assign')}
      pending={bulk.isPending}
      error={nothing ? new Error(t('devices.assignNothing')) : bulk.error}
      onClose={onClose}
      onSubmit={(values) => {
        const assign = assignmentOf(values);
        setNothing(Object.keys(assign).length === 0);
        if (Object.keys(assign).length === 0) return;
        bulk.mutate(
          { action: 'assign', guids, assign },
          {
            onSuccess: ({ count }) => {
              void message.success(t('devices.done', { count }));
              onDone();
            },
          },
        );
      }}
    >
      <Typography.Paragraph type="secondary">{t('devices.assignHelp')}</Typography.Paragraph>
      {ASSIGN_FIELDS.map(({ name, label, kind }) => (
        <Form.Item key={name} label={t(label)} style={{ marginBottom: 12 }}>
          <Flex gap={12} align="center">
            <div style={{ flex: 1, minWidth: 0 }}>
              <Form.Item name={name} noStyle>
                <NamePicker kind={kind} label={t(label)} />
              </Form.Item>
            </div>
            <Form.Item name={`remove_${name}`} valuePropName="checked" noStyle>
              <Checkbox>{t('devices.remove')}</Checkbox>
            </Form.Item>
          </Flex>
        </Form.Item>
      ))}
    </FormDialog>
  );
}
