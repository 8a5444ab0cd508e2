/** An antd icon that still carries its English name as its label: `<span role="img" aria-label="plus" class="anticon anticon-plus">`. */
const NAMED_ICON = '.anticon[role="img"][aria-label]';

function silence(icon: Element): void {
  const name = icon.getAttribute('aria-label');
  if (name && icon.classList.contains(`anticon-${name}`)) icon.setAttribute('aria-hidden', 'true');
}

function silenceWithin(node: Node): void {
  if (!(node instanceof Element)) return;
  if (node.matches(NAMED_ICON)) silence(node);
  for (const icon of node.querySelectorAll(NAMED_ICON)) silence(icon);
}

/**
 * Hides Ant Design's icons from screen readers while they are labelled with their own English names.
 * antd labels every icon so ("plus", "copy", "calendar", "close-circle"), its components' built-in
 * icons too (pagination arrows, the copy and clear buttons, alerts, pickers), and a screen reader then
 * says "plus Create user" or "calendar" whatever the console's language. Those icons are decoration
 * beside a text or inside a control named by its own label; an icon given a label of its own (an
 * aria-label other than its name, such as the administrator's crown) means something and is left alone.
 * antd takes no option for this, so the icons are silenced as they appear.
 */
export function silenceIconNames(root: Element): () => void {
  silenceWithin(root);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') silence(record.target as Element);
      else for (const node of record.addedNodes) silenceWithin(node);
    }
  });
  observer.observe(root, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['aria-label'],
  });
  return () => observer.disconnect();
}
