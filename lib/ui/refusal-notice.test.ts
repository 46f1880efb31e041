import { describe, expect, it } from 'vitest';
import german from '@/public/_locales/de/messages.json';
import { useMessageFile } from '@/lib/i18n';
import { refusalNotice } from './refusal-notice';

const refusedTimeAndLink = { written: ['start date' as const], refused: [{ field: 'start time' as const, expected: '10:00am' }, { field: 'location' as const, expected: 'https://x' }] };

describe('the notice when a form refuses part of a write', () => {
  it('names every field that refused and says the time and link were copied', () => {
    expect(refusalNotice('Google Calendar', refusedTimeAndLink, true)).toBe('Google Calendar did not take the start time and location. Overlap copied the time and the link to the clipboard: paste them in yourself.');
  });

  it('asks the user to copy the text when the clipboard refused it, instead of claiming it was copied', () => {
    expect(refusalNotice('Outlook', { written: [], refused: [{ field: 'start time', expected: '10:00' }] }, false)).toBe('Outlook did not take the start time. Copy the time below and paste it in yourself.');
  });

  it('says nothing when every field took its value', () => {
    expect(refusalNotice('Google Calendar', { written: ['start date', 'start time'], refused: [] }, true)).toBeUndefined();
  });

  it('speaks German with German field names in a German browser', () => {
    const restore = useMessageFile(german, 'de');
    try {
      expect(refusalNotice('Google Kalender', refusedTimeAndLink, true)).toBe(
        'Google Kalender hat Folgendes nicht übernommen: Startzeit und Ort. Overlap hat die Zeit und den Link in die Zwischenablage kopiert: Fügen Sie beides selbst ein.',
      );
    } finally {
      restore();
    }
  });
});
