import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from './error-text';

/** The server's refusal, shown where the user acted (in the form), not in a passing toast. */
export function ServerErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert type="error" showIcon message={errorText(error, t)} role="alert" style={{ marginBottom: 16 }} />
  );
}
