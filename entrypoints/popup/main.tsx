import { createRoot } from 'react-dom/client';
import '@/components/theme.css';
import { PopupApp } from './PopupApp';
import { setDocumentLanguage } from '@/lib/ui/document-language';

setDocumentLanguage();
createRoot(document.getElementById('root')!).render(<PopupApp />);
