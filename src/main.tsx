import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import './app/app.css';
import { isLocale } from './i18n';
import { useTwinStore } from './stores';

// `?lang=en` opens the viewer in English (French otherwise).
const asked = new URLSearchParams(window.location.search).get('lang');
if (isLocale(asked)) useTwinStore.getState().setLocale(asked);

const container = document.getElementById('root');
if (!container) throw new Error('hdf-twin: index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
