import { createRoot } from 'react-dom/client';
import '@/components/theme.css';
import { prefetchAccountsAndPreferences } from '@/lib/ui/find/use-accounts-and-preferences';
import { PopupApp } from './PopupApp';
import { setDocumentLanguage } from '@/lib/ui/document-language';

setDocumentLanguage();
prefetchAccountsAndPreferences();

createRoot(document.getElementById('root')!).render(<PopupApp />);
