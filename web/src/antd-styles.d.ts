/** The built CSS files of antd's styles by theme (web/vite.config.ts); empty in development. */
declare module 'virtual:antd-styles' {
  const files: Partial<Record<'light-motion' | 'light-still' | 'dark-motion' | 'dark-still', string>>;
  export default files;
}
