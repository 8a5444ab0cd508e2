import { Tooltip } from 'antd';
import { type ReactNode, useState } from 'react';

/**
 * antd's Tooltip, made when the pointer first comes over its element (or the keyboard's focus) rather
 * than with the element: a list renders hundreds of these, and a Tooltip each (its trigger, observers
 * and hooks) costs measurable time on every page of rows. Once made it opens and closes as a Tooltip.
 */
export function HoverTooltip({ title, children }: { title: ReactNode; children: ReactNode }) {
  const [made, setMade] = useState(false);
  if (made) {
    return (
      <Tooltip title={title} defaultOpen>
        <span className="hover-tooltip">{children}</span>
      </Tooltip>
    );
  }
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: only makes the tooltip; focus within it makes it too
    <span className="hover-tooltip" onMouseEnter={() => setMade(true)} onFocus={() => setMade(true)}>
      {children}
    </span>
  );
}
