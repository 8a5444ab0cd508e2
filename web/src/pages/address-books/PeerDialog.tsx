import { Alert, App, Checkbox, Form, Input, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../components/FormDialog';
import { type AbPeer, type Book, hasPassword, useAddPeer, useUpdatePeer } from './address-books-api';
import { type PeerFormValues, peerBodyOf } from './book-forms';
import { TagChip } from './marks';

/** Add a peer by its RustDesk ID (`peer` null), or change one's alias, tags, note and password. */
export function PeerDialog({
  open,
  book,
  peer,
  tagColors,
  onClose,
}: {
  open: boolean;
  book: Book;
  peer: AbPeer | null;
  tagColors: ReadonlyMap<string, number>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PeerFormValues>();
  const add = useAddPeer(book.guid);
  const update = useUpdatePeer(book.guid);
  const mutation = peer ? update : add;
  const { reset } = mutation;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);
  const removePassword = Form.useWatch('removePassword', form);
  const passwordSet = peer !== null && hasPassword(peer);

  return (
    <FormDialog<PeerFormValues>
      open={open}
      title={peer ? t('addressBooks.editPeerTitle', { id: peer.id }) : t('addressBooks.addPeerTitle')}
      form={form}
      submitText={peer ? t('common.save') : t('addressBooks.add')}
      pending={mutation.isPending}
      error={mutation.error}
      onClose={onClose}
      onSubmit={(values) =>
        mutation.mutate(peerBodyOf({ ...values, id: peer?.id ?? values.id }, book.personal), {
          onSuccess: () => {
            void message.success(
              peer ? t('common.saved') : t('addressBooks.peerAdded', { id: values.id.trim() }),
            );
            onClose();
          },
        })
      }
    >
      <Form.Item
        name="id"
        label={t('addressBooks.peerId')}
        initialValue={peer?.id ?? ''}
        rules={[
          { required: true, whitespace: true, message: t('addressBooks.peerIdRequired') },
          { max: 256 },
        ]}
      >
        <Input maxLength={256} disabled={peer !== null} autoComplete="off" />
      </Form.Item>
      <Form.Item name="alias" label={t('addressBooks.alias')} initialValue={peer?.alias ?? ''}>
        <Input maxLength={256} />
      </Form.Item>
      <Form.Item
        name="tags"
        label={t('addressBooks.tags')}
        initialValue={peer?.tags ?? []}
        extra={t('addressBooks.tagsHelp')}
      >
        <Select
          mode="tags"
          aria-label={t('addressBooks.tags')}
          tokenSeparators={[',']}
          maxTagTextLength={100}
          options={[...tagColors.keys()].map((name) => ({
            value: name,
            label: <TagChip name={name} colors={tagColors} />,
          }))}
          tagRender={({ value, closable, onClose: close }) => (
            <TagChip name={String(value)} colors={tagColors} onClose={closable ? close : undefined} />
          )}
        />
      </Form.Item>
      <Form.Item name="note" label={t('addressBooks.note')} initialValue={peer?.note ?? ''}>
        <Input.TextArea maxLength={4096} autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      {!book.personal && (
        <>
          <Form.Item
            name="password"
            label={passwordSet ? t('addressBooks.newPassword') : t('addressBooks.password')}
            extra={passwordSet ? t('addressBooks.newPasswordHelp') : undefined}
          >
            <Input.Password maxLength={256} autoComplete="new-password" disabled={removePassword} />
          </Form.Item>
          {passwordSet && (
            <Form.Item name="removePassword" valuePropName="checked">
              <Checkbox>{t('addressBooks.removePassword')}</Checkbox>
            </Form.Item>
          )}
          <Alert type="warning" showIcon message={t('addressBooks.sharedFieldsWarning')} />
        </>
      )}
    </FormDialog>
  );
}
