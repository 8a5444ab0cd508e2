import { Alert, App, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ServerErrorAlert } from '../../components/ServerErrorAlert';
import { DevicePicker } from '../devices/DevicePicker';
import type { Device } from '../devices/devices-api';
import { type Book, useImportPeers } from './address-books-api';
import type { ImportOutcome } from './book-forms';

/**
 * Import: pick devices of this server (GET /api/devices, with its filters; everyone else than an
 * administrator sees their own devices there) and add them to the book by ID.
 */
export function ImportDialog({ book, open, onClose }: { book: Book; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [selectedRows, setSelectedRows] = useState<Device[]>([]);
  // A device's RustDesk ID is what the book keeps.
  const selected = selectedRows.map((row) => row.id);
  const [stopped, setStopped] = useState<ImportOutcome | null>(null);
  const importPeers = useImportPeers(book.guid);
  const { reset } = importPeers;
  useEffect(() => {
    if (open) {
      reset();
      setSelectedRows([]);
      setStopped(null);
    }
  }, [open, reset]);

  const save = () =>
    importPeers.mutate(selected, {
      onSuccess: (outcome) => {
        if (outcome.error) {
          setStopped(outcome);
          return;
        }
        void message.success(t('addressBooks.imported', { count: outcome.added, present: outcome.present }));
        onClose();
      },
    });

  return (
    <Modal
      open={open}
      title={t('addressBooks.importTitle', {
        name: book.personal ? t('addressBooks.personalName') : book.name,
      })}
      onCancel={onClose}
      width={960}
      destroyOnHidden
      okText={t('addressBooks.importSelected', { count: selected.length })}
      okButtonProps={{ disabled: selected.length === 0 }}
      cancelText={t('common.cancel')}
      confirmLoading={importPeers.isPending}
      onOk={save}
    >
      <ServerErrorAlert error={stopped?.error ?? importPeers.error} />
      {stopped && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('addressBooks.importStopped', { count: stopped.added, present: stopped.present })}
        />
      )}
      <Typography.Paragraph type="secondary">{t('addressBooks.importHelp')}</Typography.Paragraph>
      <DevicePicker name="address-book-import" selected={selectedRows} onChange={setSelectedRows} />
    </Modal>
  );
}
