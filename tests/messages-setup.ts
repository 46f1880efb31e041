// Node has no browser.i18n: unit and integration tests read the English message file, which is
// what an English browser would show.
import english from '@/public/_locales/en/messages.json';
import { useMessageFile } from '@/lib/i18n';

useMessageFile(english, 'en');
