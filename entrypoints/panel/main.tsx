import { createRoot } from 'react-dom/client';
import '@/components/theme.css';
import { GmailPanel } from './GmailPanel';
import { PanelApp } from './PanelApp';
import { setDocumentLanguage } from '@/lib/ui/document-language';

setDocumentLanguage();

// Gmail's compose gets its own actions (insert times, send an invite) around the same find feature.
const params = new URLSearchParams(location.search);
createRoot(document.getElementById('root')!).render(params.get('site') === 'gmail' ? <GmailPanel formId={params.get('form') ?? ''} /> : <PanelApp />);
