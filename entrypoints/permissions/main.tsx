import { createRoot } from 'react-dom/client';
import '@/components/theme.css';
import { PermissionsApp } from './PermissionsApp';

createRoot(document.getElementById('root')!).render(<PermissionsApp />);
