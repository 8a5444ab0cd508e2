import '@ant-design/v5-patch-for-react-19';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { loadAntdStyleFile } from './app/antd-style-file';
import { silenceIconNames } from './app/silent-icons';
import { initI18n } from './i18n';
import { loadPreferences } from './preferences/storage';
import './styles.css';

const preferences = loadPreferences();
// Pop-ups, menus and dialogs are rendered into the body, outside #root.
silenceIconNames(document.body);

const root = document.getElementById('root');
if (root) {
  void Promise.all([initI18n(preferences.language), loadAntdStyleFile(preferences.theme)]).then(() =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
}
