import type { ReactNode } from 'react';

/**
 * A row's action ("Details", "Edit"): looks like antd's small link button, is a plain button. antd's
 * Button (its wave effect, loading icon and compact-group context) costs measurable time per row, and a
 * list renders two or three per row.
 */
export function LinkButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <button type="button" className="link-button" onClick={onClick}>
      {children}
    </button>
  );
}
