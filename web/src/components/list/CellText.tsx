/**
 * A table cell's text on one line, cut with an ellipsis at `width` pixels, the whole text on hover
 * (the native title). A plain span: lists render hundreds of these, and a Typography or Tooltip per
 * cell costs measurable rendering time. `dir="auto"` lays out right-to-left text as such.
 */
export function CellText({
  text,
  width = 200,
  title,
}: {
  text: string | null | undefined;
  width?: number;
  /** What the hover shows when it says more than the text (a device's user@host). */
  title?: string;
}) {
  if (!text) return <span>-</span>;
  return (
    <span className="cell-text" style={{ maxWidth: width }} title={title ?? text} dir="auto">
      {text}
    </span>
  );
}
