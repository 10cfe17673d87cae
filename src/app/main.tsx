import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { WorkbenchBoundary } from './components/Recovery';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WorkbenchBoundary>
      <App />
    </WorkbenchBoundary>
  </StrictMode>,
);
