import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import copy from 'copy-to-clipboard';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';

/** CopyableCell's labels in the user's language: made once for a column, not once a row. */
export const copyLabels = (t: TFunction) => ({ copy: t('common.copy'), copied: t('common.copied') });

/**
 * A table cell's value with a copy button after it: what antd's `Typography.Text copyable` shows, made
 * of a span and a button. A list renders one per row, and antd's (a Typography with its observers, a
 * Tooltip, a transition) cost most of a row's rendering. Copies as antd does (copy-to-clipboard works on
 * plain http too, where the Clipboard API is not available); the button says "Copied" for a while.
 */
export function CopyableCell({
  text,
  labels,
}: {
  text: string;
  /** The button's name before and after copying (translated by the caller, once for all rows). */
  labels: ReturnType<typeof copyLabels>;
}) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 3000);
    return () => clearTimeout(timer);
  }, [copied]);
  const label = copied ? labels.copied : labels.copy;
  return (
    <span className="copyable-cell">
      <span>{text}</span>
      <button
        type="button"
        className="copyable-cell-button"
        aria-label={label}
        title={label}
        onClick={() => {
          copy(text);
          setCopied(true);
        }}
      >
        {copied ? <CheckOutlined /> : <CopyOutlined />}
      </button>
    </span>
  );
}
