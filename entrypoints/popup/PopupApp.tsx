import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { StatusLine, type BackgroundState } from '@/components/StatusLine';
import { sendMessage } from '@/lib/messaging/client';

export function PopupApp() {
  const state = useBackgroundStatus();
  return (
    <main style={{ width: 360, padding: '12px 16px' }}>
      <h1 style={{ fontSize: 18, margin: '0 0 4px' }}>Overlap</h1>
      <StatusLine state={state} />
      <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/permissions.html') })}>
        Permissions and activity
      </button>
    </main>
  );
}

export function useBackgroundStatus(): BackgroundState {
  const [state, setState] = useState<BackgroundState>({ kind: 'connecting' });
  useEffect(() => {
    sendMessage('app.status', {}).then(
      (status) => setState({ kind: 'ready', ...status }),
      (error: unknown) => setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  }, []);
  return state;
}
