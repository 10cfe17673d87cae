import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { WorkbenchBoundary } from './components/Recovery';
import { prefetchWhenIdle } from './later';
import { initialTheme, showTheme } from './theme';
import './styles.css';

// The theme before the first render: set after mount, it restyled the whole page a second time.
showTheme(initialTheme());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WorkbenchBoundary>
      <App />
    </WorkbenchBoundary>
  </StrictMode>,
);

// What the first screen does not show is fetched once the browser is idle, so opening it shows no delay.
prefetchWhenIdle();
