import { Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ServerErrorAlert } from './ServerErrorAlert';

/**
 * A dialog around a form: the fields are validated before anything is sent, the server's refusal
 * appears inside the dialog, Esc or Cancel closes it, and Enter submits. The form has a name of its
 * own, so that its field ids never collide with a filter bar's fields of the same names.
 */
export function FormDialog<Values>({
  open,
  title,
  form,
  submitText,
  pending,
  error,
  onSubmit,
  onClose,
  children,
}: {
  open: boolean;
  title: ReactNode;
  form: FormInstance<Values>;
  submitText: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: Values) => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const body = useRef<HTMLDivElement>(null);
  const name = `dialog${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  return (
    <Modal
      open={open}
      title={title}
      okText={submitText}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      keyboard
      destroyOnHidden
      // Typing can start at once: the first field takes the focus when the dialog has opened.
      afterOpenChange={(opened) => {
        if (opened) body.current?.querySelector<HTMLElement>('input, textarea, select')?.focus();
      }}
    >
      <div ref={body}>
        <ServerErrorAlert error={error} />
        <Form<Values>
          name={name}
          form={form}
          layout="vertical"
          onFinish={onSubmit}
          requiredMark={false}
          preserve={false}
        >
          {children}
          {/* Enter in a field submits the form; the visible button is the dialog's own. */}
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      </div>
    </Modal>
  );
}
