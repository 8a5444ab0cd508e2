import { App, Checkbox, Form, Input } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/error-text';
import { FormDialog } from '../../components/FormDialog';
import { type Book, useCreateBook, useDeleteBook, useUpdateBook } from './address-books-api';
import { type BookFormValues, bookChangesOf, newBookBodyOf } from './book-forms';

const PERSONAL_BOOK_NAME = 'My address book';

/** Create a shared book (`book` null) or change one's name, note and default password. */
export function BookDialog({
  open,
  book,
  onClose,
}: {
  open: boolean;
  book: Book | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<BookFormValues>();
  const create = useCreateBook();
  const update = useUpdateBook();
  const mutation = book ? update : create;
  const { reset } = mutation;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);
  const removePassword = Form.useWatch('removePassword', form);

  const submit = (values: BookFormValues) => {
    const done = () => {
      void message.success(
        book ? t('common.saved') : t('addressBooks.created', { name: values.name.trim() }),
      );
      onClose();
    };
    if (book) update.mutate(bookChangesOf(book.guid, values), { onSuccess: done });
    else create.mutate(newBookBodyOf(values), { onSuccess: done });
  };

  return (
    <FormDialog<BookFormValues>
      open={open}
      title={book ? t('addressBooks.editTitle', { name: book.name }) : t('addressBooks.createTitle')}
      form={form}
      submitText={book ? t('common.save') : t('addressBooks.create')}
      pending={mutation.isPending}
      error={mutation.error}
      onClose={onClose}
      onSubmit={submit}
    >
      <Form.Item
        name="name"
        label={t('addressBooks.name')}
        initialValue={book?.name ?? ''}
        rules={[
          { required: true, whitespace: true, message: t('addressBooks.nameRequired') },
          { max: 256 },
          {
            validator: async (_, value: string) => {
              if (value?.trim() === PERSONAL_BOOK_NAME) throw new Error(t('addressBooks.nameReserved'));
            },
          },
        ]}
      >
        <Input maxLength={256} />
      </Form.Item>
      <Form.Item
        name="password"
        label={book?.hasPassword ? t('addressBooks.newDefaultPassword') : t('addressBooks.defaultPassword')}
        extra={t('addressBooks.defaultPasswordHelp')}
      >
        <Input.Password maxLength={256} autoComplete="new-password" disabled={removePassword} />
      </Form.Item>
      {book?.hasPassword && (
        <Form.Item name="removePassword" valuePropName="checked">
          <Checkbox>{t('addressBooks.removeDefaultPassword')}</Checkbox>
        </Form.Item>
      )}
      <Form.Item name="note" label={t('addressBooks.note')} initialValue={book?.note ?? ''}>
        <Input.TextArea maxLength={4096} autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
    </FormDialog>
  );
}

/** Delete a shared book, after a confirmation that says its peers and rules go with it. */
export function useConfirmDeleteBook(onDeleted?: () => void): (book: Book) => void {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const remove = useDeleteBook();
  return (book) =>
    modal.confirm({
      title: t('addressBooks.confirmDeleteBook', { name: book.name }),
      content: t('addressBooks.confirmDeleteBookText'),
      okText: t('addressBooks.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await remove.mutateAsync(book.guid);
          void message.success(t('addressBooks.bookDeleted', { name: book.name }));
          onDeleted?.();
        } catch (error) {
          void message.error(errorText(error, t));
        }
      },
    });
}
