import { createRoot } from 'react-dom/client';
import '@/components/theme.css';
import { PermissionsApp } from './PermissionsApp';
import { setDocumentLanguage } from '@/lib/ui/document-language';

setDocumentLanguage();
createRoot(document.getElementById('root')!).render(<PermissionsApp />);
