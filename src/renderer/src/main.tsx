import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectToEngine } from './transport/client';
import { EngineProvider } from './engine-context';
import './styles.css';

const client = connectToEngine();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <EngineProvider client={client}>
        <App />
      </EngineProvider>
    </StrictMode>,
  );
}
