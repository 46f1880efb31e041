import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import german from '@/public/_locales/de/messages.json';
import { useMessageFile } from '@/lib/i18n';
import { setDocumentLanguage } from '@/lib/ui/document-language';
import { Message } from '@/components/Message';

let restore: (() => void) | undefined;
afterEach(() => restore?.());

const booked = () => renderToStaticMarkup(createElement(Message, { id: 'booking_bookedFor', values: { title: createElement('strong', null, 'Plan'), when: 'Tue 24 Nov, 16:00–16:30' } }));

describe('a message with elements inside', () => {
  it('puts each element where the English sentence has its name', () => {
    expect(booked()).toBe('<strong>Plan</strong> is booked for Tue 24 Nov, 16:00–16:30.');
  });

  it('puts each element where the German sentence has its name', () => {
    restore = useMessageFile(german, 'de');
    expect(booked()).toBe('<strong>Plan</strong> ist gebucht für Tue 24 Nov, 16:00–16:30.');
  });

  it('shows a name it was given no value for as the name itself, so the gap is visible', () => {
    restore = useMessageFile({ booking_bookedFor: { message: '{title} at {place}' } }, 'en');
    expect(renderToStaticMarkup(createElement(Message, { id: 'booking_bookedFor', values: { title: 'Plan' } }))).toBe('Plan at {place}');
  });
});

describe('the page language', () => {
  it('is set on <html> to the language the messages are in', () => {
    restore = useMessageFile(german, 'de');
    const page = { documentElement: { lang: 'en' } } as Document;
    setDocumentLanguage(page);
    expect(page.documentElement.lang).toBe('de');
  });
});
