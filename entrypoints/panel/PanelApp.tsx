import { useEffect, useState } from 'react';
import { linkToForm } from './form-link';

export function PanelApp() {
  const [text, setText] = useState('…');
  useEffect(() => {
    const formId = new URLSearchParams(location.search).get('form') ?? '';
    linkToForm(formId).then((link) => link.context()).then((context) => setText(JSON.stringify(context)), (error: unknown) => setText(String(error)));
  }, []);
  return <main data-testid="probe">{text}</main>;
}
