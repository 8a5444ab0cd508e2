import files from 'virtual:antd-styles';

/** The media query of the system's "reduce motion" setting, which turns antd's animations off. */
export const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/**
 * Links the file of antd's styles for the theme the console starts in when it is not the one
 * index.html links (light, with motion), and resolves once it is loaded, or failed: antd reads which
 * styles the file holds when it first renders, and computes the others itself.
 */
export function loadAntdStyleFile(theme: 'light' | 'dark'): Promise<void> {
  const motion = window.matchMedia(REDUCED_MOTION).matches ? 'still' : 'motion';
  const key = `${theme}-${motion}` as const;
  const href = files[key];
  if (!href || document.querySelector(`link[data-antd-style="${key}"]`)) return Promise.resolve();
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.dataset.antdStyle = key;
  const loaded = new Promise<void>((resolve) => {
    link.onload = () => resolve();
    link.onerror = () => resolve();
  });
  // After the default file (its map of styles is then the one read), before the console's own styles.
  const first = document.querySelector('link[data-antd-style]');
  document.head.insertBefore(link, first ? first.nextSibling : document.head.firstChild);
  return loaded;
}
