import { type ThemeConfig, theme } from 'antd';

/**
 * antd's theme for the console's preferences. The build (web/src/app/antd-static-style.ts) writes the styles
 * of these themes into a CSS file; the browser then takes them from there instead of computing them.
 */
export function consoleTheme({ dark, motion }: { dark: boolean; motion: boolean }): ThemeConfig {
  return {
    algorithm: dark ? theme.darkAlgorithm : theme.defaultAlgorithm,
    token: { motion },
  };
}
