import { createRoot } from 'react-dom/client';
import '@/components/theme.css';
import { PanelApp } from './PanelApp';

createRoot(document.getElementById('root')!).render(<PanelApp />);
